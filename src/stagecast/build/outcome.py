"""What a build did, for the command's summary: what it made, found up to date, failed to make
and removed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Play


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    """Folders of performers no longer in the cast, deleted with what earlier builds wrote there."""
    kept: list[tuple[Path, list[str]]] = field(default_factory=list)
    """Such folders emptied of our files but kept for what else is in them (those names)."""
    stale: list[tuple[Path, str]] = field(default_factory=list)
    """Files earlier builds wrote that this one no longer writes, deleted (and why)."""
    stuck: list[tuple[Path, str]] = field(default_factory=list)
    """Such files that could not be deleted (and the system's reason); the next build tries again."""
    play: Play | None = None
    """The play as this build read it."""

    def removals(self) -> list[str]:
        """One line per departed performer's folder and per stale file, for the summary."""
        return [*(f"removed {folder}{os.sep} (no longer in the cast)" for folder in self.removed),
                *(f"removed stagecast's files from {folder}{os.sep} (no longer in the cast); kept the folder "
                  f"for what else is in it: {', '.join(left)}" for folder, left in self.kept),
                *(f"removed {path} ({why})" for path, why in self.stale),
                *(f"could not remove {path} ({why}); the next build tries again" for path, why in self.stuck)]
