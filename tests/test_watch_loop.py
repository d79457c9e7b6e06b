"""Which mistakes keep ``--watch`` going, and what it says (the loop alone, with its waiting faked)."""

from __future__ import annotations

import time

import click
import pytest

from stagecast.cli import watch_loop
from stagecast.errors import BackendError, BuildFailed
from stagecast.watch.changes import FileWatch
from tests.audio_support import write_play


@pytest.fixture
def saves(monkeypatch):
    """Each wait for a change returns at once (as if the play was saved), until the list is used up: then Ctrl-C."""
    left = [2]

    def wait(self, baseline):
        if left[0] == 0:
            raise KeyboardInterrupt
        left[0] -= 1
        return []

    monkeypatch.setattr(FileWatch, "wait", wait)
    return left


def runs(*outcomes):
    """A ``work`` that fails or succeeds as listed, one outcome per run."""
    queue = list(outcomes)

    def work():
        outcome = queue.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return None

    return work


def test_a_failing_build_on_the_first_run_keeps_watching_and_says_when_it_is_fixed(tmp_path, saves, capsys):
    play = write_play(tmp_path / "play")
    failed = BuildFailed("read-through track: play.yaml:21:9: error: the engine crashed\n1 of 20 outputs failed")
    watch_loop.keep_running(play, None, runs(failed, None, None), quiet=True)
    out, err = capsys.readouterr()
    assert "1 of 20 outputs failed" in err and "watching for a fix: save to try again" in err
    assert out.startswith("fixed: done in ")  # printed even with -q: the error was the last thing on screen


def test_a_missing_tool_on_the_first_run_ends_it_with_its_exit_code(tmp_path, saves):
    play = write_play(tmp_path / "play")
    with pytest.raises(BackendError, match="ffmpeg"):
        watch_loop.keep_running(play, None, runs(BackendError("ffmpeg was not found", hint="install it")), quiet=True)


def test_ctrl_c_after_a_failed_run_exits_with_its_code(tmp_path, saves, capsys):
    saves[0] = 1
    play = write_play(tmp_path / "play")
    with pytest.raises(click.exceptions.Exit) as stopped:
        watch_loop.keep_running(play, None, runs(None, BuildFailed("1 of 20 outputs failed")), quiet=False)
    assert stopped.value.exit_code == 5
    assert capsys.readouterr().out.endswith("stopped watching\n")


def test_an_edit_saved_while_it_runs_starts_another_run(tmp_path, monkeypatch):
    play = write_play(tmp_path / "play")
    real_wait = FileWatch.wait
    polls = [0]

    def wait(self, baseline):  # the real wait, but Ctrl-C after 20 polls without a change
        def sleep(_seconds):
            polls[0] += 1
            if polls[0] > 20:
                raise KeyboardInterrupt
        self.sleep = sleep
        return real_wait(self, baseline)

    monkeypatch.setattr(FileWatch, "wait", wait)
    ran = []

    def work():
        ran.append(len(ran))
        if len(ran) == 1:  # saved by the user while the first run was still going
            (play / "play.yaml").write_text((play / "play.yaml").read_text() + "\n")
        return None

    watch_loop.keep_running(play, None, work, quiet=True)
    assert ran == [0, 1]


def test_what_changed_says_changed_added_deleted_and_folders(tmp_path):
    kept, new = tmp_path / "play.yaml", tmp_path / "new.yaml"
    kept.write_text("title: x\n")
    new.write_text("- anna: Hi\n")
    (tmp_path / "scenes").mkdir()
    before = {kept: (1, 1, 1), new: None, tmp_path / "voices.yaml": (1, 1, 2)}
    said = watch_loop._what_changed([kept, new, tmp_path / "voices.yaml", tmp_path / "scenes"], before)
    assert said == (f"{kept} changed; {new} added; {tmp_path / 'voices.yaml'} deleted; "
                    f"a file was added or removed in {tmp_path / 'scenes'}")


def test_ctrl_c_during_a_run_is_an_interruption_not_a_stop(tmp_path, saves):
    play = write_play(tmp_path / "play")
    with pytest.raises(KeyboardInterrupt):  # the CLI turns it into "interrupted", exit 130
        watch_loop.keep_running(play, None, runs(None, KeyboardInterrupt()), quiet=True)


def test_a_fix_saved_as_the_error_is_printed_is_seen(tmp_path, monkeypatch):
    """The files a failed run names are watched from before its message is printed."""
    play = write_play(tmp_path / "play")
    sound = play / "sounds" / "door.wav"
    kept = sound.read_bytes()
    sound.unlink()
    real_wait, polls = FileWatch.wait, [0]

    def wait(self, baseline):
        def sleep(seconds):
            polls[0] += 1
            if polls[0] > 20:
                raise KeyboardInterrupt
            time.sleep(seconds)  # the settle time is part of what is tested
        self.sleep = sleep
        return real_wait(self, baseline)

    monkeypatch.setattr(FileWatch, "wait", wait)
    monkeypatch.setattr(watch_loop, "_report_failure", lambda exc: sound.write_bytes(kept))  # saved at once
    outcomes = []

    def work():
        from stagecast.api import load_play

        outcomes.append(load_play(play))
        return outcomes[-1]

    watch_loop.keep_running(play, None, work, quiet=True)  # Ctrl-C after a good run: no error
    assert len(outcomes) == 1  # the first run failed (no sound file), the second read it
