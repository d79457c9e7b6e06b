"""The command line: help for every command, exit codes, one error handler."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import COMMANDS, cli
from stagecast.errors import (
    BackendError,
    BuildFailed,
    NotFoundError,
    PlayNotFound,
    ScriptError,
    StagecastError,
    StrictWarnings,
    UsageError,
)
from stagecast.model import Loc
from tests.conftest import without_root_override

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
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="stagecast")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: stagecast {name} [OPTIONS]")
    assert re.search(rf"\n  Examples?:\n    stagecast {name}\b", result.stdout), "an example of the command itself"


def test_usage_error_exits_2(tiny: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option", str(tiny)])
    assert result.exit_code == 2


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


def test_os_errors_become_exit_4_without_traceback(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    import stagecast.cli.commands.check as check_module

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
    import stagecast.cli.commands.check as check_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("something impossible")

    monkeypatch.setattr(check_module, "summary", broken)
    result = CliRunner().invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 70
    assert result.stderr.startswith("internal error: ValueError: something impossible\nThis is a bug in stagecast")
    assert "Traceback" not in result.output


# --- How errors print: always "[location: ]error: …", a hint on its own line -------------------------------


def _raising(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    import stagecast.cli.commands.check as check_module

    def fail(*_args: object, **_kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(check_module, "summary", fail)


@pytest.mark.parametrize("error, stderr", [
    (BackendError("ffmpeg could not start: no such file", hint="use --format wav"),
     "error: ffmpeg could not start: no such file\nhint: use --format wav\n"),
    (BackendError("cannot read the sound file 'sounds/bell.wav': Is a directory", loc=Loc("play/one.yaml", 7, 11)),
     "play/one.yaml:7:11: error: cannot read the sound file 'sounds/bell.wav': Is a directory\n"),
    (BackendError("play/one.yaml:3:5: error: speech s1 (Anna): the engine crashed (SIGSEGV)\n"
                  "?: error: speech s2 (Anna): the engine did not finish within 60 s (stopped)\n"
                  "2 lines could not be synthesised; no track was written (the previous one is untouched)",
                  hint="fix or shorten those lines, or try another --engine"),
     "play/one.yaml:3:5: error: speech s1 (Anna): the engine crashed (SIGSEGV)\n"
     "?: error: speech s2 (Anna): the engine did not finish within 60 s (stopped)\n"
     "error: 2 lines could not be synthesised; no track was written (the previous one is untouched)\n"
     "hint: fix or shorten those lines, or try another --engine\n"),
    (BackendError("ffmpeg failed to encode MP3: error: invalid sample rate"),
     "error: ffmpeg failed to encode MP3: error: invalid sample rate\n"),
    (NotFoundError("performer", "Nobody", ["actor-a (Actor A)"]),
     "error: unknown performer 'Nobody'; the play has: actor-a (Actor A)\n"),
    (UsageError("unknown git revision 'v9'", hint="name a commit git knows"),
     "error: unknown git revision 'v9'\nhint: name a commit git knows\n"),
    (PlayNotFound("nowhere", "no such file or folder", "give a play folder"),
     "nowhere: error: no such file or folder\nhint: give a play folder\n"),
])
def test_every_error_prints_with_error_prefix_and_hint_line(monkeypatch: pytest.MonkeyPatch, tiny: Path,
                                                            error: StagecastError, stderr: str) -> None:
    _raising(monkeypatch, error)
    result = CliRunner().invoke(cli, ["check", str(tiny)])
    assert result.stderr == stderr
    assert result.exit_code == error.exit_code


def test_hinted_errors_survive_a_process_boundary_unchanged() -> None:
    import pickle

    error = BackendError("cannot read the sound file 'a.wav'", loc=Loc("p.yaml", 2, 3), hint="check it")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is BackendError and again.format() == error.format() == str(error)
    assert (again.message, again.loc, again.hint) == (error.message, error.loc, error.hint)


def test_summaries_are_not_given_a_second_error_prefix() -> None:
    assert ScriptError.summary_only("2 errors found").format() == "2 errors found"
    assert StrictWarnings("1 warning (failing because of --strict)").format() == "1 warning (failing because of --strict)"
    assert BuildFailed("pdf: error: x\n1 of 9 outputs failed").format() == "pdf: error: x\n1 of 9 outputs failed"



def test_an_error_reads_the_same_and_exits_alike_for_a_command_and_for_watch() -> None:
    """One report (stagecast.cli.report): a command ends a script error with its count; a
    --watch run, which goes on to say it is waiting for a fix, leaves the count out."""
    from stagecast.cli.report import report

    error = ScriptError.at(Loc("p.yaml", 3, 5), "unknown role 'x'")
    assert report(error) == ("p.yaml:3:5: error: unknown role 'x'\n1 error found", 1)
    assert report(error, count=False) == ("p.yaml:3:5: error: unknown role 'x'", 1)
    assert report(OSError(errno.ENOSPC, "No space left on device")) == (
        "error: the disk is full; nothing was half-written — free some space and run again", 4)
    assert report(KeyboardInterrupt()) == ("interrupted", 130)
    assert report(ValueError("boom")) == (
        "internal error: ValueError: boom\nThis is a bug in stagecast, not in your script: please report it with "
        "the command you ran (STAGECAST_DEBUG=1 shows the details).", 70)

# --- A refused permission: say whether it was a read or a write when the file system can tell ------------------


@pytest.fixture
def access(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, int]:
    """Pretend permissions (tests run as root, who may do anything): path relative to tmp_path -> allowed modes."""
    allowed: dict[str, int] = {}
    real = os.access

    def fake(path: object, mode: int, **kwargs: object) -> bool:
        key = os.path.relpath(os.fspath(path), tmp_path)  # type: ignore[call-overload]
        return (allowed[key] & mode) == mode if key in allowed else real(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", fake)
    monkeypatch.chdir(tmp_path)
    return allowed


def _denied(path: Path | str) -> str:
    from stagecast.cli.report import os_error_message

    return os_error_message(PermissionError(errno.EACCES, "Permission denied", str(path)))


def test_an_unreadable_file_is_a_read_problem_shown_relative(access: dict[str, int], tmp_path: Path) -> None:
    (tmp_path / "play").mkdir()
    (tmp_path / "play" / "voices.yaml").write_text("default: {}\n", encoding="utf-8")
    access["play/voices.yaml"] = os.W_OK
    assert _denied(tmp_path / "play" / "voices.yaml") == (
        "error: permission denied: cannot read play/voices.yaml\nhint: check its permissions: ls -l play/voices.yaml")
    access["play"] = os.R_OK | os.W_OK  # listable but not enterable
    assert _denied(tmp_path / "play" / "scenes" / "one.yaml") == (
        "error: permission denied: cannot open the folder play to reach play/scenes/one.yaml\n"
        "hint: check the folder's permissions: ls -ld play")


def test_an_unwritable_output_folder_is_a_write_problem(access: dict[str, int], tmp_path: Path) -> None:
    (tmp_path / "out folder").mkdir()
    access["out folder"] = os.R_OK | os.X_OK
    expected = ("error: permission denied: cannot write out folder/{}: the folder out folder is not writable for you\n"
                "hint: choose an output folder you can write to")
    assert _denied("out folder/a.pdf") == expected.format("a.pdf")
    assert _denied("out folder/new/deeper/a.pdf") == expected.format("new/deeper/a.pdf")


def test_a_refusal_the_file_system_cannot_explain_gives_no_wrong_advice(access: dict[str, int], tmp_path: Path) -> None:
    outside = tmp_path.parent / "elsewhere.pdf"
    neutral = "hint: check that you may read the play's files and write in the output folder"
    assert _denied("script/play.yaml") == f"error: permission denied (script/play.yaml)\n{neutral}"
    assert _denied(outside) == f"error: permission denied ({outside})\n{neutral}"
    from stagecast.cli.report import os_error_message

    assert os_error_message(PermissionError(errno.EACCES, "Permission denied")) == f"error: permission denied\n{neutral}"
    assert os_error_message(OSError(errno.EROFS, "Read-only file system", str(tmp_path / "b" / "x.pdf"))) == (
        "error: the disk is read-only (b/x.pdf)\nhint: choose an output folder on a disk you can write to")
    assert os_error_message(OSError(errno.EISDIR, "Is a directory", "out")) == "error: is a directory (out)"


def test_real_permissions_read_and_write(tmp_path: Path) -> None:
    prefix = without_root_override()
    play = tmp_path / "play"
    play.mkdir()
    (play / "play.yaml").write_text(TINY, encoding="utf-8")
    (play / "voices.yaml").write_text("default: {voice: en}\n", encoding="utf-8")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    (play / "voices.yaml").chmod(0)

    def stagecast(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, sys.executable, "-m", "stagecast", *args], cwd=tmp_path,
                              capture_output=True, text=True, check=False)

    try:
        wrote = stagecast("cues", "play", "--performer", "actor-a", "-o", "ro/a.txt")
        read = stagecast("check", "play")
    finally:
        (tmp_path / "ro").chmod(0o755)
        (play / "voices.yaml").chmod(0o644)
    assert wrote.returncode == 4
    assert wrote.stderr == ("error: permission denied: cannot write ro/a.txt: the folder ro is not writable for you\n"
                            "hint: choose an output folder you can write to\n")
    assert read.returncode in (1, 4) and "play/voices.yaml" in read.stderr  # the reader may locate it itself
    assert "output folder" not in read.stderr and "Traceback" not in read.stderr


def test_a_real_process_prints_everything_and_keeps_its_exit_code(tmp_path: Path) -> None:
    """The CLI leaves without tearing down every object (like mypy): output must still be whole."""
    import json
    import subprocess
    import sys

    from tests.conftest import SAMPLE

    done = subprocess.run([sys.executable, "-m", "stagecast", "stats", str(SAMPLE), "--format", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["total_words"] == 3008 and len(stats["performers"]) == 5
    missing = subprocess.run([sys.executable, "-m", "stagecast", "check", str(tmp_path / "nowhere")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.endswith("a play's YAML file\n")


def test_ctrl_c_stops_with_exit_130(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    import stagecast.cli.commands.check as check_module

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(check_module, "summary", interrupted)
    result = CliRunner().invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 130
    assert result.stderr == "\ninterrupted\n"


def test_stats_says_what_the_shares_are_of_when_they_pass_100(tmp_path: Path) -> None:
    from tests.audio_support import write_play

    play = write_play(tmp_path / "play") / "play.yaml"
    play.write_text(play.read_text(encoding="utf-8").replace("actor-a: {name: Actor A, plays: [anna]}",
                                 "actor-a: {name: Actor A, plays: [anna, boris]}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["stats", str(play)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[lines.index("") + 4] == ("SHARE: of the play’s 49 words (a group line counted for each speaker); "
                                          "they add up to 124%: a role that alternates between performers counts "
                                          "in full for each of them.")




# --- -o's extension: one rule for every command that writes a file ------------------------------
@pytest.mark.parametrize(("args", "name", "said"), [
    (["diff", "script", "script"], "d.pdf", "-o d.pdf: a diff is written as txt, md, json, not .pdf\nhint: try -o d.txt"),
    (["export", "script", "--to", "fountain"], "x.pdf",
     "-o x.pdf: --to fountain writes Fountain text (.fountain or .txt), not .pdf\nhint: try -o x.fountain"),
    (["cuelist", "script"], "x.docx", "-o x.docx: the cue list is written as md, csv, pdf, not .docx\nhint: try -o x.md"),
    (["pdf", "script"], "x.txt", "-o x.txt: the script is written as a PDF, not .txt\nhint: try -o x.pdf"),
    (["cues", "script", "-p", "actor-a", "--format", "pdf"], "x.json",
     "-o x.json: cue sheets are written as md, txt, html, pdf, not .json\nhint: try -o x.pdf"),
    (["stats", "script", "--format", "json"], "s.txt", "-o s.txt is a .txt file but --format is json; make them agree"),
])
def test_an_output_named_as_another_kind_of_document_is_refused_and_left_alone(
        args: list[str], name: str, said: str, sample_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "script").symlink_to(sample_path)
    (tmp_path / name).write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "-o", name], prog_name="stagecast")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\n\nError: {said}\n")
    assert (tmp_path / name).read_text(encoding="utf-8") == "mine\n"


def test_an_output_of_the_kind_written_or_of_no_known_kind_is_written(sample_path: Path, tmp_path: Path,
                                                                        monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    written = {("diff", str(sample_path), str(sample_path), "-o", "d.md"): "# Here.Almaty: changes since",
               ("diff", str(sample_path), str(sample_path), "-o", "d.json"): "{",
               ("export", str(sample_path), "--to", "fountain", "-o", "f.txt"): "Title:\n\tHere.Almaty",
               ("cues", str(sample_path), "-p", "actor-a", "-o", "a.htm"): "<!doctype html>",
               ("cuelist", str(sample_path), "-o", "cues.v2"): "# Here.Almaty"}
    for args, start in written.items():
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == 0 and result.stderr == f"wrote {args[-1]}\n", result.output
        assert (tmp_path / args[-1]).read_text(encoding="utf-8").startswith(start)


def test_two_performers_with_one_name_are_told_apart_by_id(tmp_path: Path) -> None:
    from tests.audio_support import write_play

    play = write_play(tmp_path / "play")
    yaml = play / "play.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("{name: Actor B,", "{name: Actor A,"), encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", str(play), "--strict"])
    assert check.exit_code == 3
    assert (f"{yaml}:9:3: warning: performers 'actor-a' and 'actor-b' are both called 'Actor A'; give each a "
            "name of their own (name: …), so cue sheets and --performer tell them apart") in check.output
    cues = CliRunner().invoke(cli, ["cues", str(play), "--performer", "actor a"])
    assert cues.exit_code == 2
    assert cues.stderr == ("error: 2 performers are called 'actor a': actor-a, actor-b\n"
                           "hint: give the performer's id instead\n")
    assert CliRunner().invoke(cli, ["cues", str(play), "--performer", "actor-b"]).exit_code == 0


def test_stats_names_the_table_format_when_refusing_an_extension(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE

    result = CliRunner().invoke(cli, ["stats", str(SAMPLE), "-o", str(tmp_path / "st.md")])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: -o {tmp_path / 'st.md'}: stats are written as csv, json, "
                                  f"txt (--format table), not .md\nhint: try -o {tmp_path / 'st.txt'}\n")
