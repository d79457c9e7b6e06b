"""``stagecast audio --master``: the audio play for listeners, measured as a listener's tools would
(ffmpeg's ebur128 for loudness and true peak, ffprobe for chapters, the samples for placement)."""

from __future__ import annotations

import json
import math
import re
import struct
import subprocess
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.audio.timing import SECTION_LEAD_MS
from stagecast.cli import cli
from tests.audio_support import VOICES, sine, write_play, write_wav
from tests.conftest import need_tool

DUET = """\
title: Two Sides
roles:
  anna: {name: Anna}
  boris: {name: Boris}
credits:
  by: Dana Writer
scenes:
  - id: yard
    title: In the yard
    body:
      - anna: "Good evening. Is this the road to the old castle by the river?"
      - boris: "It is. Straight on, past the mill, and then over the bridge."
      - anna: "Thank you. I have walked all day and my feet are sore."
  - id: road
    title: On the road
    body:
      - boris: "The road is long, and the night is cold and very dark."
"""
DUET_VOICES = "\n".join(line for line in VOICES.splitlines() if "olga" not in line) + "\n"
PANNED = DUET_VOICES.replace("rate: 160}", "rate: 160, pan: -0.9}").replace("rate: 185}", "rate: 185, pan: 0.9}")
BED = """\
title: Bed
roles:
  anna: {name: Anna}
scenes:
  - id: rain
    title: Rain
    body:
      - sound: Rain under the scene
        file: sounds/bed.wav
        under: true
      - pause: 2
      - anna: "It has rained all day, and it will rain all night, and tomorrow too."
"""
BED_HZ = 2500


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> dict[str, str]:
    return {"STAGECAST_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) by ffmpeg's ebur128, as a mastering engineer measures."""
    said = subprocess.run([need_tool("ffmpeg"), "-hide_banner", "-nostats", "-i", str(path), "-af",
                           "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                          capture_output=True, text=True, check=True).stderr
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", said.split("Summary:")[-1])
    peak = re.search(r"Peak:\s+(-?[\d.]+) dBFS", said.split("Summary:")[-1])
    assert integrated and peak, said[-600:]
    return float(integrated.group(1)), float(peak.group(1))


def stereo(path: Path) -> tuple[list[int], list[int], int]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (2, 2)
        data = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    samples = struct.unpack(f"<{len(data) // 2}h", data)
    return list(samples[0::2]), list(samples[1::2]), rate


def energy(samples: list[int]) -> float:
    return sum(s * s for s in samples) / max(1, len(samples))


def db(value: float) -> float:
    return 10 * math.log10(max(value, 1e-12))


@pytest.mark.parametrize(("fmt", "target"), [("wav", None), ("mp3", None), ("ogg", None), ("wav", -23.0)])
def test_the_master_is_at_its_loudness_and_under_the_true_peak_ceiling(tmp_path, cache, fmt, target):
    folder = write_play(tmp_path / "play")
    out = tmp_path / f"master.{fmt}"
    args = ["--loudness", target] if target is not None else []
    result = run("audio", folder, "--master", "-o", out, *args, env=cache)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out} (") and "the master" in result.stdout
    integrated, peak = loudness(out)
    assert abs(integrated - (target if target is not None else -16.0)) <= 0.5
    assert peak <= -1.0
    assert not out.with_suffix(".timeline.json").exists()  # a listener's file: no rehearsal sidecars


def test_a_panned_role_is_heard_on_its_side(tmp_path, cache):
    folder = write_play(tmp_path / "play", DUET, PANNED)
    master, track = tmp_path / "m.wav", tmp_path / "t.wav"
    assert run("audio", folder, "--master", "-o", master, env=cache).exit_code == 0
    assert run("audio", folder, "-o", track, env=cache).exit_code == 0  # no beds: the same timing
    timeline = json.loads(track.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    left, right, rate = stereo(master)
    sides = {"anna": [0.0, 0.0], "boris": [0.0, 0.0]}
    for item in timeline["items"]:
        if item["kind"] == "speech":
            a, b = item["start_ms"] * rate // 1000, item["end_ms"] * rate // 1000
            sides[item["speakers"][0]][0] += energy(left[a:b])
            sides[item["speakers"][0]][1] += energy(right[a:b])
    assert db(sides["anna"][0]) - db(sides["anna"][1]) > 15  # pan -0.9: well to the left
    assert db(sides["boris"][1]) - db(sides["boris"][0]) > 15


def test_a_take_is_heard_in_the_master_at_its_line_on_its_roles_side(tmp_path, cache):
    folder = write_play(tmp_path / "play", DUET, PANNED)
    write_wav(tmp_path / "take.wav", sine(440, 2.0, 9000))
    assert run("takes", "add", tmp_path / "take.wav", "--line", "1", "--play", folder).exit_code == 0
    master, track = tmp_path / "m.wav", tmp_path / "t.wav"
    assert run("audio", folder, "--master", "-o", master, env=cache).exit_code == 0
    assert run("audio", folder, "-o", track, env=cache).exit_code == 0
    timeline = json.loads(track.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    first = next(i for i in timeline["items"] if i["kind"] == "speech")
    assert first["voice"].startswith("take:")
    left, right, rate = stereo(master)
    a, b = (first["start_ms"] + 200) * rate // 1000, (first["end_ms"] - 200) * rate // 1000
    assert goertzel(left[a:b], 440, rate) - goertzel(right[a:b], 440, rate) > 15  # Anna's take, on her side
    assert goertzel(left[a:b], 440, rate) - goertzel(left[b + rate:b + 2 * rate], 440, rate) > 30  # and only there


def test_without_pan_the_roles_are_spread_and_the_biggest_part_is_in_the_middle(tmp_path, cache):
    folder = write_play(tmp_path / "play", DUET, DUET_VOICES)
    master = tmp_path / "m.wav"
    assert run("audio", folder, "--master", "-o", master, env=cache).exit_code == 0
    left, right, _ = stereo(master)
    balance = db(energy(left)) - db(energy(right))
    assert 0.3 < abs(balance) < 6  # two roles of two lines each: one centre, one a little aside


def goertzel(samples: list[int], freq: float, rate: int) -> float:
    """Power of one frequency in ``samples`` (dB), as a tuner would read it."""
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return db((s1 * s1 + s2 * s2 - coeff * s1 * s2) / len(samples) ** 2)


def test_a_bed_plays_under_the_speech_ducked_beneath_the_voice(tmp_path, cache):
    folder = write_play(tmp_path / "play", BED, "roles:\n  anna: {voice: en-us}\n")
    write_wav(folder / "sounds" / "bed.wav", sine(BED_HZ, 8.0, 6000))
    master = tmp_path / "m.wav"
    result = run("audio", folder, "--master", "-o", master, env=cache)
    assert result.exit_code == 0, result.output
    left, _, rate = stereo(master)

    def level(start_s: float, end_s: float) -> float:
        return goertzel(left[int(start_s * rate):int(end_s * rate)], BED_HZ, rate)

    lead = SECTION_LEAD_MS / 1000
    alone, under = level(lead + 0.2, lead + 1.6), level(lead + 2.6, lead + 4.0)  # the speech starts after the pause
    assert alone - under > 10
    assert under - level(lead - 0.6, lead - 0.1) > 20  # still heard under the voice, not cut


def test_the_pauses_are_room_tone_not_digital_silence(tmp_path, cache):
    folder = write_play(tmp_path / "play", DUET, DUET_VOICES)
    master = tmp_path / "m.wav"
    assert run("audio", folder, "--master", "-o", master, env=cache).exit_code == 0
    left, right, rate = stereo(master)
    lead = left[:int(0.6 * rate)], right[:int(0.6 * rate)]  # before the first line
    step = rate // 100
    for channel in lead:
        assert all(any(channel[i:i + step]) for i in range(0, len(channel) - step, step))  # no 10 ms of zeros
        assert -80 < db(energy(channel) / 32767 ** 2) < -45  # a room, far under the voices
    assert lead[0] != lead[1]  # each ear its own room


@pytest.mark.parametrize("fmt", ["mp3", "ogg"])
def test_mp3_and_ogg_masters_have_scene_chapters_and_the_plays_title(tmp_path, cache, fmt):
    folder = write_play(tmp_path / "play", DUET, DUET_VOICES)
    out = tmp_path / f"m.{fmt}"
    assert run("audio", folder, "--master", "-o", out, env=cache).exit_code == 0
    probe = json.loads(subprocess.run([need_tool("ffprobe"), "-v", "error", "-show_chapters", "-show_format",
                                       "-show_streams", "-of", "json", str(out)],
                                      capture_output=True, text=True, check=True).stdout)
    chapters = probe["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["In the yard", "On the road"]
    assert float(chapters[0]["start_time"]) == 0 and float(chapters[1]["start_time"]) > 5
    tags = probe["format"]["tags"] if fmt == "mp3" else probe["streams"][0]["tags"]
    tags = {k.lower(): v for k, v in tags.items()}
    assert tags["title"] == "Two Sides" and tags["artist"] == "Dana Writer"
    assert probe["streams"][0]["channels"] == 2


@pytest.mark.parametrize(("args", "message"), [
    (["--loudness", "-20"], "error: --loudness sets the master's loudness: add --master"),
    (["--master", "--performer", "Actor A"], "error: --master is the whole play for listeners: it takes no "
                                             "--performer or --mode"),
    (["--master", "--split", "scenes"], "error: --master writes one file; leave out --split scenes"),
    (["--master", "--loudness", "0"], "error: --loudness must be between -36 and -9 LUFS, not 0"),
])
def test_master_usage_errors_exit_2_before_any_clip(tmp_path, args, message):
    folder = write_play(tmp_path / "play")
    result = run("audio", folder, "-o", tmp_path / "m.wav", *args, env={"STAGECAST_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "c" / "clips").exists()
    assert not (tmp_path / "m.wav").exists()


def test_bad_pan_and_under_are_located_errors(tmp_path):
    play = BED.replace("under: true", "under: maybe") + "      - sound: Thunder\n        under: true\n"
    folder = write_play(tmp_path / "play", play, "roles:\n  anna: {voice: en-us, pan: 2}\n")
    (folder / "sounds" / "bed.wav").write_bytes((folder / "sounds" / "door.wav").read_bytes())
    result = run("check", folder)
    assert result.exit_code == 1
    shown = folder.as_posix()
    assert result.stderr.splitlines()[:3] == [
        f"{shown}/play.yaml:10:16: error: under (true: the sound plays beneath the speeches after it) must be "
        "true or false, not 'maybe'",
        f"{shown}/play.yaml:14:9: error: 'under' needs a sound 'file' to play beneath the speeches",
        f"{shown}/voices.yaml:2:29: error: pan (-1 left … 1 right) must be between -1 and 1, not 2",
    ]


def test_build_plans_the_master_only_for_a_play_with_takes(tmp_path):
    from stagecast.build.inputs import BuildInputs, BuildOptions
    from stagecast.build.targets import plan

    folder = write_play(tmp_path / "play")

    def planned(**given) -> list[tuple[str, tuple[str, ...]]]:
        inputs = BuildInputs(folder, BuildOptions(output=tmp_path / "build", **given))
        return [(t.name, t.files) for t in plan(inputs) if t.name == "master"]

    assert planned() == []  # synthetic voices alone: a rehearsal aid, not an audio play
    added = run("takes", "add", folder / "sounds" / "door.wav", "--line", "1", "--play", folder)
    assert added.exit_code == 0, added.output
    assert planned() == [("master", ("audio/master.mp3",))]
    assert planned(audio_format="ogg") == [("master", ("audio/master.ogg",))]
    assert planned(audio=False) == []


def test_a_build_of_a_play_with_takes_writes_the_master_at_its_loudness(tmp_path, cache):
    folder = write_play(tmp_path / "play")
    added = run("takes", "add", folder / "sounds" / "door.wav", "--line", "1", "--play", folder)
    assert added.exit_code == 0, added.output
    out = tmp_path / "build"
    result = run("build", folder, "-o", out, env=cache)
    assert result.exit_code == 0, result.output
    assert abs(loudness(out / "audio" / "master.mp3")[0] + 16) <= 0.5
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "audio/master.mp3" in json.dumps(manifest)
    again = run("build", folder, "-o", out, env=cache)
    assert again.exit_code == 0 and "Nothing changed" in again.stdout
