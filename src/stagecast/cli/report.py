"""What the user reads for an error, and the exit code it means: decided here, once.

The command group (:class:`stagecast.cli.LazyGroup`) and ``--watch`` (which reports a run's
error and carries on) both call :func:`report`, so an error reads the same and exits with the
same code wherever it surfaces. The codes are the README's table (:mod:`stagecast.errors`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

INTERNAL_ERROR = 70
"""Exit code for a bug in stagecast itself (EX_SOFTWARE)."""
INTERRUPTED = 130
"""Exit code for Ctrl-C: 128 + SIGINT, what a shell expects of a program stopped that way."""
SYSTEM_ERROR = 4
"""Exit code for a file or folder that may not be read or written, a full or read-only disk."""


def report(error: BaseException, *, count: bool = True) -> tuple[str, int]:
    """The message for ``error`` and the exit code it means.

    ``count``: end a script error with the closing "N errors found", as ``check`` does (a
    ``--watch`` run leaves it out: the error is followed by what the watch does next)."""
    from ..errors import StagecastError

    if isinstance(error, StagecastError):
        errors = getattr(error, "count", 0) if count else 0
        closing = f"\n{errors} error{'s' * (errors != 1)} found" if errors else ""
        return error.format() + closing, error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return "interrupted", INTERRUPTED
    if isinstance(error, OSError):
        return os_error_message(error), SYSTEM_ERROR
    return (f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in stagecast, not in your script: please report it with the command "
            "you ran (STAGECAST_DEBUG=1 shows the details).", INTERNAL_ERROR)


def os_error_message(exc: OSError) -> str:
    """A system error as the user should read it: what failed, on which path, what to do.

    An OSError does not say whether it came from a read or a write; for a refused permission
    the path itself is asked (can it be read? can its folder be written?) to tell them apart."""
    from ..files.display import display_path

    path = os.fsdecode(exc.filename) if exc.filename is not None else None
    writing_in = _ours(Path(path)) if path else None
    if writing_in is not None:
        path = str(writing_in)  # a temporary name of ours means nothing to the user: its folder does
    cache_hint = _cache_hint(Path(path)) if path else ""
    if cache_hint:
        path = str(_cache_root())  # the clip or scene file inside it means nothing to the user either
    shown = display_path(Path(path)) if path else None
    where = f" ({shown})" if shown else ""
    blocker = _file_in_the_way(Path(path)) if path and exc.errno in (errno.EEXIST, errno.ENOTDIR) else None
    if blocker is not None:
        needed = "" if display_path(blocker) == shown else f" for {shown}"
        return (f"error: {display_path(blocker)} is a file, where a folder is needed{needed}"
                + (cache_hint or "\nhint: choose another output path, or move that file away"))
    if exc.errno == errno.ENOSPC:
        return f"error: the disk is full{where}; nothing was half-written — free some space and run again"
    if exc.errno == errno.EROFS:
        return f"error: the disk is read-only{where}" + (cache_hint or "\nhint: choose an output folder on a disk "
                                                                      "you can write to")
    if exc.errno in (errno.EACCES, errno.EPERM):
        denied = "permission denied" if exc.errno == errno.EACCES else "operation not permitted"
        message = _denied_message(denied, Path(path)) if path else f"error: {denied}\nhint: {_DENIED_HINT}"
        # In the cache folder the fix is the cache's own setting, never "choose an output folder".
        return message.split("\nhint: ")[0] + cache_hint if cache_hint else message
    reason = exc.strerror or str(exc)
    if reason[1:2].islower():
        reason = reason[0].lower() + reason[1:]  # "No such file or directory" reads like our own messages
    if writing_in is not None:
        return f"error: cannot write in {shown}: {reason}"
    return f"error: {reason}{where}{cache_hint}"


def _ours(path: Path) -> Path | None:
    """The folder a temporary file or folder of ours (``.stagecast-…``) was being made in."""
    for part in (path, *path.parents):
        if part.name.startswith(".stagecast-"):
            return part.parent
    return None


def _file_in_the_way(path: Path) -> Path | None:
    """A file standing where ``path`` needs a folder (``-o notes.txt/x.wav``)."""
    for part in (path, *path.parents):
        if part.is_file():
            return part
    return None


def _cache_root() -> Path:
    from ..files.user_cache import cache_root

    return cache_root()


def _cache_hint(path: Path) -> str:
    root = _cache_root()
    if path == root or root in path.parents:
        return ("\nhint: this is stagecast's cache folder (for clips and scenes); set STAGECAST_CACHE_DIR "
                "to a folder you can write to")
    return ""


_DENIED_HINT = "check that you may read the play's files and write in the output folder"


def _denied_message(denied: str, path: Path) -> str:
    import shlex

    from ..files.display import display_path

    shown = display_path(path)
    blocked = _blocked_folder(path)
    if blocked is not None:
        folder = display_path(blocked)
        return (f"error: {denied}: cannot open the folder {folder} to reach {shown}\n"
                f"hint: check the folder's permissions: ls -ld {shlex.quote(folder)}")
    if os.path.lexists(path) and not _readable(path):
        listing = "ls -ld" if path.is_dir() else "ls -l"
        return (f"error: {denied}: cannot read {shown}\n"
                f"hint: check its permissions: {listing} {shlex.quote(shown)}")
    folder = _unwritable_folder(path)
    if folder is not None:
        return (f"error: {denied}: cannot write {shown}: the folder {display_path(folder)} is not writable for you\n"
                "hint: choose an output folder you can write to")
    return f"error: {denied} ({shown})\nhint: {_DENIED_HINT}"


def _blocked_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that may not be entered, if any."""
    for folder in reversed(path.absolute().parents):
        if folder.is_dir() and not os.access(folder, os.X_OK):
            return folder
    return None


def _readable(path: Path) -> bool:
    return os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0))


def _unwritable_folder(path: Path) -> Path | None:
    """The folder that would have to be written to make ``path``, when it may not be written."""
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders above are made first (mkdir parents=True)
    return None if os.access(folder, os.W_OK) else folder
