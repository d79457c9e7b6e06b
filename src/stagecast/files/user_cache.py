"""The user's cache folder for stagecast (clips, encoded scenes, scenes already read).

First match wins (documented in docs/audio.md):

1. an explicit folder (``--cache-dir`` / ``AudioOptions.cache_dir``);
2. ``$STAGECAST_CACHE_DIR``;
3. the platform's user cache folder: ``$XDG_CACHE_HOME/stagecast`` (default
   ``~/.cache/stagecast``) on Linux, ``~/Library/Caches/stagecast`` on macOS,
   ``%LOCALAPPDATA%\\stagecast\\Cache`` on Windows; with no home folder at all (a container
   running under a uid with no account), ``stagecast-cache-<uid>`` in the temporary folder.

Everything in it can be made again; deleting it is always safe.

Files are written into it through a temporary file in ``tmp/<host>/`` (:func:`temp_folder`),
renamed into place when whole.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path


def cache_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get("STAGECAST_CACHE_DIR"):
        return Path(os.environ["STAGECAST_CACHE_DIR"])
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no $HOME and no passwd entry (a container's arbitrary uid)
        return Path(tempfile.gettempdir()) / f"stagecast-cache-{getattr(os, 'getuid', lambda: 'user')()}"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "stagecast"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "stagecast" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "stagecast"


def temp_folder(root: Path) -> Path:
    """Where writes into the cache at ``root`` make their temporary files: one small folder, so
    each run can cheaply remove what killed runs left (by the pid in their names) instead of
    searching every clip folder. One per machine, because a cache in a shared home folder may
    be written from several, and a pid says nothing about another machine's processes."""
    name = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    host = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:64].strip(".") or "this-machine"
    return root / "tmp" / host


DAY_S = 24 * 3600


def due(stamp: Path, every_s: float = DAY_S) -> bool:
    """True when the housekeeping that ``stamp`` times has not run for ``every_s`` (or ever),
    and the stamp is renewed; otherwise one stat. Cache housekeeping runs at most once a day."""
    try:
        if time.time() - stamp.stat().st_mtime < every_s:
            return False
    except OSError:
        pass
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass  # a read-only cache: the housekeeping runs, and will again next time
    return True
