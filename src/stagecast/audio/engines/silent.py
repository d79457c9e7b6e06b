"""A deterministic engine for fast unit tests: no speech, a soft beep per word.

Every word is 240 ms of a tone whose pitch depends on the voice, then 60 ms of silence,
so tests can check gaps, timing and loudness without a real engine. Not listed by
``stagecast voices``; selectable as ``--engine silent`` for trying the pipeline.
"""

from __future__ import annotations

import math
import struct
import zlib

from ...text import words
from .base import Clip, EngineVoice, Utterance, VoiceInfo

RATE = 22050
WORD_MS = 240
SPACE_MS = 60
VOICES = (VoiceInfo("silent-en", "Silent English", ("en",)), VoiceInfo("silent-ru", "Silent Russian", ("ru",)),
          VoiceInfo("silent-kk", "Silent Kazakh", ("kk",)), VoiceInfo("silent-uk", "Silent Ukrainian", ("uk",)))


class SilentEngine:
    name = "silent"

    def version(self) -> str:
        return "silent 1"

    def list_voices(self) -> list[VoiceInfo]:
        return list(VOICES)

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        count = max(1, len(words(utterance.plain)))
        freq = 180 + zlib.crc32((voice.id + (f'+{voice.variant}' if voice.variant else '')).encode()) % 200
        beep = _tone(freq, WORD_MS)
        gap = b"\0\0" * (RATE * SPACE_MS // 1000)
        return Clip((beep + gap) * count, RATE)


def _tone(freq: float, ms: int) -> bytes:
    frames = RATE * ms // 1000
    amp = 6000
    return b"".join(struct.pack("<h", int(amp * math.sin(2 * math.pi * freq * i / RATE))) for i in range(frames))
