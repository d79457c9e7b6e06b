"""Issue 20, items 2 and 5: Hebrew and Arabic print right to left, Arabic joined, mixed lines in a
reader's order, and the PDF's text reads back as typed — asserted from the PDF itself."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from stagecast.cli import cli
from stagecast.pdf.bidi_order import is_rtl, levels, visual_order
from stagecast.pdf.blocks import Span
from stagecast.pdf.document import DocumentOptions, paragraph, printable, render_document
from stagecast.pdf.fonts import font_set
from stagecast.pdf.line_breaking import wrap
from stagecast.typefaces import families as fallback
from tests.conftest import need_tool
from tests.pictures import assert_looks_as_reviewed

POLYGLOT = Path(__file__).parent / "data" / "scripts" / "polyglot.yaml"
GOLDEN = Path(__file__).parent / "golden" / "polyglot-speeches.png"
_DRAWN = re.compile(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm\s*/FormXob\.g(\w+?)_(\d+)b? Do")


def _pdf(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _glyphs(pdf: Path, page: int = -1) -> list[tuple[float, float, str, int]]:
    """The glyphs drawn as outlines on a page: (x, y, face, glyph id), as the content stream places them."""
    data = pypdf.PdfReader(pdf).pages[page].get_contents().get_data().decode("latin-1")
    return [(float(m[4]), float(m[5]), m[6], int(m[7])) for m in _DRAWN.findall(data)]


def _cmap(family: str, style: str = "regular") -> dict[int, int]:
    return _cmap_of(next(f for f in fallback.FAMILIES if f.label == family).files()[style])


def _cmap_of(path: Path) -> dict[int, int]:
    """Character → glyph id of a font file, read with fontTools (not our code)."""
    font = TTFont(path)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    return {code: order[name] for code, name in font.getBestCmap().items()}


def _line_of(glyphs, face: str, gid: int) -> list[tuple[float, float, str, int]]:
    y = next(g[1] for g in glyphs if g[2] == face and g[3] == gid)
    return sorted((g for g in glyphs if g[1] == y), key=lambda g: g[0])


def test_a_hebrew_speech_is_drawn_right_to_left_and_right_aligned(tmp_path):
    glyphs = _glyphs(_pdf(tmp_path, "pdf", str(POLYGLOT)))
    hebrew = _cmap("Frank Ruhl Libre")
    line = _line_of(glyphs, "StagecastFrankRuhlregular", hebrew[ord("ק")])  # "אני מחכה כאן מהבוקר."
    letters = [gid for _, _, face, gid in line if face == "StagecastFrankRuhlregular"]
    assert letters[::-1] == [hebrew[ord(c)] for c in "אנימחכהכאןמהבוקר"]  # the first letter rightmost
    assert line[0][2] == "StagecastPTSerifregular"  # the full stop ends the sentence on the left
    assert line[-1][0] > 595.28 - 60 - 15  # against the right edge of the text column (A4, 60 pt margin)


def test_a_hebrew_phrase_in_an_english_line_keeps_its_place_and_its_direction(tmp_path):
    glyphs = _glyphs(_pdf(tmp_path, "pdf", str(POLYGLOT)))
    hebrew = _cmap("Frank Ruhl Libre")
    line = _line_of(glyphs, "StagecastFrankRuhlregular", hebrew[ord("ש")])  # "The form says שם משפחה, so …"
    letters = [gid for _, _, face, gid in line if face == "StagecastFrankRuhlregular"]
    assert letters[::-1] == [hebrew[ord(c)] for c in "שםמשפחה"]
    assert line[0][0] < 300  # the line is left-aligned: written as reportlab text before the phrase


def test_arabic_is_drawn_with_joined_forms_and_its_number_left_to_right(tmp_path):
    glyphs = _glyphs(_pdf(tmp_path, "pdf", str(POLYGLOT)))
    arabic = _cmap("Amiri")
    drawn = [g for g in glyphs if g[2] == "StagecastAmiriregular"]
    assert len(drawn) >= 15
    ids = {gid for *_, gid in drawn}
    # ق (in رقم) and ل (in التذكرة, والساعة) sit inside words: never their isolated forms
    assert arabic[ord("ق")] not in ids and arabic[ord("ل")] not in ids
    line = sorted((g for g in glyphs if g[1] == drawn[0][1]), key=lambda g: g[0])
    latin = {gid: chr(code) for code, gid in _cmap_of(_pt_serif()).items()}
    drawn_latin = "".join(latin.get(gid, "?") for _, _, face, gid in line if face == "StagecastPTSerifregular")
    assert "247" in drawn_latin and "10:30" in drawn_latin  # numbers read left to right in the line
    assert drawn_latin.index("10:30") < drawn_latin.index("247")  # … placed right to left in the sentence


def _pt_serif() -> Path:
    from importlib import resources

    return Path(str(resources.files("fontpkg_pt_serif") / "files" / "PT_Serif-Web-Regular.ttf"))


def test_the_text_of_the_pdf_reads_back_in_logical_order(tmp_path):
    pdftotext = need_tool("pdftotext", "reads the PDF's text back")
    out = _pdf(tmp_path, "pdf", str(POLYGLOT))
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    for typed in ("אני מחכה כאן מהבוקר", "The form says", "שם משפחה", "رقم التذكرة", "والساعة", "247"):
        assert typed in text, typed
    assert "רקובהמ" not in text  # what the PDF gave before: the letters in drawing order


def test_a_cue_sheet_prints_right_to_left_too(tmp_path):
    pdftotext = need_tool("pdftotext", "reads the PDF's text back")
    out = _pdf(tmp_path, "cues", str(POLYGLOT), "--performer", "Actor E", "--format", "pdf")
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "رقم التذكرة" in text and "שם משפחה" in text
    arabic = _cmap("Amiri")
    assert arabic[ord("ق")] not in {gid for _, _, face, gid in _glyphs(out, 0) if face == "StagecastAmiriregular"}


def test_direction_marks_typed_by_the_user_are_kept_and_steer_the_line():
    assert printable("a\u200fb\u00adc\u2067d\u2069") == "a\u200fbc\u2067d\u2069"  # the soft hyphen still goes
    assert is_rtl("\u200fThe form") and not is_rtl("\u200eשלום") and is_rtl("\u2066abc\u2069 שלום")
    fonts = font_set()
    [line] = wrap((Span("\u200fOK", "regular"),), 300.0, fonts, 11.0, 100.0)
    assert line.rtl and line.runs[0].x == pytest.approx(400.0 - fonts.width("OK", "regular", 11.0))
    # inside a right-to-left line an isolate keeps "abc def" left to right, in one piece
    assert levels("שלום \u2066abc def\u2069 x", True)[6:13] == (2,) * 7
    assert visual_order([1, 2, 1]) == [2, 1, 0]


def test_a_document_with_direction_marks_prints_without_missing_glyphs():
    """Before: the marks were stripped; now they reach the painter, which must not draw them."""
    para = paragraph("\u2067שלום\u2069 and \u200eOK\u200f.", speaker="NOA")
    assert para.spans[0].text == "\u2067שלום\u2069 and \u200eOK\u200f."
    data = render_document([para], DocumentOptions(title="Marks"))
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "and" in text and "OK" in text and "\u2067" not in text and "\u200e" not in text


def test_the_speeches_look_as_reviewed(tmp_path, update_golden):
    """The polyglot play's speeches at 100 dpi against a reviewed image: within a tolerance, since
    another poppler or FreeType antialiases edges a little differently."""
    pdftoppm = need_tool("pdftoppm", "renders the page to compare with the reviewed image")
    out = _pdf(tmp_path, "pdf", str(POLYGLOT))
    subprocess.run([pdftoppm, "-r", "100", "-gray", "-png", "-f", "4", "-l", "4", "-x", "0", "-y", "118", "-W",
                    "827", "-H", "272", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    rendered = (tmp_path / "page.png").read_bytes()
    if update_golden:
        GOLDEN.write_bytes(rendered)
    assert_looks_as_reviewed(rendered, GOLDEN)


def test_the_cue_words_of_a_right_to_left_line_are_underlined_where_they_are_drawn():
    """The marked copy underlines the cue's last words: in Hebrew those are on the left."""
    fonts = font_set()
    [line] = wrap((Span("אני מחכה "), Span("כאן מהבוקר", mark=True)), 300.0, fonts, 11.0, 100.0)
    [(start, end)] = line.marks
    left = line.runs[0].x
    assert start == pytest.approx(left) and end == pytest.approx(left + fonts.width("כאן מהבוקר", "regular", 11.0))
    assert left + line.width == pytest.approx(400.0)  # right-aligned


def test_a_contents_entry_in_hebrew_keeps_its_place_before_the_leader_dots():
    [line] = wrap((Span("מערכה ראשונה"),), 300.0, font_set(), 11.0, 100.0, rtl_right=False)
    assert line.rtl and line.runs[0].x == 100.0
