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


def save(path: Path, next_number: int, prompted: list[int], drill: dict[int, int] | None = None) -> None:
    """Where to carry on, the lines prompted so far, and the drill's boxes (:mod:`.drill`)."""
    data: dict = {"version": 1, "next": next_number, "prompted": prompted}
    if drill:
        data["drill"] = _boxes(drill)
    atomic.write_text(path, json.dumps(data))


def save_drill(path: Path, drill: dict[int, int]) -> None:
    """The drill's boxes, keeping the place a run in order stopped at (a drill has none)."""
    if drill:
        atomic.write_text(path, json.dumps(load(path) | {"version": 1, "drill": _boxes(drill)}))


def clear(path: Path, drill: dict[int, int] | None = None) -> None:
    """Nothing to resume: the file goes, or keeps only the drill's boxes."""
    if drill:
        atomic.write_text(path, json.dumps({"version": 1, "drill": _boxes(drill)}))
    else:
        path.unlink(missing_ok=True)


def _boxes(drill: dict[int, int]) -> dict[str, int]:
    return {str(number): box for number, box in sorted(drill.items())}
