"""``stagecast pdf`` options, good and bad, through the real command line layer."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from stagecast.pdf.fonts import _BUILTIN_FILES
from stagecast.pdf.paint import WATERMARK

from .conftest import need_tool
from .pdf_support import open_pdf, page_texts, write_play


@pytest.fixture(scope="module")
def play_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_play(tmp_path_factory.mktemp("cli") / "play", scenes=2)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_default_output_is_the_title_slug_in_build(play_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22 item 8: without -o, into build/ (where audio writes too), not the current folder."""
    monkeypatch.chdir(tmp_path)
    result = run("pdf", str(play_dir))
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote build/test-play.pdf (7 pages)\n"
    written = tmp_path / "build" / "test-play.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert not [p for p in (tmp_path / "build").iterdir() if p.name != "test-play.pdf"]


def test_options_reach_the_pdf(play_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.pdf"
    result = run("pdf", str(play_dir), "-o", str(out), "--paper", "letter", "--performer", "Performer Two",
                 "--watermark", "REHEARSAL", "--line-numbers")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert float(reader.pages[0].mediabox.width) == 612
    pages = page_texts(data)
    with open_pdf(data) as pdf:
        for page in pdf.pages:
            assert "".join(c["text"] for c in page.chars if c.get("non_stroking_color") == WATERMARK) == "REHEARSAL"
    assert "Copy for Performer Two" in pages[0]
    assert "Performer Two" in pages[3]


def test_unknown_performer_exits_2_listing_performers(play_dir: Path, tmp_path: Path) -> None:
    result = run("pdf", str(play_dir), "-o", str(tmp_path / "x.pdf"), "--performer", "Nobody")
    assert result.exit_code == 2  # the message: tests/golden/cli/pdf-performer-and-font.txt
    assert not (tmp_path / "x.pdf").exists()


def test_bad_paper_and_missing_font_are_usage_errors(play_dir: Path, tmp_path: Path) -> None:
    assert run("pdf", str(play_dir), "--paper", "a5").exit_code == 2
    assert run("pdf", str(play_dir), "--font", str(tmp_path / "none.ttf")).exit_code == 2


def test_a_font_file_overrides_the_built_in(play_dir: Path, tmp_path: Path) -> None:
    from importlib import resources

    font = Path(str(resources.files("fontpkg_pt_serif") / "files" / _BUILTIN_FILES["regular"]))
    out = tmp_path / "font.pdf"
    result = run("pdf", str(play_dir), "-o", str(out), "--font", str(font))
    assert result.exit_code == 0, result.output
    pages = page_texts(out.read_bytes())
    assert "ANNA" in "".join(pages) and "(CONT’D)" in "".join(pages)


def test_missing_glyph_exits_1_with_located_message(tmp_path: Path) -> None:
    folder = write_play(tmp_path / "p", scenes=2, extra='  - vera: "日本"')
    result = run("pdf", str(folder), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert ("s1.yaml:20:12: error: cannot print 2 characters in speech 10: no font has '日' (U+65E5 CJK UNIFIED "
            "IDEOGRAPH-65E5) or 本") in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_script_errors_exit_1(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("title: X\n", encoding="utf-8")
    assert run("pdf", str(tmp_path / "bad.yaml")).exit_code == 1


def test_pages_render_to_png(play_dir: Path, tmp_path: Path) -> None:
    import subprocess

    tool = need_tool("pdftoppm", "renders PDF pages to PNG")
    out = tmp_path / "script.pdf"
    assert run("pdf", str(play_dir), "-o", str(out)).exit_code == 0
    subprocess.run([tool, "-r", "50", "-png", "-f", "4", "-l", "4", str(out), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 10_000


def test_the_help_names_the_file_pdf_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import SAMPLE

    monkeypatch.chdir(tmp_path)
    shown = " ".join(CliRunner().invoke(cli, ["pdf", "--help"]).stdout.split()).replace("here- almaty", "here-almaty")
    assert "build/here-almaty.pdf, or build/here-almaty-actor-c.pdf for Actor C's copy" in shown
    assert CliRunner().invoke(cli, ["pdf", str(SAMPLE)]).exit_code == 0
    assert CliRunner().invoke(cli, ["pdf", str(SAMPLE), "--performer", "Actor C"]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["here-almaty-actor-c.pdf", "here-almaty.pdf"]
