"""One stagecast run at a time per output: an OS lock on a small file beside what is written.

Two runs writing the same outputs at once read each other's half-finished state (the manifest
of one, the track of the other) and fail or mix their files. So ``build`` locks its folder and
``audio`` its track (or, with ``--split scenes``, its folder) for the whole run: the second run
waits, saying for whom, or with ``wait=False`` refuses (:class:`~stagecast.errors.OutputBusy`).

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so a
run that is killed releases it with its last breath; nothing stale can block the next run. The
lock file holds the holder's pid, for the message, and is removed when the run ends. A lock
file a killed run left is taken over and removed by the next run.

The standard library is enough: ``filelock`` would add a dependency and still need this module
to record and read the pid, to remove the file safely, and to keep forked workers from holding
the lock.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputBusy
from .display import display_path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

FOLDER_LOCK = ".stagecast.lock"
_PID_BYTES = 32
_LOCKED_AT = 64
"""Windows locks are mandatory: the byte locked lies past the pid, so a waiter can read it."""
_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}
"""What ``flock`` says on a file system without locks (some network shares)."""
_held: set[int] = set()
"""Descriptors of the locks this process holds."""


def _forget_in_child() -> None:
    """A forked child (a speech worker, which ``--watch`` keeps between builds) shares each held
    lock with its parent for as long as it keeps the descriptor: closed in the child, the lock
    is the parent's alone and ends when the parent lets it go."""
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def lock_file(target: Path, *, folder: bool = True) -> Path:
    """The lock file for a folder (``build/.stagecast.lock``) or one file (``.x.wav.lock`` beside it)."""
    return target / FOLDER_LOCK if folder else target.parent / f".{target.name}.lock"


@contextmanager
def hold(path: Path, what: str, target: Path, *, wait: bool = True,
         notice: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold the lock on the file ``path`` (hidden, in the folder being written) while the
    block runs. ``what`` (``build``, ``render``) and ``target`` (the folder or file written)
    name the run in the other run's message: "waiting for another stagecast build of this
    folder (pid 12) to finish…", or with ``wait=False`` the error.

    A folder that cannot hold the lock file (missing and not creatable, read-only) is written
    without a lock: the run's own writes then fail there, with the message that names the
    output. So is one whose file system has no locks (some network shares), with a note."""
    folder = path.parent
    made = not folder.exists()
    fd: int | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = _acquire(path, what, target, wait, notice)
    except _NoLocks as exc:
        notice(f"note: {display_path(folder)} cannot be locked ({exc.strerror}); another stagecast run "
               "writing there at the same time would mix its files with this one's")
        _remove(path)  # no run can lock it there: of no use to anyone
    except OSError:
        pass
    try:
        yield
    finally:
        if fd is not None:
            _release(fd, path)
        if made:
            try:
                folder.rmdir()  # made only for the lock, and the run wrote nothing in it
            except OSError:
                pass


def _acquire(path: Path, what: str, target: Path, wait: bool, notice: Callable[[str], None]) -> int:
    folder = target.is_dir()
    told = False
    while True:
        fd = _open(path)
        try:
            if not _try_lock(fd):
                pid = _holder(fd)
                if not wait:
                    shown = display_path(target) + (os.sep if folder else "")
                    raise OutputBusy(f"another stagecast {what} of {shown} is running{_pid(pid)}; nothing was changed",
                                     hint="run again when it has finished, or leave out --no-wait to wait for it")
                if not told:
                    this = "folder" if folder else "track"
                    notice(f"waiting for another stagecast {what} of this {this}{_pid(pid)} to finish…")
                    told = True
                _lock(fd)
            if _still_there(fd, path):
                _write_pid(fd)
                _held.add(fd)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # its holder removed the file as we waited: lock the one there now


class _NoLocks(OSError):
    """The file system has no locks."""


def _pid(pid: int | None) -> str:
    return f" (pid {pid})" if pid else ""


def _open(path: Path) -> int:
    try:
        return _open_file(path)
    except FileNotFoundError:
        # The run we waited for made the folder, wrote nothing and removed it: make it again.
        path.parent.mkdir(parents=True, exist_ok=True)
        return _open_file(path)


def _open_file(path: Path) -> int:
    flags = os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        return os.open(path, os.O_RDWR | flags, 0o666)
    except PermissionError:
        # Another user's lock file in a folder we share: reading is enough to lock on POSIX.
        return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))


def _holder(fd: int) -> int | None:
    """The pid the lock's holder wrote; it writes it just after locking, so wait a moment for it."""
    for _ in range(50):
        try:
            text = _read_at(fd).decode("ascii", "replace").strip()
        except OSError:
            return None
        if text.isdigit() and _alive(int(text)):
            return int(text)
        time.sleep(0.01)
    return None


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _write_pid(fd: int) -> None:
    try:
        # Padded to one width, over whatever a killed run left: no truncation, which ext4 follows
        # with a flush to disk when the file is closed (measured: 2.5 ms a build).
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid():<20}\n".encode())
    except OSError:
        pass  # opened read-only: the other run's message goes without the pid


def _release(fd: int, path: Path) -> None:
    _held.discard(fd)
    if os.name == "nt":  # pragma: no cover
        _unlock(fd)
        os.close(fd)
        _remove(path)  # fails while another run has it open: it is theirs now
        return
    # Removed while still locked: a run that opened it meanwhile finds, once it has the lock,
    # that the name is gone (_still_there) and locks the next file instead.
    _remove(path)
    os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCKED_AT, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

    def _lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(0.1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCKED_AT, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _still_there(fd: int, path: Path) -> bool:
        return True  # an open file cannot be removed on Windows

    def _read_at(fd: int) -> bytes:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, _PID_BYTES)
else:
    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in _UNSUPPORTED:
                raise _NoLocks(exc.errno, exc.strerror) from exc
            raise
        return True

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _still_there(fd: int, path: Path) -> bool:
        try:
            named = os.stat(path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino)

    def _read_at(fd: int) -> bytes:
        return os.pread(fd, _PID_BYTES, 0)
