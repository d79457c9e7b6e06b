"""Small plays and WAV measurements shared by the audio tests."""

from __future__ import annotations

import json
import math
import re
import struct
import wave
from pathlib import Path

from stagecast.audio.pcm import audioop

PLAY = """\
title: Tiny Castle
language: en
roles:
  anna: {name: Anna, lang: en}
  boris: {name: Boris, lang: en}
  olga: {name: Olga, lang: ru}
performers:
  actor-a: {name: Actor A, plays: [anna]}
  actor-b: {name: Actor B, plays: [boris, olga]}
pronunciations:
  en:
    almaty: Almat+y
scenes:
  - id: gate
    title: At the gate
    body:
      - enter: [anna, boris]
      - anna: "Good evening. Is this the road to Almaty?"
      - boris: "It is. (points north) Straight on, past the old castle."
      - pause: 1.5
      - anna: "Thank you. I have walked all day and my feet are sore."
      - sound: Door creaks
        number: Q1
        file: sounds/door.wav
      - olga: "Это мой за́мок, а не замо́к."
      - boris, anna: "Goodbye!"
  - interval: 10
  - id: road
    title: On the road
    body:
      - anna: "The road is long, and the night is cold."
      - boris: "Then we walk faster."
"""

VOICES = """\
default: {voice: en-us}
roles:
  anna: {voice: en-us, variant: female, rate: 160}
  boris: {voice: en-gb, variant: male, pitch: 40, rate: 185}
  olga: {voice: ru, variant: f2}
narrator: {voice: en-gb}
languages:
  ru: {voice: ru}
"""


def write_play(folder: Path, play: str = PLAY, voices: str = VOICES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "play.yaml").write_text(play, encoding="utf-8")
    (folder / "voices.yaml").write_text(voices, encoding="utf-8")
    (folder / "sounds").mkdir(exist_ok=True)
    write_wav(folder / "sounds" / "door.wav", sine(440, 0.6, 8000, rate=44100), rate=44100)
    return folder


def sine(freq: float, seconds: float, amp: int, rate: int = 22050) -> bytes:
    frames = int(seconds * rate)
    return b"".join(struct.pack("<h", int(amp * math.sin(2 * math.pi * freq * i / rate))) for i in range(frames))


def write_wav(path: Path, pcm: bytes, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)


class Track:
    """A rendered WAV and its timeline, with measurements a listener would make."""

    def __init__(self, wav: Path):
        self.path = wav
        with wave.open(str(wav), "rb") as handle:
            assert (handle.getnchannels(), handle.getsampwidth()) == (1, 2)
            self.rate = handle.getframerate()
            self.pcm = handle.readframes(handle.getnframes())
        self.timeline = json.loads(wav.with_suffix(".timeline.json").read_text(encoding="utf-8"))

    @property
    def duration_ms(self) -> float:
        return len(self.pcm) / 2 / self.rate * 1000

    def items(self, kind: str | None = None) -> list[dict]:
        return [i for i in self.timeline["items"] if kind is None or i["kind"] == kind]

    def window(self, start_ms: float, end_ms: float) -> bytes:
        a = int(start_ms * self.rate / 1000) * 2
        b = int(end_ms * self.rate / 1000) * 2
        return self.pcm[a:b]

    def peak(self, start_ms: float, end_ms: float) -> int:
        data = self.window(start_ms, end_ms)
        return audioop.max(data, 2) if data else 0

    def rms_db(self, start_ms: float, end_ms: float) -> float:
        """Loudness of the voiced 50 ms windows inside [start, end] (dBFS)."""
        data = self.window(start_ms, end_ms)
        step = int(0.05 * self.rate) * 2
        levels = [audioop.rms(data[i:i + step], 2) for i in range(0, len(data) - step + 1, step)]
        voiced = [v for v in levels if v > 32767 * 10 ** (-40 / 20)]
        power = sum(v * v for v in voiced) / max(1, len(voiced))
        return 20 * math.log10(max(math.sqrt(power), 1e-9) / 32767)


_STAMP = r"(\d\d):(\d\d):(\d\d)[.,](\d\d\d)"


def _ms(match: tuple[str, ...]) -> int:
    h, m, s, ms = (int(x) for x in match)
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def parse_vtt(text: str) -> list[tuple[str, int, int, str]]:
    """A strict little WebVTT reader: (id, start, end, payload) per cue."""
    blocks = text.strip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for block in blocks[1:]:
        lines = block.split("\n")
        ident, timing, payload = lines[0], lines[1], "\n".join(lines[2:])
        match = re.fullmatch(f"{_STAMP} --> {_STAMP}", timing)
        assert match, timing
        start, end = _ms(match.groups()[:4]), _ms(match.groups()[4:])
        assert start < end and payload
        cues.append((ident, start, end, payload))
    return cues


def parse_srt(text: str) -> list[tuple[int, int, int, str]]:
    cues = []
    for number, block in enumerate(text.strip("\n").split("\n\n"), 1):
        lines = block.split("\n")
        assert lines[0] == str(number)
        match = re.fullmatch(f"{_STAMP} --> {_STAMP}", lines[1])
        assert match, lines[1]
        cues.append((number, _ms(match.groups()[:4]), _ms(match.groups()[4:]), "\n".join(lines[2:])))
    return cues
