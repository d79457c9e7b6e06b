"""`stagecast import` of Word (.docx, written here with python-docx) and OpenDocument (.odt)
scripts in each convention, and the documents it refuses: damaged, password-protected, zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.model import Direction, Text

docx = pytest.importorskip("docx", reason="python-docx is a dependency of stagecast import")
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402

EXPECTED = [(("tatyana",), "Good morning."), (("artur",), "Hello."), (("tatyana",), "Sit down, please.")]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def spoken(play) -> list[tuple[tuple[str, ...], str]]:
    return [(s.speakers, " ".join(" ".join(p.text for p in s.parts if isinstance(p, Text)).split()))
            for s in play.speeches()]


def _document(tmp_path: Path, fill) -> Path:
    document = docx.Document()
    document.add_heading("The Visit", 0)
    document.add_heading("Scene 1", 1)
    fill(document)
    path = tmp_path / "visit.docx"
    document.save(str(path))
    return path


def _italic(document, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def _inline(document) -> None:
    document.add_paragraph("TATYANA: Good morning.")
    document.add_paragraph("ARTUR. Hello.")
    _italic(document, "Artur sits.")
    document.add_paragraph("TATYANA: Sit down, please.")


def _bold_names(document) -> None:
    for name, text in (("Tatyana", "Good morning."), ("Artur", "Hello."), (None, "Artur sits."),
                       ("Tatyana", "Sit down, please.")):
        if name is None:
            _italic(document, text)
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}:").bold = True
        paragraph.add_run(f" {text}")


def _names_alone(document) -> None:
    for name, text in (("TATYANA", "Good morning."), ("ARTUR", "Hello."), (None, "(Artur sits.)"),
                       ("TATYANA", "Sit down, please.")):
        if name is not None:
            document.add_paragraph(name).alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(text)


def _table(document) -> None:
    table = document.add_table(rows=0, cols=2)
    for name, text in (("TATYANA", "Good morning."), ("ARTUR", "Hello.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, text
    _italic(document, "Artur sits.")
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    cells[0].text, cells[1].text = "TATYANA", "Sit down, please."


@pytest.mark.parametrize("fill", [_inline, _bold_names, _names_alone, _table], ids=lambda f: f.__name__.strip("_"))
def test_a_word_script_in_each_convention(tmp_path, fill):
    result = run("import", str(_document(tmp_path, fill)), "-o", str(tmp_path / "play"))
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert play.meta.title == "The Visit"
    assert [s.title for s in play.scenes] == ["Scene 1"]
    assert spoken(play) == EXPECTED
    direction = play.scenes[0].items[2]
    assert isinstance(direction, Direction) and direction.text == "Artur sits." and direction.roles == ("artur",)
    assert "(read as docx)" in result.output


def _odt(tmp_path: Path, body: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
        '<office:automatic-styles><style:style style:name="I" style:family="paragraph">'
        '<style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    path = tmp_path / "vizit.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_an_opendocument_script(tmp_path):
    body = ('<text:h text:outline-level="1">Визит</text:h><text:h text:outline-level="2">Явление первое</text:h>'
            "<text:p>Татьяна. Доброе утро.</text:p><text:p>Артур. Здравствуйте.</text:p>"
            '<text:p text:style-name="I">Артур садится.</text:p><text:p>ТАТЬЯНА (тихо). Садитесь.</text:p>')
    result = run("import", str(_odt(tmp_path, body)), "-o", str(tmp_path / "play"))
    assert result.exit_code == 0, result.output
    play = load_play(tmp_path / "play")
    assert play.meta.title == "Визит" and play.meta.lang == "ru"
    assert [s.title for s in play.scenes] == ["Явление первое"]
    assert spoken(play) == [(("tatyana",), "Доброе утро."), (("artur",), "Здравствуйте."),
                            (("tatyana",), "Садитесь.")]
    assert play.speeches()[2].delivery == "тихо"
    assert play.scenes[0].items[2].text == "Артур садится."


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 50_000_000)
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert "error: refused to unpack this Word file: 'word/document.xml' would unpack 50,000,000 bytes from" in result.output
    assert "(a zip bomb, or not a document)\nhint:" in result.output
    assert not (tmp_path / "play").exists()


def test_a_damaged_word_file_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(_document(tmp_path, _inline).read_bytes()[:2000])
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert "broken.docx:1:1: error: a damaged zip archive (a .docx or .odt file is one): it cannot be opened" in result.output
    assert not (tmp_path / "play").exists()


def test_a_password_protected_word_file_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "locked.docx"  # Word encrypts a .docx into an OLE compound file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert "locked.docx:1:1: error: a password-protected Word document, or one in the old .doc format" in result.output
    assert "hint: open it in Word or LibreOffice, remove the password" in result.output
