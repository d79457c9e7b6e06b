"""``--since REV``: the play compared with a git revision of itself, in a real temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

from . import revision_edits as edits
from .conftest import need_tool

DATE = "2024-05-01T12:00:00+00:00"


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=Stage Manager", "-c", "user.email=sm@example.org",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the sample in script/, committed once; the current folder."""
    need_tool("git", "--since REV reads old versions with git archive")
    edits.copy_sample(sample_path, tmp_path / "script")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "script")
    git(tmp_path, "commit", "-q", "-m", "first draft")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


ACTOR_A = """\
Here.Almaty: what changed for Actor A since {rev} (2024-05-01)
Roles: The Director, The Mobilised Man

Prologue
--------
  #5 THE DIRECTOR: line changed.
    Line: Tonight the actors will [-speak as-]{{+become+}} those people. (he
          points at the Interviewer) When this actor says "I", she means a
          woman from Siberia. When I say "I opened the door", it will not be
          my door. (he glances at the Wife) And when she talks about her
          partner, she will not mean me. (beat) Mostly.
  #9 THE DIRECTOR: cue changed.
    Cue: THE DIRECTOR'S WIFE: …works. The socket[-, we are-] {{+is+}} still
         negotiating with {{+us+}}.
    Line: Добрый вечер.
"""


def test_since_head_1_compares_the_last_two_commits(repo: Path) -> None:
    edits.reword(repo / "script")
    edits.preceding_line(repo / "script")
    git(repo, "commit", "-q", "-a", "-m", "rehearsal rewrites")
    result = run("diff", "--since", "HEAD~1", "--performer", "Actor A")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ACTOR_A.format(rev="HEAD~1")


def test_since_head_shows_uncommitted_edits_and_marks_the_cue_sheet(repo: Path) -> None:
    edits.reword(repo / "script")
    edits.preceding_line(repo / "script")
    result = run("diff", "--since", "HEAD", "script", "--performer", "Actor A")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ACTOR_A.format(rev="HEAD")
    sheet = run("cues", "script", "--performer", "Actor A", "--since", "HEAD").stdout
    assert sheet.startswith("Here.Almaty\nCue sheet: Actor A\nRevised HEAD (2024-05-01)\nRoles:")
    assert "\n* #5 THE DIRECTOR: Tonight the actors will become those people." in sheet
    assert "\n* Cue: THE DIRECTOR’S WIFE: …works. The socket is still negotiating with us.\n  #9 THE DIRECTOR:" in sheet


NOT_IN_GIT = ("error: script is not inside a git repository\n"
              "hint: --since REV needs the play in a git repository; to compare with an old copy of the play, "
              "give its path: --since OLD_FOLDER\n")


@pytest.mark.parametrize("command", [["diff", "--since", "HEAD"],
                                     ["cues", "script", "--performer", "Actor A", "--since", "HEAD"],
                                     ["build", "script", "--since", "HEAD", "--no-audio", "-q"]])
def test_since_outside_a_git_repository_is_a_usage_error(command: list[str], sample_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The request cannot be met (exit 2), and the same message from all three commands."""
    need_tool("git")
    edits.copy_sample(sample_path, tmp_path / "script")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run(*command)
    assert result.stderr == NOT_IN_GIT
    assert result.exit_code == 2


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = run("diff", "--since", "v9")
    assert result.exit_code == 2
    hint = "hint: name a commit git knows: HEAD, HEAD~1, a tag, a branch or a hash (git log --oneline)\n"
    assert result.stderr == f"error: unknown git revision 'v9'\n{hint}"
    option = run("diff", "--since", "--output=x")
    assert option.exit_code == 2 and option.stderr == f"error: unknown git revision '--output=x'\n{hint}"


def test_git_missing_is_exit_4(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edits.copy_sample(sample_path, tmp_path / "script")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 4
    assert result.stderr == ("error: --since REV needs git, which is not installed\n"
                             "hint: install git, or compare with an old copy of the play: --since OLD_FOLDER\n")


def test_git_failing_is_exit_4_with_what_git_said(sample_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    edits.copy_sample(sample_path, tmp_path / "script")
    monkeypatch.chdir(tmp_path)
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'fatal: detected dubious ownership in repository' >&2\nexit 128\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 4
    assert result.stderr == ("error: git cannot read the repository holding script "
                             "(git: fatal: detected dubious ownership in repository)\n")


def test_play_missing_at_that_revision(repo: Path) -> None:
    edits.copy_sample(repo / "script", repo / "second")
    result = run("diff", "--since", "HEAD", "second")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 'second' is not in git at revision 'HEAD'")


def test_a_folder_that_was_not_yet_a_play_at_that_revision(repo: Path) -> None:
    (repo / "second").mkdir()
    (repo / "second" / "notes.txt").write_text("ideas\n", encoding="utf-8")
    git(repo, "add", "second")
    git(repo, "commit", "-q", "-m", "notes")
    shutil.copytree(repo / "script", repo / "second", dirs_exist_ok=True)
    result = run("diff", "--since", "HEAD", "second")
    assert result.exit_code == 1
    assert result.stderr == "error: HEAD:second: no play.yaml in this folder at that revision\n1 error found\n"


def test_errors_in_the_old_version_name_the_revision(repo: Path) -> None:
    edits.replace_once(repo / "script/scenes/02-tatyana.yaml", "  - tatyana: >\n      My name", "  - tatyna: >\n      My name")
    git(repo, "commit", "-q", "-a", "-m", "typo")
    edits.replace_once(repo / "script/scenes/02-tatyana.yaml", "  - tatyna: >", "  - tatyana: >")
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == ("HEAD:script/scenes/02-tatyana.yaml:12:5: error: unknown role 'tatyna' "
                             "(did you mean 'tatyana'?)\n1 error found\n")  # not our temporary folder


def test_a_link_out_of_the_play_is_refused(repo: Path) -> None:
    (repo / "script" / "sounds" / "passwd").symlink_to("/etc/passwd")
    git(repo, "add", "script")
    git(repo, "commit", "-q", "-m", "link")
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == ("error: refusing to unpack HEAD:script: 'script/sounds/passwd' is a link to an absolute "
                             "path; a play may not contain links to files outside it\n1 error found\n")
