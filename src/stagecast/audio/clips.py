"""Clips for a planned track: one per distinct utterance, from the cache, else synthesised in
worker processes (:mod:`.workers`), each line's failure reported with its location."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import BackendError, ScriptError
from ..model import Loc, Play
from ..rules import DEFAULT_WPM
from ..text import words
from ..voice_settings import VoiceConfig
from .cache import ClipCache, clip_key
from .engine_set import EngineSet
from .engines.base import ACUTE, EngineVoice, Utterance
from .joined import Piece, joined_clip
from .plan import PlanItem, Section
from .sidecars import role_names
from .sounds import sound_clip
from .timing import ClipRef
from .voice_choice import VoiceResolver, speakers

if TYPE_CHECKING:  # the worker module (multiprocessing) is imported only when a clip is missing
    from .session import AudioSession
    from .workers import ClipJob, Failure


Wanted = tuple[PlanItem, EngineVoice, Utterance]
"""A clip to find or make: the line it is for (its place in messages), the voice, what it says."""


class ProgressHooks(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class SynthesisFailed(BackendError):
    """Some lines could not be synthesised; every other clip was made and cached."""

    in_the_play = True  # those lines, as written, are what the engine fails on

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        lines = "\n".join(str(f) for f in failures)
        count = len(failures)
        super().__init__(f"{lines}\n{count} line{'s' * (count != 1)} could not be synthesised; "
                         "no track was written (the previous one is untouched)",
                         hint="fix or shorten those lines, or try another --engine")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.failures,))


class ClipMaker:
    """Finds or makes every clip a track needs; counts what was synthesised and what was cached."""

    def __init__(self, play: Play, config: VoiceConfig, engines: EngineSet, cache: ClipCache, progress: ProgressHooks,
                 jobs: int | None, clip_timeout: float, session: AudioSession | None = None,
                 takes: dict[str, ClipRef] | None = None):
        self.play, self.config, self.engines, self.cache = play, config, engines, cache
        self.takes = takes or {}
        """Lines the cast recorded: their take's clip by speech key, used instead of synthesis (:mod:`.take_clips`)."""
        self.progress, self.jobs, self.clip_timeout, self.session = progress, jobs, clip_timeout, session
        self.synthesised = 0
        self.cached = 0
        self.notes: list[str] = []
        self.warnings: list[str] = []
        """Problems with the play's own files worth telling even without --verbose (a damaged sound)."""

    def clips(self, sections: tuple[Section, ...]) -> dict[str, ClipRef]:
        """Every item's clip (speech, narrated direction, sound) by item id, with its length."""
        resolver = play_resolver(self.play, self.config, self.engines)
        problems = resolver.problems(first_places(sections))
        if problems:
            raise ScriptError(problems)
        refs: dict[str, ClipRef] = {}
        wanted: dict[str, Wanted] = {}
        mixed: dict[str, list[Piece]] = {}
        for section in sections:
            for item in section.items:
                if item.sound:
                    key, frames = sound_clip(self.cache, Path(self.play.root), item.sound, item.loc,
                                             self.warnings.append)
                    refs[item.id] = ClipRef(key, frames, None)
                if item.kind in ("speech", "gap") and item.id in self.takes:  # a take, not synthesis
                    refs[item.id] = self.takes[item.id]  # (a wordless "…" too: a recorded sigh is heard)
                    continue
                if item.say is None:
                    continue
                if item.say.parts:  # a speech in several languages: a clip per part, joined below
                    mixed[item.id] = []
                    for part in item.say.parts:
                        key, voice = self._keyed(resolver, item.say.role, part.utterance, item.loc)
                        mixed[item.id].append((key, voice.label(), part))
                        wanted.setdefault(key, (item, voice, part.utterance))
                    continue
                key, voice = self._keyed(resolver, item.say.role, item.say.utterance, item.loc)
                refs[item.id] = ClipRef(key, 0, voice.label())
                wanted.setdefault(key, (item, voice, item.say.utterance))
        frames = self._synthesise(wanted)
        self._tell_notes(wanted)
        refs.update((item_id, joined_clip(self.cache, pieces, frames)) for item_id, pieces in mixed.items())
        return {i: ClipRef(r.key, frames.get(r.key, r.frames), r.voice, r.parts) for i, r in refs.items()}

    def _keyed(self, resolver: VoiceResolver, role: str | None, utterance: Utterance,
               where: Loc | None) -> tuple[str, EngineVoice]:
        """One utterance's voice and clip key (every clip a track needs is keyed here), with the
        version of the engine that speaks it."""
        voice = resolver.voice(role, utterance.lang, where)
        return clip_key(voice.engine, self.engines.facts(voice.engine).version, voice, utterance), voice

    def _tell_notes(self, wanted: dict[str, Wanted]) -> None:
        """Every wanted clip's notes (a stress mark not honoured), new or cached, in running order."""
        for key, (item, _, utterance) in wanted.items():
            if ACUTE in utterance.text:  # only marked lines have notes
                self.notes += [f"{item.loc or '?'}: {note}" for note in self.cache.notes(key)]

    def _synthesise(self, wanted: dict[str, Wanted]) -> dict[str, int]:
        frames: dict[str, int] = {}
        missing = []
        for key in wanted:
            found = self.cache.frames(key)
            if found is None:
                missing.append(key)
            else:
                frames[key] = found
        self.cached = len(frames)
        if missing:
            frames.update(self._run_workers([self._job(key, *wanted[key]) for key in missing], list(wanted)))
        self.synthesised = len(missing)
        return frames

    def _job(self, key: str, item: PlanItem, voice: EngineVoice, utterance: Utterance) -> ClipJob:
        from .workers import ClipJob

        return ClipJob(key, utterance, voice, str(item.loc or "?"), _what(self.play, item),
                       _expected_s(utterance.plain, voice.rate))

    def _run_workers(self, missing: list[ClipJob], order: list[str]) -> dict[str, int]:
        """Synthesise (and cache) every missing clip in worker processes; their frames by key."""
        from .workers import WorkerPool

        # Longest first, so no long clip is left for the end; within a length band, one voice
        # after another, so a worker rarely has to switch voices.
        missing.sort(key=lambda job: (-round(job.expected_s / 2), job.voice.label(), -job.expected_s))
        self.progress.start(len(missing))
        size = self.jobs or cores()
        if self.session is not None:  # its workers stay, with their engine loaded, for the next render
            done, failed = self.session.pool(self.engines, self.cache, size, self.clip_timeout).run(
                missing, self.progress.advance)
        else:
            with WorkerPool(self.engines, self.cache, size, self.clip_timeout) as pool:
                done, failed = pool.run(missing, self.progress.advance)
        if failed:
            position = {key: n for n, key in enumerate(order)}  # reported in running order, not as workers finish
            raise SynthesisFailed(sorted(failed, key=lambda f: position[f.job.key]))
        return {clip.key: clip.frames for clip in done}


def play_resolver(play: Play, config: VoiceConfig, engines: EngineSet) -> VoiceResolver:
    """The resolver for ``play``: its automatic voices shared out among the roles that speak each
    language anywhere in the play, so a scene alone sounds as it does in the whole play."""
    return VoiceResolver(config, engines, play, speakers(play))


def first_places(sections: tuple[Section, ...]) -> list[tuple[str | None, str, Loc | None]]:
    """Each (role, language) the sections speak in, with the first line that does."""
    first: dict[tuple[str | None, str], Loc | None] = {}
    for section in sections:
        for item in section.items:
            if item.say is not None:
                for said in [p.utterance for p in item.say.parts] or [item.say.utterance]:
                    first.setdefault((item.say.role, said.lang), item.loc)
    return [(role, lang, loc) for (role, lang), loc in first.items()]


def cores() -> int:
    from .workers import default_jobs

    return default_jobs()


def _what(play: Play, item) -> str:
    if item.kind in ("speech", "gap"):
        return f"speech {item.id} ({', '.join(role_names(play, item.speakers))})"
    return f"{item.kind} {item.id}"


def _expected_s(text: str, rate: int | None) -> float:
    return max(0.3, len(words(text)) * 60.0 / (rate or DEFAULT_WPM))
