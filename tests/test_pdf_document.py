"""The reusable document layer (stagecast.pdf.document) that cue sheets and other PDFs build on."""

from __future__ import annotations

import io

import pypdf
import pytest

from stagecast.errors import ScriptError
from stagecast.model import Loc
from stagecast.pdf.blocks import Span
from stagecast.pdf.document import DocumentOptions, heading, note, page_break, paragraph, render_document, rule

from .pdf_support import page_texts


def test_blocks_become_a_paginated_pdf_with_header_footer_and_outline() -> None:
    long_line = " ".join(["rehearse"] * 900)
    blocks = [heading("Cue sheet", level=0), heading("Scene one", level=1), note("Enter Anna."),
              paragraph("Good evening.", speaker="ANNA"), rule(),
              paragraph([Span("cue words", mark=True), Span(" (aside)", "italic")], speaker="BORIS", highlight=True),
              paragraph(long_line, speaker="VERA"), page_break(), heading("Scene two", level=1),
              paragraph("Қош келдіңіздер!")]
    data = render_document(blocks, DocumentOptions(title="Test Play", header_right="Actor A", paper="letter"))
    pages = page_texts(data)
    assert len(pages) >= 3
    assert "Cue sheet" in pages[0] and "ANNA Good evening." in pages[0] and "Enter Anna." in pages[0]
    assert all("Actor A" in p and f"of {len(pages)}" in p for p in pages)
    assert any("VERA (CONT’D)" in p for p in pages[1:])
    assert "Test Play — Scene two" in pages[-1] and "Қош келдіңіздер!" in pages[-1]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [o.title for o in reader.outline if not isinstance(o, list)] == ["Cue sheet"]
    assert float(reader.pages[0].mediabox.height) == 792
    assert render_document(blocks, DocumentOptions(title="Test Play", header_right="Actor A", paper="letter")) == data


def test_a_character_no_font_has_names_the_block() -> None:
    with pytest.raises(ScriptError) as caught:
        render_document([paragraph("日", loc=Loc("cues.yaml", 3, 7))], DocumentOptions(title="T"))
    assert str(caught.value).splitlines()[0] == ("cues.yaml:3:7: error: cannot print '日' (U+65E5 CJK UNIFIED "
                                                 "IDEOGRAPH-65E5) in this text: no font has it (tried PT Serif and the fallback fonts)")
    assert str(caught.value).splitlines()[1].startswith("hint: add a font that has them: --font pt-serif --font FILE")


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown paper size 'a5'"):
        render_document([paragraph("x")], DocumentOptions(title="T", paper="a5"))
