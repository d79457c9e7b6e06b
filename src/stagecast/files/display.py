"""Paths as messages show them."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """How a path is shown in messages: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
