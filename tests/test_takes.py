"""Takes (issue 17, items 1, 2, 5, 7): the cast's recordings, matched to their words, heard in every track.

Real audio throughout: takes are WAV (or FLAC via ffmpeg) made here; the assertions are on the
rendered track (the take's samples at its timeline place, gaps sized to takes) and on what a
user reads (messages, exit codes, the files left as they were). The speech engine is the silent
stand-in, so a take's sound is the only sound in its line's place.
"""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play, render_audio
from stagecast.audio.loudness import TARGET_LUFS, integrated_lufs
from stagecast.audio.pcm import RATE
from stagecast.audio.render import AudioOptions
from stagecast.cli import cli
from stagecast.errors import ScriptError
from stagecast.takes.adding import add_take
from tests.audio_support import PLAY, VOICES, Track, sine, write_play, write_wav
from tests.conftest import need_tool

SILENT_VOICES = VOICES.replace("en-us", "silent-en").replace("en-gb", "silent-en").replace("voice: ru", "voice: silent-ru")
def _level_amp(freq: float = 330.0) -> int:
    """The amplitude at which a sine of ``freq`` is already at the clips' loudness: normalising
    leaves its samples as they are."""
    probe = 4000
    return round(probe * 10 ** ((TARGET_LUFS - integrated_lufs(sine(freq, 1.0, probe))) / 20))


LEVEL_AMP = _level_amp()


CAST = PLAY.replace("  actor-b: {name: Actor B, plays: [boris, olga]}",
                    "  actor-b: {name: Actor B, plays: [boris]}\n  actor-d: {name: Actor D, plays: [olga]}")
"""The shared tiny play without its doubling conflict, so that ``check --strict`` passes until a take is stale."""


@pytest.fixture
def folder(tmp_path):
    return write_play(tmp_path / "play", CAST, SILENT_VOICES)


def take_wav(path: Path, seconds: float = 1.0, amp: int = LEVEL_AMP, freq: float = 330.0,
             silence_s: float = 0.0) -> bytes:
    """A take at the track's rate; returns its PCM."""
    pad = b"\0\0" * int(silence_s * RATE)
    pcm = pad + sine(freq, seconds, amp) + pad
    write_wav(path, pcm)
    return pcm


def render(folder: Path, tmp_path: Path, name: str = "full.wav", **options) -> Track:
    options.setdefault("engine", "silent")
    options.setdefault("jobs", 1)
    out = tmp_path / "out" / name
    render_audio(load_play(folder), AudioOptions(output=out, cache_dir=tmp_path / "cache", **options))
    return Track(out)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def item(track: Track, ident: str) -> dict:
    return next(i for i in track.items() if i["id"] == ident)


def test_a_take_is_heard_at_its_place_and_named_in_the_timeline(folder, tmp_path):
    pcm = take_wav(tmp_path / "line2.wav")
    result = run("takes", "add", str(tmp_path / "line2.wav"), "--line", "s2", "--play", str(folder))
    assert result.exit_code == 0, result.output
    [take] = (folder / "takes").glob("s2-*.wav")
    assert result.output == f"added {folder / 'takes' / take.name} for speech #2 by Actor B\n"
    assert take.read_bytes() == (tmp_path / "line2.wav").read_bytes()  # copied as it was

    track = render(folder, tmp_path)
    line = item(track, "s2")
    assert line["voice"] == f"take:{take.name}"
    at = track.pcm.find(pcm)
    assert at >= 0 and at % 2 == 0, "the take's samples are in the track"
    assert abs(at / 2 / RATE * 1000 - line["start_ms"]) <= 1
    assert abs((line["end_ms"] - line["start_ms"]) - 1000) <= 1
    assert item(track, "s1")["voice"].startswith("silent:")


def test_a_take_is_trimmed_and_brought_to_the_clips_loudness_never_changed_on_disk(folder, tmp_path):
    source = tmp_path / "quiet.wav"
    take_wav(source, seconds=0.8, amp=800, silence_s=0.6)
    before = source.read_bytes()
    add_take(load_play(folder), source, "1")
    track = render(folder, tmp_path)
    line = item(track, "s1")
    assert 800 <= line["end_ms"] - line["start_ms"] <= 870  # the 0.6 s either side cut (30 ms edges kept)
    assert abs(integrated_lufs(track.window(line["start_ms"], line["end_ms"])) - TARGET_LUFS) < 1.0
    [copy] = (folder / "takes").glob("s1-*.wav")
    assert copy.read_bytes() == before == source.read_bytes()


def test_a_rehearsal_gap_is_the_takes_length_times_the_factor(folder, tmp_path):
    take_wav(tmp_path / "mine.wav", seconds=2.0)
    add_take(load_play(folder), tmp_path / "mine.wav", "s3")  # Anna's: Actor A's own line
    track = render(folder, tmp_path, "rehearsal.wav", performer="Actor A", gap_factor=1.5)
    gap = item(track, "s3")
    assert gap["kind"] == "gap" and gap["voice"].startswith("take:")
    assert abs((gap["end_ms"] - gap["start_ms"]) - 3000) <= 2
    assert track.peak(gap["start_ms"] + 5, gap["end_ms"] - 5) == 0  # a gap is silence to speak into


def _reword(folder: Path, old: str, new: str) -> None:
    play = folder / "play.yaml"
    text = play.read_text(encoding="utf-8")
    assert old in text
    play.write_text(text.replace(old, new), encoding="utf-8")


def test_a_reworded_line_makes_its_take_stale(folder, tmp_path):
    pcm = take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s3")
    assert run("check", str(folder), "--strict").exit_code == 0  # before: no warning
    _reword(folder, "I have walked all day and my feet are sore.", "I have walked all day and my feet ache.")
    result = run("check", str(folder), "-q")
    assert result.exit_code == 0
    [take] = (folder / "takes").glob("s3-*.wav")
    assert (f"{folder / 'play.yaml'}:22:9: warning: stale take: takes/{take.name} was recorded for other words "
            "(\"Thank you. I have walked all day and my…\"); record the line again, or use it anyway with "
            "--stale-takes use") in result.output
    assert run("check", str(folder), "--strict").exit_code == 3

    assert item(render(folder, tmp_path), "s3")["voice"].startswith("silent:")  # skipped by default
    used = render(folder, tmp_path, "used.wav", stale_takes="use")
    assert item(used, "s3")["voice"] == f"take:{take.name}" and used.pcm.find(pcm) >= 0

    listed = run("takes", "list", str(folder), "--performer", "Actor A")
    assert f"    #3 ANNA: stale  takes/{take.name}  (stale take at {folder / 'play.yaml'}:22:9)" in listed.output
    assert "  Actor A  0 recorded, 3 missing, 1 stale" in listed.output


def test_a_speech_inserted_before_keeps_the_take_on_its_line(folder, tmp_path):
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s3")
    _reword(folder, '      - pause: 1.5\n', '      - pause: 1.5\n      - boris: "Wait, one more thing."\n')
    track = render(folder, tmp_path)
    assert item(track, "s3")["text"] == "Wait, one more thing." and item(track, "s3")["voice"].startswith("silent")
    assert item(track, "s4")["voice"].startswith("take:")  # the line it was recorded for, now #4
    assert "0 stale" in run("takes", "list", str(folder)).output
    assert run("check", str(folder), "--strict").exit_code == 0


def test_a_take_matching_no_speech_is_reported_and_kept(folder, tmp_path):
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s7")
    _reword(folder, '      - boris: "Then we walk faster."\n', '      - boris: "Morning came at last, grey and wet."\n')
    [take] = (folder / "takes").glob("*.wav")
    listed = run("takes", "list", str(folder))
    assert (f"  matches no speech now (kept): takes/{take.name}, recorded for boris: \"Then we walk faster.\""
            in listed.output)
    checked = run("check", str(folder), "-q")
    assert f"warning: take takes/{take.name} matches no speech now" in checked.output
    assert take.exists()


ALTERNATES = CAST.replace("  actor-b: {name: Actor B, plays: [boris]}",
                          "  actor-b: {name: Actor B, plays: [boris]}\n  actor-c: {name: Actor C, plays: [anna]}")


def test_each_cast_hears_and_gets_gaps_from_its_own_takes(tmp_path):
    folder = write_play(tmp_path / "play", ALTERNATES, SILENT_VOICES)
    take_wav(tmp_path / "a.wav", seconds=1.0, freq=300)
    take_wav(tmp_path / "c.wav", seconds=2.0, freq=500)
    play = load_play(folder)
    result = run("takes", "add", str(tmp_path / "a.wav"), "--line", "1", "--play", str(folder))
    assert result.exit_code == 2 and "played by several performers (Actor A, Actor C)" in result.output
    add_take(play, tmp_path / "c.wav", "1", "actor-c")
    add_take(play, tmp_path / "a.wav", "1", "actor-a")
    a_take, c_take = sorted((folder / "takes").glob("*.wav"), key=lambda p: "actor-c" in p.name)
    assert item(render(folder, tmp_path), "s1")["voice"] == f"take:{a_take.name}"  # the first cast's
    for performer, take, seconds in (("actor-a", a_take, 1.0), ("actor-c", c_take, 2.0)):
        gap = item(render(folder, tmp_path, f"{performer}.wav", performer=performer, gap_factor=1.0), "s1")
        assert gap["voice"] == f"take:{take.name}" and abs(gap["end_ms"] - gap["start_ms"] - seconds * 1000) <= 2


def test_split_scenes_re_renders_only_the_scene_a_take_changes(folder, tmp_path):
    out = tmp_path / "scenes"
    options = {"engine": "silent", "jobs": 1, "split_scenes": True, "output": out, "cache_dir": tmp_path / "cache"}
    render_audio(load_play(folder), AudioOptions(**options))
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s7")  # in the scene "road"
    result = render_audio(load_play(folder), AudioOptions(**options))
    assert [p.name for p in result.tracks if p not in result.unchanged] == ["02-road.wav"]
    assert item(Track(out / "02-road.wav"), "s7")["voice"].startswith("take:")


def test_a_wordless_speech_with_a_take_is_heard(tmp_path):
    folder = write_play(tmp_path / "play", CAST.replace('"Then we walk faster."', '"…"'), SILENT_VOICES)
    pcm = take_wav(tmp_path / "sigh.wav", seconds=0.7)
    add_take(load_play(folder), tmp_path / "sigh.wav", "s7")
    track = render(folder, tmp_path)
    assert item(track, "s7")["voice"].startswith("take:") and track.pcm.find(pcm) >= 0


def test_a_cues_track_hears_the_cue_from_its_take(folder, tmp_path):
    pcm = take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s2")  # Boris's line: Anna's cue for s3
    track = render(folder, tmp_path, "cues.wav", performer="Actor A", mode="cues")
    assert item(track, "s2")["voice"].startswith("take:") and track.pcm.find(pcm) >= 0


def test_a_build_hears_takes_and_adding_one_remakes_only_the_tracks(folder, tmp_path):
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s2")
    out = tmp_path / "build"
    built = run("build", str(folder), "-o", str(out), "--engine", "silent", "--audio-format", "wav")
    assert built.exit_code == 0, built.output
    assert item(Track(out / "audio" / "read-through.wav"), "s2")["voice"].startswith("take:")
    assert item(Track(out / "performers" / "actor-a" / "rehearsal.wav"), "s2")["voice"].startswith("take:")
    take_wav(tmp_path / "u.wav", freq=700)
    add_take(load_play(folder), tmp_path / "u.wav", "s7")
    again = run("build", str(folder), "-o", str(out), "--engine", "silent", "--audio-format", "wav")
    assert again.exit_code == 0, again.output
    assert [line for line in again.output.splitlines() if line.startswith("building")] == [
        "building read-through track", "building master", "building rehearsal track for Actor A",
        "building rehearsal track for Actor B", "building rehearsal track for Actor D"]  # no PDF, cue sheet or stats
    assert item(Track(out / "audio" / "read-through.wav"), "s7")["voice"].startswith("take:")


def test_a_build_key_follows_the_takes_bytes(folder, tmp_path):
    from stagecast.build.inputs import BuildInputs, BuildOptions

    def key() -> str:
        return BuildInputs(folder, BuildOptions(tmp_path / "build", engine="silent")).audio_key

    before = key()
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s7")
    after = key()
    assert after != before
    take_wav(next((folder / "takes").glob("*.wav")), freq=900)  # re-recorded under the same name
    assert key() not in (before, after)


def test_a_flac_take_is_read_through_ffmpeg(folder, tmp_path):
    ffmpeg = need_tool("ffmpeg", "decodes FLAC, OGG, MP3 and M4A takes")
    pcm = take_wav(tmp_path / "t.wav")
    subprocess.run([ffmpeg, "-loglevel", "error", "-i", str(tmp_path / "t.wav"), str(tmp_path / "t.flac")], check=True)
    assert run("takes", "add", str(tmp_path / "t.flac"), "--line", "#2", "--play", str(folder)).exit_code == 0
    assert [p.suffix for p in (folder / "takes").glob("s2-*")] == [".flac"]
    assert render(folder, tmp_path).pcm.find(pcm) >= 0  # lossless: the very samples


def _long_wav(path: Path, seconds: float) -> None:
    rate = 8000
    with open(path, "wb") as handle:
        data = struct.pack("<hh", 4000, -4000) * int(seconds * rate / 2)
        handle.write(struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1, 1, rate,
                                 rate * 2, 2, 16, b"data", len(data)) + data)


@pytest.mark.parametrize(("make", "line", "said"), [
    (lambda p: p.write_text("not a sound\n"), "1", "{file}: not a take: it is text"),
    (lambda p: p.write_bytes(b""), "1", "{file}: not a take: it is empty (0 bytes)"),
    (lambda p: write_wav(p, b"\0\0" * 20000), "1", "{file}: the take is empty: it holds no sound (only silence)"),
    (lambda p: _long_wav(p, 601), "1", "{file}: the take is 10.0 minutes long; a take is one line, at most 10 minutes"),
    (lambda p: take_wav(p), "s99", "{file}: not added: --line s99 names no speech in Tiny Castle"),
    (lambda p: take_wav(p), "no-such-id", "{file}: not added: --line no-such-id names no speech in Tiny Castle"),
])
def test_a_bad_take_is_refused_naming_the_file_and_nothing_is_copied(folder, tmp_path, make, line, said):
    source = tmp_path / "take.wav"
    make(source)
    before = source.read_bytes()
    result = run("takes", "add", str(source), "--line", line, "--play", str(folder))
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "error: " + said.format(file=source)
    assert not (folder / "takes").exists()
    assert source.read_bytes() == before


def test_a_manifest_entry_outside_takes_is_an_error_at_its_line(folder, tmp_path):
    (folder / "takes").mkdir()
    manifest = folder / "takes" / "takes.yaml"
    manifest.write_text("format: 1\ntakes:\n  - file: ../play.yaml\n    speakers: [anna]\n    text: Hello.\n",
                        encoding="utf-8")
    checked = run("check", str(folder), "-q")
    assert checked.exit_code == 1
    assert (f"{manifest}:3:11: error: take file '../play.yaml' resolves outside the takes folder "
            f"{folder / 'takes'}") in checked.output
    with pytest.raises(ScriptError):
        render(folder, tmp_path)
    assert run("takes", "add", str(folder / "sounds" / "door.wav"), "--line", "1", "--play", str(folder)).exit_code == 1
    assert sorted(p.name for p in (folder / "takes").iterdir()) == ["takes.yaml"]


def test_a_take_whose_file_is_gone_is_an_error_at_its_entry(folder, tmp_path):
    take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s2")
    [take] = (folder / "takes").glob("*.wav")
    take.unlink()
    checked = run("check", str(folder), "-q")
    assert checked.exit_code == 1
    assert (f"{folder / 'takes' / 'takes.yaml'}:5:9: error: take file '{take.name}' is not in {folder / 'takes'}; "
            "put it back, or remove its entry") in checked.output


def test_rehearse_hears_a_cue_from_its_take(folder, tmp_path, monkeypatch):
    from stagecast.audio.cache import ClipCache
    from stagecast.audio.take_clips import take_refs
    from stagecast.playback.spoken import SpokenVoice

    pcm = take_wav(tmp_path / "t.wav")
    add_take(load_play(folder), tmp_path / "t.wav", "s2")
    play = load_play(folder)
    cache = ClipCache(tmp_path / "cache")
    heard: list[Path] = []

    class Ear:
        def play(self, path: Path) -> None:
            heard.append(path)

    class Resolver:  # never asked for a voice: the line has a take
        engines = None

    voice = SpokenVoice(play, Resolver(), cache, Ear(), take_refs(play, cache, ["s2"]))  # type: ignore[arg-type]
    voice.speech(play.speeches()[1])
    assert heard[0].read_bytes()[44:] == pcm


def test_audio_accepts_stale_takes_only_as_skip_or_use(folder):
    result = run("audio", str(folder), "--stale-takes", "maybe")
    assert result.exit_code == 2 and "'maybe' is not one of 'skip', 'use'" in result.output
