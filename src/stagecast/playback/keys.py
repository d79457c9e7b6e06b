"""Reading single keys from a terminal, or one key per line from a pipe.

From a pipe (scripts, tests) each line is one key: ``r``, ``p``, ``q`` …; an empty line is
Enter; ``space``, ``left``, ``right`` name those keys.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

ENTER, SPACE, LEFT, RIGHT, QUIT = "enter", "space", "left", "right", "q"
_NAMED = {"": ENTER, " ": SPACE, "space": SPACE, "left": LEFT, "right": RIGHT}
_ESCAPES = {"[C": RIGHT, "[D": LEFT}


def keys(stream: TextIO | None = None, quit_at_end: bool = True) -> Iterator[str]:
    """Keys as they are pressed; when the input ends, a final ``q`` unless ``quit_at_end`` is off."""
    stream = stream or sys.stdin
    if stream.isatty():
        yield from _terminal_keys(stream)
    else:
        for line in stream:
            text = line.rstrip("\r\n")
            yield _NAMED.get(text.strip().lower(), text.strip().lower()[:1] if text.strip() else ENTER)
    if quit_at_end:
        yield QUIT


def _terminal_keys(stream: TextIO) -> Iterator[str]:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        while True:
            ch = msvcrt.getwch()
            if ch in ("\x00", "\xe0"):
                yield {"M": RIGHT, "K": LEFT}.get(msvcrt.getwch(), "")
            else:
                yield _plain(ch)
    with _cbreak(stream):
        while True:
            ch = stream.read(1)
            if not ch or ch == "\x04":
                return
            if ch == "\x1b":
                yield _ESCAPES.get(stream.read(2), "")
            else:
                yield _plain(ch)


def _plain(ch: str) -> str:
    if ch in ("\r", "\n"):
        return ENTER
    if ch == " ":
        return SPACE
    if ch == "\x03":
        raise KeyboardInterrupt
    return ch.lower()


@contextmanager
def _cbreak(stream: TextIO) -> Iterator[None]:
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
