"""Which files ``--watch`` looks at, and when it says they changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from stagecast.api import load_play
from stagecast.watch.changes import FileWatch, PlayFiles, play_files, stamps
from tests.audio_support import write_play


class Polls:
    """A ``sleep`` for FileWatch that runs the test's edits between polls, and stops a watch that
    would otherwise wait for ever."""

    def __init__(self, *edits):
        self.edits, self.calls = list(edits), 0

    def __call__(self, _seconds: float) -> None:
        self.calls += 1
        if self.edits:
            self.edits.pop(0)()
        elif self.calls > 20:
            raise TimeoutError("no change was seen")


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime_ns + 1_000_000  # some file systems keep coarse times
    os.utime(path, ns=(later, later))


@pytest.fixture
def folder(tmp_path) -> Path:
    play = write_play(tmp_path / "play")
    (play / "scenes").mkdir()
    return play


def watch_of(folder: Path, sleep: Polls) -> FileWatch:
    files = PlayFiles(folder, None)  # as `--watch` uses it
    files.update(load_play(folder))
    return FileWatch(files, sleep=sleep)


def test_an_edit_is_reported_with_its_file(folder):
    edit = Polls(lambda: touch(folder / "play.yaml", (folder / "play.yaml").read_text() + "\n"))
    watch = watch_of(folder, edit)
    assert watch.wait(watch.baseline()) == [folder / "play.yaml"]


def test_an_edit_made_while_rendering_is_not_missed(folder):
    watch = watch_of(folder, Polls())
    baseline = watch.baseline()  # taken before the render reads the play
    touch(folder / "voices.yaml", "default: {voice: en-gb}\n")  # saved during the render
    assert watch.wait(baseline) == [folder / "voices.yaml"]


def test_nothing_changed_keeps_waiting(folder):
    watch = watch_of(folder, Polls())
    with pytest.raises(TimeoutError):
        watch.wait(watch.baseline())


def test_outputs_written_into_the_play_folder_are_not_changes(folder):
    """A track or PDF made inside the play folder must not set off another render."""
    def outputs():
        (folder / "tiny.wav").write_bytes(b"RIFF")
        (folder / "scenes" / "tiny.timeline.json").write_text("{}")
        (folder / "notes.txt").write_text("props list")

    watch = watch_of(folder, Polls(outputs))
    with pytest.raises(TimeoutError):
        watch.wait(watch.baseline())


def test_a_new_scene_file_is_a_change(folder):
    new = folder / "scenes" / "new.yaml"
    watch = watch_of(folder, Polls(lambda: new.write_text("- anna: Hi\n")))
    assert watch.wait(watch.baseline()) == [new]


def test_a_scene_file_the_play_reads_being_removed_is_a_change(tmp_path, sample_path):
    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    gone = play / "scenes" / "04-artur.yaml"
    watch = watch_of(play, Polls(gone.unlink))
    assert watch.wait(watch.baseline()) == [gone]


def test_a_file_still_being_written_is_waited_for(folder):
    """An editor that writes in several steps: the change is reported once the file holds still."""
    target = folder / "play.yaml"
    text = target.read_text()
    steps = [lambda: touch(target, text[:40]), lambda: touch(target, text[:90]), lambda: touch(target, text + "\n")]
    sleep = Polls(*steps)
    watch = watch_of(folder, sleep)
    assert watch.wait(watch.baseline()) == [target]
    assert not sleep.edits and target.read_text() == text + "\n"  # every step had happened first


def test_a_voices_file_created_next_to_the_play_is_a_change(folder):
    (folder / "voices.yaml").unlink()
    watch = watch_of(folder, Polls(lambda: (folder / "voices.yaml").write_text("default: {voice: en-gb}\n")))
    assert watch.wait(watch.baseline()) == [folder / "voices.yaml"]


def test_a_single_file_play_watches_only_its_own_files(tmp_path):
    """A play kept as one file among others: the neighbours are none of its business."""
    play_file = tmp_path / "castle.yaml"
    play_file.write_text((write_play(tmp_path / "folder") / "play.yaml").read_text())
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "door.wav").write_bytes((tmp_path / "folder" / "sounds" / "door.wav").read_bytes())
    (tmp_path / "other-play.yaml").write_text("title: Other\n")
    files = play_files(play_file, load_play(play_file))
    assert play_file in files and tmp_path / "other-play.yaml" not in files
    assert tmp_path / "voices.yaml" in files  # where a voices.yaml would be found


def test_scene_files_and_sound_files_of_the_play_are_watched(sample_path):
    files = play_files(sample_path, load_play(sample_path))
    folder = sample_path.resolve()
    assert files >= {folder / "play.yaml", folder / "scenes" / "01-prologue.yaml",
                     folder / "scenes" / "06-afterwards.yaml", folder / "sounds" / "door-chime.wav",
                     folder / "voices.yaml", folder.parent / "voices.yaml"}


def test_the_last_good_plays_files_stay_watched_while_it_is_broken(sample_path):
    files = PlayFiles(sample_path, None)
    assert not any(p.name == "door-chime.wav" for p in files())  # known only from the play itself
    files.update(load_play(sample_path))
    files.failed([])  # the next read failed: a fix may come in any of them
    assert any(p.name == "door-chime.wav" for p in files())


def test_a_scene_file_added_while_the_play_renders_is_a_change(folder):
    watch = watch_of(folder, Polls())
    baseline = watch.baseline()
    (folder / "scenes" / "new.yaml").write_text("- anna: Hi\n")  # a `git pull` during the render
    assert watch.wait(baseline) == [folder / "scenes" / "new.yaml"]


def test_a_play_file_without_the_yaml_suffix_is_still_a_file(tmp_path):
    play = tmp_path / "castle.play"
    play.write_text("title: [broken\n")
    (tmp_path / "other.yaml").write_text("title: Other\n")
    files = PlayFiles(play, None)
    assert play in files() and tmp_path / "other.yaml" not in files()
    files.failed([])
    assert tmp_path in files()  # while broken, a file appearing beside it counts


def test_it_polls_slower_after_a_minute_without_a_change(folder):
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds
        if now[0] > 65:
            raise TimeoutError

    files = PlayFiles(folder, None)
    with pytest.raises(TimeoutError):
        FileWatch(files, sleep=sleep, clock=lambda: now[0]).wait(stamps(files()))
    assert slept[0] == 0.02 and slept[-1] == 0.25


def test_a_scene_file_two_folders_down_that_a_broken_play_names_counts_when_it_appears(folder):
    (folder / "scenes" / "act3").mkdir()
    files = PlayFiles(folder, None)
    files.failed([folder / "play.yaml"])  # "scene file scenes/act3/11-y.yaml not found"
    new = folder / "scenes" / "act3" / "11-y.yaml"
    watch = FileWatch(files, sleep=Polls(lambda: new.write_text("- anna: Hi\n")))
    assert folder / "scenes" / "act3" in watch.wait(watch.baseline())
