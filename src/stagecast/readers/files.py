"""Whether a file the play names is there: one answer on every Python version.

``Path.is_file()`` raises on a folder that cannot be entered up to Python 3.12 and answers
False from 3.13 on; a reader must tell "not found" from "cannot be read" either way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def is_regular_file(path: Path) -> bool:
    """True for a regular file, False when nothing (or something else) is there; raises
    :class:`OSError` when the system will not say (a folder on the way cannot be entered)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return stat.S_ISREG(mode)


def reason(exc: OSError) -> str:
    """The system's reason, written like stagecast's own messages ("permission denied")."""
    return (exc.strerror or str(exc)).lower()
