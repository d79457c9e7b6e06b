"""The YAML play-folder writer: what it writes reads back equal, and stays readable by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stagecast.api import load_play
from stagecast.interchange import OutputExists, write_play_folder
from stagecast.model import (
    Act,
    Cue,
    Direction,
    Interval,
    Meta,
    Paren,
    Pause,
    Performer,
    Play,
    Pronunciation,
    Role,
    Scene,
    Speech,
    Text,
)
from stagecast.rules import number_speeches

SAMPLE = Path(__file__).resolve().parents[1] / "script"


def tricky_play() -> Play:
    roles = (Role("anna", "Анна", description="yes", lang="ru", gender="female"), Role("sound-role", "Sound"),
             Role("no", "No"), Role("b", "B: the second"))
    first = (
        Speech(("anna",), (Text("Надолго? 1+1=2", (1,)),), id="anna-first", delivery="шёпотом", lang="ru"),
        Speech(("anna", "b"), (Paren("together"), Text(" Yes!\nNo!")), label="BOTH"),
        Speech(("sound-role",), (Text("true"),)),
        Speech(("no",), (Text("null: ~ # not a comment"),)),
        Direction("Anna enters.", ("anna",), "entrance"),
        Direction("They leave.", (), "exit"),
        Direction("Light changes.", ("b",), "business"),
        Cue("sound", "Thunder", "12"),
        Cue("light", "Blackout", "3.5"),
        Cue("other", "Fly in the moon"),
        Pause(2.5),
    )
    second = (Speech(("b",), (Text("indented? no: kept"),)), Pause(3))
    sequence = (Scene("1", "Один", first, setting="A room", act="a1"), Interval(15, "Break"),
                Scene("2", "Yes", second, act="a2"))
    return Play(Meta("On: a play", subtitle="yes", company="NULL", credits=(("author", "A\nB"),), lang="ru",
                     notes="line one\n\nline three"),
                roles, (Performer("p1", "Someone", ("anna", "b")),), number_speeches(sequence),
                acts=(Act("a1", "Act One"), Act("a2", "Act Two")),
                pronunciations=(Pronunciation("Алматы", "Алмат+ы", "ru"),))


def test_everything_the_model_holds_reads_back_equal(tmp_path):
    play = tricky_play()
    folder = write_play_folder(play, tmp_path / "play")
    assert load_play(folder) == play


def test_the_files_are_plain_readable_yaml(tmp_path):
    folder = write_play_folder(tricky_play(), tmp_path / "play")
    scene = (folder / "scenes" / "01-odin.yaml").read_text(encoding="utf-8")
    assert '- anna: "Н+адолго? 1++1=2"' in scene
    assert '- anna, b: |-\n    (together) Yes!\n    No!\n  label: "BOTH"' in scene
    assert '- direction: "Anna enters."\n  enter: [anna]' in scene
    assert '- sound: "Thunder"\n  number: "12"' in scene
    top = (folder / "play.yaml").read_text(encoding="utf-8")
    assert top.startswith("# yaml-language-server: $schema=.stagecast/play.schema.json\n"
                          "# On: a play — written by `stagecast import`")
    assert scene.startswith("# yaml-language-server: $schema=../.stagecast/scene.schema.json\n")
    assert "    plays: [anna, b]" in top
    assert yaml.safe_load(top)["subtitle"] == "yes"


def test_the_sample_play_reads_back_equal_with_its_sound_files(tmp_path):
    if not (SAMPLE / "play.yaml").is_file():
        pytest.skip("the sample play is not in script/")
    play = load_play(SAMPLE)
    folder = write_play_folder(play, tmp_path / "copy")
    assert load_play(folder) == play


def test_a_folder_with_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "play").mkdir()
    (tmp_path / "play" / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputExists) as err:
        write_play_folder(tricky_play(), tmp_path / "play")
    assert err.value.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "play").iterdir()) == ["mine.txt"]


def test_nothing_is_left_behind_when_writing_fails(tmp_path, monkeypatch):
    import stagecast.writers.to_yaml as writer

    def broken(play, source="", comments=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "render_folder", broken)
    with pytest.raises(OSError):
        write_play_folder(tricky_play(), tmp_path / "play")
    assert list(tmp_path.iterdir()) == []


SCENE_WORDS = ("speech", "by", "direction", "roles", "enter", "exit", "pause", "sound", "light", "cue", "number",
               "file", "delivery", "lang", "id", "label")
"""Every key a scene item may have (docs/format.md)."""


@pytest.mark.parametrize("role_id", SCENE_WORDS)
def test_a_role_named_like_a_scene_key_is_written_so_that_it_reads_back(tmp_path, role_id):
    """``- exit: "…"`` would be an exit, and ``- label: "…"`` a speech with no speaker: such a
    role's lines are written in the long form, ``speech:`` with ``by:``."""
    role = Role(role_id, role_id.title())
    speech = Speech((role_id,), (Text("I have a name that means something."),))
    play = Play(Meta("Keys"), (role,), (Performer("p1", "Someone", (role_id,)),),
                number_speeches((Scene("1", "One", (speech,)),)))
    folder = write_play_folder(play, tmp_path / "play")
    scene = (folder / "scenes" / "01-one.yaml").read_text(encoding="utf-8")
    assert f'- speech: "I have a name that means something."\n  by: [{role_id}]' in scene
    assert load_play(folder) == play


def test_the_working_folder_when_empty_is_written_into(tmp_path, monkeypatch):
    """``import … -o .`` in an empty folder (it failed: the folder cannot be removed to be replaced)."""
    monkeypatch.chdir(tmp_path)
    write_play_folder(tricky_play(), ".")
    assert load_play(tmp_path) == tricky_play()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".stagecast-")]
