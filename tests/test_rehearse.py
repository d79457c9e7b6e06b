"""``stagecast rehearse`` end to end: through a pseudo-terminal and through a pipe."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from stagecast.playback import state


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("STAGECAST_STATE_DIR", str(folder))
    return folder


def _spawn(sample: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    child = pexpect.spawn(sys.executable, ["-m", "stagecast", "rehearse", str(sample), *args],
                          env=env, encoding="utf-8", timeout=20, dimensions=(50, 200))
    return child


SCREEN_1 = """\
Rehearsing Actor D in Here.Almaty: 4 lines (text only: --no-sound)
Keys: Enter next · r repeat cue · p prompt · l reveal line · s skip scene · q quit

── Afterwards ──

[1/4] #109 THE SPECTATOR
  Cue: THE DIRECTOR: …evenings, a man found me by the kettle.   [Sound S7: The door chime, as at the start of the evening]   [Enter The Spectator.]   [The Spectator comes in from the lobby with a paper cup, unsure whether he is allowed on stage.]
  Your line… (Enter when done)
  Cue: THE DIRECTOR: …evenings, a man found me by the kettle.   [Sound S7: The door chime, as at the start of the evening]   [Enter The Spectator.]   [The Spectator comes in from the lobby with a paper cup, unsure whether he is allowed on stage.]
  Prompt: Excuse…
  Prompt: Excuse me. Are you…
  Line: Excuse me. Are you the director? Sorry. I'll be quick, they're running out of tea.

[2/4] #111 THE SPECTATOR
  Cue: THE DIRECTOR: There's always more tea.
  Your line… (Enter when done)

Stopped at #111. Run the same command to carry on from here.
"""


def test_rehearse_in_a_terminal_repeat_prompt_reveal_quit_and_resume(sample_path: Path, state_dir: Path) -> None:
    child = _spawn(sample_path, "-p", "Actor D", "--scene", "afterwards", "--no-sound")
    child.expect_exact("Your line")
    for key in "rppl":
        child.send(key)
    child.send("\r")
    child.expect_exact("[2/4]")
    child.expect_exact("(Enter when done)")
    child.send("q")
    child.expect(pexpect.EOF)
    assert child.before is not None
    screen = _all_output(child)
    assert screen == SCREEN_1
    saved = state.load(state.state_path("Here.Almaty", "actor-d"))
    assert saved == {"version": 1, "next": 111, "prompted": [109], "drill": {"109": 0}}

    again = _spawn(sample_path, "-p", "Actor D", "--scene", "afterwards", "--no-sound")
    again.expect_exact("Resuming at #111 (line 2 of 4)")
    again.expect_exact("(Enter when done)")
    again.send("s")
    again.expect(pexpect.EOF)
    tail = _all_output(again).split("Stopped")[0]
    assert tail.endswith("Done: 1 line.\nLines to work on (you needed a prompt):\n"
                         "  #109 THE SPECTATOR: Excuse me. Are you the director? Sorry. "
                         "I'll be quick, they're running out of tea.\n")
    # nothing left to resume; the drill's schedule remembers the line that needed prompts
    assert state.load(state.state_path("Here.Almaty", "actor-d")) == {"version": 1, "drill": {"109": 0}}


def _all_output(child: pexpect.spawn) -> str:
    text = child.logfile_read.getvalue() if child.logfile_read else ""
    return text.replace("\r\n", "\n")


@pytest.fixture(autouse=True)
def _log_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    original = pexpect.spawn.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.logfile_read = io.StringIO()

    monkeypatch.setattr(pexpect.spawn, "__init__", init)


def test_rehearse_from_a_pipe_with_from_and_first_letters(sample_path: Path, state_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["rehearse", str(sample_path), "-p", "actor-c", "--from", "48",
                                      "--first-letters", "--no-sound"], input="l\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/12] #48 ARTUR\n" in result.stdout
    assert "  Line: Б — м т о.\n" in result.stdout
    assert "Stopped at #49." in result.stdout


def test_shuffle_is_repeatable_with_a_seed_and_covers_every_line(sample_path: Path, state_dir: Path) -> None:
    args = ["rehearse", str(sample_path), "-p", "actor-e", "--shuffle", "--seed", "3", "--no-sound"]
    first = CliRunner().invoke(cli, args, input="\n" * 40)
    second = CliRunner().invoke(cli, args, input="\n" * 40)
    assert first.stdout == second.stdout
    numbers = [line.split("] #")[1].split()[0] for line in first.stdout.splitlines() if line.startswith("[")]
    assert len(numbers) == len(set(numbers)) == 25
    assert numbers != sorted(numbers, key=int)


def test_enter_shows_the_line_to_check_against(sample_path: Path, state_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["rehearse", str(sample_path), "-p", "actor-c", "--no-sound"], input="\nq\n")
    assert result.exit_code == 0, result.output
    said = result.stdout.split("  Your line… (Enter when done)\n", 1)[1]
    assert said.startswith("  Line: Сәлеметсіз бе! Менің атым Артур.\n\n[2/18] #43 ARTUR")


def test_text_only_rehearsal_never_reads_voices_yaml(tmp_path: Path, sample_path: Path, state_dir: Path) -> None:
    """voices.yaml is read only to speak: a mistake in it does not stop --no-sound."""
    play = tmp_path / "play"
    shutil.copytree(sample_path, play)
    (play / "voices.yaml").write_text("roles: [not, a, mapping\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rehearse", str(play), "-p", "actor-c", "--no-sound"], input="q\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Rehearsing Actor C in Here.Almaty: 18 lines (text only: --no-sound)\n")
