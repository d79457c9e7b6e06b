"""``stagecast audio`` and ``stagecast voices`` as a user runs them."""

from __future__ import annotations

import json
import struct

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from tests.audio_support import write_play
from tests.conftest import SAMPLE


@pytest.fixture
def folder(tmp_path):
    return write_play(tmp_path / "play")


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_rehearsal_track_with_verbose_counts(folder, tmp_path):
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "out" / "b.wav"
    result = run("audio", str(folder), "--performer", "Actor B", "-o", str(out), "--verbose", env=env)
    assert result.exit_code == 0, result.output
    assert "clips: 7 synthesised, 0 cached" in result.stderr
    assert f"wrote {out}" in result.stdout
    again = run("audio", str(folder), "-p", "actor-b", "-o", str(out), "--verbose", "-q", env=env)
    assert again.exit_code == 0 and again.stdout == ""
    assert "clips: 0 synthesised, 7 cached" in again.stderr
    timeline = json.loads(out.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    assert {i["kind"] for i in timeline["items"]} >= {"speech", "gap", "tone", "direction", "pause", "sound"}


def test_stress_marks_not_honoured_are_counted_without_verbose(tmp_path):
    play = tmp_path / "play.yaml"
    play.write_text("title: T\nroles:\n  tom: Tom\nperformers:\n  a: {name: A, plays: [tom]}\n"
                    "scenes:\n  - id: one\n    body:\n      - tom: Hot chocol+ate, please.\n", encoding="utf-8")
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    result = run("audio", str(play), "-o", str(tmp_path / "t.wav"), "--engine", "espeak", env=env)
    assert result.exit_code == 0, result.output
    assert "note: 1 stress mark could not be honoured; --verbose lists it\n" in result.stderr
    seconds = json.loads((tmp_path / "t.timeline.json").read_text(encoding="utf-8"))["duration_ms"] / 1000
    assert f"t.wav ({round(seconds)} s) + .vtt .srt .timeline.json" in result.stdout
    verbose = run("audio", str(play), "-o", str(tmp_path / "t.wav"), "--verbose", "--engine", "espeak",
                  env=env)  # the clip is cached now
    assert "clips: 0 synthesised, 1 cached" in verbose.stderr
    assert "play.yaml:9:9: stress mark on 'chocolate' not honoured" in verbose.stderr
    assert "could not be honoured" not in verbose.stderr
    again = run("audio", str(play), "-o", str(tmp_path / "u.wav"), "--engine", "espeak", env=env)
    assert "note: 1 stress mark could not be honoured; --verbose lists it\n" in again.stderr


@pytest.mark.parametrize(("ms", "said"), [(400, "0 s"), (6_400, "6 s"), (59_499, "59 s"), (60_000, "1 min 00 s"),
                                         (500_000, "8 min 20 s"), (3_599_000, "59 min 59 s"),
                                         (10_080_000, "2 h 48 min")])
def test_track_lengths_are_said_as_people_say_them(ms, said):
    from stagecast.cli.commands.audio import spoken_length

    assert spoken_length(ms) == said


def test_output_paths_a_user_would_write(folder, tmp_path, monkeypatch):
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    monkeypatch.chdir(tmp_path)
    new = run("audio", str(folder), "-o", "tracks/", env=env)  # a folder that is not there yet
    assert new.exit_code == 0, new.output
    assert (tmp_path / "tracks" / "tiny-castle.wav").is_file() and not (tmp_path / "tracks.wav").exists()
    narrated = run("audio", str(folder), "-o", "tracks/", "--narrate", env=env)
    assert narrated.exit_code == 0 and (tmp_path / "tracks" / "tiny-castle-narrated.wav").is_file()
    # What the refusals say: tests/golden/cli/audio-usage.txt
    assert run("audio", str(folder), "-o", "x.flac", env=env).exit_code == 2
    assert run("audio", str(folder), "--split", "scenes", "-o", "sp.wav", env=env).exit_code == 2
    assert not (tmp_path / "x.flac").exists() and not (tmp_path / "sp.wav").exists()
    # Another kind of document is refused too, rather than written as x.txt.wav
    (tmp_path / "x.txt").write_text("mine\n", encoding="utf-8")
    refused = run("audio", str(folder), "-o", "x.txt", env=env)
    assert refused.exit_code == 2
    assert refused.stderr == "error: -o x.txt: stagecast writes wav, mp3, ogg audio, not .txt\nhint: try -o x.wav\n"
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "mine\n" and not (tmp_path / "x.txt.wav").exists()


def test_one_scene_of_a_split_render_replaces_its_file_among_the_others(folder, tmp_path, monkeypatch):
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    monkeypatch.chdir(tmp_path)
    assert run("audio", str(folder), "--split", "scenes", env=env).exit_code == 0
    scenes = tmp_path / "build" / "audio" / "tiny-castle"
    assert sorted(p.name for p in scenes.glob("*.wav")) == ["01-gate.wav", "02-road.wav"]
    before = (scenes / "01-gate.wav").stat().st_mtime_ns
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("walk faster", "walk a little faster"), encoding="utf-8")
    one = run("audio", str(folder), "--split", "scenes", "--scene", "road", env=env)
    assert one.exit_code == 0, one.output
    assert f"wrote {scenes / '02-road.wav'}".replace(str(tmp_path) + "/", "") in one.stdout
    assert sorted(p.name for p in (tmp_path / "build" / "audio").iterdir()) == ["tiny-castle"]
    assert (scenes / "01-gate.wav").stat().st_mtime_ns == before


def test_damaged_sound_files(folder, tmp_path):
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    door = folder / "sounds" / "door.wav"
    whole = door.read_bytes()
    door.write_bytes(whole[:len(whole) // 3])  # cut short: what a failed copy leaves
    short = run("audio", str(folder), "-o", str(tmp_path / "a.wav"), env=env)
    assert short.exit_code == 0, short.output
    assert ("play.yaml:22:9: warning: sound file 'sounds/door.wav' is shorter than its header says (0.2 s of 0.6 s); "
            "it may be damaged, and plays as far as it goes\n") in short.stderr
    door.write_bytes(b"RIFF" + b"\x00" * 40 + b"not audio at all" * 50)
    # A damaged header: check and audio both say so, in the same words, where the play names the file.
    for args in (["check", str(folder)], ["audio", str(folder), "-o", str(tmp_path / "b.wav")]):
        broken = run(*args, env=env)
        assert broken.exit_code == 1 and not (tmp_path / "b.wav").exists()
        assert broken.stderr.split("/play/")[-1] == ("play.yaml:24:15: error: sound file 'sounds/door.wav' cannot be "
                                                     "read as audio: it starts like a WAV file, but its header is "
                                                     "damaged; export it again as WAV, MP3 or OGG\n1 error found\n")
    # A sound header (MP3 in WAV) with no sound after it: only decoding can tell, so `audio` says so.
    fmt = struct.pack("<HHIIHH", 0x55, 1, 8000, 1000, 1, 0)
    door.write_bytes(b"RIFF" + struct.pack("<I", 836) + b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data"
                     + struct.pack("<I", 800) + b"not audio at all" * 50)
    assert run("check", str(folder), env=env).exit_code == 0
    broken = run("audio", str(folder), "-o", str(tmp_path / "b.wav"), env=env)
    assert broken.exit_code == 1 and not (tmp_path / "b.wav").exists()
    assert broken.stderr.split("/play/")[-1].startswith("play.yaml:22:9: error: sound file 'sounds/door.wav' cannot be read as audio (")
    assert broken.stderr.count("door.wav") == 1 and "export it again as WAV, MP3 or OGG" in broken.stderr


def test_no_tone_and_cues_mode(folder, tmp_path):
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "c.wav"
    result = run("audio", str(folder), "-p", "Actor A", "--mode", "cues", "--no-tone", "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    kinds = [i["kind"] for i in json.loads(out.with_suffix(".timeline.json").read_text())["items"]]
    assert "tone" not in kinds and kinds.count("gap") == 4


def test_usage_errors_exit_2(folder, tmp_path):
    # What the ones a user meets most say: tests/golden/cli/audio-usage.txt
    assert run("audio", str(folder), "--voices", str(tmp_path / "nowhere.yaml")).exit_code == 2
    assert run("audio", str(folder), "--mode", "cues").exit_code == 2
    assert run("audio", str(folder), "--performer", "Nobody").exit_code == 2
    assert run("audio", str(folder), "--performer", "Olga").exit_code == 2
    assert run("audio", str(folder), "--engine", "festival").exit_code == 2
    assert run("audio", str(folder), "--gap-factor", "0", "-o", str(tmp_path / "x.wav")).exit_code == 2


def test_unknown_voice_exit_1_with_location(folder, tmp_path):
    (folder / "voices.yaml").write_text("roles:\n  anna: {voice: en-scottish}\n", encoding="utf-8")
    result = run("audio", str(folder), "-o", str(tmp_path / "x.wav"),
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1
    assert "voices.yaml:2:3: error: the espeak engine has no voice 'en-scottish'" in result.stderr
    assert "gmw/en-GB-scotland" in result.stderr.split("close: ")[1]


def test_every_voice_problem_in_one_run(tmp_path):
    (tmp_path / "play.yaml").write_text(
        "title: T\nroles:\n  anna: Anna\n  boris: Boris\nperformers:\n  a: {name: A, plays: [anna, boris]}\n"
        "scenes:\n  - id: one\n    body:\n      - anna: Hello.\n      - boris: Hi.\n        lang: qqq\n"
        "  - id: two\n    body:\n      - boris: Hi again.\n        lang: qqq\n      - anna: Me too.\n"
        "        lang: qqq\n", encoding="utf-8")
    (tmp_path / "voices.yaml").write_text(  # boris and anna both speak qqq: said once, at its first line
        "roles:\n  anna: {voice: ru-moscow, variant: m9}\nlanguages:\n  en: {lang: tlh}\n", encoding="utf-8")
    result = run("audio", str(tmp_path), "-o", str(tmp_path / "x.wav"), env={"STAGECAST_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 1 and not (tmp_path / "x.wav").exists()
    *lines, count = result.stderr.splitlines()
    assert count == "4 errors found"
    assert [line.split(": error: ")[0].rsplit("/", 1)[-1] for line in lines] == [
        "play.yaml:11:9", "voices.yaml:2:3", "voices.yaml:2:3", "voices.yaml:4:3"]
    assert "no installed voice (" in lines[0] and "espeak) speaks 'qqq'" in lines[0]
    assert "no voice 'ru-moscow'" in lines[1] and "unknown voice variant 'm9'" in lines[2]
    assert "`stagecast voices --variants` lists all" in lines[2] and "no voice 'tlh'" in lines[3]


def test_voices_variants_lists_the_engines_variants():
    result = run("voices", "--variants")
    assert result.exit_code == 0
    assert {"female", "male", "f2", "m3"} <= set(result.stdout.splitlines())


def test_voices_lists_installed_voices():
    result = run("voices", "--engine", "espeak", "--lang", "ru")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:2] == ["zle/ru", "ru"]
    assert all(" ru" in line for line in result.stdout.splitlines())
    kazakh = run("voices", "--engine", "espeak", "--lang", "kk")
    assert "trk/kk" in kazakh.stdout


def test_voices_for_a_regional_tag_in_any_case_are_the_languages_voices():
    assert run("voices", "--lang", "RU-ru").stdout == run("voices", "--lang", "ru").stdout
    assert run("voices", "--engine", "espeak", "--lang", "en-GB").stdout.split()[0] == "gmw/en"


def test_voices_for_a_language_nobody_speaks_is_a_usage_error_listing_the_languages():
    result = run("voices", "--lang", "xx")
    assert result.exit_code == 2 and result.stdout == ""
    last = result.stderr.splitlines()[-1]
    prefix = "Error: Invalid value for '--lang': no installed voice speaks 'xx'; give one of the languages they speak: "
    assert last.startswith(prefix)
    languages = last[len(prefix):].split(", ")
    assert {"en", "ru", "kk", "uk"} <= set(languages) and languages == sorted(languages)


@pytest.mark.skipif(not (SAMPLE / "play.yaml").is_file(), reason="the sample play is not written yet")
def test_sample_rehearsal_track(tmp_path):
    out = tmp_path / "a.wav"
    result = run("audio", str(SAMPLE), "--performer", "Actor A", "-o", str(out), "--verbose",
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    timeline = json.loads(out.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    gaps = [i for i in timeline["items"] if i["kind"] == "gap"]
    assert gaps and all(set(g["performers"]) >= {"actor-a"} for g in gaps)
    assert all(g["source"].startswith("scenes/") for g in gaps)


SILENT = "default: {voice: silent-en}\nlanguages:\n  ru: {voice: silent-ru}\n"


def test_split_scenes_names_files_by_their_place_in_the_play_and_says_what_is_up_to_date(folder, tmp_path):
    (folder / "voices.yaml").write_text(SILENT, encoding="utf-8")
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "scenes"
    first = run("audio", str(folder), "--engine", "silent", "--split", "scenes", "-o", str(out), env=env)
    assert first.exit_code == 0, first.output
    assert [line.split(" (")[0] for line in first.stdout.splitlines()] == [f"wrote {out / '01-gate.wav'}",
                                                                         f"wrote {out / '02-road.wav'}"]
    assert all(line.endswith(" s)") for line in first.stdout.splitlines())  # each with its length
    again = run("audio", str(folder), "--engine", "silent", "--split", "scenes", "-o", str(out), env=env)
    assert again.stdout.startswith(f"2 scene files up to date in {out} (")
    # One scene on its own goes to the same file as in the whole play's render (not 01-road).
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("Then we walk faster.", "Faster."), "utf-8")
    road = run("audio", str(folder), "--engine", "silent", "--scene", "road", "--split", "scenes", "-o", str(out),
               env=env)
    assert road.stdout.startswith(f"wrote {out / '02-road.wav'} (")
    assert sorted(p.name for p in out.glob("*.wav")) == ["01-gate.wav", "02-road.wav"]
    assert "Faster." in (out / "02-road.vtt").read_text(encoding="utf-8")


def test_scene_files_of_an_earlier_render_are_pointed_out_not_deleted(folder, tmp_path):
    (folder / "voices.yaml").write_text(SILENT, encoding="utf-8")
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "scenes"
    run("audio", str(folder), "--engine", "silent", "--split", "scenes", "-o", str(out), env=env)
    play = folder / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("- id: road", "- id: highway"), "utf-8")
    (out / "2024-poster.wav").write_bytes(b"RIFF")  # the user's own: not taken for a scene file
    result = run("audio", str(folder), "--engine", "silent", "--split", "scenes", "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    assert f"note: {out / '02-road.wav'} (and its .vtt .srt .timeline.json) is from an earlier render" in result.stderr
    assert "2024-poster" not in result.stderr
    assert (out / "02-road.wav").exists() and (out / "02-highway.wav").exists()
    single = run("audio", str(folder), "--engine", "silent", "-o", str(tmp_path / "all.wav"), env=env)
    again = run("audio", str(folder), "--engine", "silent", "-o", str(tmp_path / "all.wav"), env=env)
    assert single.stdout.startswith(f"wrote {tmp_path / 'all.wav'} (")
    assert again.stdout.startswith(f"{tmp_path / 'all.wav'} is up to date (")


def test_a_default_voice_problem_is_said_once_at_the_default(tmp_path):
    (tmp_path / "play.yaml").write_text(
        "title: T\nroles:\n  anna: Anna\n  boris: Boris\nperformers:\n  a: {name: A, plays: [anna, boris]}\n"
        "scenes:\n  - id: one\n    body:\n      - anna: Hello.\n      - boris: Hi.\n        lang: qqq\n"
        "      - anna: Again.\n        lang: qqq\n", encoding="utf-8")
    (tmp_path / "voices.yaml").write_text(
        "default: {voice: en-us, variant: zz9}\nroles:\n  anna: {rate: 150}\n  boris: {rate: 160}\n", encoding="utf-8")
    result = run("audio", str(tmp_path), "-o", str(tmp_path / "x.wav"), env={"STAGECAST_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 1
    *lines, count = result.stderr.splitlines()
    assert count == "2 errors found"
    assert [line.split(": error: ")[0].rsplit("/", 1)[-1] for line in lines] == ["play.yaml:11:9", "voices.yaml:1:10"]
    assert "unknown voice variant 'zz9'" in lines[1]


def test_scene_files_named_from_numbered_scene_ids_are_numbered_once(tmp_path):
    from stagecast import load_play
    from stagecast.audio.cache import ClipCache
    from stagecast.audio.output import TrackWriter

    folder = write_play(tmp_path / "play")
    play_yaml = folder / "play.yaml"
    play_yaml.write_text(play_yaml.read_text(encoding="utf-8").replace("id: gate", "id: 01-gate")
                         .replace("id: road", "id: 02-road"), encoding="utf-8")
    writer = TrackWriter(load_play(folder), ClipCache(tmp_path / "c"), "wav", split_scenes=True,
                         single_path=tmp_path / "x.wav", folder=tmp_path / "out", jobs=1)
    assert writer.scene_file_names() == {"01-gate": "01-gate.wav", "02-road": "02-road.wav"}


def test_split_scenes_into_a_file_is_refused_before_any_clip_is_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    cache = tmp_path / "cache"
    result = CliRunner().invoke(cli, ["audio", str(write_play(tmp_path / "play")), "--split", "scenes", "-o", "taken"],
                                env={"STAGECAST_CACHE_DIR": str(cache)})
    assert result.exit_code == 2
    assert result.stderr == "error: --split scenes writes one file per scene, so -o must be a folder; taken is a file\n"
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"
    assert not list(cache.rglob("*.wav"))  # nothing was synthesised first
