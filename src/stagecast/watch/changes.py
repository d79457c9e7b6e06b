"""Waiting for a play's files to change (``--watch``).

The files are polled, not subscribed to: stat-ing a few dozen paths, and the play's folders,
costs ~0.1 ms a round, works alike on every system and file system (network shares, USB sticks,
editors that save by writing a new file and renaming it over the old one) and needs no
dependency. Rounds are 20 ms apart while someone is editing and 250 ms apart after a minute
without a change. A change is acted on once the files have held still for 30 ms, so a file
caught half-written (or a ``git pull`` half-way) is not read. (watchfiles, which subscribes to
the OS's notifications, was considered: its own loop also wakes every "step" and reports a
change one to two steps after it, so it would not be quicker; see the README.)
"""

from __future__ import annotations

import os
import stat as stat_module
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..model import Cue, Play, Scene
from ..readers.voices_yaml import voices_places

Stamp = tuple[int, int, int] | None
"""A file's (modification time in ns, size, inode), or None when it is missing."""

BUSY_POLL_S = 0.02
IDLE_POLL_S = 0.25
IDLE_AFTER_S = 60.0
SETTLE_S = 0.03
_PLAY_SUFFIXES = (".yaml", ".yml")
_BROKEN_DEPTH = 3
"""How far down a broken play's folders are watched for a file it names appearing (scenes/act3/x.yaml)."""


def stamp(path: Path) -> Stamp:
    """A file's stamp; a folder's is the names in it (an editor's hidden swap or lock file
    coming and going changes no name that counts), listed again only when its time changed."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat_module.S_ISDIR(found.st_mode):
        return found.st_mtime_ns, found.st_size, found.st_ino
    key = (path, found.st_mtime_ns, found.st_ino)
    if key not in _FOLDER_NAMES:
        if len(_FOLDER_NAMES) > 256:
            _FOLDER_NAMES.clear()
        _FOLDER_NAMES[key] = hash(tuple(sorted(_visible(path))))
    return _FOLDER_NAMES[key], 0, found.st_ino


_FOLDER_NAMES: dict[tuple[Path, int, int], int] = {}


def _visible(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [e.name for e in entries if not e.name.startswith(".")]
    except OSError:
        return []


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    return {path: stamp(path) for path in paths}


def play_files(play_path: Path, play: Play | None, voices: Path | None = None) -> set[Path]:
    """Every file whose change can change what ``play_path`` renders: the main file; in a play
    folder, every YAML file in it and in its folders one level down (a scene file being added or
    one that a broken play.yaml names); the files ``play`` was read from and the sound files it
    plays; and voices.yaml, or the places where one would be found."""
    files = PlayFiles(play_path, voices)
    if play is not None:
        files.update(play)
    return files()


class PlayFiles:
    """What to watch, cheaply enough to ask every poll: the files found from the play as last
    read (walking a large play's model takes milliseconds, so once per render), and the YAML
    files in its folder as they are now. While the play cannot be read, its folders too: a file
    it names but that is not there yet (a sound file, a scene file) counts when it appears."""

    def __init__(self, play_path: Path, voices: Path | None):
        # A file or a folder, decided once as the reader decided it: a play file need not end in .yaml.
        self.single_file = play_path.is_file()
        self.play_path = _absolute(play_path)
        self.folder = self.play_path.parent if self.single_file else self.play_path
        self.known = {self.play_path if self.single_file else self.play_path / "play.yaml"}
        self.known |= {_absolute(p) for p in ([voices] if voices is not None else voices_places(play_path))}
        self.broken = False
        self._listed: set[Path] = set()
        self._listed_when: tuple[Stamp, ...] | None = None

    def update(self, play: Play) -> set[Path]:
        """The play as a render read it; the files it adds to the watch."""
        self.broken = False
        return self._add(_sources(play))

    def failed(self, named: Iterable[Path]) -> set[Path]:
        """The play could not be read: watch the files its errors name, and its folders; the
        files and folders this adds to the watch."""
        self.broken = True
        return self._add(named) | set(self._folders(_BROKEN_DEPTH))

    def _add(self, paths: Iterable[Path]) -> set[Path]:
        new = {_absolute(p) for p in paths} - self.known
        self.known |= new
        return new

    def __call__(self) -> set[Path]:
        found = self.known | self._listing()
        return found | set(self._folders(_BROKEN_DEPTH)) if self.broken else found

    def _folders(self, depth: int = 1) -> list[Path]:
        """The play's folder and those below it, ``depth`` levels down (one level for a play kept
        as one file: the folders beside it may be anything)."""
        found, level = [self.folder], [self.folder]
        for _ in range(1 if self.single_file else depth):
            level = [sub for folder in level for sub in _subfolders(folder)]
            found += level
        return found

    def _listing(self) -> set[Path]:
        """The play folder's YAML files, listed again only when the names in one of its folders
        changed (see :func:`stamp`: a stat, every poll, and a listing only after a folder's time
        moved). A play kept as one file has none: its neighbours are none of its business."""
        if self.single_file:
            return set()
        folders = self._folders()
        when = tuple(stamp(f) for f in folders)
        if when != self._listed_when:
            self._listed, self._listed_when = _yaml_files(folders), when
        return self._listed


def _absolute(path: Path) -> Path:
    return Path(os.path.realpath(path))  # one entry per file, however it was named (links too)


def _yaml_files(folders: list[Path]) -> set[Path]:
    found: set[Path] = set()
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                found |= {folder / e.name for e in entries
                          if e.name.endswith(_PLAY_SUFFIXES) and not e.name.startswith(".")}
        except OSError:
            continue  # unreadable or gone: the reader says so
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

    def __init__(self, files: Callable[[], set[Path]], sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.files, self.sleep, self.clock = files, sleep, clock
        self.last_change = clock()

    def baseline(self) -> dict[Path, Stamp]:
        """Take this before reading the play, so an edit made while it renders is not missed."""
        return stamps(self.files())

    def wait(self, baseline: dict[Path, Stamp]) -> list[Path]:
        """The files changed since ``baseline`` (sorted), once they have held still. A file
        named now but not in the baseline (a scene file added) counts as changed if it exists;
        add files learnt from the render itself to the baseline first (:meth:`PlayFiles.update`)."""
        self.last_change = self.clock()  # a run has just ended: someone is at work
        while True:
            changed = _changed(baseline, stamps(self.files()))
            if changed:
                changed = _changed(baseline, self._settled())
                if changed:
                    self.last_change = self.clock()
                    return changed
            idle = self.clock() - self.last_change > IDLE_AFTER_S
            self.sleep(IDLE_POLL_S if idle else BUSY_POLL_S)

    def _settled(self) -> dict[Path, Stamp]:
        current = stamps(self.files())
        while True:
            self.sleep(SETTLE_S)
            again = stamps(self.files())
            if again == current:
                return again
            current = again


def _changed(before: dict[Path, Stamp], now: dict[Path, Stamp]) -> list[Path]:
    # Over the files named now: a folder watched only while the play was broken, and no longer,
    # is not a change.
    return sorted(p for p, s in now.items() if before.get(p) != s)
