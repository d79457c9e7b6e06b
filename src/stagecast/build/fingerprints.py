"""Keys: short, stable hashes of what an output is made from.

A key must change when, and only when, the output would: so model values are hashed by their
reprs (which leave out source locations), the play without the folder it was read from, and
files by their bytes, never their paths. The manifest stores these keys, so changing how one
is computed rebuilds every folder once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from .. import __version__
from ..model import Loc, Play, Scene


def digest(*parts: object) -> str:
    """A stable hash of model values: their reprs leave out source locations by design."""
    text = "\x1f".join(repr(p) for p in (__version__, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def placeless(play: Play) -> Play:
    """The play without where it was read from (``root``, ``source``), for keys: moving the play
    folder or building from another working directory changes no output. The one output that
    names a place, the timeline's ``source``, is keyed by :func:`sources` instead."""
    return dataclasses.replace(play, root=".", source="")


def sources(play: Play) -> list[str | None]:
    """``file:line:col`` of every scene, interval and scene item, the file relative to the play
    folder: what an audio timeline's ``source`` says (so an edit that only moves a line, or a
    renamed scene file, still remakes the timelines)."""
    root = os.path.abspath(play.root)
    relative: dict[str, str] = {}

    def where(loc: Loc | None) -> str | None:
        if loc is None:
            return None
        if loc.path not in relative:
            relative[loc.path] = Path(os.path.relpath(os.path.abspath(loc.path), root)).as_posix()
        return f"{relative[loc.path]}:{loc.line}:{loc.column}"

    found = []
    for part in play.sequence:
        found.append(where(part.loc))
        if isinstance(part, Scene):
            found += [where(item.loc) for item in part.items]
    return found


def takes_digest(root: Path) -> list[tuple[str, str]]:
    """Every file in the play's ``takes/`` (the manifest and the recordings) by its bytes: a take
    added, re-recorded or removed remakes the tracks (each reuses the scenes it leaves alone)."""
    try:
        names = sorted(p.name for p in (root / "takes").iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []
    return [(name, file_digest(root / "takes" / name)) for name in names]


def file_digest(path: Path) -> str:
    """A file's bytes, hashed, or "missing" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    except OSError:
        return "missing"
