"""`stagecast import` of PDFs (issue 23): our own script PDF read back from its page text alone,
a long play whose speeches cross page breaks, a screenplay PDF made by another program
(screenplain), and the PDFs it refuses (scanned, damaged, password-protected)."""

from __future__ import annotations

import difflib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.api import load_play, render_script_pdf
from stagecast.cli import cli
from stagecast.interchange import import_play
from stagecast.labels import as_typed
from stagecast.model import Interval, Play, Text
from stagecast.pdf.script import ScriptPdfOptions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def speeches(play: Play) -> list[tuple[tuple[str, ...], str]]:
    """Who says what: the speakers by name (any case), the spoken words (parentheticals aside)."""
    return [(tuple(play.role(r).name.casefold() for r in s.speakers),
             " ".join(" ".join(p.text for p in s.parts if isinstance(p, Text)).split())) for s in play.speeches()]


def kept(original: Play, back: Play) -> float:
    matcher = difflib.SequenceMatcher(a=speeches(original), b=speeches(back), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(original.speeches())


@pytest.mark.parametrize("options", [ScriptPdfOptions(), ScriptPdfOptions(line_numbers=True),
                                     ScriptPdfOptions(performer="Actor C"), ScriptPdfOptions(paper="letter")],
                         ids=["plain", "line-numbers", "marked-copy", "letter"])
def test_our_script_pdf_comes_back_with_the_same_roles_scenes_and_speeches(tmp_path, options):
    original = load_play(ROOT / "script")
    pdf = tmp_path / "here-almaty.pdf"
    render_script_pdf(original, options, path=pdf)
    result = run("import", str(pdf), "-o", str(tmp_path / "back"))
    assert result.exit_code == 0, result.output
    back = load_play(tmp_path / "back")
    assert back.meta.title == original.meta.title
    assert [(r.name, r.description) for r in back.roles] == [(r.name, r.description) for r in original.roles]
    assert [s.title for s in back.scenes] == [s.title for s in original.scenes]
    assert [a.title for a in back.acts] == [a.title for a in original.acts]
    assert [(p.title, p.minutes) for p in back.sequence if isinstance(p, Interval)] == [("INTERVAL", 15.0)]
    assert speeches(back) == speeches(original)  # the group speech (ALL) too: by everyone on stage
    assert "6 scenes, 9 roles, 117 speeches; 1 guess to look at (read as pdf)" in result.output


def test_a_long_play_crossing_page_breaks_keeps_every_speech(tmp_path):
    """Chaika: 52 pages, speeches carried over with (продолжение), running heads, page numbers.
    Its «…» come back as "…", which print as «…» again: a PDF stagecast printed cannot tell the
    author's marks from its own (docs/import.md)."""
    original = import_play(CORPUS / "dracor" / "rus_chekhov_chaika.xml")
    pdf = tmp_path / "chaika.pdf"
    render_script_pdf(original, path=pdf)
    back = import_play(pdf)
    assert kept(as_typed(original), back) >= 0.99
    assert [r.name for r in back.roles] == [r.name for r in original.roles]
    assert len(back.scenes) == len(original.scenes)


def test_a_screenplay_pdf_made_by_screenplain(tmp_path):
    pytest.importorskip("screenplain", reason="screenplain (a test dependency) makes the PDF")
    source = CORPUS / "fountain" / "ebscreenplays_cyber_bob_ep01_traffic_control_dogs.fountain"
    pdf = tmp_path / "bob.pdf"
    made = subprocess.run([sys.executable, "-m", "screenplain.main", "--format", "pdf", str(source), str(pdf)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    back = import_play(pdf)
    assert kept(import_play(source), back) >= 0.99
    assert [s.title for s in back.scenes] == ["EXT. PARK--DAY", "EXT. SUBURBAN TRAFFIC INTERSECTION--DAY",
                                              "INT. TRAFFIC LIGHT HORIZONTAL BEAM--NIGHT"]


def _pdf_without_text() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(100, 100, 300, 500, fill=1)  # a "scan": a picture of a page, no text layer
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_scanned_pdf_is_refused_with_what_to_try(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_without_text())
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert ("scan.pdf:1:1: error: found 1 page and no text on them: a scanned PDF, or one whose text was turned "
            "into pictures\nhint: run it through OCR first") in result.output
    assert not (tmp_path / "play").exists()


def test_a_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert "broken.pdf:1:1: error: " in result.output and "hint: " in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "play").exists()


def test_a_password_protected_pdf_is_refused_with_what_to_do(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (a test dependency) encrypts the PDF")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(render_script_pdf(load_play(ROOT / "script"))))
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as out:
        writer.write(out)
    result = run("import", str(path), "-o", str(tmp_path / "play"))
    assert result.exit_code == 1
    assert "locked.pdf:1:1: error: this PDF is password-protected\nhint: open it with its password" in result.output
    assert not (tmp_path / "play").exists()
