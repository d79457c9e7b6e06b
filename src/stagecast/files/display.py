"""Paths as messages show them."""

from __future__ import annotations

import os


def display_path(path: str | os.PathLike[str]) -> str:
    """How a path is shown in messages: relative to the working folder when inside it, else as
    given ("../../x" would make the reader work out where that is, and would name the same file
    differently depending on where the command was run from)."""
    given = os.fspath(path)
    try:
        rel = os.path.relpath(given)
    except ValueError:  # another drive (Windows)
        return given
    outside = rel == os.pardir or rel.startswith(os.pardir + os.sep)
    return given if outside else rel
