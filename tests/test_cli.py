"""The command line: help for every command, exit codes, one error handler."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import COMMANDS, cli

TINY = """\
title: Tiny
roles:
  man: The Man
performers:
  actor-a: {name: Actor A, plays: man}
scenes:
  - id: one
    title: One
    body:
      - man: Hello there.
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for name, (_, short) in COMMANDS.items():
        assert f"{name} {short}" in flat


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.stdout or f"Usage: stagecast {name}" in result.stdout
    assert "Example" in result.stdout


def test_check_clean_play_prints_summary_and_exits_0(tiny: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tiny)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "Tiny"
    assert "  speeches:     1" in result.stdout
    assert "  words:        2" in result.stdout


def test_check_script_error_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.replace("Hello there.", "no"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1
    assert "speech text 'no' is read by YAML as a true/false value" in result.stderr


def test_usage_error_exits_2(tiny: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option", str(tiny)])
    assert result.exit_code == 2


def test_strict_warnings_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(TINY.replace("plays: man", "plays: []"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
    result = CliRunner().invoke(cli, ["check", "--strict", str(path)])
    assert result.exit_code == 3
    assert result.stderr.endswith("1 warning (failing because of --strict)\n")


def test_missing_play_is_a_usage_error_naming_the_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path / 'nowhere'}: error: no such file or folder\n"
                             "hint: give a play folder (with play.yaml) or a play's YAML file\n")


def test_no_play_given_and_no_script_folder_here_says_where_stagecast_looked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["cues", "--performer", "Actor A"])
    assert result.exit_code == 2
    assert result.stderr == ("script: error: no such file or folder\n"
                             "hint: there is no ./script here: run stagecast from the folder that holds your play "
                             "folder, or give the play's folder (or its YAML file) as PLAY\n")


def test_folder_without_play_yaml(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path}: error: no play.yaml in this folder\n")


def test_non_utf8_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(TINY.replace("Hello there.", "Caf\u00e9").encode("latin-1"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:10:17: error: file is not UTF-8 text; save it as UTF-8 in your editor" in result.stderr


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\ntitle: Bomb\nroles: *a8\nscenes: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert "error:" in result.stderr and "Traceback" not in result.output


def test_os_errors_become_exit_4_without_traceback(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    import stagecast.commands.check as check_module

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "out.pdf")

    monkeypatch.setattr(check_module, "summary", disk_full)
    result = CliRunner().invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 4
    assert result.stderr == "error: the disk is full (out.pdf); nothing was half-written — free some space and run again\n"


def test_python_m_stagecast_runs() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "stagecast", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "check" in done.stdout


def test_a_bug_is_reported_without_a_traceback(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    import stagecast.commands.check as check_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("something impossible")

    monkeypatch.setattr(check_module, "summary", broken)
    result = CliRunner().invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 70
    assert result.stderr.startswith("internal error: ValueError: something impossible\nThis is a bug in stagecast")
    assert "Traceback" not in result.output


def test_run_inside_the_play_folder_the_hint_says_to_give_dot(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "play.yaml").write_text(TINY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2
    assert result.stderr.endswith("hint: this folder is itself a play folder: give it as PLAY, e.g. stagecast check .\n")
    assert CliRunner().invoke(cli, ["check", "."]).exit_code == 0
