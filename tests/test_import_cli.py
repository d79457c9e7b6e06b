"""`stagecast import` on the command line: options, guessing, refusing to overwrite, errors."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.api import load_play
from stagecast.cli import cli
from tests.conftest import without_root_override

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CHAIKA = CORPUS / "dracor" / "rus_chekhov_chaika.xml"
DIALOGUE = CORPUS / "fountain" / "nyousefi_Dialogue.fountain"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def in_tmp(tmp_path):
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_import_writes_the_named_folder(tmp_path):
    result = run("import", str(CHAIKA), "-o", str(tmp_path / "chaika"))
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "chaika")
    assert play.meta.title == "Чайка"
    assert (tmp_path / "chaika" / "scenes" / "01-deystvie-pervoe-1.yaml").is_file()


def test_default_folder_is_the_title_slug_in_the_working_folder(in_tmp):
    result = run("import", str(CHAIKA))
    assert result.exit_code == 0, result.output
    assert (in_tmp / "chayka" / "play.yaml").is_file()


def test_default_folder_falls_back_to_the_file_name_for_titles_without_latin_letters(in_tmp):
    result = run("import", str(CORPUS / "fountain" / "afterwriting_jp.fountain"))
    assert result.exit_code == 0, result.output
    assert (in_tmp / "afterwriting-jp" / "play.yaml").is_file()


def test_an_existing_folder_with_files_is_never_overwritten(tmp_path):
    target = tmp_path / "play"
    target.mkdir()
    (target / "play.yaml").write_text("title: mine\n", encoding="utf-8")
    result = run("import", str(DIALOGUE), "-o", str(target))
    assert result.exit_code == 2  # the message: tests/golden/cli/import-never-overwrites.txt
    assert (target / "play.yaml").read_text(encoding="utf-8") == "title: mine\n"
    assert sorted(p.name for p in target.iterdir()) == ["play.yaml"]


def test_an_empty_existing_folder_is_used(tmp_path):
    (tmp_path / "play").mkdir()
    assert run("import", str(DIALOGUE), "-o", str(tmp_path / "play")).exit_code == 0
    assert load_play(tmp_path / "play").meta.title == "nyousefi_Dialogue"


def test_force_replaces_our_files_and_leaves_others_alone(tmp_path):
    target = tmp_path / "play"
    target.mkdir()
    (target / "play.yaml").write_text("title: old\n", encoding="utf-8")
    (target / "notes.txt").write_text("my notes", encoding="utf-8")
    result = run("import", str(DIALOGUE), "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert load_play(target).meta.title == "nyousefi_Dialogue"
    assert (target / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_a_non_play_file_is_an_unsupported_format(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text("<?xml version='1.0'?>\n<html><body>hi</body></html>", encoding="utf-8")
    result = run("import", str(page), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1  # the message: tests/golden/cli/import-not-a-play.txt
    assert not (tmp_path / "out").exists()


def test_import_help_lists_the_formats():
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "[fountain|tei|bosak|text|markdown|docx|odt|pdf]" in " ".join(result.output.split())


# -- where the folder goes: named as the user wrote it, made as any folder is ------------------
def test_a_read_only_disk_names_the_users_folder_not_the_staging_one(tmp_path, monkeypatch):
    """It said 'the disk is read-only (ro/.chaika.8zfer9hu)': a name of ours, never seen by the user."""
    real_mkdir = os.mkdir

    def read_only(path, *args, **kwargs):
        if Path(path).parent.name == "ro" and Path(path).name.startswith("."):  # the staging folder
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    monkeypatch.chdir(tmp_path)
    result = run("import", str(CHAIKA), "-o", "ro/chaika")
    assert (result.exit_code, result.stderr) == (
        4, "error: the disk is read-only (ro/chaika)\nhint: choose an output folder on a disk you can write to\n")


def test_a_folder_you_may_not_write_in_is_named_not_the_staging_one(tmp_path):
    prefix = without_root_override()
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        done = subprocess.run([*prefix, sys.executable, "-m", "stagecast", "import", str(CHAIKA), "-o", "ro/chaika"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert (done.returncode, done.stderr) == (
        4, "error: permission denied: cannot write ro/chaika: the folder ro is not writable for you\n"
           "hint: choose an output folder you can write to\n")
    assert list((tmp_path / "ro").iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="symbolic links as on POSIX")
@pytest.mark.parametrize("output", ["loop", "loop/chaika"])
def test_a_link_loop_where_the_folder_goes_is_named(tmp_path, monkeypatch, output):
    """It said 'not a directory (.loop.cyxk6na2)', exit 4."""
    (tmp_path / "loop").symlink_to("loop")
    monkeypatch.chdir(tmp_path)
    result = run("import", str(CHAIKA), "-o", output)
    assert (result.exit_code, result.stderr) == (
        2, "error: loop is a symbolic link that leads back to itself (a link loop), not a folder; "
           "choose a folder name with -o\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


def test_a_play_folder_cannot_go_to_standard_output(in_tmp):
    """`-o -` made a folder named '-'."""
    result = run("import", str(DIALOGUE), "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: -o -: a play folder is several files, so it cannot go to standard output; "
                                  "give a folder path\n")
    assert list(in_tmp.iterdir()) == []


def test_the_imported_folder_has_the_mode_of_any_new_folder(tmp_path):
    """It was made 0700 (a private temporary folder, renamed into place) while its scenes/ was 0755."""
    before = os.umask(0o022)
    try:
        assert run("import", str(DIALOGUE), "-o", str(tmp_path / "play")).exit_code == 0
    finally:
        os.umask(before)
    modes = [stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("play", "play/scenes")]
    assert modes == [0o755, 0o755]


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_the_next_import_removes_what_a_killed_one_left(tmp_path):
    left = tmp_path / f".stagecast-{_dead_pid()}-0123456789ab"
    (left / "scenes").mkdir(parents=True)
    (left / "play.yaml").write_text("title: half an import\n", encoding="utf-8")
    assert run("import", str(DIALOGUE), "-o", str(tmp_path / "play")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["play"]
