"""RHVoice through its C API (libRHVoice.so.5): the real path on the small play, its voices as
voices.yaml names them, and what a user is told when it is named but not installed.

.ci/run installs it from Debian's non-free component; elsewhere these tests skip, saying why."""

from __future__ import annotations

import os
import sys

import pytest
from click.testing import CliRunner

from stagecast import load_play, render_audio
from stagecast.audio.engines import rhvoice_lib
from stagecast.audio.engines.rhvoice import RHVoiceEngine
from stagecast.audio.engines.rhvoice_lib import RHVoiceLibrary
from stagecast.audio.render import AudioOptions
from stagecast.cli import cli
from tests.audio_support import PLAY, Track, write_play

VOICES = """\
engine: rhvoice
default: {voice: SLT}
roles:
  boris: {voice: Bdl, rate: 200, pitch: 40}
  olga: {voice: anna}
languages:
  ru: {voice: Aleksandr}
"""
HINT = ("hint: install RHVoice's library and voices: apt install librhvoice5 rhvoice-russian rhvoice-english "
        "(Debian: in the non-free component; Ubuntu: multiverse); or set STAGECAST_RHVOICE_LIBRARY to a "
        "libRHVoice.so.5")


def need_rhvoice() -> None:
    """Skip (locally) or fail (in CI, where .ci/run installs it) without RHVoice and its voices."""
    if rhvoice_lib.find_install() is not None:
        try:
            names = {v.id for v in RHVoiceEngine().list_voices()}
        except Exception as exc:  # noqa: BLE001 - any failure to start is reported as the reason
            names, problem = set(), str(exc)
        else:
            problem = "no voices slt, bdl, anna, aleksandr"
        if {"slt", "bdl", "anna", "aleksandr"} <= names:
            return
    else:
        problem = "no libRHVoice.so.5"
    message = (f"needs RHVoice ({problem}): apt install librhvoice5 rhvoice-english rhvoice-russian "
               "(Debian non-free)")
    if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
        pytest.fail(message + " (CI requires every tool; .ci/run installs it)")
    pytest.skip(message)


@pytest.fixture
def no_rhvoice(monkeypatch):
    monkeypatch.setattr(rhvoice_lib, "_library_paths", lambda: [])
    monkeypatch.setattr(RHVoiceLibrary, "_instance", None)


def test_rhvoice_real_path_speaks_every_line_in_the_voice_named(tmp_path):
    need_rhvoice()
    folder = write_play(tmp_path / "play", voices=VOICES)
    result = CliRunner().invoke(cli, ["audio", str(folder), "-o", str(tmp_path / "r.wav"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    track = Track(tmp_path / "r.wav")
    speeches = {s["id"]: s for s in track.items("speech")}
    # voices.yaml's names in any case; the timeline's always lowercase
    assert {i: s["voice"] for i, s in speeches.items()} == {
        "s1": "rhvoice:slt", "s2": "rhvoice:bdl", "s3": "rhvoice:slt", "s4": "rhvoice:anna", "s5": "rhvoice:bdl",
        "s6": "rhvoice:slt", "s7": "rhvoice:bdl"}
    for speech in speeches.values():
        assert speech["end_ms"] - speech["start_ms"] > 300
        assert track.rms_db(speech["start_ms"], speech["end_ms"]) > -30, speech
    assert abs(track.duration_ms - track.timeline["duration_ms"]) <= 1


def test_the_engine_version_and_identity_key_the_clips(tmp_path):
    """An upgraded RHVoice (another library file, another version) re-synthesises every line."""
    need_rhvoice()

    class Upgraded(RHVoiceEngine):
        def version(self) -> str:
            return super().version() + "+upgraded"

        def identity(self) -> str:
            return super().identity() + "|upgraded"

    folder = write_play(tmp_path / "play", voices=VOICES)
    play, cache = load_play(folder), tmp_path / "cache"
    first = render_audio(play, AudioOptions(output=tmp_path / "a.wav", cache_dir=cache, engine=RHVoiceEngine()))
    again = render_audio(play, AudioOptions(output=tmp_path / "b.wav", cache_dir=cache, engine=RHVoiceEngine()))
    upgraded = render_audio(play, AudioOptions(output=tmp_path / "c.wav", cache_dir=cache, engine=Upgraded()))
    assert RHVoiceEngine().version() == f"rhvoice {RHVoiceLibrary.get().version()}"
    assert [(r.synthesised, r.cached) for r in (first, again, upgraded)] == [(7, 0), (0, 7), (7, 0)]


def test_a_variant_with_rhvoice_is_a_located_error(tmp_path):
    need_rhvoice()
    folder = write_play(tmp_path / "play", voices=VOICES.replace("{voice: anna}", "{voice: anna, variant: f2}"))
    result = CliRunner().invoke(cli, ["audio", str(folder), "-o", str(tmp_path / "r.wav")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{folder / 'voices.yaml'}:5:3: error: the rhvoice engine has no voice variants; give the role another "
        "voice: instead (`stagecast voices` lists them)")
    assert not (tmp_path / "r.wav").exists()


def test_voices_lists_rhvoice_voices_in_lowercase():
    need_rhvoice()
    result = CliRunner().invoke(cli, ["voices", "--engine", "rhvoice", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.output.splitlines()]
    assert "aleksandr" in ids and "anna" in ids and ids == [i.lower() for i in ids]
    assert "slt" not in ids


def test_a_language_without_a_named_voice_gets_an_lgpl_voice():
    need_rhvoice()
    from stagecast.audio.engines.rhvoice import LGPL_VOICES
    from stagecast.audio.voice_choice import voice_for_language

    voices = RHVoiceEngine().list_voices()
    assert voice_for_language(voices, "ru").id in LGPL_VOICES
    assert voice_for_language(voices, "en").id in LGPL_VOICES


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the install hint of Linux")
def test_rhvoice_named_in_voices_yaml_but_not_installed_says_what_to_install(no_rhvoice, tmp_path):
    folder = write_play(tmp_path / "play", play=PLAY, voices=VOICES)
    before = (folder / "voices.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["audio", str(folder), "-o", str(tmp_path / "r.wav")])
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [  # located where voices.yaml names the engine
        f"{folder / 'voices.yaml'}:1:9: error: the speech engine 'rhvoice' cannot start: RHVoice was not found: "
        "no libRHVoice.so.5 in the system's library folders", HINT]
    assert not (tmp_path / "r.wav").exists() and (folder / "voices.yaml").read_bytes() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the install hint of Linux")
def test_voices_engine_rhvoice_not_installed_is_exit_4(no_rhvoice):
    result = CliRunner().invoke(cli, ["voices", "--engine", "rhvoice"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == HINT


def test_a_library_path_that_is_not_a_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("STAGECAST_RHVOICE_LIBRARY", str(tmp_path / "libRHVoice.so.5"))
    monkeypatch.setattr(RHVoiceLibrary, "_instance", None)
    result = CliRunner().invoke(cli, ["voices", "--engine", "rhvoice"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[0] == (
        "error: the speech engine 'rhvoice' cannot start: STAGECAST_RHVOICE_LIBRARY names "
        f"{tmp_path / 'libRHVoice.so.5'}, which is not a file")


STRESSED_PLAY = """\
title: Stress
language: ru
roles:
  olga: Olga
performers:
  a: {name: A, plays: [olga]}
pronunciations:
  ru:
    замок: зам+ок
scenes:
  - id: one
    body:
      - olga: Это мой замок.
      - olga: Это мой зам+ок.
"""


def test_marks_and_pronunciations_reach_rhvoice_as_stress(tmp_path):
    """RHVoice reads U+0301 itself: a pronunciations: entry's mark is heard as the same mark
    written in the speech, and moving the mark changes the audio (RHVoice's own reading of
    замок is за́мок; it is deterministic, so equal audio is equal reading)."""
    need_rhvoice()
    from stagecast.audio.engines.base import EngineVoice, Utterance
    from stagecast.audio.utterance import Speaker

    (tmp_path / "play.yaml").write_text(STRESSED_PLAY, encoding="utf-8")
    play = load_play(tmp_path / "play.yaml", remember=False)
    speaker, engine, voice = Speaker(play), RHVoiceEngine(), EngineVoice("aleksandr", "ru")
    by_entry, written = (engine.synthesize(speaker.speech(s), voice).pcm for s in play.speeches())
    assert by_entry == written
    castle = engine.synthesize(Utterance("Это мой за\u0301мок.", "ru"), voice).pcm
    assert castle != written
    assert castle == engine.synthesize(Utterance("Это мой замок.", "ru"), voice).pcm  # RHVoice's own reading


RUSSIAN_PLAY = """\
title: Путь
language: ru
roles:
  olga: {name: Olga, gender: female}
performers:
  a: {name: A, plays: [olga]}
scenes:
  - id: one
    body:
      - olga: Это мой дом.
"""


def test_voices_yaml_says_where_rhvoice_is_when_the_system_folders_do_not_have_it(monkeypatch, tmp_path):
    need_rhvoice()
    system = rhvoice_lib.find_install()
    monkeypatch.setattr(rhvoice_lib, "_LINUX_DIRS", ())  # as if RHVoice were built into a folder of its own
    monkeypatch.setattr(rhvoice_lib, "_OTHER_DIRS", ())
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    monkeypatch.setattr(RHVoiceLibrary, "_instance", None)
    folder = write_play(tmp_path / "play", play=RUSSIAN_PLAY, voices="engine: auto\n")
    (tmp_path / "rh").mkdir()
    (tmp_path / "rh" / "libRHVoice.so.5").symlink_to(system.library)
    before = CliRunner().invoke(cli, ["check", "-q", "--verbose", str(folder)])
    assert before.stdout.splitlines()[1].startswith("  olga: espeak:"), before.output  # not found: eSpeak NG
    (folder / "voices.yaml").write_text(f"rhvoice: {{library: ../rh/libRHVoice.so.5, data: '{system.data}'}}\n",
                                        encoding="utf-8")
    after = CliRunner().invoke(cli, ["check", "-q", "--verbose", str(folder)])
    assert after.exit_code == 0 and after.stdout.splitlines()[1] == "  olga: rhvoice:anna (ru)", after.output


def test_a_rhvoice_path_in_voices_yaml_that_is_not_there_is_a_located_error(tmp_path):
    folder = write_play(tmp_path / "play", play=RUSSIAN_PLAY)
    (folder / "voices.yaml").write_text("rhvoice:\n  library: lib/libRHVoice.so.5\n  data: share\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    shown = folder / "voices.yaml"
    assert result.stderr.splitlines()[:2] == [
        f"{shown}:2:12: error: rhvoice library 'lib/libRHVoice.so.5' is not a file (read from {folder}); give the "
        "path of libRHVoice.so.5 (RHVoice.dll, libRHVoice.dylib)",
        f"{shown}:3:9: error: rhvoice data 'share' is not a folder (read from {folder}); give the folder with "
        "RHVoice's voices/ and languages/"]
