"""The pure layout: line breaking and page-break etiquette, with a fake monospace font."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stagecast.pdf.blocks import Anchor, PageBreak, Para, Span
from stagecast.pdf.fonts import describe_char, font_set
from stagecast.pdf.line_breaking import wrap
from stagecast.pdf.pages import A4
from stagecast.pdf.pagination import paginate


class Mono:
    """Every character is half the font size wide."""

    def width(self, text: str, style: str, size: float) -> float:
        return len(text) * size / 2


M = Mono()


def speech(words: int, name: str = "ANNA", tag: str = "x", **kw) -> Para:
    text = " ".join(f"{tag}{i}" for i in range(words))
    aside = (Span(name, "bold"),)
    return Para((Span(text),), kind="speech", aside=aside, continued=aside + (Span("\n(continued)", "italic"),),
                **kw)


def test_wrap_fills_lines_greedily_and_keeps_words_whole() -> None:
    lines = wrap([Span("aaa bbb ccc ddd")], width=40, metrics=M, size=10)  # 8 characters per line
    assert [ln.runs[0].text for ln in lines] == ["aaa bbb", "ccc ddd"]
    assert lines[0].width == 35


def test_wrap_keeps_styles_in_separate_runs_and_glues_punctuation() -> None:
    (line,) = wrap([Span("well"), Span("(aside)", "italic"), Span(", then")], width=500, metrics=M, size=10)
    assert [(r.text, r.style) for r in line.runs] == [("well", "regular"), ("(aside)", "italic"), (", then", "regular")]
    assert line.runs[1].x == 20  # no space: the pieces touch, as written


def test_wrap_honours_line_breaks_and_cuts_overlong_words() -> None:
    lines = wrap([Span("one\ntwo " + "x" * 25)], width=50, metrics=M, size=10)
    assert [ln.runs[0].text for ln in lines] == ["one", "two", "x" * 10, "x" * 10, "x" * 5]


def test_marked_words_get_underline_extents() -> None:
    (line,) = wrap([Span("say it "), Span("now please", mark=True)], width=500, metrics=M, size=10)
    assert line.marks == [(35.0, 85.0)]


def test_centre_and_right_alignment() -> None:
    (centre,) = wrap([Span("ab")], width=100, metrics=M, size=10, align="center")
    (right,) = wrap([Span("ab")], width=100, metrics=M, size=10, x0=5, align="right")
    assert centre.runs[0].x == 45 and right.runs[0].x == 95


def _rows_per_page() -> int:
    return int((A4.bottom - A4.top) // A4.leading)


def test_a_speech_breaking_across_pages_repeats_the_name_marked_continued() -> None:
    pages = paginate([speech(2000)], A4, M)
    assert len(pages) > 2
    for page in pages[1:]:
        names = [ln.text for ln in page.lines if ln.kind == "speaker"]
        assert names == ["ANNA", "(continued)"]
    assert [ln.text for ln in pages[0].lines if ln.kind == "speaker"] == ["ANNA"]


def test_no_page_ends_with_a_name_or_a_single_line_of_a_speech() -> None:
    rows = _rows_per_page()
    filler = speech(rows * 6 - 30, name="BORIS", tag="f")  # leaves one free row at the foot of page 1
    pages = paginate([filler, speech(60)], A4, M)
    for page in pages:
        speech_rows = {}
        for line in page.lines:
            if line.kind == "speech":
                speech_rows.setdefault(line.runs[0].text[0], []).append(line.y)
        for key, ys in speech_rows.items():
            assert len(ys) >= 2 or key == "f", f"page {page.number}: a lone line of a speech"
    anna_first = next(p for p in pages if any(ln.text == "ANNA" for ln in p.lines))
    anna_lines = [ln for ln in anna_first.lines if ln.kind == "speech" and ln.text.startswith("x")]
    assert len(anna_lines) >= 2


def test_a_heading_is_kept_with_what_follows() -> None:
    rows = _rows_per_page()
    filler = Para((Span("\n".join(["word"] * (rows - 2))),), space_before=0)
    heading = Para((Span("SCENE TWO", "bold"),), kind="heading", keep_with_next=True, anchor=Anchor("s2", "Two"))
    pages = paginate([filler, heading, speech(40)], A4, M)
    first_with_heading = next(p for p in pages if any(ln.kind == "heading" for ln in p.lines))
    assert any(ln.kind == "speech" for ln in first_with_heading.lines)
    assert first_with_heading.number == 2
    assert first_with_heading.anchors[0][0].key == "s2"


def _texts(page, kind: str) -> list[str]:
    return [ln.text for ln in page.lines if ln.kind == kind]


TALL = 300.0
"""A leading that fits two rows on an A4 page (718 pt between the margins), not three."""


def test_a_speech_taller_than_a_page_is_cut_where_the_page_ends() -> None:
    # Three rows cannot leave two on each side of a break, so the etiquette cannot be kept:
    # the speech starts on a fresh page, which takes what fits; the rest goes on under the name
    # marked continued.
    name = (Span("ANNA", "bold"),)
    tall = Para((Span("one\ntwo\nthree"),), kind="speech", aside=name,
                continued=name + (Span("\n(continued)", "italic"),), leading=TALL, space_before=1)
    pages = paginate([Para((Span("Intro"),)), tall, Para((Span("After"),))], A4, M)
    assert [(_texts(p, "text"), _texts(p, "speech"), _texts(p, "speaker")) for p in pages] == [
        (["Intro"], [], []),
        ([], ["one", "two"], ["ANNA"]),
        (["After"], ["three"], ["ANNA", "(continued)"]),
    ]
    page_top = paginate([Para((Span("alone"),), leading=TALL)], A4, M)[0].lines[0].y
    assert [p.lines[0].y for p in pages[1:]] == [page_top, page_top]  # no space above, at the top


def test_a_row_taller_than_a_page_is_placed_alone_and_what_follows_goes_on() -> None:
    pages = paginate([Para((Span("Huge"),), leading=800.0), Para((Span("After"),))], A4, M)
    assert [_texts(p, "text") for p in pages] == [["Huge"], ["After"]]


def test_index_lines_get_the_page_number_of_their_anchor() -> None:
    toc = Para((Span("Scene Two"),), kind="toc", toc="s2")
    heading = Para((Span("Two", "bold"),), kind="heading", keep_with_next=True, anchor=Anchor("s2", "Two"))
    pages = paginate([toc, PageBreak(), speech(10), PageBreak(), heading, speech(10)], A4, M)
    refs = [ln.text for ln in pages[0].lines if ln.kind == "pageref"]
    assert refs == ["3"]
    assert pages[0].links[0][0] == "s2"


def test_highlighted_paragraphs_get_one_band_per_row() -> None:
    (page,) = paginate([speech(30, highlight=True), speech(30)], A4, M)
    bands = [r for r in page.rects if r.kind == "highlight"]
    rows = [ln for ln in page.lines if ln.kind == "speech"]
    assert len(bands) == len(rows) // 2
    assert all(b.y < ln.y < b.y + b.h for b, ln in zip(bands, rows, strict=False))


def test_running_header_follows_headings() -> None:
    a = replace(Para((Span("A"),), kind="heading"), running="First")
    b = replace(Para((Span("B"),), kind="heading"), running="Second")
    pages = paginate([a, speech(10), PageBreak(), b, speech(10)], A4, M)
    assert [p.running for p in pages] == ["First", "Second"]


def test_real_fonts_measure_and_name_missing_characters() -> None:
    fonts = font_set(())
    assert fonts.width("әғқңөұүһі", "regular", 10) > 0
    assert fonts.missing("Қош келдіңіздер! за\u0301мок", "italic") == []
    assert fonts.missing("日本", "regular") == ["日", "本"]
    assert describe_char("日") == "'日' (U+65E5 CJK UNIFIED IDEOGRAPH-65E5)"
    assert describe_char("\u200b") == "'\\u200b' (U+200B ZERO WIDTH SPACE)"


@pytest.mark.parametrize("base", ["а", "о", "ы", "і", "О", "И", "е"])
def test_accent_is_centred_over_the_vowel_ink(base: str) -> None:
    face = font_set(()).main("regular")
    accent = face.accent(base)
    glyphs = face.glyphs()
    vowel = glyphs.box(face.cmap[ord(base)])
    mark = glyphs.box(face.cmap[0x301])
    assert accent is not None and vowel is not None and mark is not None
    assert mark.cx + accent.dx == pytest.approx(vowel.cx, abs=1)
    bottom = mark.y0 + accent.dy
    top_of_letter = min(vowel.y1, face.x_height() + 20) if base == "і" else vowel.y1
    assert bottom >= top_of_letter - 60, "the accent must clear the letter"
    assert accent.contours, "the accent is drawn from the font's own outline"
