"""Cue sheets and the cue list as PDF: what a performer would read on the page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from stagecast.cli import cli


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_cue_sheet_has_lines_in_order_with_cues(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "-p", "Actor C", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "Here.Almaty: cue sheet for Actor C" in text
    assert "Сәлеметсіз бе! Менің атым Артур." in text
    positions = [text.index(f"#{n} ARTUR") for n in (42, 43, 44, 48)]
    assert positions == sorted(positions)
    assert "Cue: (you) …my historic homeland, as the forms put it." in " ".join(text.split())
    assert "page 1 of" in text


def test_pdf_without_output_is_written_in_build(sample_path: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "-p", "Actor C", "--format", "pdf"])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "wrote build/here-almaty-actor-c-cues.pdf\n"  # not the marked script's name
    assert "cue sheet for Actor C" in _text(tmp_path / "build" / "here-almaty-actor-c-cues.pdf")


def test_output_folders_and_documents_that_are_not_written(sample_path: Path, tmp_path: Path) -> None:
    def cues(*args: str):
        return CliRunner().invoke(cli, ["cues", str(sample_path), *args])

    made = cues("-p", "Actor C", "-o", f"{tmp_path}/sheets/")  # a trailing / means a folder, made if need be
    assert made.exit_code == 0 and made.stderr == f"wrote {tmp_path}/sheets/actor-c.txt\n"
    assert "Cue sheet: Actor C" in (tmp_path / "sheets" / "actor-c.txt").read_text(encoding="utf-8")
    # What each refusal says: tests/golden/cli/cues-outputs-not-written.txt
    assert cues("-p", "Actor C", "-o", str(tmp_path / "c.docx")).exit_code == 2
    (tmp_path / "taken.txt").write_text("mine", encoding="utf-8")
    assert cues("--all", "-o", str(tmp_path / "taken.txt")).exit_code == 2
    assert cues("--all", "-o", str(tmp_path / "sheets.txt")).exit_code == 2  # not there yet, but named like a file
    assert (tmp_path / "taken.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheets", "taken.txt"]


def test_all_pdf_sheets(sample_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "--all", "--format", "pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for letter in "abcde":
        assert f"cue sheet for Actor {letter.upper()}" in _text(tmp_path / f"actor-{letter}.pdf")


def test_pdf_cue_list(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cl.pdf"
    assert CliRunner().invoke(cli, ["cuelist", str(sample_path), "-o", str(out)]).exit_code == 0
    text = " ".join(_text(out).split())
    assert "SOUND S1" in text and "GO after: #13 ALL, p. 5: Here. Almaty." in text
    assert text.index("LIGHTS L1") < text.index("SOUND S1") < text.index("LIGHTS L2")


def test_all_pdf_sheets_report_a_missing_glyph_from_a_worker(sample_path: Path, tmp_path: Path) -> None:
    import shutil

    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    text = (play / "play.yaml").read_text(encoding="utf-8")
    (play / "play.yaml").write_text(text.replace("{name: Actor D,", "{name: 俳優 D,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["cues", str(play), "--all", "--format", "pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "cannot print 2 characters in performer 'actor-d': no font has '俳' (U+4FF3 CJK UNIFIED IDEOGRAPH-4FF3)" \
        in result.stderr
    assert "Traceback" not in result.output


def test_errors_survive_pickling() -> None:
    import pickle

    from stagecast.errors import BackendError, Diagnostic, NotFoundError, ScriptError
    from stagecast.model import Loc

    script = ScriptError([Diagnostic("error", Loc("p.yaml", 3, 4), "bad")])
    assert str(pickle.loads(pickle.dumps(script))) == "p.yaml:3:4: error: bad"
    capped = pickle.loads(pickle.dumps(ScriptError(script.diagnostics, hint="add a font", unlisted=4)))
    assert (str(capped), capped.count) == ("p.yaml:3:4: error: bad\nhint: add a font", 5)
    backend = BackendError("no ffmpeg", Loc("p.yaml", 1, 1), "install it")
    assert str(pickle.loads(pickle.dumps(backend))) == str(backend)
    missing = NotFoundError("performer", "x", ["a", "b"])
    assert str(pickle.loads(pickle.dumps(missing))) == str(missing)


NOTE_57 = "(the first with a Moscow shrug, the second landing firmly on the last syllable)"


@pytest.mark.parametrize(("command", "name"), [(["cues", "-p", "Actor C"], ["#57", "ARTUR"]),
                                               # the script prints #57 under Artur's #56 (item 7): no name
                                               (["pdf", "-p", "actor-c"], [])], ids=["cue-sheet", "script"])
def test_pdf_delivery_note_starts_the_text_column_in_italics(command: list[str], name: list[str],
                                                             sample_path: Path, tmp_path: Path) -> None:
    """Issue 22 item 6: the note no longer wraps to five lines in the 30-mm name column."""
    out = tmp_path / "c.pdf"
    result = CliRunner().invoke(cli, [command[0], str(sample_path), *command[1:], "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "Moscow shrug" in (p.extract_text() or ""))
        words = page.extract_words(extra_attrs=["fontname"])
    runs = [i for i in range(len(words)) if " ".join(x["text"] for x in words[i:i + 5]) == "(the first with a Moscow"]
    assert runs, "the delivery note is not one run of text (wrapped in the name column?)"
    start = runs[0]
    note = words[start:start + len(NOTE_57.split())]
    assert " ".join(w["text"] for w in note) == NOTE_57
    assert all("Italic" in w["fontname"] for w in note)
    said = words[start + len(note)]  # then the speech, in its own upright font
    assert said["text"] == "Не" and "Italic" not in said["fontname"]
    column = note[0]["x0"]
    assert column - 0.5 < said["x0"] and said["top"] >= note[-1]["top"] - 1
    assert min(w["x0"] for w in note) == pytest.approx(column, abs=0.5)  # its later lines start where it does
    # Beside the note and the speech, the name column holds only the heading.
    beside = [w["text"] for w in words if w["x1"] < column and note[0]["top"] - 2 < w["top"] < said["bottom"]]
    assert beside == name


def test_a_cue_is_never_left_at_a_pages_foot_with_its_line_overleaf(sample_path: Path, tmp_path: Path) -> None:
    # Turning the page between the cue and the line it cues is what a performer reading a sheet
    # must never meet (five of the sample's sheets did, one page in three).
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "--all", "--format", "pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    last_lines = []
    for sheet in sorted(tmp_path.glob("*.pdf")):
        with pdfplumber.open(sheet) as pdf:
            for page in pdf.pages[:-1]:
                lines = [ln for ln in page.extract_text().splitlines() if ln.strip() and "page " not in ln]
                last_lines.append((sheet.name, page.page_number, lines[-1]))
    assert len(last_lines) >= 5
    assert [entry for entry in last_lines if entry[2].startswith("Cue:")] == []
