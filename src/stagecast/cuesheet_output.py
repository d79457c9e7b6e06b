"""Writing cue sheets: one performer to a file or stdout, or every performer into a folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import atomic
from .cuesheet import CueSheet, cue_sheet
from .cuesheet_formats import RENDERERS
from .model import Play
from .revision_marks import RevisionMarks
from .rules import slugs

FORMATS = ("md", "txt", "html", "pdf")


def render_sheet(sheet: CueSheet, fmt: str, memorise: bool = False, marks: RevisionMarks | None = None) -> bytes:
    """A cue sheet in ``fmt`` as bytes (UTF-8 for the text formats); ``marks``: revision marks."""
    if fmt == "pdf":
        from .cuesheet_pdf import render_pdf

        return render_pdf(sheet, memorise, marks=marks)
    return RENDERERS[fmt](sheet, memorise, marks).encode("utf-8")


def sheet_file_names(play: Play, fmt: str) -> dict[str, str]:
    """Performer id → file name (``slug`` of the name, collisions resolved) for ``--all``."""
    names = slugs([p.name for p in play.performers])
    return {p.id: f"{name}.{fmt}" for p, name in zip(play.performers, names, strict=True)}


def write_all_sheets(play: Play, folder: Path, fmt: str, cue_words: int, memorise: bool,
                     marks: Callable[[str], RevisionMarks] | None = None) -> list[Path]:
    """One cue sheet per performer in ``folder`` (``marks``: performer id → revision marks)."""
    written = []
    for performer_id, name in sheet_file_names(play, fmt).items():
        sheet = cue_sheet(play, performer_id, cue_words)
        data = render_sheet(sheet, fmt, memorise, marks(performer_id) if marks else None)
        written.append(atomic.write_bytes(folder / name, data))
    return written
