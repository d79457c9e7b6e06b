"""Every corpus play, imported, renders cue sheets and a script PDF through the real commands;
Japanese without a CJK font gives the PDF's missing-glyph error, and renders with one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from stagecast.cli import cli

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
ALL_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".xml", ".fountain"))
JAPANESE = "fountain/afterwriting_jp.fountain"
CJK_FONTS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
)


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def imported(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "play"
    result = run("import", CORPUS / name, "-o", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("name", ALL_FILES)
def test_imported_play_gives_every_performer_a_cue_sheet(name, tmp_path):
    folder = imported(name, tmp_path)
    result = run("cues", "--all", folder, "-o", tmp_path / "cues")
    assert result.exit_code == 0, result.output
    sheets = sorted(p.name for p in (tmp_path / "cues").iterdir()) if (tmp_path / "cues").exists() else []
    from stagecast.api import load_play

    play = load_play(folder)
    assert len(sheets) == len(play.performers)
    if play.speeches():
        speaker = play.speeches()[0].speakers[0]
        sheet = (tmp_path / "cues" / f"tbc-{speaker}.txt").read_text(encoding="utf-8")
        assert f"TBC ({play.role(speaker).name})" in sheet


@pytest.mark.parametrize("name", [n for n in ALL_FILES if n != JAPANESE])
def test_imported_play_prints_as_a_pdf(name, tmp_path):
    folder = imported(name, tmp_path)
    result = run("pdf", folder, "-o", tmp_path / "script.pdf")
    assert result.exit_code == 0, result.output
    from stagecast.api import load_play

    play = load_play(folder)
    text = "".join(page.extract_text() or "" for page in PdfReader(tmp_path / "script.pdf").pages[:3])
    assert play.meta.title.split()[0] in text


def test_japanese_without_a_cjk_font_is_the_missing_glyph_error(tmp_path):
    folder = imported(JAPANESE, tmp_path)
    result = run("pdf", folder, "-o", tmp_path / "jp.pdf")
    assert result.exit_code == 1
    assert "no font has 'ジ' (U+30B8 KATAKANA LETTER ZI)" in result.output
    assert "hint: add a font that has them: --font pt-serif --font FILE" in result.output
    assert not (tmp_path / "jp.pdf").exists()


def test_japanese_renders_with_a_cjk_font(tmp_path):
    font = next((f for f in CJK_FONTS if Path(f).is_file()), None)
    if font is None:
        message = "needs a CJK font (apt-get install fonts-droid-fallback)"
        if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
            pytest.fail(message + " (CI installs it in .ci/run)")
        pytest.skip(message)
    folder = imported(JAPANESE, tmp_path)
    result = run("pdf", folder, "-o", tmp_path / "jp.pdf", "--font", font)
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() or "" for page in PdfReader(tmp_path / "jp.pdf").pages)
    assert "ジョン" in text
    assert "この場所は何ですか" in text
