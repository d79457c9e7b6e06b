"""Writing a track and its sidecars as one group: all new, or all old.

Every file of the group is first written into a hidden temporary folder beside the
targets (``.stagecast-<pid>-…``). Only when all of them are complete are they renamed over
the old ones — the audio first, then the captions, the timeline last, with Ctrl-C held
off for those few microseconds. So an interrupted or failed run (Ctrl-C, an engine crash,
a full disk) leaves the previous group exactly as it was, and a reader that sees a new
timeline always finds the audio it describes already in place. (A power cut in the
middle of the renames is the one case that can mix old and new files.) Temporary folders
left by a killed run are removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..files.atomic import GROUP_PREFIX, clean_stale

PREFIX = GROUP_PREFIX


class Group:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder)  # what killed runs left: staging folders, and their .part files
        self.temp = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=folder))
        self._order: list[tuple[Path, Path]] = []

    def path(self, target: Path) -> Path:
        """Where to write ``target``'s new content (renamed into place by :meth:`commit`)."""
        staged = self.temp / f"{len(self._order):03d}-{target.name}"
        self._order.append((staged, target))
        return staged

    def write_text(self, target: Path, text: str) -> bool:
        """Stage ``text`` for ``target``, unless ``target`` already holds exactly that (a warm
        re-render of one scene leaves the other scenes' captions alone); True if staged."""
        data = text.encode("utf-8")
        if holds(target, data):
            return False
        self.path(target).write_bytes(data)
        return True

    def commit(self) -> None:
        audio = [pair for pair in self._order if not _is_sidecar(pair[1])]
        sidecars = sorted((p for p in self._order if _is_sidecar(p[1])), key=lambda p: p[1].name.endswith(".json"))
        with _no_interrupts():
            for staged, target in audio + sidecars:
                if staged.exists():
                    os.replace(staged, target)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def holds(target: Path, data: bytes) -> bool:
    """True when the file ``target`` exists and contains exactly ``data``."""
    try:
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _is_sidecar(path: Path) -> bool:
    return path.suffix in (".vtt", ".srt", ".json")


@contextmanager
def _no_interrupts() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
