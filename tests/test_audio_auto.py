"""``--engine auto`` (the default): the best installed voice for each role and language, distinct
voices for roles sharing a language, ``gender:``, a voices.yaml entry's own ``engine:`` and lists
of alternatives (issue 16, item 2). The real path with RHVoice and Piper where they are installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.audio.engines import rhvoice_lib
from stagecast.audio.engines.base import VoiceInfo
from stagecast.audio.engines.rhvoice import RHVoiceEngine
from stagecast.audio.engines.rhvoice_lib import RHVoiceLibrary
from stagecast.audio.voice_pool import Choice, share_out
from stagecast.cli import cli
from tests.test_audio_piper import need_piper
from tests.test_audio_rhvoice import HINT, need_rhvoice

RUSSIAN = """\
title: Два голоса
language: ru
roles:
  masha: {name: Маша}
  petya: {name: Петя, gender: male}
performers:
  a: {name: A, plays: [masha]}
  b: {name: B, plays: [petya]}
scenes:
  - id: one
    body:
      - masha: "Здравствуй, Петя."
      - petya: "Привет, Маша."
"""

ENGLISH = """\
title: Three voices
language: en
roles:
  ann: {name: Ann}
  bob: {name: Bob, gender: male}
  cat: {name: Cat, gender: female}
performers:
  a: {name: A, plays: [ann]}
  b: {name: B, plays: [bob]}
  c: {name: C, plays: [cat]}
scenes:
  - id: one
    body:
      - ann: "Good evening."
      - bob: "Good evening to you."
      - cat: "And to you both."
"""


@pytest.fixture
def no_rhvoice(monkeypatch):
    """As on a machine without RHVoice."""
    monkeypatch.setattr(rhvoice_lib, "_library_paths", lambda: [])
    monkeypatch.setattr(RHVoiceLibrary, "_instance", None)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def write(folder: Path, play: str, voices: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "play.yaml").write_text(play, encoding="utf-8")
    if voices is not None:
        (folder / "voices.yaml").write_text(voices, encoding="utf-8")
    return folder


def voices_heard(timeline: Path) -> dict[str, str]:
    """Each speaking role's voice, as the timeline names it."""
    items = json.loads(timeline.read_text(encoding="utf-8"))["items"]
    return {item["speakers"][0]: item["voice"] for item in items if item["kind"] == "speech"}


def render(folder: Path, out: Path, *args: str) -> dict[str, str]:
    result = run("audio", str(folder), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return voices_heard(out.with_suffix(".timeline.json"))


def test_two_russian_roles_get_two_rhvoice_voices_and_the_male_role_a_male_one(tmp_path):
    need_rhvoice()
    heard = render(write(tmp_path / "play", RUSSIAN), tmp_path / "ru.wav")
    assert heard["masha"].startswith("rhvoice:") and heard["petya"].startswith("rhvoice:")
    assert heard["masha"] != heard["petya"]
    genders = {v.id: v.gender for v in RHVoiceEngine().list_voices()}
    assert genders[heard["petya"].removeprefix("rhvoice:")] == "male"


def test_the_automatic_choice_never_takes_a_non_commercial_rhvoice_voice(tmp_path):
    """Debian's rhvoice-russian installs non-commercial voices beside the LGPL ones: four male
    Russian roles get aleksandr (the one LGPL male voice) and then eSpeak NG, never artemiy & co."""
    need_rhvoice()
    men = "".join(f"  m{n}: {{name: M{n}, gender: male}}\n" for n in range(4))
    play = (f"title: Men\nlanguage: ru\nroles:\n{men}performers:\n  a: {{name: A, plays: [m0, m1, m2, m3]}}\n"
            "scenes:\n  - id: one\n    body:\n" + "".join(f'      - m{n}: "Слово {n}."\n' for n in range(4)))
    heard = render(write(tmp_path / "play", play), tmp_path / "men.wav")
    rhvoice = sorted(v.removeprefix("rhvoice:") for v in heard.values() if v.startswith("rhvoice:"))
    assert rhvoice == ["aleksandr"], heard
    assert sum(v.startswith("espeak:") for v in heard.values()) == 3, heard


def test_english_roles_get_piper_first_then_rhvoice_by_gender(tmp_path):
    need_piper()
    need_rhvoice()
    heard = render(write(tmp_path / "play", ENGLISH), tmp_path / "en.wav")
    genders = {v.id: v.gender for v in RHVoiceEngine().list_voices()}
    assert heard["ann"] == "piper:en_us-joe-medium"  # the first role in the play's order: the best engine
    assert genders[heard["bob"].removeprefix("rhvoice:")] == "male"
    assert genders[heard["cat"].removeprefix("rhvoice:")] == "female"


def test_check_verbose_and_voices_play_say_which_voice_each_role_gets(tmp_path):
    folder = write(tmp_path / "play", ENGLISH)
    result = run("check", "-q", "--verbose", "--engine", "espeak", str(folder))
    assert result.exit_code == 0, result.output
    # bob and cat (given a gender) choose first: eSpeak's plain English voice is male
    assert result.stdout.splitlines() == ["voices:", "  ann: espeak:gmw/en+m1 (en)", "  bob: espeak:gmw/en (en)",
                                          "  cat: espeak:gmw/en+f1 (en)", "  narrator: espeak:gmw/en+m2 (en)"]
    listed = run("voices", "--play", str(folder), "--engine", "espeak")
    assert listed.exit_code == 0 and listed.stdout.splitlines()[0] == "ann: espeak:gmw/en+m1 (en)"


def test_named_engine_forces_every_voice_in_lowercase(tmp_path):
    heard = render(write(tmp_path / "play", ENGLISH), tmp_path / "e.wav", "--engine", "espeak")
    assert heard == {"ann": "espeak:gmw/en+m1", "bob": "espeak:gmw/en", "cat": "espeak:gmw/en+f1"}


def test_an_entry_naming_an_engine_that_is_not_installed_is_located_exit_4(no_rhvoice, tmp_path):
    folder = write(tmp_path / "play", ENGLISH, "roles:\n  bob: {engine: rhvoice, voice: bdl}\n")
    before = (folder / "voices.yaml").read_bytes()
    result = run("audio", str(folder), "-o", str(tmp_path / "x.wav"))
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"{folder / 'voices.yaml'}:2:3: error: the speech engine 'rhvoice' cannot start: RHVoice was not found: "
        "no libRHVoice.so.5 in the system's library folders", HINT]
    assert (folder / "voices.yaml").read_bytes() == before and not (tmp_path / "x.wav").exists()


def test_engine_named_on_the_command_line_but_missing_exit_4(no_rhvoice, tmp_path):
    result = run("audio", str(write(tmp_path / "play", ENGLISH)), "-o", str(tmp_path / "x.wav"), "--engine", "rhvoice")
    assert result.exit_code == 4 and result.stderr.startswith("error: the speech engine 'rhvoice' cannot start")


ALTERNATIVES = """\
engine: auto
roles:
  cat:
    - {engine: rhvoice, voice: SLT}
    - {engine: espeak, voice: en-us, variant: f2}
"""


def test_a_list_of_alternatives_falls_back_to_the_first_installed_engine(no_rhvoice, tmp_path):
    folder = write(tmp_path / "play", ENGLISH, ALTERNATIVES)
    checked = run("check", "-q", "--verbose", str(folder))  # auto: RHVoice is missing, so eSpeak NG
    assert checked.exit_code == 0 and "  cat: espeak:gmw/en-us+f2 (en)" in checked.stdout.splitlines()
    heard = render(folder, tmp_path / "a.wav", "--engine", "espeak")  # named: the alternative for that engine
    assert heard["cat"] == "espeak:gmw/en-us+f2"


def test_the_narrator_default_and_language_entries_may_be_lists_too(no_rhvoice, tmp_path):
    voices = ("narrator: [{engine: rhvoice, voice: slt}, {engine: espeak, lang: en, variant: f4}]\n"
              "default: [{engine: rhvoice, voice: bdl}, {engine: espeak, lang: en, variant: m5}]\n"
              "languages:\n  ru: [{engine: rhvoice, voice: anna}, {engine: espeak, lang: ru, variant: f5}]\n")
    play = ENGLISH.replace('"And to you both."', '"Всем добрый вечер."\n        lang: ru')
    checked = run("check", "-q", "--verbose", str(write(tmp_path / "play", play, voices)))
    assert checked.exit_code == 0, checked.output
    lines = checked.stdout.splitlines()
    assert {"  ann: espeak:gmw/en+m5 (en)", "  cat: espeak:zle/ru+m5 (ru)", "  narrator: espeak:gmw/en+f4 (en)"} <= set(
        lines), lines


def test_a_list_of_alternatives_takes_the_first_when_its_engine_is_there(tmp_path):
    need_rhvoice()
    folder = write(tmp_path / "play", ENGLISH, ALTERNATIVES)
    result = run("check", "-q", "--verbose", str(folder))
    assert "  cat: rhvoice:slt (en)" in result.stdout.splitlines()  # named as SLT: matched without case


def test_an_unknown_gender_is_a_located_error_with_the_choices(tmp_path):
    folder = write(tmp_path / "play", ENGLISH.replace("gender: female", "gender: woman"))
    result = run("check", str(folder))
    assert result.exit_code == 1
    assert (f"{folder / 'play.yaml'}:6:28: error: unknown gender 'woman' for role 'cat' (choices: female, male)"
            in result.stderr.splitlines())


def test_a_wrong_engine_in_an_entry_is_a_located_error(tmp_path):
    folder = write(tmp_path / "play", ENGLISH, "roles:\n  bob: {engine: espeek, voice: en}\n")
    result = run("check", str(folder))
    assert result.exit_code == 1 and "voices.yaml:2:17: error: unknown speech engine 'espeek'" in result.stderr


def _voice(ident: str, gender: str | None) -> VoiceInfo:
    return VoiceInfo(ident, ident, ("ru",), gender)


def test_shared_out_by_gender_then_again_with_another_pitch():
    pool = [Choice("rhvoice", _voice("aleksandr", "male")), Choice("rhvoice", _voice("anna", "female")),
            Choice("espeak", _voice("ru", "male"))]
    given = share_out([("a", "female"), ("b", None), ("c", "male"), ("d", "male"), (None, None)], pool,
                      taken=[("espeak", "ru", None)])
    # a and c (given a gender) choose before b; once every voice is taken, one is used again at another pitch
    assert [(given[r].voice.id, given[r].pitch) for r in ("a", "c", "d", "b")] == [
        ("anna", None), ("aleksandr", None), ("aleksandr", 58), ("anna", 58)]
    heard = [(c.engine, c.voice.id, c.pitch) for c in given.values()]
    assert len(set(heard)) == len(heard) == 5  # no two alike, though there were three voices
    assert given[None].pitch is not None  # every voice taken: the narrator's pitch is moved


@pytest.mark.parametrize("engine", ["auto", "espeak"])
def test_engine_auto_is_accepted_like_a_name(tmp_path, engine):
    folder = write(tmp_path / "play", ENGLISH, f"engine: {engine}\n")
    assert run("check", "-q", str(folder)).exit_code == 0


def test_a_scene_alone_has_the_voices_it_has_in_the_whole_play(tmp_path):
    play = ENGLISH + """\
  - id: two
    body:
      - cat: "Later, alone."
"""
    play = play.replace("      - cat: \"And to you both.\"\n", "").replace(", gender: female", "")
    folder = write(tmp_path / "play", play)
    whole = render(folder, tmp_path / "whole.wav", "--engine", "espeak")
    alone = render(folder, tmp_path / "two.wav", "--engine", "espeak", "--scene", "two")
    assert alone == {"cat": whole["cat"]} == {"cat": "espeak:gmw/en+f1"}  # not the first free voice, gmw/en
