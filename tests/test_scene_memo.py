"""Scene files already read are remembered by content; the play read is always the same as a fresh one."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from stagecast import load_play
from stagecast.errors import ScriptError
from stagecast.readers import scene_memo, yaml_play
from tests.conftest import SAMPLE
from tests.test_architecture import IMPORTS, MODULES


@pytest.fixture
def composed(monkeypatch):
    """Names of the files the YAML reader composes (reads from text) in this test."""
    seen: list[str] = []
    real = yaml_play.compose

    def spy(shown, data, diagnostics):
        seen.append(shown.replace("\\", "/").rsplit("/", 1)[-1])
        return real(shown, data, diagnostics)

    monkeypatch.setattr(yaml_play, "compose", spy)
    return seen


@pytest.fixture
def play_folder(tmp_path, monkeypatch):
    folder = tmp_path / "script"
    shutil.copytree(SAMPLE, folder)
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def _fresh(folder, monkeypatch):
    """The play read with no memo at all."""
    with monkeypatch.context() as m:
        m.setenv("STAGECAST_CACHE_DIR", str(folder.parent / "other-cache"))
        play = load_play(folder)
    shutil.rmtree(folder.parent / "other-cache")
    return play


def test_a_second_read_composes_only_the_files_with_sound_cues_and_gives_the_same_play(
        play_folder, composed, monkeypatch):
    first = load_play(play_folder)
    composed.clear()
    second = load_play(play_folder)
    # play.yaml always; scenes with sound files always (their files are checked every time).
    assert composed == ["play.yaml", "01-prologue.yaml", "03-mobilised.yaml", "06-afterwards.yaml"]
    assert second == first == _fresh(play_folder, monkeypatch)
    assert [s.loc for s in second.scenes] == [s.loc for s in first.scenes]
    assert [i.loc for s in second.scenes for i in s.items] == [i.loc for s in first.scenes for i in s.items]


def test_an_edited_scene_file_is_read_again(play_folder, composed, monkeypatch):
    load_play(play_folder)
    scene = play_folder / "scenes" / "02-tatyana.yaml"
    scene.write_text(scene.read_text(encoding="utf-8") + '  - tatyana: "One more line. (pause) Yes."\n',
                     encoding="utf-8")
    composed.clear()
    play = load_play(play_folder)
    assert "02-tatyana.yaml" in composed and "04-artur.yaml" not in composed
    assert play.scenes[1].items[-1].parts[0].text.strip() == "One more line."
    assert play == _fresh(play_folder, monkeypatch)


def test_a_role_removed_from_play_yaml_is_reported_in_a_remembered_scene(play_folder):
    load_play(play_folder)
    main = play_folder / "play.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("  artur:", "  arthur:", 1), encoding="utf-8")
    with pytest.raises(ScriptError) as caught:
        load_play(play_folder)
    assert "04-artur.yaml" in str(caught.value) and "unknown role 'artur'" in str(caught.value)


def test_a_deleted_sound_file_is_reported_after_a_clean_read(play_folder):
    load_play(play_folder)
    (play_folder / "sounds" / "door-chime.wav").unlink()
    with pytest.raises(ScriptError) as caught:
        load_play(play_folder)
    assert "sound file 'sounds/door-chime.wav' not found" in str(caught.value)


def test_messages_name_files_as_seen_from_where_stagecast_runs(play_folder, monkeypatch):
    monkeypatch.chdir(play_folder)
    inside = load_play(play_folder)
    monkeypatch.chdir(play_folder.parent)
    outside = load_play(play_folder)
    assert inside.scenes[1].loc.path == "scenes/02-tatyana.yaml".replace("/", __import__("os").sep)
    assert outside.scenes[1].loc.path.startswith("script")


def test_a_damaged_or_foreign_entry_is_a_fresh_read(play_folder, composed, monkeypatch):
    load_play(play_folder)
    entries = sorted((play_folder.parent / "cache" / "scenes").iterdir())
    assert entries
    entries[0].write_bytes(b"\x80\x05not a pickle")
    monkeypatch.setattr(scene_memo, "_shape", lambda: "another stagecast")
    composed.clear()
    play = load_play(play_folder)
    assert len(composed) == 7  # play.yaml and all six scenes
    assert play == _fresh(play_folder, monkeypatch)


def test_a_renamed_role_reaches_the_directions_of_a_remembered_scene(play_folder, monkeypatch):
    load_play(play_folder)
    main = play_folder / "play.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("name: Tatyana", "name: Tanya", 1), encoding="utf-8")
    play = load_play(play_folder)
    assert play.scenes[1].items[1].text == "Enter Tanya."
    assert play == _fresh(play_folder, monkeypatch)


def test_a_changed_reader_never_meets_an_entry_of_the_old_one(play_folder, composed, monkeypatch):
    """In a checkout being worked on the version number stays the same: the reader's source is in the key."""
    load_play(play_folder)
    monkeypatch.setattr(scene_memo, "_sources", lambda: "a reader with a new check")
    assert _files_read_again(play_folder, composed) == 7


def test_an_edited_language_table_never_meets_an_entry_of_the_old_one(play_folder, composed, monkeypatch):
    """The labels are a package: an edit to one of its tables (which words the directions a scene
    gets for enter:/exit:) is in the key, not only an edit to its __init__."""
    load_play(play_folder)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"# reworded\n" if path.parts[-2:] == ("labels", "english.py") else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert _files_read_again(play_folder, composed) == 7


def _files_read_again(play_folder, composed) -> int:
    """How many of the play's files are read afresh (not taken from the memo) by the next load,
    once the memo's key has been worked out again."""
    scene_memo._shape.cache_clear()
    composed.clear()
    try:
        load_play(play_folder)
    finally:
        scene_memo._shape.cache_clear()
    return len(composed)


def test_month_old_entries_are_pruned_once_a_day(play_folder):
    load_play(play_folder)
    memo = play_folder.parent / "cache" / "scenes"
    month_ago = time.time() - 31 * 24 * 3600
    for entry in memo.glob("*.pickle"):
        os.utime(entry, (month_ago, month_ago))
    load_play(play_folder)  # nothing written: no pruning
    assert len(list(memo.glob("*.pickle"))) == 3
    day_ago = time.time() - 25 * 3600
    os.utime(memo / ".pruned", (day_ago, day_ago))
    scene = play_folder / "scenes" / "04-artur.yaml"
    scene.write_text(scene.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_play(play_folder)
    # The month-old entries are gone; the edited scene's entry is new, and so is that of any
    # scene read after the pruning (it was read afresh and remembered again).
    remaining = list(memo.glob("*.pickle"))
    assert 1 <= len(remaining) < 3
    assert all(entry.stat().st_mtime > month_ago for entry in remaining)


def test_an_old_revision_read_for_since_is_not_remembered(play_folder):
    load_play(play_folder, remember=False)
    assert not (play_folder.parent / "cache" / "scenes").exists()


def test_no_home_folder_is_no_crash(play_folder, monkeypatch):
    monkeypatch.delenv("STAGECAST_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setattr(tempfile, "tempdir", str(play_folder.parent))
    assert load_play(play_folder).scenes
    assert list(play_folder.parent.glob("stagecast-cache-*/scenes/*.pickle"))


def test_the_key_holds_the_source_of_every_module_a_scene_read_runs():
    """A check added to a module yaml_scene imports (or to a module split out of one) changes the
    key, so no entry made before the change is used after it."""
    imports: dict[str, set[str]] = {}
    for i in IMPORTS:
        imports.setdefault(i.source, set()).add(i.target)
    runs, todo = set(), ["stagecast.readers.yaml_scene"]
    while todo:
        name = todo.pop()
        if name not in runs and name in MODULES and MODULES[name].name != "__init__.py":
            runs.add(name)
            todo += imports.get(name, ())
    assert sorted(runs - {m.__name__ for m in scene_memo.SCENE_READING}) == []
