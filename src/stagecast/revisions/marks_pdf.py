"""Revision marks in PDFs, drawn through the PDF layer's margin column.

How a revised PDF looks (the same :class:`~stagecast.revisions.marks.RevisionMarks` as the
text, Markdown and HTML cue sheets):

- an asterisk in the left margin (:attr:`stagecast.pdf.blocks.Para.margin`, the column that
  also holds speech numbers: "* 12" with ``--line-numbers``) beside the first row of every
  changed speech — and, on a cue sheet, beside a cue that changed;
- "Revised HEAD~1 (2024-05-01)" in every page's running header;
- a "Changed since …" page (script) or section (cue sheet) listing the changes, including
  what was cut and so cannot be marked.

reportlab and the PDF layer are imported inside the functions, as everywhere.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .marks import MARK, RevisionMarks

if TYPE_CHECKING:
    from ..pdf.blocks import Block, Para


def marked(para: Para) -> Para:
    """``para`` with the revision mark in its margin (before a speech number, if any)."""
    return replace(para, margin=f"{MARK} {para.margin}" if para.margin else MARK)


def mark_speeches(blocks: list[Block], marks: RevisionMarks) -> list[Block]:
    """Mark every speech paragraph whose line or cue changed (in a script the cue is the
    speech just above, so a performer's copy marks their line for both)."""
    from ..pdf.blocks import Para

    numbers = marks.lines | marks.cues
    return [marked(b) if isinstance(b, Para) and b.kind == "speech" and b.ref is not None
            and b.ref.speech in numbers else b for b in blocks]


def changes_blocks(marks: RevisionMarks) -> list[Block]:
    """The "Changed since …" heading, one paragraph per change, and what the mark means."""
    from ..pdf.document import heading, note, paragraph

    return [heading(marks.title, level=1), *(paragraph(f"– {n}") for n in marks.notes),
            note(f"{MARK} in the margin marks a changed line or cue.")]


def header(name: str | None, marks: RevisionMarks) -> str:
    """The running header's right-hand text: "Actor A · Revised HEAD~1 (2024-05-01)"."""
    return f"{name} · {marks.heading}" if name else marks.heading


def with_revision_marks(blocks: list[Block], marks: RevisionMarks) -> list[Block]:
    """Script blocks with changed speeches marked and a "Changed since" page after the title page."""
    from ..pdf.blocks import PageBreak

    blocks = mark_speeches(blocks, marks)
    title_end = next((i for i, b in enumerate(blocks) if isinstance(b, PageBreak)), 0) + 1
    return [*blocks[:title_end], *changes_blocks(marks), PageBreak(), *blocks[title_end:]]
