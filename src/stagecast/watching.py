"""Waiting for a play's files to change (``--watch``).

The files are polled, not subscribed to: stat-ing a few dozen paths and listing the play folder
every 25 ms costs next to nothing (~0.25 ms a round), works alike on every system and file
system (network shares, USB sticks, editors that save by writing a new file and renaming it over
the old one) and needs no dependency. A change is acted on once the files have stopped changing for a moment, so a file
caught half-written is not read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .model import Cue, Play, Scene

Stamp = tuple[int, int, int] | None
"""A file's (modification time in ns, size, inode), or None when it is missing."""

POLL_S = 0.025
SETTLE_S = 0.02
_PLAY_SUFFIXES = (".yaml", ".yml")


def stamp(path: Path) -> Stamp:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    return {path: stamp(path) for path in paths}


def play_files(play_path: Path, play: Play | None, voices: Path | None = None) -> set[Path]:
    """Every file whose change can change what ``play_path`` renders: the main file; in a play
    folder, every YAML file in it and in its folders one level down (a scene file being added or
    one that a broken play.yaml names); the files ``play`` was read from and the sound files it
    plays; and voices.yaml, or the places where one would be found."""
    found = {_main_file(play_path), *folder_files(play_path)}
    if play is not None:
        found |= _sources(play)
    if voices is not None:
        found.add(voices)
    else:
        folder = play_path.resolve() if play_path.is_dir() else play_path.resolve().parent
        found |= {folder / "voices.yaml", folder.parent / "voices.yaml"}
    return {Path(os.path.abspath(p)) for p in found}  # one entry per file, however it was named


def _main_file(play_path: Path) -> Path:
    return play_path / "play.yaml" if _is_folder(play_path) else play_path


def _is_folder(play_path: Path) -> bool:
    return play_path.is_dir() or not play_path.name.lower().endswith(_PLAY_SUFFIXES)


def folder_files(play_path: Path) -> set[Path]:
    """The YAML files now in a play folder and its folders one level down (none for a play
    kept as one file: its neighbours are none of its business)."""
    # Not the folders themselves: their times change with every file written into them.
    return {Path(os.path.abspath(p)) for p in _yaml_files(play_path)} if _is_folder(play_path) else set()


class PlayFiles:
    """What to watch, cheaply enough to ask every poll: the files found from the play as last
    read (walking a large play's model takes milliseconds, so once per render), and the YAML
    files in its folder as they are now."""

    def __init__(self, play_path: Path, voices: Path | None):
        self.play_path, self.voices = play_path, voices
        self.known = play_files(play_path, None, voices)
        self._listed: set[Path] = set()
        self._listed_when: tuple[Stamp, ...] | None = None

    def update(self, play: Play | None) -> None:
        """After a render: ``play`` as read (None if it could not be; the last good one's files
        stay watched)."""
        self.known |= play_files(self.play_path, play, self.voices) if play is not None else set()

    def __call__(self) -> set[Path]:
        return self.known | self._listing()

    def _listing(self) -> set[Path]:
        """The play folder's YAML files, listed again only when a folder's time says an entry
        was added, removed or renamed (a stat instead of a listing, every poll)."""
        folders = [self.play_path, *_subfolders(self.play_path)] if _is_folder(self.play_path) else []
        when = tuple(stamp(f) for f in folders)
        if when != self._listed_when:
            self._listed, self._listed_when = folder_files(self.play_path), when
        return self._listed


def _yaml_files(folder: Path) -> set[Path]:
    found: set[Path] = set()
    for level in (folder, *_subfolders(folder)):
        try:
            with os.scandir(level) as entries:
                found |= {level / e.name for e in entries
                          if e.name.endswith(_PLAY_SUFFIXES) and not e.name.startswith(".")}
        except OSError:
            continue  # unreadable: the reader says so
    return found


def _subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [folder / e.name for e in entries if not e.name.startswith(".") and e.is_dir()]
    except OSError:
        return []


def _sources(play: Play) -> set[Path]:
    found = {Path(play.source)} if play.source else set()
    root = Path(play.root)
    for part in play.sequence:
        if part.loc is not None:
            found.add(Path(part.loc.path))
        if isinstance(part, Scene):
            found |= {Path(item.loc.path) for item in part.items if item.loc is not None}
            found |= {root / item.file for item in part.items if isinstance(item, Cue) and item.file}
    return found


class FileWatch:
    """Blocks until one of the files that ``files()`` names differs from a baseline."""

    def __init__(self, files: Callable[[], set[Path]], poll_s: float = POLL_S, settle_s: float = SETTLE_S,
                 sleep: Callable[[float], None] = time.sleep):
        self.files, self.poll_s, self.settle_s, self.sleep = files, poll_s, settle_s, sleep

    def baseline(self) -> dict[Path, Stamp]:
        """Take this before reading the play, so an edit made while it renders is not missed."""
        return stamps(self.files())

    def wait(self, baseline: dict[Path, Stamp]) -> list[Path]:
        """The files changed since ``baseline`` (sorted), once they have stopped changing."""
        baseline = dict(baseline)
        for path in self.files() - baseline.keys():
            baseline[path] = stamp(path)  # named only since the baseline (a scene just added): as it is now
        while True:
            current = stamps(self.files())
            if _changed(baseline, current):
                current = self._settled(current)
                changed = _changed(baseline, current)
                if changed:
                    return changed
            self.sleep(self.poll_s)

    def _settled(self, current: dict[Path, Stamp]) -> dict[Path, Stamp]:
        while True:
            self.sleep(self.settle_s)
            again = stamps(self.files())
            if again == current:
                return again
            current = again


def _changed(before: dict[Path, Stamp], after: dict[Path, Stamp]) -> list[Path]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
