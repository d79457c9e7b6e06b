"""The files a play names: what is there, and reading them without ever blocking.

One answer on every Python version: ``Path.is_file()`` raises on a folder that cannot be
entered up to Python 3.12 and answers False from 3.13 on, and ``Path.resolve()`` raises
RuntimeError on a symlink loop up to 3.12 and returns quietly from 3.13 on; a reader must
tell "not found" from "cannot be read" from "not a file" either way.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}
LOOP = "a symbolic link that leads back to itself (a link loop)"
DANGLING = "a symbolic link to something that is not there"


class NotAFile(OSError):
    """Something other than a regular file is there; ``kind`` says what ("a named pipe")."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"{path} is {kind}, not a file")
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe")."""
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def look_up(root: Path, name: str) -> tuple[Path, str]:
    """(the resolved path, what is there) for a file ``name`` that the play in ``root`` names:
    ``file``, ``outside`` (it resolves outside the play folder), ``missing``, or in words what
    else is there (``a named pipe``, ``a folder``, :data:`LOOP` …). Raises :class:`OSError` when the
    system will not say (a folder on the way cannot be entered)."""
    try:
        target = (root / name).resolve()
    except RuntimeError:  # a symlink loop, up to Python 3.12
        return root / name, LOOP
    if not target.is_relative_to(root.resolve()):
        return target, "outside"
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return target, "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symlink loop, from Python 3.13 on
            return target, LOOP
        raise
    return target, "file" if stat.S_ISREG(mode) else kind_of(mode)


def what_is_at(path: Path) -> str:
    """What is at ``path``, following links: ``file``, ``missing`` (nothing at all, not even a
    link), :data:`LOOP`, :data:`DANGLING`, or in words what else is there (``a named pipe``, ``a
    folder`` …). Raises :class:`OSError` when the system will not say (a folder on the way
    cannot be entered)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return DANGLING if os.path.islink(path) else "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
        raise
    return "file" if stat.S_ISREG(mode) else kind_of(mode)


def read_file(path: Path) -> bytes:
    """The bytes of a regular file; raises :class:`NotAFile` for anything else (see :func:`open_file`)."""
    with open_file(path) as handle:
        return handle.read()


def open_file(path: Path) -> BinaryIO:
    """A regular file opened for reading; raises :class:`NotAFile` for anything else. Opened without
    blocking, so a named pipe (or a device) is refused, not waited on for a writer."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, kind_of(mode))
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def reason(exc: OSError) -> str:
    """The system's reason, written like stagecast's own messages ("permission denied")."""
    if isinstance(exc, NotAFile):
        return f"it is {exc.kind}, not a file"
    if exc.errno == errno.ELOOP:
        return f"it is {LOOP}"
    return (exc.strerror or str(exc)).lower()
