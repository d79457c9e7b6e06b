"""The rehearsal page and the files it links, switched together.

``index.html`` embeds the text and timings of the outputs it links, so it must never stand
beside outputs that no longer match it — not even after a build killed half-way. So before a
build changes the first file the page may link (making, replacing or deleting one), it puts a
stand-in in the page's place that links nothing and reloads itself; the real page is written
only after every output, and the manifest after it. Whenever a build stops, the folder holds
the old page with the old files, the stand-in, or the new page with the new files.

A build that fails with an error before it has changed any of those files (a full disk on
its first write) puts the old page back, byte for byte.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

from ..files import atomic
from ..labels import play_labels
from ..model import Play

PAGE = "index.html"
REBUILDING = '<meta name="generator" content="stagecast: rebuilding">'
"""What marks the stand-in."""
_Stamp = tuple[int, int, int] | None


def stand_in(play: Play) -> str:
    """The page while a build changes what it links: the play's title and a word on what is
    happening (in the play's language), no links, and a reload every few seconds until the
    real page is back."""
    label = play_labels(play)
    title = html.escape(label("rehearsal", title=play.meta.title))
    return (f'<!doctype html>\n<html lang="{html.escape(play.meta.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'{REBUILDING}\n<meta http-equiv="refresh" content="3">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n</head>\n<body>\n<h1>{html.escape(play.meta.title)}</h1>\n"
            f"<p>{html.escape(label('rebuilding'))}</p>\n</body>\n</html>\n")


class PageSwitch:
    def __init__(self, out: Path, files: Iterable[str]):
        self.page = out / PAGE
        self.watched = [out / f for f in sorted(set(files)) if f != PAGE]
        self.old: bytes | None = None
        self.before: list[_Stamp] | None = None

    def take_down(self, stand_in: str) -> None:
        """Put ``stand_in`` where the page is, remembering the page and the files it may link."""
        self.before = _stamps(self.watched)
        try:
            self.old = self.page.read_bytes()
        except FileNotFoundError:
            self.old = None
        # Not flushed to disk: after a power cut an empty page is as good a stand-in as this one.
        atomic.write_text(self.page, stand_in, durable=False)

    def put_back_if_unchanged(self) -> None:
        """After a build that failed: the old page again if none of those files changed (else
        the stand-in stays, and the next build writes the page)."""
        if self.before is None or _stamps(self.watched) != self.before:
            return
        try:
            if self.old is None:
                self.page.unlink(missing_ok=True)
            else:
                atomic.write_bytes(self.page, self.old, durable=False)
        except OSError:
            pass  # the failure being reported matters more; the stand-in links nothing


def is_stand_in(page: Path) -> bool:
    """Whether ``page`` is the stand-in of a build that did not finish."""
    try:
        with open(page, "rb") as handle:
            return REBUILDING.encode() in handle.read(1024)
    except OSError:
        return False


def _stamps(paths: list[Path]) -> list[_Stamp]:
    found: list[_Stamp] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            found.append(None)
        else:
            found.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return found
