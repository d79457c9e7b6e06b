"""Speaking in rehearsal: clips from the audio layer's cache (made on demand), through a player.

The clips are exactly the ones the rehearsal tracks use (same voices, stress, cache), so a
line heard in ``rehearse`` sounds as it does in the track.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

from ..audio.cache import ClipCache, clip_key
from ..audio.clips import play_resolver
from ..audio.engine_set import EngineSet
from ..audio.engines.base import Utterance
from ..audio.joined import Piece, joined_clip
from ..audio.pcm import RATE
from ..audio.take_clips import take_refs
from ..audio.timing import ClipRef
from ..audio.utterance import Speaker
from ..audio.voice_choice import VoiceResolver
from ..audio.workers import ClipJob, WorkerPool, default_jobs
from ..errors import BackendError
from ..files.user_cache import cache_root
from ..model import Play, Speech
from ..rules import DEFAULT_WPM, speech_key, speech_lang
from ..text import words
from ..voice_settings import VoiceConfig
from .players import Player


class SpokenVoice:
    """A :class:`~stagecast.playback.rehearsal.Voice` that really speaks."""

    def __init__(self, play: Play, resolver: VoiceResolver, cache: ClipCache, player: Player,
                 takes: dict[str, ClipRef] | None = None):
        self.play, self.resolver, self.cache, self.player = play, resolver, cache, player
        self.engines = resolver.engines
        self.takes = takes or {}
        """The cast's takes the tracks use, by speech key: a cue with one is heard as recorded."""
        self.speaker = Speaker(play)

    @classmethod
    def create(cls, play: Play, voices: Callable[[], VoiceConfig], player: Player, performer: str | None = None,
               stale_takes: str = "skip") -> SpokenVoice:
        """``voices`` reads the play's voices.yaml: called here, only once a player was found."""
        config = voices()
        cache = ClipCache(cache_root())
        resolver = play_resolver(play, config, EngineSet(None, cache.root, config.engine, config.engine_loc,
                                                                 config.engine_settings()))
        takes = take_refs(play, cache, [speech_key(s) for s in play.speeches()], performer, stale_takes)
        return cls(play, resolver, cache, player, takes)

    def prepare(self, speeches: list[Speech]) -> None:
        """Synthesise what is not cached yet, all at once (faster than one by one)."""
        self._synthesise([job for s in speeches if speech_key(s) not in self.takes for job in self._jobs(s)[0]])

    def speech(self, speech: Speech) -> None:
        take = self.takes.get(speech_key(speech))
        if take is not None:
            self.player.play(self.cache.path(take.key))
            return
        jobs, pieces = self._jobs(speech)
        self._synthesise(jobs)
        if pieces is None:
            self.player.play(self.cache.path(jobs[0].key))
            return
        frames = {job.key: self.cache.frames(job.key) or 0 for job in jobs}
        self.player.play(self.cache.path(joined_clip(self.cache, pieces, frames).key))

    def _jobs(self, speech: Speech) -> tuple[list[ClipJob], list[Piece] | None]:
        """A speech's clips: one, or one per language of a speech in several (and how they join)."""
        utterance, _shown, parts = self.speaker.said_and_shown(speech)
        if not parts:
            return [self._job(utterance, speech)], None
        jobs = [self._job(part.utterance, speech) for part in parts]
        return jobs, [(job.key, job.voice.label(), part) for job, part in zip(jobs, parts, strict=True)]

    def words(self, text: str, speech: Speech) -> None:
        self._say(Utterance(" ".join(text.split()), speech_lang(self.play, speech)), speech)

    def _job(self, utterance: Utterance, speech: Speech) -> ClipJob:
        voice = self.resolver.voice(speech.speakers[0], utterance.lang, speech.loc)
        key = clip_key(voice.engine, self.engines.facts(voice.engine).version, voice, utterance)
        expected = max(0.3, len(words(utterance.plain)) * 60.0 / (voice.rate or DEFAULT_WPM))
        return ClipJob(key, utterance, voice, str(speech.loc or "?"), f"speech {speech.number}", expected)

    def _say(self, utterance: Utterance, speech: Speech) -> None:
        job = self._job(utterance, speech)
        self._synthesise([job])
        self.player.play(self.cache.path(job.key))

    def _synthesise(self, jobs: list[ClipJob]) -> None:
        missing = list({j.key: j for j in jobs if self.cache.frames(j.key) is None}.values())
        if not missing:
            return
        with WorkerPool(self.engines, self.cache, min(len(missing), default_jobs())) as pool:
            _done, failed = pool.run(missing, lambda _: None)
        if failed:
            raise BackendError("\n".join(str(f) for f in failed))


def wav_segment(source: Path, start_ms: int, end_ms: int, target: Path) -> Path:
    """Copy ``start_ms``–``end_ms`` of a WAV file into ``target`` (for players that cannot seek)."""
    with wave.open(str(source), "rb") as track:
        rate = track.getframerate() or RATE
        track.setpos(min(track.getnframes(), start_ms * rate // 1000))
        frames = track.readframes(max(0, (end_ms - start_ms) * rate // 1000))
        params = track.getparams()
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(frames)
    return target
