"""Printable PDFs: the script (:func:`render_script_pdf`) and a small document API for other
PDFs in the same look (:mod:`stagecast.pdf.document`).

Modules: :mod:`.fonts` (font chain, widths, accent placement), :mod:`.glyphs` (TrueType
outlines); the pure layout: :mod:`.blocks` (what a PDF is made of), :mod:`.line_breaking`,
:mod:`.typeset` (paragraphs → rows), :mod:`.pagination` (rows → :mod:`.pages`); :mod:`.paint`
(reportlab canvas), :mod:`.document` (blocks → PDF), :mod:`.script` (play → blocks);
:mod:`.script_pages` (where each speech and scene falls: :func:`script_pages`, for other
outputs that name script pages).
"""

from __future__ import annotations

from .script import ScriptPdfOptions, render_script_pdf
from .script_pages import ScriptPages, script_pages

__all__ = ["ScriptPages", "ScriptPdfOptions", "render_script_pdf", "script_pages"]
