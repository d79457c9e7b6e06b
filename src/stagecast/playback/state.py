"""Where a rehearsal stopped, per play and performer, in the user's state folder."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..files import atomic
from ..rules import slug


def state_dir() -> Path:
    """``STAGECAST_STATE_DIR``, else the platform's per-user state folder."""
    if os.environ.get("STAGECAST_STATE_DIR"):
        return Path(os.environ["STAGECAST_STATE_DIR"])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "stagecast" / "state"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "stagecast" / "state"
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "stagecast"


def state_path(title: str, performer: str) -> Path:
    return state_dir() / f"{slug(title)}--{slug(performer)}.json"


def load(path: Path) -> dict:
    """The saved progress, or an empty dict if there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(path: Path, next_number: int, prompted: list[int]) -> None:
    atomic.write_text(path, json.dumps({"version": 1, "next": next_number, "prompted": prompted}))


def clear(path: Path) -> None:
    path.unlink(missing_ok=True)
