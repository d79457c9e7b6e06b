"""``render_audio``: the library entry for tracks (the ``audio`` command is a thin layer over it).

Stages: plan (pure) → voices → clips (cache, else worker processes) → layout → the track
group (audio + WebVTT + SRT + timeline), written atomically (:mod:`.group`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..api import find_performer, find_scene, load_voices
from ..errors import BackendError, StagecastError
from ..model import Loc, Play
from ..rules import DEFAULT_WPM, slug, slugs
from ..text import words
from ..user_cache import cache_root
from ..voices_config import VoiceConfig
from .assemble import PipeSink, Placement, PreviousTrack, manifest_path, save_manifest, write_segments, write_wav
from .cache import ClipCache, clip_key
from .encode import CODECS, Chapter, Encoder
from .engine_facts import engine_facts
from .engines import get_engine
from .engines.base import Engine, EngineVoice
from .group import Group, holds
from .layout import ClipRef, SectionLayout, layout_section
from .pcm import frames_to_ms
from .plan import MODES, Mode, PlanItem, PlanOptions, Section, plan_track
from .sidecars import TimedItem, role_names, srt, timeline_json, webvtt
from .sounds import sound_clip
from .voices import VoiceResolver

if TYPE_CHECKING:  # the worker module (multiprocessing) is imported only when a clip is missing
    from .workers import ClipJob, Failure

FORMATS = ("wav", "mp3", "ogg")
DEFAULT_FOLDER = Path("build") / "audio"
DEFAULT_GAP_FACTOR = 1.2


class UsageError(StagecastError):
    """An option that cannot work with this play (exit 2)."""

    exit_code = 2


class SynthesisFailed(BackendError):
    """Some lines could not be synthesised; every other clip was made and cached."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        lines = "\n".join(str(f) for f in failures)
        count = len(failures)
        super().__init__(f"{lines}\n{count} line{'s' * (count != 1)} could not be synthesised; "
                         "no track was written (the previous one is untouched)",
                         hint="fix or shorten those lines, or try another --engine")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.failures,))


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
    format: str | None = None
    """``wav``, ``mp3`` or ``ogg``; ``None``: from ``output``'s suffix, else ``wav``."""
    split_scenes: bool = False
    output: Path | None = None
    jobs: int | None = None
    engine: str | Engine | None = None
    voices: Path | None = None
    cache_dir: Path | None = None
    clip_timeout: float = 60.0


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


@dataclass
class _Staged:
    track: Path
    audio: Path | None
    """Where the new audio is staged; ``None`` when the file on disk is already identical."""
    layouts: list[SectionLayout]
    chapters: list[Chapter]
    placements: list[Placement]
    file_key: str


@dataclass(frozen=True)
class _Timing:
    """Where each section's audio starts in the file and the span it occupies (frames), and the total."""

    sections: list[tuple[int, tuple[int, int]]]
    total: int


def _pcm_timing(layouts: list[SectionLayout]) -> _Timing:
    out, offset = [], 0
    for layout in layouts:
        out.append((offset, (offset, offset + layout.frames)))
        offset += layout.frames
    return _Timing(out, offset)


def _mp3_timing(layouts: list[SectionLayout], segments: dict) -> _Timing:
    """Joined MP3 segments: each decodes to ``frames × 576`` samples, aligned with its section
    (see .mp3), which is normally exactly the section's length, so this equals the WAV's timing."""
    out, offset = [], 0
    for layout in layouts:
        length = segments[layout.key].samples
        out.append((offset, (offset, offset + length)))
        offset += length
    return _Timing(out, offset)


class Progress:
    """Hooks for a progress display (the CLI draws a bar on stderr)."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


def render_audio(play: Play, options: AudioOptions = AudioOptions(), voices: VoiceConfig | None = None,
                 progress: Progress | None = None) -> AudioResult:
    """Render a track group for ``play``; see :class:`AudioOptions` and docs/audio.md."""
    job = _Render(play, options, voices, progress or Progress())
    return job.run()


class _Render:
    def __init__(self, play: Play, options: AudioOptions, voices: VoiceConfig | None, progress: Progress):
        self.play, self.options, self.progress = play, options, progress
        self.config = voices if voices is not None else load_voices(Path(play.root), play, options.voices)
        self.performer = find_performer(play, options.performer) if options.performer else None
        self.mode: Mode = options.mode or ("rehearsal" if self.performer else "full")
        if self.mode not in MODES:
            raise UsageError(f"unknown mode '{self.mode}'; modes: {', '.join(MODES)}")
        if self.mode != "full" and self.performer is None:
            raise UsageError(f"--mode {self.mode} needs --performer")
        if options.gap_factor <= 0:
            raise UsageError("--gap-factor must be more than 0")
        self.scene = find_scene(play, options.scene).id if options.scene else None
        self.format = _format(options)
        self.cache = ClipCache(cache_root(options.cache_dir))
        self.result = AudioResult([], [])
        self._relative: dict[str, str] = {}

    def run(self) -> AudioResult:
        plan = PlanOptions(self.mode, self.performer.id if self.performer else None, self.scene,
                           self.options.tone, self.options.narrate)
        sections = plan_track(self.play, plan)
        self.cache.sweep_if_due()
        if not any(s.items for s in sections):
            raise UsageError("nothing to render: the selection has no speeches")
        clips = self._clips(sections)
        layouts = [layout_section(s, clips, self.options.gap_factor) for s in sections]
        self._write(layouts)
        return self.result

    # -- clips -------------------------------------------------------------
    def _clips(self, sections: tuple[Section, ...]) -> dict[str, ClipRef]:
        engine = get_engine(self.options.engine or self.config.engine)
        facts = engine_facts(engine, self.cache.root)
        resolver = VoiceResolver(self.config, engine, facts.voices)
        version = facts.version
        refs: dict[str, ClipRef] = {}
        wanted: dict[str, tuple[PlanItem, EngineVoice]] = {}
        for section in sections:
            for item in section.items:
                if item.sound:
                    key, frames = sound_clip(self.cache, Path(self.play.root), item.sound, item.loc)
                    refs[item.id] = ClipRef(key, frames, None)
                if item.say is None:
                    continue
                voice = resolver.voice(item.say.role, item.say.utterance.lang, item.loc)
                key = clip_key(engine.name, version, voice, item.say.utterance)
                refs[item.id] = ClipRef(key, 0, f"{engine.name}:{voice.label()}")
                wanted.setdefault(key, (item, voice))
        frames = self._synthesise(engine, wanted)
        return {i: ClipRef(r.key, frames.get(r.key, r.frames), r.voice) for i, r in refs.items()}

    def _synthesise(self, engine: Engine, wanted: dict[str, tuple[PlanItem, EngineVoice]]) -> dict[str, int]:
        frames: dict[str, int] = {}
        missing = []
        for key in wanted:
            found = self.cache.frames(key)
            if found is None:
                missing.append(key)
            else:
                frames[key] = found
        self.result.cached = len(frames)
        if missing:
            frames.update(self._run_workers(engine, [self._job(key, *wanted[key]) for key in missing], list(wanted)))
        self.result.synthesised = len(missing)
        return frames

    def _job(self, key: str, item: PlanItem, voice: EngineVoice) -> ClipJob:
        from .workers import ClipJob

        assert item.say is not None
        return ClipJob(key, item.say.utterance, voice, str(item.loc or "?"), _what(self.play, item),
                       _expected_s(item.say.utterance.plain, voice.rate))

    def _run_workers(self, engine: Engine, missing: list[ClipJob], order: list[str]) -> dict[str, int]:
        """Synthesise (and cache) every missing clip in worker processes; their frames by key."""
        from .workers import WorkerPool

        # Longest first, so no long clip is left for the end; within a length band, one voice
        # after another, so a worker rarely has to switch voices.
        missing.sort(key=lambda job: (-round(job.expected_s / 2), job.voice.label(), -job.expected_s))
        self.progress.start(len(missing))
        pool = WorkerPool(engine, self.cache, self.options.jobs or _cores(), self.options.clip_timeout)
        done, failed = pool.run(missing, self.progress.advance)
        if failed:
            position = {key: n for n, key in enumerate(order)}  # report in running order
            raise SynthesisFailed(sorted(failed, key=lambda f: position[f.job.key]))
        notes = {job.key: job.where for job in missing}
        for clip in done:
            self.result.notes += [f"{notes[clip.key]}: {note}" for note in clip.notes]
        return {clip.key: clip.frames for clip in done}

    # -- output ------------------------------------------------------------
    def _write(self, layouts: list[SectionLayout]) -> None:
        if self.options.split_scenes:
            folder = self.options.output or DEFAULT_FOLDER / self._stem()
            scenes = [layout for layout in layouts if layout.section.items[0].scene is not None]
            names = slugs([layout.section.id for layout in scenes])
            files = [(folder / f"{n:02d}-{name}.{self.format}", [layout])
                     for n, (layout, name) in enumerate(zip(scenes, names, strict=True), 1)]
        else:
            files = [(self._single_path(), layouts)]
        segments = self._mp3_segments([lay for _, parts in files for lay in parts]) if self.format == "mp3" else {}
        group = Group(files[0][0].parent)
        try:
            staged = [self._stage(group, path, parts, segments) for path, parts in files]
            self._encode([s for s in staged if s.audio is not None and self.format == "ogg"])
            group.commit()
        except OSError as exc:
            group.discard()
            if exc.filename is None:  # a failed write() names no file: say which output it was
                where = files[0][0] if len(files) == 1 else files[0][0].parent
                raise type(exc)(exc.errno, exc.strerror or str(exc), str(where)) from exc
            raise
        except BaseException:
            group.discard()
            raise
        for entry in staged:
            if entry.audio is not None:
                save_manifest(self.cache, entry.track, entry.placements, entry.file_key)

    def _stage(self, group: Group, track: Path, layouts: list[SectionLayout], segments: dict) -> _Staged:
        """Stage one file's sidecars, and its audio when it changed (WAV and MP3 here, OGG later)."""
        timing = _mp3_timing(layouts, segments) if segments else _pcm_timing(layouts)
        items, chapters, total = self._timeline(layouts, timing)
        entry = _Staged(track, None, layouts, chapters, [], _file_key(self.format, layouts))
        if not _unchanged(self.cache, track, entry.file_key):
            entry.audio = group.path(track)
            if self.format == "wav":
                entry.placements, reused = write_wav(entry.audio, layouts, self.cache,
                                                     PreviousTrack.load(self.cache, track))
                self.result.reused_sections += reused
            elif self.format == "mp3":
                from .mp3 import id3_tag, write_track

                tag = id3_tag(self.play.meta.title, [(c.title, c.start_ms, c.end_ms) for c in chapters])
                write_track(entry.audio, tag, [segments[lay.key] for lay in layouts])
        self._sidecars(group, track, items, frames_to_ms(total), audio_changed=entry.audio is not None)
        self.result.tracks.append(track)
        self.result.files.append(track)
        self.result.duration_ms += frames_to_ms(total)
        return entry

    def _sidecars(self, group: Group, track: Path, items: list[TimedItem], total_ms: int, audio_changed: bool) -> None:
        timeline = timeline_json(self.play, items, total_ms)
        paths = {suffix: track.with_suffix(suffix) for suffix in (".vtt", ".srt", ".timeline.json")}
        self.result.files += paths.values()
        # Captions are made from the timeline alone: same audio and timeline, same captions.
        if (not audio_changed and holds(paths[".timeline.json"], timeline.encode("utf-8"))
                and paths[".vtt"].is_file() and paths[".srt"].is_file()):
            return
        group.write_text(paths[".vtt"], webvtt(self.play, items))
        group.write_text(paths[".srt"], srt(self.play, items))
        group.write_text(paths[".timeline.json"], timeline)

    def _mp3_segments(self, layouts: list[SectionLayout]) -> dict:
        """Every section's MP3 segment: from the cache, else encoded now, one ffmpeg per core."""
        from concurrent.futures import ThreadPoolExecutor

        from .mp3 import SegmentStore

        store = SegmentStore(self.cache)
        found = {lay.key: store.cached(lay) for lay in layouts}
        todo = list({lay.key: lay for lay in layouts if found[lay.key] is None}.values())
        todo.sort(key=lambda lay: -lay.frames)  # longest first
        workers = max(1, min(len(todo), self.options.jobs or _cores()))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for layout, segment in zip(todo, pool.map(store.encode, todo), strict=True):
                found[layout.key] = segment
        self.result.encoded_sections = len(todo)
        return found

    def _encode(self, staged: list[_Staged]) -> None:
        """OGG: PCM streamed into one ffmpeg per file; with --split scenes, files are encoded in parallel."""
        if not staged:
            return

        def encode(entry: _Staged) -> None:
            assert entry.audio is not None
            with Encoder(entry.audio, self.format, self.play.meta.title, entry.chapters) as encoder:
                sink = PipeSink(encoder.fileno())
                for layout in entry.layouts:
                    write_segments(sink, layout.segments, self.cache)

        from concurrent.futures import ThreadPoolExecutor

        workers = max(1, min(len(staged), self.options.jobs or _cores()))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(encode, staged))

    def _timeline(self, layouts: list[SectionLayout], timing: _Timing) -> tuple[list[TimedItem], list[Chapter], int]:
        items: list[TimedItem] = []
        chapters: list[Chapter] = []
        for layout, (audio_at, span) in zip(layouts, timing.sections, strict=True):
            for placed in layout.placed:
                items.append(TimedItem(placed.item, frames_to_ms(audio_at + placed.start),
                                       frames_to_ms(audio_at + placed.end), placed.voice, self._loc(placed.item.loc)))
            chapters.append(Chapter(layout.section.title, frames_to_ms(span[0]), frames_to_ms(span[1])))
        return items, chapters, timing.total

    def _loc(self, loc: Loc | None) -> str | None:
        """``file:line:col`` relative to the play folder (the timeline's ``source``)."""
        if loc is None:
            return None
        if loc.path not in self._relative:
            rel = os.path.relpath(os.path.abspath(loc.path), os.path.abspath(self.play.root))
            self._relative[loc.path] = Path(rel).as_posix()
        return f"{self._relative[loc.path]}:{loc.line}:{loc.column}"

    def _stem(self) -> str:
        parts = [slug(self.play.meta.title)]
        if self.performer and self.mode != "full":
            parts.append(slug(self.performer.name))
        if self.mode == "cues":
            parts.append("cues")
        if self.scene:
            parts.append(slug(self.scene))
        return "-".join(parts)

    def _single_path(self) -> Path:
        out = self.options.output
        if out is None:
            return DEFAULT_FOLDER / f"{self._stem()}.{self.format}"
        if out.is_dir() or str(out).endswith(("/", os.sep)):
            return out / f"{self._stem()}.{self.format}"
        return out if out.suffix.lower() == f".{self.format}" else out.with_name(f"{out.name}.{self.format}")


def _format(options: AudioOptions) -> str:
    fmt = options.format
    suffix = options.output.suffix.lower().lstrip(".") if options.output is not None else ""
    if fmt and suffix in FORMATS and suffix != fmt.lower():
        raise UsageError(f"-o {options.output} is a .{suffix} file but --format is {fmt}; make them agree")
    if fmt is None and options.output is not None and options.output.suffix.lower().lstrip(".") in FORMATS:
        fmt = options.output.suffix.lower().lstrip(".")
    fmt = (fmt or "wav").lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown audio format '{fmt}'; formats: {', '.join(FORMATS)}")
    return fmt


def _cores() -> int:
    from .workers import default_jobs

    return default_jobs()


def _what(play: Play, item) -> str:
    if item.kind in ("speech", "gap"):
        return f"speech {item.id} ({', '.join(role_names(play, item.speakers))})"
    return f"{item.kind} {item.id}"


def _expected_s(text: str, rate: int | None) -> float:
    return max(0.3, len(words(text)) * 60.0 / (rate or DEFAULT_WPM))


def _file_key(fmt: str, layouts: list[SectionLayout]) -> str:
    if fmt == "mp3":
        from .mp3 import SEGMENT_ARGS

        codec = SEGMENT_ARGS
    else:
        codec = CODECS.get(fmt)
    data = json.dumps([fmt, codec, [(lay.key, lay.section.title) for lay in layouts]])
    return hashlib.sha256(data.encode()).hexdigest()


def _unchanged(cache: ClipCache, track: Path, file_key: str) -> bool:
    """True when ``track`` on disk is exactly what this render would write."""
    try:
        manifest = json.loads(manifest_path(cache, track).read_text())
        stat = track.stat()
    except (OSError, ValueError):
        return False
    return (manifest.get("file_key") == file_key and manifest.get("size") == stat.st_size
            and manifest.get("mtime_ns") == stat.st_mtime_ns)
