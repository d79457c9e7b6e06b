"""Issue 20, items 1 and 3: every script of the company prints out of the box, through a chain of
fallback fonts after PT Serif, and only the faces a document uses are embedded."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.pdf.fonts import font_set
from stagecast.typefaces import families as fallback
from tests.conftest import need_tool

POLYGLOT = Path(__file__).parent / "data" / "scripts" / "polyglot.yaml"
OURS = {"PTSerif-Regular", "PTSerif-Bold", "PTSerif-Italic", "PTSerif-BoldItalic", "NotoSerif-Regular",
        "NotoSerif-Italic", "NotoSerifGeorgian-Regular", "NotoSerifGeorgian-Bold", "NotoSerifArmenian-Regular",
        "NotoSerifArmenian-Bold", "FrankRuhlLibre-Regular", "Amiri-Regular", "Amiri-Bold", "Amiri-Italic",
        "Amiri-BoldItalic", "NotoSansDevanagari-Regular", "NotoSansSymbols-Regular", "NotoSansMath-Regular"}


def _pdf(tmp_path: Path, play: Path, *args: str) -> Path:
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["pdf", str(play), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def _embedded(pdf: Path) -> set[str]:
    """The embedded fonts pdffonts lists, without the subset prefix."""
    listed = subprocess.run([need_tool("pdffonts", "lists a PDF's fonts"), str(pdf)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    return {line.split()[0].partition("+")[2] for line in listed if line.split()[0].count("+")}


def _fonts_of(pdf: Path, text: str) -> set[str]:
    """The fonts that draw the characters of ``text`` (a run of one line) in ``pdf``."""
    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    wanted = set(text) - {" "}
    return {c["fontname"].partition("+")[2] for c in chars if c["text"] in wanted}


def test_the_multilingual_play_has_no_character_without_a_font_and_prints_with_the_chain(tmp_path: Path) -> None:
    play = load_play(POLYGLOT)
    fonts = font_set()
    for speech in play.speeches():
        text = "".join(getattr(part, "text", "") for part in speech.parts)
        for style in ("regular", "italic", "bold", "bolditalic"):
            assert fonts.missing(text, style) == [], text
    pdf = _pdf(tmp_path, POLYGLOT)
    assert _embedded(pdf) == {"PTSerif-Regular", "PTSerif-Bold", "PTSerif-Italic", "NotoSerif-Regular",
                              "NotoSerifGeorgian-Regular", "NotoSerifGeorgian-Bold", "NotoSerifArmenian-Regular",
                              "FrankRuhlLibre-Regular", "Amiri-Regular"}
    assert _fonts_of(pdf, "ἀρχῇλόγος") == {"NotoSerif-Regular"}
    assert _fonts_of(pdf, "ყველა") == {"NotoSerifGeorgian-Regular"}
    # a speaker's name: capitals (Georgian Mtavruli), bold, from the real bold face
    assert _fonts_of(pdf, "ნინო".upper()) == {"NotoSerifGeorgian-Bold"}
    assert _fonts_of(pdf, "Եսերեքժամ") == {"NotoSerifArmenian-Regular"}
    assert _fonts_of(pdf, "אנימחכה") == {"FrankRuhlLibre-Regular"}
    assert _fonts_of(pdf, "رقمالتذكرة") == {"Amiri-Regular"}
    assert _fonts_of(pdf, "Ққңәі") == {"PTSerif-Regular"}  # Kazakh stays in PT Serif, never mixed mid-word
    assert _fonts_of(pdf, "ґ") == {"PTSerif-Regular"}


def test_the_three_real_failures_of_the_issue_now_print(tmp_path: Path) -> None:
    # a Greek capital in a Russian speech, 〈 〉 in a direction, stress marked with the combining grave
    play = tmp_path / "play.yaml"
    play.write_text("title: Т\nlanguage: ru\nroles: {a: Анна}\nscenes:\n  - id: one\n    body:\n"
                    "      - direction: \"Входит Анна 〈с письмом〉.\"\n"
                    "      - a: \"Буква Ο, и ещё ра\u0300з, и вода\u0301.\"\n", encoding="utf-8")
    pdf = _pdf(tmp_path, play)
    assert _fonts_of(pdf, "\u039f") == {"NotoSerif-Regular"}
    assert _fonts_of(pdf, "〈〉") == {"NotoSansMath-Regular"}
    # the grave is written (invisibly, for copying) in the font that has it and drawn on PT Serif's а
    assert _fonts_of(pdf, "\u0300") == {"NotoSerif-Regular"}
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() for page in doc.pages)
    assert "ра\u0300з" in text and "вода\u0301" in text


def test_an_english_play_embeds_only_pt_serif(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text("title: Plain\nroles: {a: Ann}\nscenes:\n  - id: one\n    body:\n      - a: Hello there.\n",
                    encoding="utf-8")
    assert _embedded(_pdf(tmp_path, play)) == {"PTSerif-Regular", "PTSerif-Bold"}


def test_a_character_no_font_in_the_chain_has_is_still_the_located_error(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text("title: X\nroles: {a: Ann}\nscenes:\n  - id: one\n    body:\n      - a: \"Ἀθῆναι 東京\"\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["pdf", str(play), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{play}:6:20: error: cannot print 2 characters in speech 1: no font has '東' (U+6771 CJK UNIFIED "
        "IDEOGRAPH-6771) or 京 (tried PT Serif and the fallback fonts)")


def test_georgian_and_armenian_come_from_our_files_where_the_system_has_none(monkeypatch) -> None:
    monkeypatch.setattr(fallback, "_fontconfig", lambda family: {})
    for family in fallback.FAMILIES:
        files = family.files()
        assert files, f"{family.label} is not installed"
        for path in files.values():
            assert path.is_file() and path.read_bytes()[:4] == b"\x00\x01\x00\x00", path
    licence = Path(fallback.__file__).parent.parent / "fonts" / "LICENSE-OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


@pytest.mark.parametrize(("style", "expected"), [
    ("regular", ("regular", False)), ("italic", ("regular", False)), ("bold", ("regular", True)),
    ("bolditalic", ("regular", True))])
def test_a_family_with_one_face_gives_it_for_every_style_stroked_for_bold(style: str, expected: tuple) -> None:
    assert fallback.pick({"regular": Path("x.ttf")}, style) == expected
    assert fallback.pick({"regular": Path("x.ttf"), "bold": Path("b.ttf")}, "bolditalic") == ("bold", False)


def test_a_fallback_face_is_parsed_only_for_a_character_it_draws_and_once_per_process(monkeypatch) -> None:
    """Hebrew asks Noto Serif (no ranges) first: its character map answers, its 1.9 MB file is not parsed."""
    from stagecast.pdf import fonts

    monkeypatch.setattr(fonts, "_CACHE", {})
    monkeypatch.setattr(fonts, "_FALLBACKS", {})
    parsed: list[str] = []

    class Recorded(fonts.Face):
        def __init__(self, key: str, *args, **kwargs) -> None:
            parsed.append(key)
            super().__init__(key, *args, **kwargs)

    monkeypatch.setattr(fonts, "Face", Recorded)
    assert font_set().missing("שלום עולם") == []
    assert [key for key in parsed if not key.startswith(("StagecastPTSerif", "StagecastFont"))] == ["StagecastFrankRuhl-regular"]
    pt_serif = fallback.PT_SERIF.files()["regular"]
    assert font_set([pt_serif]).missing("שלום") == []  # another chain, the same fallback faces
    assert [key for key in parsed if not key.startswith(("StagecastPTSerif", "StagecastFont"))] == ["StagecastFrankRuhl-regular"]


def test_a_character_map_is_read_as_the_font_parser_reads_it() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from stagecast.typefaces.coverage import code_points

    for family in fallback.CHAIN:
        for style, path in family.files().items():
            parsed = set(TTFont(f"Coverage{family.slug}{style}", str(path)).face.charToGlyph) - {0xFFFF}
            assert code_points(path) == parsed, (family.label, style)
