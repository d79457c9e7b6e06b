"""Writing cue sheets: one performer to a file or stdout, or every performer into a folder."""

from __future__ import annotations

from pathlib import Path

from . import atomic
from .cuesheet import CueSheet, cue_sheet
from .cuesheet_formats import RENDERERS
from .model import Play
from .rules import slugs

FORMATS = ("md", "txt", "html", "pdf")


def render_sheet(sheet: CueSheet, fmt: str, memorise: bool = False) -> bytes:
    """A cue sheet in ``fmt`` as bytes (UTF-8 for the text formats)."""
    if fmt == "pdf":
        from .cuesheet_pdf import render_pdf

        return render_pdf(sheet, memorise)
    return RENDERERS[fmt](sheet, memorise).encode("utf-8")


def sheet_file_names(play: Play, fmt: str) -> dict[str, str]:
    """Performer id → file name (``slug`` of the name, collisions resolved) for ``--all``."""
    names = slugs([p.name for p in play.performers])
    return {p.id: f"{name}.{fmt}" for p, name in zip(play.performers, names, strict=True)}


def write_all_sheets(play: Play, folder: Path, fmt: str, cue_words: int, memorise: bool) -> list[Path]:
    """One cue sheet per performer in ``folder``; returns the files written."""
    written = []
    for performer_id, name in sheet_file_names(play, fmt).items():
        sheet = cue_sheet(play, performer_id, cue_words)
        written.append(atomic.write_bytes(folder / name, render_sheet(sheet, fmt, memorise)))
    return written
