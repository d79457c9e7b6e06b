"""The real engines on a short play: what a performer hears (measured, not listened to).

eSpeak NG runs from the espeakng-loader wheel (no system package); pyttsx3 drives the
same library through its own eSpeak driver.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from stagecast import load_play, render_audio
from stagecast.api import load_voices
from stagecast.audio.engine_set import EngineSet
from stagecast.audio.engines.espeak import EspeakEngine
from stagecast.audio.pcm import RATE, standardise, trim
from stagecast.audio.plan import PlanOptions, plan_track
from stagecast.audio.render import AudioOptions
from stagecast.audio.voice_choice import VoiceResolver
from tests.audio_support import Track, parse_srt, parse_vtt, write_play

GAP_FACTOR = 1.2


class SpyEngine(EspeakEngine):
    """eSpeak NG, noting every call (in the worker processes) in a file."""

    def __init__(self, log: Path):
        self.log = log

    def synthesize(self, utterance, voice):
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"text": utterance.plain, "voice": voice.id, "lang": voice.lang}) + "\n")
        return super().synthesize(utterance, voice)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The small play rendered once with real eSpeak: Actor B's rehearsal track and the read-through."""
    root = tmp_path_factory.mktemp("espeak")
    folder = write_play(root / "play")
    play = load_play(folder)
    log = root / "calls.jsonl"
    spy = SpyEngine(log)
    cache = root / "cache"
    rehearsal = render_audio(play, AudioOptions(performer="Actor B", output=root / "b.wav", cache_dir=cache,
                                                engine=spy, gap_factor=GAP_FACTOR))
    full = render_audio(play, AudioOptions(output=root / "full.wav", cache_dir=cache, engine=spy))
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return {"root": root, "play": play, "folder": folder, "rehearsal": rehearsal, "full": full, "calls": calls,
            "cache": cache}


def test_gaps_are_silent_and_speech_is_audible(rendered):
    track = Track(rendered["root"] / "b.wav")
    gaps = track.items("gap")
    assert [g["id"] for g in gaps] == ["s2", "s4", "s5", "s7"]  # Boris, Olga, the shared goodbye, Boris
    for gap in gaps:
        assert track.peak(gap["start_ms"], gap["end_ms"]) == 0, gap
    for speech in track.items("speech"):
        assert track.rms_db(speech["start_ms"], speech["end_ms"]) > -30, speech
    for tone in track.items("tone"):
        assert 0 < track.peak(tone["start_ms"], tone["end_ms"]) < 2000  # soft


def test_each_gap_is_the_line_in_its_own_voice_times_the_factor(rendered):
    play = rendered["play"]
    resolver = VoiceResolver(load_voices(rendered["folder"], play), EngineSet(EspeakEngine(), None), play)
    planned = {i.id: i for s in plan_track(play, PlanOptions("rehearsal", "actor-b")) for i in s.items}
    engine = EspeakEngine()
    for gap in Track(rendered["root"] / "b.wav").items("gap"):
        say = planned[gap["id"]].say
        clip = engine.synthesize(say.utterance, resolver.voice(say.role, say.utterance.lang))
        spoken_ms = len(trim(standardise(clip.pcm, clip.rate))) / 2 / RATE * 1000
        assert abs((gap["end_ms"] - gap["start_ms"]) - spoken_ms * GAP_FACTOR) <= 50, (gap["id"], spoken_ms)


def test_track_length_is_the_timeline_length(rendered):
    for name in ("b.wav", "full.wav"):
        track = Track(rendered["root"] / name)
        assert abs(track.duration_ms - track.timeline["duration_ms"]) <= 1


def test_captions_have_one_cue_per_spoken_speech(rendered):
    for name in ("b", "full"):
        track = Track(rendered["root"] / f"{name}.wav")
        spoken = track.items("speech")
        vtt = parse_vtt((rendered["root"] / f"{name}.vtt").read_text(encoding="utf-8"))
        srt = parse_srt((rendered["root"] / f"{name}.srt").read_text(encoding="utf-8"))
        assert [(c[0], c[1], c[2]) for c in vtt] == [(s["id"], s["start_ms"], s["end_ms"]) for s in spoken]
        assert len(srt) == len(spoken)
    full_vtt = (rendered["root"] / "full.vtt").read_text(encoding="utf-8")
    assert "<v Olga>Это мой за\u0301мок, а не замо\u0301к." in full_vtt


def test_a_russian_speech_is_sent_to_a_russian_voice(rendered):
    russian = [c for c in rendered["calls"] if c["text"].startswith("Это мой")]
    assert russian and all(c["voice"] == "zle/ru" and c["lang"] == "ru" for c in russian)
    english = [c for c in rendered["calls"] if not c["text"].startswith("Это")]
    assert english and all(c["voice"].startswith("gmw/en") for c in english)


def test_voices_are_even_in_loudness(rendered):
    track = Track(rendered["root"] / "full.wav")
    levels = {s["id"]: track.rms_db(s["start_ms"], s["end_ms"]) for s in track.items("speech")}
    voices = {s["voice"] for s in track.items("speech")}
    assert len(voices) >= 3  # en-US female, en-GB male, Russian
    mean = statistics.fmean(levels.values())
    assert all(abs(level - mean) <= 2.0 for level in levels.values()), levels


def test_second_run_uses_the_cache(rendered):
    assert rendered["rehearsal"].synthesised == 7  # the performer's own lines too: gaps are measured
    assert (rendered["full"].synthesised, rendered["full"].cached) == (0, 7)


def test_pyttsx3_real_path(tmp_path):
    """pyttsx3 through its own eSpeak driver, with the library from the wheel (no system package)."""
    folder = write_play(tmp_path / "play", voices="languages:\n  ru: {voice: zle/ru}\n")
    result = render_audio(load_play(folder), AudioOptions(output=tmp_path / "p.wav", cache_dir=tmp_path / "c",
                                                          engine="pyttsx3", jobs=2))
    track = Track(tmp_path / "p.wav")
    assert result.synthesised == 7 and abs(track.duration_ms - track.timeline["duration_ms"]) <= 1
    speeches = track.items("speech")
    assert all(s["voice"].startswith("pyttsx3:") for s in speeches)
    assert next(s for s in speeches if s["id"] == "s4")["voice"] == "pyttsx3:zle/ru"
    for speech in speeches:
        assert track.rms_db(speech["start_ms"], speech["end_ms"]) > -30
        assert speech["end_ms"] - speech["start_ms"] > 300


def test_editing_one_line_synthesises_one_clip(rendered):
    folder, cache = rendered["folder"], rendered["cache"]
    text = (folder / "play.yaml").read_text(encoding="utf-8")
    edited = folder.parent / "edited"
    edited.mkdir()
    for name in ("voices.yaml",):
        (edited / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    (edited / "sounds").mkdir()
    (edited / "sounds" / "door.wav").write_bytes((folder / "sounds" / "door.wav").read_bytes())
    (edited / "play.yaml").write_text(text.replace("Then we walk faster.", "Then we walk quickly."), "utf-8")
    result = render_audio(load_play(edited), AudioOptions(output=rendered["root"] / "edited.wav", cache_dir=cache))
    assert (result.synthesised, result.cached) == (1, 6)
