"""`stagecast import` on the command line: options, guessing, refusing to overwrite, errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.api import load_play
from stagecast.cli import cli

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
    assert "[fountain|tei|bosak]" in result.output
