"""Where commands write when not told (-o).

One place for every command that writes a file rather than printing text: ``build/`` under
the working folder, the folder ``stagecast build`` manages (its own outputs are listed in its
manifest; files other commands put there are left alone by it). Text that reads well in a
terminal (a cue sheet, the stats) is printed instead, and written only with -o.
"""

from __future__ import annotations

from pathlib import Path

BUILD_FOLDER = Path("build")
"""The default output folder, relative to the working folder (``stagecast build``'s -o default)."""


def default_output(name: str) -> Path:
    """Where a command writes the file ``name`` without -o."""
    return BUILD_FOLDER / name

