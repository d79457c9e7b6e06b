"""Revision marks in real PDFs, read back with pdfplumber: the asterisk sits in the left margin
on the same row as the changed line (or changed cue), and nowhere else."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.pdf import ScriptPdfOptions, render_script_pdf
from stagecast.revisions.compare import compare
from stagecast.revisions.performer import play_marks

from . import revision_edits as edits


@pytest.fixture
def versions(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return edits.reworded_pair(sample_path, tmp_path)


def margin_marks(pdf: pdfplumber.PDF) -> list[tuple[int, float, float]]:
    """(page index, x, baseline) of every asterisk left of the text frame."""
    return [(i, c["x0"], c["bottom"]) for i, page in enumerate(pdf.pages)
            for c in page.chars if c["text"] == "*" and c["x0"] < 60]


def row_of(pdf: pdfplumber.PDF, words: str) -> tuple[int, float, float]:
    """(page index, x, baseline) of the first row that starts with ``words``."""
    wanted = words.split()
    for i, page in enumerate(pdf.pages):
        found = page.extract_words()
        for k in range(len(found) - len(wanted) + 1):
            if [w["text"] for w in found[k:k + len(wanted)]] == wanted:
                return i, found[k]["x0"], found[k]["bottom"]
    raise AssertionError(f"{words!r} not found")


def beside(mark: tuple[int, float, float], row: tuple[int, float, float]) -> bool:
    return mark[0] == row[0] and mark[1] < row[1] and abs(mark[2] - row[2]) < 2.0


def test_cue_sheet_pdf_marks_sit_beside_the_changed_line_and_cue(versions: Path) -> None:
    result = CliRunner().invoke(cli, ["cues", "new", "-p", "Actor A", "--since", "old", "-o", "a.pdf"])
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(versions / "a.pdf") as pdf:
        marks = margin_marks(pdf)
        line = row_of(pdf, "#5 THE DIRECTOR")
        cue = row_of(pdf, "Cue: THE DIRECTOR’S WIFE: …works. The socket is still")
        assert len(marks) == 2
        assert beside(marks[0], line) and beside(marks[1], cue)
        first = pdf.pages[0].extract_text()
    assert "Actor A · Revised old" in first
    assert "Changed since old\n– #5 THE DIRECTOR: line changed.\n– #9 THE DIRECTOR: cue changed." in first


def test_script_pdf_marks_every_changed_speech_beside_its_number(versions: Path) -> None:
    play = load_play("new")
    marks = play_marks(compare(load_play("old"), play, "old", "new"))
    assert marks.lines == {5, 8}
    render_script_pdf(play, ScriptPdfOptions(line_numbers=True, marks=marks), path=versions / "script.pdf")
    with pdfplumber.open(versions / "script.pdf") as pdf:
        found = margin_marks(pdf)
        assert len(found) == 2
        assert beside(found[0], row_of(pdf, "Tonight the actors will become"))
        assert beside(found[1], row_of(pdf, "There is tea at the interval."))
        page = pdf.pages[found[0][0]]
        numbers = [c["text"] for c in page.chars if c["x0"] < 60 and abs(c["bottom"] - found[0][2]) < 1]
        assert "".join(numbers).replace(" ", "") == "*5"
        changes = pdf.pages[1].extract_text()
    header, rest = changes.split("\n", 1)
    assert header.endswith("Revised old")
    assert rest.startswith("Changed since old\n– Prologue: 2 speeches changed.\n* in the margin marks")
