"""The user's cache folder for stagecast (clips, encoded scenes, scenes already read).

First match wins (documented in docs/audio.md):

1. an explicit folder (``--cache-dir`` / ``AudioOptions.cache_dir``);
2. ``$STAGECAST_CACHE_DIR``;
3. the platform's user cache folder: ``$XDG_CACHE_HOME/stagecast`` (default
   ``~/.cache/stagecast``) on Linux, ``~/Library/Caches/stagecast`` on macOS,
   ``%LOCALAPPDATA%\\stagecast\\Cache`` on Windows; with no home folder at all (a container
   running under a uid with no account), ``stagecast-cache-<uid>`` in the temporary folder.

Everything in it can be made again; deleting it is always safe.
"""

from __future__ import annotations

import os
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
