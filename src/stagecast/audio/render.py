"""``render_audio``: a play and its voices → a track group (the ``audio`` command and
:func:`stagecast.render_audio`, which also reads voices.yaml, are thin layers over it).

Stages: plan (pure, :mod:`.plan`) → clips (cache, else worker processes: :mod:`.clips`) →
timing (:mod:`.timing`) → the track group (audio + WebVTT + SRT + timeline), written
atomically (:mod:`.output`, :mod:`.group`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScriptError, UsageError
from ..files.format_choice import chosen_format, folder_problem, refuse_other_kind
from ..files.locking import hold, lock_file
from ..files.output_place import BUILD_FOLDER
from ..files.user_cache import cache_root
from ..lookup import find_performer, find_scene
from ..model import Play
from ..rules import slug
from ..takes.takes_yaml import Takes
from ..voice_settings import VoiceConfig
from .cache import ClipCache
from .clips import ClipMaker, SynthesisFailed, first_places, play_resolver
from .engine_set import EngineSet
from .engines.base import Engine
from .output import TrackWriter
from .pcm import frames_to_ms
from .plan import ALIASES, MODES, Mode, PlanOptions, Section, plan_track
from .session import AudioSession
from .take_clips import take_refs
from .timing import ClipRef, layout_section

__all__ = ["AudioOptions", "AudioResult", "AudioSession", "Progress", "SynthesisFailed", "UsageError", "render_audio"]

FORMATS = ("wav", "mp3", "ogg")
DEFAULT_FOLDER = BUILD_FOLDER / "audio"
DEFAULT_GAP_FACTOR = 1.2


@dataclass(frozen=True)
class AudioOptions:
    performer: str | None = None
    """A performer's id or name."""
    mode: Mode | None = None
    """``None``: ``rehearsal`` with a performer, else ``full``."""
    scene: str | None = None
    gap_factor: float = DEFAULT_GAP_FACTOR
    tone: bool = True
    narrate: bool = False
    cue_words: int | None = None
    """``cues`` mode: each cue cut to its last N words (``--cue-words``); None: whole speeches."""
    format: str | None = None
    """``wav``, ``mp3`` or ``ogg``; ``None``: from ``output``'s suffix, else ``wav``."""
    split_scenes: bool = False
    output: Path | None = None
    output_is_folder: bool = False
    """``output`` names a folder even though none is there yet (the user wrote ``-o tracks/``)."""
    jobs: int | None = None
    engine: str | Engine | None = None
    voices: Path | None = None
    """The voices.yaml :func:`stagecast.render_audio` reads when it is given no voices."""
    cache_dir: Path | None = None
    clip_timeout: float = 60.0
    stale_takes: str = "skip"
    """A take recorded for words since changed: ``skip`` (the line is synthesised) or ``use``."""
    takes: Takes | None = None
    """The play's takes (docs/takes.md); ``None``: read from the play folder's ``takes/``."""
    master: bool = False
    """The audio play for listeners (:mod:`.master`): stereo, panned, beds under speeches, room
    tone, normalised to ``loudness``; no captions."""
    loudness: float | None = None
    """The master's integrated loudness (LUFS, ITU-R BS.1770); ``None``: −16."""
    wait: bool = True
    """When another run is writing the same track (or ``--split scenes`` folder): wait for it,
    saying so through :meth:`Progress.notice`, or refuse (``--no-wait``)."""


@dataclass
class AudioResult:
    tracks: list[Path]
    files: list[Path]
    synthesised: int = 0
    cached: int = 0
    duration_ms: int = 0
    reused_sections: int = 0
    encoded_sections: int = 0
    notes: list[str] = field(default_factory=list)
    """Stress marks that could not be honoured (``--verbose``)."""
    unchanged: list[Path] = field(default_factory=list)
    """Tracks left as they were (audio, captions and timeline already up to date)."""
    leftovers: list[Path] = field(default_factory=list)
    """With ``--split scenes``: scene files in the folder from an earlier render that this play
    would not write (scenes since added, removed or renamed); never deleted."""
    warnings: list[str] = field(default_factory=list)
    """Damaged input files (a sound shorter than its header says): printed without --verbose too."""
    durations: dict[Path, int] = field(default_factory=dict)
    """Each track's length (ms)."""
    master_gain: float | None = None
    """With ``master``: the gain (dB) that brought the mix to its loudness."""


class Progress:
    """Hooks for a progress display (the CLI draws a bar on stderr), and for a line to tell
    the user meanwhile (``notice``: waiting for another run writing the same track)."""

    def __init__(self, notice: Callable[[str], None] | None = None):
        self._notice = notice

    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...

    def notice(self, text: str) -> None:
        if self._notice is not None:
            self._notice(text)


def render_audio(play: Play, options: AudioOptions, voices: VoiceConfig,
                 progress: Progress | None = None, session: AudioSession | None = None) -> AudioResult:
    """Render a track group for ``play`` with ``voices`` (its voices.yaml, read by the caller:
    :func:`stagecast.api.load_voices`); see :class:`AudioOptions` and docs/audio.md.

    ``session``: a process that renders again and again (``audio --watch``) passes the same
    :class:`AudioSession` each time, and closes it at the end."""
    job = _Render(play, options, voices, progress or Progress(), session)
    return job.run()


class _Render:
    def __init__(self, play: Play, options: AudioOptions, voices: VoiceConfig, progress: Progress,
                 session: AudioSession | None):
        self.play, self.options, self.progress, self.session = play, options, progress, session
        self.config = voices
        self.performer = find_performer(play, options.performer) if options.performer else None
        self.mode: Mode = ALIASES.get(options.mode or "", options.mode) or (  # type: ignore[assignment]
            "rehearsal" if self.performer else "full")
        if self.mode not in MODES:
            raise UsageError(f"unknown mode '{self.mode}'; modes: {', '.join((*MODES, *ALIASES))}")
        if options.cue_words is not None and (self.mode != "cues" or options.cue_words < 1):
            raise UsageError("--cue-words N (1 or more) shortens the cues of a cue track: use it with --mode cues")
        if self.mode != "full" and self.performer is None:
            raise UsageError(f"--mode {self.mode} needs --performer")
        if options.stale_takes not in ("skip", "use"):
            raise UsageError(f"unknown --stale-takes '{options.stale_takes}'; choices: skip, use")
        if options.gap_factor <= 0:
            raise UsageError("--gap-factor must be more than 0")
        self.scene = find_scene(play, options.scene).id if options.scene else None
        if options.master:
            _check_master(options, self.performer is not None)
        elif options.loudness is not None:
            raise UsageError("--loudness sets the master's loudness: add --master")
        self.format = _format(options)
        _check_output(options, self.format)
        self.cache = ClipCache(cache_root(options.cache_dir))

    def run(self) -> AudioResult:
        """Render while holding the lock on what is written: two runs writing one track at once
        would each reuse parts of a file the other is replacing."""
        split = self.options.split_scenes
        target = self._folder() if split else self._single_path()
        with hold(lock_file(target, folder=split), "render", target, wait=self.options.wait,
                  notice=self.progress.notice):
            return self._run()

    def _run(self) -> AudioResult:
        plan = PlanOptions(self.mode, self.performer.id if self.performer else None, self.scene,
                           self.options.tone, self.options.narrate, self.options.cue_words)
        sections = plan_track(self.play, plan)
        self.cache.sweep_if_due()
        if not any(s.items for s in sections):
            raise UsageError("nothing to render: the selection has no speeches")
        engines = EngineSet(self.options.engine, self.cache.root, self.config.engine, self.config.engine_loc,
                            self.config.engine_settings())
        maker = ClipMaker(self.play, self.config, engines, self.cache, self.progress, self.options.jobs,
                          self.options.clip_timeout, self.session, self._takes(sections))
        clips = maker.clips(sections)
        if self.options.master:
            return self._master(sections, clips, maker)
        layouts = [layout_section(s, clips, self.options.gap_factor) for s in sections]
        writer = TrackWriter(self.play, self.cache, self.format, split_scenes=self.options.split_scenes,
                             single_path=self._single_path(), folder=self._folder(), jobs=self.options.jobs)
        writer.write(layouts)
        return AudioResult(writer.tracks, writer.files, maker.synthesised, maker.cached, writer.duration_ms,
                           writer.reused_sections, writer.encoded_sections, maker.notes, writer.unchanged,
                           writer.leftovers(), maker.warnings, writer.durations)

    def _master(self, sections, clips, maker: ClipMaker) -> AudioResult:
        from .group import Group
        from .master import chapters_of, master_sections, section_mix, write_master

        parts = master_sections(self.play, self.config, sections, clips, self.options.gap_factor)
        path = self._single_path()
        group = Group(path.parent)
        try:
            gain = write_master(group.path(path), self.format, section_mix(parts, self.cache), self.play,
                                chapters_of(parts), _loudness(self.options))
            group.commit()
        except BaseException:
            group.discard()
            raise
        duration = frames_to_ms(sum(part.layout.frames for part in parts))
        return AudioResult([path], [path], maker.synthesised, maker.cached, duration, notes=maker.notes,
                           warnings=maker.warnings, durations={path: duration}, master_gain=gain)

    def _takes(self, sections: tuple[Section, ...]) -> dict[str, ClipRef]:
        lines = [i.take_key for s in sections for i in s.items if i.kind in ("speech", "gap")]
        return take_refs(self.play, self.cache, lines, self.performer.id if self.performer else None,
                         self.options.stale_takes, self.options.takes)

    def _stem(self, with_scene: bool = True) -> str:
        parts = [slug(self.play.meta.title)]
        if self.performer and self.mode != "full":
            parts.append(slug(self.performer.name))
        if self.mode in ("learn", "check", "cues"):
            parts.append(self.mode)  # each its own sound, so its own file: never written over another
        if self.options.cue_words:
            parts.append(f"{self.options.cue_words}-words")
        if self.options.master:
            parts.append("master")
        if self.options.narrate:
            parts.append("narrated")  # other sound than the plain track: never written over it
        if self.scene and with_scene:
            parts.append(slug(self.scene))
        return "-".join(parts)

    def _folder(self) -> Path:
        """With ``--split scenes``: -o, else a folder named for the track without its scene, so
        that ``--scene`` replaces that scene's file among the others."""
        return self.options.output or DEFAULT_FOLDER / self._stem(with_scene=False)

    def _single_path(self) -> Path:
        out = self.options.output
        if out is None:
            return DEFAULT_FOLDER / f"{self._stem()}.{self.format}"
        if out.is_dir() or self.options.output_is_folder:
            return out / f"{self._stem()}.{self.format}"
        return out if out.suffix.lower() == f".{self.format}" else out.with_name(f"{out.name}.{self.format}")


def check_voices(play: Play, voices: VoiceConfig, engine: str | Engine | None = None,
                 cache_dir: Path | None = None) -> None:
    """Raise :class:`ScriptError` listing every voice a read-through of ``play`` needs that the
    engine does not have (each once, located in voices.yaml): what every track of the play
    would fail on, found before any is made (``build`` asks first)."""
    resolver = play_resolver(play, voices, EngineSet(engine, cache_root(cache_dir), voices.engine, voices.engine_loc,
                                                         voices.engine_settings()))
    problems = resolver.problems(first_places(plan_track(play, PlanOptions())))
    if problems:
        raise ScriptError(problems)


def voice_table(play: Play, voices: VoiceConfig, engine: str | Engine | None = None,
                cache_dir: Path | None = None) -> list[str]:
    """``role: engine:voice (lang)`` for each role and language a read-through speaks (the
    narrator last): which voice each gets, the automatic ones included (``check --verbose``)."""
    resolver = play_resolver(play, voices, EngineSet(engine, cache_root(cache_dir), voices.engine, voices.engine_loc,
                                                         voices.engine_settings()))
    wanted = first_places(plan_track(play, PlanOptions(narrate=True)))
    problems = resolver.problems(wanted)
    if problems:
        raise ScriptError(problems)
    order = {r.id: n for n, r in enumerate(play.roles)}
    lines = []
    for role, lang, _ in sorted(wanted, key=lambda w: (w[0] is None, order.get(w[0] or "", 0), w[1])):
        lines.append(f"{role or 'narrator'}: {resolver.voice(role, lang).label()} ({lang})")
    return lines


LOUDNESS_RANGE = (-36.0, -9.0)
"""LUFS a master may be asked for: from quieter than broadcast (−23) to louder than streaming (−14)."""


def _check_master(options: AudioOptions, has_performer: bool) -> None:
    if has_performer or options.mode not in (None, "full"):
        raise UsageError("--master is the whole play for listeners: it takes no --performer or --mode")
    if options.split_scenes:
        raise UsageError("--master writes one file; leave out --split scenes")
    low, high = LOUDNESS_RANGE
    if not low <= _loudness(options) <= high:
        raise UsageError(f"--loudness must be between {low:g} and {high:g} LUFS, not {options.loudness:g}")


def _loudness(options: AudioOptions) -> float:
    from .master import DEFAULT_LOUDNESS

    return DEFAULT_LOUDNESS if options.loudness is None else options.loudness


def _check_output(options: AudioOptions, fmt: str) -> None:
    out = options.output
    if out is None or out.is_dir():
        return
    problem = folder_problem(out, "--split scenes writes one file per scene") if options.split_scenes else None
    if problem:  # said before any clip is made, not after
        raise UsageError(problem)
    if options.output_is_folder:
        return
    # flac, a PDF, captions …: refused rather than given a .wav after their name (files/format_choice.py).
    refuse_other_kind(out, FORMATS, f"stagecast writes {', '.join(FORMATS)} audio", fmt)


def _format(options: AudioOptions) -> str:
    fmt = (chosen_format(options.format, options.output, FORMATS, "wav") or "wav").lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown audio format '{fmt}'; formats: {', '.join(FORMATS)}")
    return fmt
