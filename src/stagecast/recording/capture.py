"""One recording: read a source until Enter, a silence after the line, its end, or the length limit.

The sound is kept in memory until the performer keeps it: a recording stopped any way before
that (Ctrl-C, the terminal closed, the process killed) leaves nothing on disk.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..audio import pcm as track_pcm
from ..playback import keys as k
from .sources import Source

VOICE_DBFS = -45.0
"""A chunk louder than this (RMS) is the performer speaking: above a quiet room's noise
(-60 to -50 dBFS through a laptop's microphone), well below speech (-30 to -15)."""
MAX_SECONDS = 600.0
"""A take is one line: ``takes add`` refuses longer ones, so recording stops here."""

Ending = Literal["enter", "silence", "end", "limit", "quit"]


@dataclass(frozen=True)
class Recording:
    pcm: bytes
    """16-bit mono samples, as heard."""
    rate: int
    ended: Ending

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.rate

    def heard(self) -> bool:
        """Whether anything louder than a quiet room was recorded."""
        return any(_loud(self.pcm[i:i + self.rate]) for i in range(0, len(self.pcm), self.rate))

    def wav(self) -> bytes:
        """The recording as a WAV file's bytes, samples unchanged."""
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.rate)
            wav.writeframes(self.pcm)
        return out.getvalue()


def record(source: Source, pressed: Callable[[], str | None], silence: float = 2.0,
           limit: float = MAX_SECONDS) -> Recording:
    """Record from ``source``. A live source stops when ``pressed()`` (asked between chunks,
    never waiting) gives Enter, or ``q``; any source stops after ``silence`` seconds of quiet
    following speech (0: never), at its end, or at ``limit`` seconds."""
    with source.recording() as stream:
        pcm, heard, quiet = bytearray(), False, 0.0
        while True:
            chunk = stream.read()
            if chunk is None:
                return Recording(bytes(pcm), stream.rate, "end")
            pcm += chunk
            if chunk:
                if _loud(chunk):
                    heard, quiet = True, 0.0
                else:
                    quiet += len(chunk) / 2 / stream.rate
            ended = _ending(heard and silence > 0 and quiet >= silence, len(pcm) / 2 / stream.rate >= limit,
                            pressed() if source.live else None)
            if ended is not None:
                return Recording(bytes(pcm), stream.rate, ended)


def _ending(silent: bool, full: bool, key: str | None) -> Ending | None:
    if key in (k.ENTER, k.RIGHT):
        return "enter"
    if key == k.QUIT:
        return "quit"
    if silent:
        return "silence"
    return "limit" if full else None


def _loud(pcm: bytes) -> bool:
    if len(pcm) < 2:
        return False
    # audioop as the track's PCM helpers import it (the standard library's, or audioop-lts on 3.13+)
    return track_pcm.audioop.rms(pcm[:len(pcm) // 2 * 2], 2) > track_pcm.FULL_SCALE * 10 ** (VOICE_DBFS / 20)
