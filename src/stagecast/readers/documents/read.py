"""One entry for every document format: the format's reader gives lines, the recogniser the play."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

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
    return Imported(found.play, kind, found.guesses, found.comments)
