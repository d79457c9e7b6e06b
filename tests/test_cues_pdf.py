"""Cue sheets and the cue list as PDF: what a performer would read on the page."""

from __future__ import annotations

from pathlib import Path

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


def test_pdf_needs_an_output_file(sample_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "-p", "Actor C", "--format", "pdf"])
    assert result.exit_code == 2 and "a PDF cue sheet needs -o FILE" in result.stderr


def test_all_pdf_sheets(sample_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cues", str(sample_path), "--all", "--format", "pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for letter in "abcde":
        assert f"cue sheet for Actor {letter.upper()}" in _text(tmp_path / f"actor-{letter}.pdf")


def test_pdf_cue_list(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cl.pdf"
    assert CliRunner().invoke(cli, ["cuelist", str(sample_path), "-o", str(out)]).exit_code == 0
    text = " ".join(_text(out).split())
    assert "SOUND S1" in text and "GO after: ALL: Here. Almaty." in text
    assert text.index("LIGHT L1") < text.index("SOUND S1") < text.index("LIGHT L2")


def test_all_pdf_sheets_report_a_missing_glyph_from_a_worker(sample_path: Path, tmp_path: Path) -> None:
    import shutil

    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    text = (play / "play.yaml").read_text(encoding="utf-8")
    (play / "play.yaml").write_text(text.replace("{name: Actor D,", "{name: 俳優 D,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["cues", str(play), "--all", "--format", "pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "cannot print '俳' (U+4FF3 CJK UNIFIED IDEOGRAPH-4FF3)" in result.stderr
    assert "Traceback" not in result.output


def test_errors_survive_pickling() -> None:
    import pickle

    from stagecast.errors import BackendError, Diagnostic, NotFoundError, ScriptError
    from stagecast.model import Loc

    script = ScriptError([Diagnostic("error", Loc("p.yaml", 3, 4), "bad")])
    assert str(pickle.loads(pickle.dumps(script))) == "p.yaml:3:4: error: bad"
    backend = BackendError("no ffmpeg", Loc("p.yaml", 1, 1), "install it")
    assert str(pickle.loads(pickle.dumps(backend))) == str(backend)
    missing = NotFoundError("performer", "x", ["a", "b"])
    assert str(pickle.loads(pickle.dumps(missing))) == str(missing)
