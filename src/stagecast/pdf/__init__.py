"""Printable PDFs: the script (:func:`render_script_pdf`) and a small document API for other
PDFs in the same look (:mod:`stagecast.pdf.document`).

Modules: :mod:`.fonts` (font chain, widths, accent placement), :mod:`.glyphs` (TrueType
outlines), :mod:`.layout` (pure line and page breaking), :mod:`.paint` (reportlab canvas),
:mod:`.document` (blocks → PDF), :mod:`.script` (play → blocks).
"""

from __future__ import annotations

from .script import ScriptPdfOptions, render_script_pdf

__all__ = ["ScriptPdfOptions", "render_script_pdf"]
