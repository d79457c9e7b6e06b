"""Printable PDFs: the script (:func:`render_script_pdf`) and a small document API for other
PDFs in the same look (:mod:`stagecast.pdf.document`).

Modules: :mod:`.fonts` (font chain, widths, accent placement), :mod:`.glyphs` (TrueType
outlines); the pure layout: :mod:`.blocks` (what a PDF is made of), :mod:`.line_breaking`,
:mod:`.typeset` (paragraphs → rows), :mod:`.pagination` (rows → :mod:`.pages`); :mod:`.paint`
(reportlab canvas), :mod:`.document` (blocks → PDF), :mod:`.script` (play → blocks).
"""

from __future__ import annotations

from .script import ScriptPdfOptions, render_script_pdf

__all__ = ["ScriptPdfOptions", "render_script_pdf"]
