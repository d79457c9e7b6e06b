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
            yield _line_key(line)
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


class KeyPoll:
    """Keys one at a time, waiting at most a given time: ``stagecast record`` looks for Enter
    between chunks of sound. Reads the input's file descriptor itself (select, then os.read), so
    no key sits unseen in a buffer; a stream without one (a test's) is read a line at a time,
    always waiting. Use it as a context manager: a terminal is put in cbreak mode, then restored."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdin
        self.tty = self.stream.isatty()
        try:
            self._fd: int | None = self.stream.fileno()
        except (AttributeError, OSError, ValueError):
            self._fd = None
        self._pending: list[str] = []
        self._partial, self._ended, self._saved = b"", False, None

    def __enter__(self) -> KeyPoll:
        if self.tty and os.name != "nt" and self._fd is not None:
            import termios
            import tty

            self._saved = termios.tcgetattr(self._fd)
            tty.setcbreak(self._fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def get(self, timeout: float | None = None) -> str | None:
        """The next key; ``None`` if none was pressed within ``timeout`` seconds (None: wait);
        ``q`` once the input has ended."""
        while not self._pending:
            if self._ended:
                return QUIT
            if timeout is not None and not self._ready(timeout):
                return None
            self._fill()
        return self._pending.pop(0)

    def _ready(self, timeout: float) -> bool:
        if self._fd is None:
            return True
        if os.name == "nt":  # pragma: no cover - Windows only
            return True
        import select

        return bool(select.select([self._fd], [], [], timeout)[0])

    def _fill(self) -> None:
        if self._fd is None or (os.name == "nt" and not self.tty):
            line = self.stream.readline()
            self._ended = not line
            if line:
                self._pending.append(_line_key(line))
            return
        if os.name == "nt":  # pragma: no cover - Windows only
            self._pending.append(next(_terminal_keys(self.stream)))
            return
        data = os.read(self._fd, 64)
        if not data:
            self._ended = True
            data = b"\n" if self._partial else b""
        if self.tty:
            text = data.decode("utf-8", "ignore")
            if "\x04" in text:  # Ctrl-D: the input ends, as at the end of a pipe
                self._ended, text = True, text.replace("\x04", "")
            if text.startswith("\x1b"):  # an arrow key's escape sequence comes in one read
                self._pending.append(_ESCAPES.get(text[1:3], ""))
            else:
                self._pending += [_plain(ch) for ch in text]
            return
        *lines, self._partial = (self._partial + data).split(b"\n")
        self._pending += [_line_key(line.decode("utf-8", "ignore")) for line in lines]


def _line_key(line: str) -> str:
    text = line.rstrip("\r\n").strip().lower()
    return _NAMED.get(text, text[:1] if text else ENTER)
