"""One entry for every document format: the format's reader gives lines, the recogniser the play."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from ...labels import as_typed
from ..imported import Imported
from .recogniser import recognise

READERS = {
    "text": ("plain_text", "plain_lines"),
    "markdown": ("plain_text", "markdown_lines"),
    "docx": ("word_docx", "docx_lines"),
    "odt": ("open_document", "odt_lines"),
    "pdf": ("pdf_text", "pdf_lines"),
}
"""Format → (module of this package, its line reader); a reader's library is imported only when
a file of its format is read."""


def read_document(data: bytes, path: str, kind: str, speakers: Sequence[str] = ()) -> Imported:
    """The play in a document of format ``kind`` (a key of :data:`READERS`)."""
    module, function = READERS[kind]
    lines = getattr(importlib.import_module(f"{__package__}.{module}"), function)(data, path)
    found = recognise(lines, path, list(speakers))
    play = found.play
    if kind == "pdf" and _printed_by_us(data):
        # Our own script PDF turned the play's straight quotes typographic: type them straight
        # again, so the YAML is the one it was printed from. Anyone else's marks are the author's.
        play = as_typed(play)
    return Imported(play, kind, found.guesses, found.comments)


def _printed_by_us(data: bytes) -> bool:
    from .pdf_text import printed_by_stagecast

    return printed_by_stagecast(data)


def read_text(data: bytes, path: str, speakers: Sequence[str] = ()) -> Imported:
    """A plain-text script (``.txt``)."""
    return read_document(data, path, "text", speakers)


def read_markdown(data: bytes, path: str, speakers: Sequence[str] = ()) -> Imported:
    """A Markdown script (``.md``)."""
    return read_document(data, path, "markdown", speakers)


def read_docx(data: bytes, path: str, speakers: Sequence[str] = ()) -> Imported:
    """A Word script (``.docx``)."""
    return read_document(data, path, "docx", speakers)


def read_odt(data: bytes, path: str, speakers: Sequence[str] = ()) -> Imported:
    """An OpenDocument text script (``.odt``)."""
    return read_document(data, path, "odt", speakers)


def read_pdf(data: bytes, path: str, speakers: Sequence[str] = ()) -> Imported:
    """A PDF script."""
    return read_document(data, path, "pdf", speakers)
