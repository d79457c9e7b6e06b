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
    assert "60 scenes, 13 roles, 629 speeches (read as tei)" in result.output
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
    assert result.exit_code == 2
    assert "already exists and is not empty; nothing was written" in result.output
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


def test_format_option_overrides_the_guess(tmp_path):
    source = tmp_path / "script.txt"
    source.write_text("Plain words, all in lower case.\n", encoding="utf-8")
    guessed = run("import", str(source), "-o", str(tmp_path / "a"))
    assert guessed.exit_code == 1
    forced = run("import", str(source), "--format", "fountain", "-o", str(tmp_path / "b"))
    assert forced.exit_code == 0, forced.output
    assert "read as fountain" in forced.output


def test_format_is_guessed_from_content_not_extension(tmp_path):
    source = tmp_path / "hamlet.txt"
    source.write_bytes((CORPUS / "shakespeare_en" / "bosak_hamlet.xml").read_bytes())
    result = run("import", str(source), "-o", str(tmp_path / "hamlet"))
    assert result.exit_code == 0, result.output
    assert "read as bosak" in result.output


def test_a_non_play_file_is_an_unsupported_format(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text("<?xml version='1.0'?>\n<html><body>hi</body></html>", encoding="utf-8")
    result = run("import", str(page), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "page.xml:1:1: error: unsupported format: found an HTML page" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, data, found", [
    ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
    ("notes.txt", b"just some lower-case notes\nand more\n", "text with no title page"),
    ("data.xml", b"<?xml version='1.0'?><!-- c --><catalog><item/></catalog>", "XML whose root element is <catalog>"),
])
def test_other_files_say_what_was_found(tmp_path, name, data, found):
    (tmp_path / name).write_bytes(data)
    result = run("import", str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"unsupported format: found {found}" in result.output


def test_a_yaml_play_is_pointed_at_check(tmp_path):
    (tmp_path / "play.yaml").write_text("title: x\n", encoding="utf-8")
    result = run("import", str(tmp_path / "play.yaml"))
    assert result.exit_code == 1
    assert "use it directly" in result.output


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    result = run("import", str(tmp_path / "nope.fountain"))
    assert result.exit_code == 2
    assert "nope.fountain: error: no such file\nhint: give the Fountain or XML" in result.output


def test_importer_warnings_are_printed_with_locations(tmp_path):
    result = run("import", str(CORPUS / "fountain" / "snippets" / "nyousefi_SceneNumbers.fountain"),
                 "-o", str(tmp_path / "numbers"))
    assert result.exit_code == 0
    assert "nyousefi_SceneNumbers.fountain:1:1: warning: scene 'INT. HOUSE - DAY' has nothing" in result.output


def test_import_help_lists_the_formats():
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "[fountain|tei|bosak]" in result.output
