"""Writing outputs atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import sys
import time
from pathlib import Path

SUFFIX = ".part"
GROUP_PREFIX = ".stagecast-"
"""Hidden folders in which a group of files is staged (``.stagecast-<pid>-…``, audio/group.py)."""
_STALE_S = 24 * 3600
_cleaned: set[Path] = set()
"""Folders this process has written temporary files in, and so cleaned of killed runs' ones."""


def temp_path(target: Path, folder: Path | None = None) -> Path:
    """A fresh temporary name beside ``target`` (or in ``folder``, on the same disk) that
    :func:`clean_stale` recognises: the pid in it lets a later run tell a leftover of a killed
    process from a write still in progress. The first time a process writes into a folder, the
    leftovers of killed runs there are removed."""
    folder = target.parent if folder is None else folder
    clean_once(folder)
    return folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"


def clean_once(folder: Path) -> None:
    """:func:`clean_stale` ``folder``, unless this process did already (it is cleaned before the
    first temporary file a process makes there; a run that may write nothing there asks too)."""
    if folder not in _cleaned:
        _cleaned.add(folder)
        clean_stale(folder)


def staging_folder(folder: Path) -> Path:
    """A new hidden folder in ``folder`` (``.stagecast-<pid>-…``) in which files are made before
    being renamed into place; once its process is gone, :func:`clean_stale` removes it. Made
    with the usual mode (0o777 less the umask), so a staging folder renamed into place whole is
    an ordinary folder. The leftovers of killed runs in ``folder`` are removed first."""
    clean_once(folder)
    while True:
        path = folder / f"{GROUP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        return path


def write_bytes(path: str | os.PathLike[str], data: bytes, *, durable: bool = True,
                temp_dir: Path | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over.

    ``durable=False`` skips the flush to disk, for cache entries: after a power cut one may be
    lost or empty, and is then made again. ``temp_dir``: where the temporary file is made, on
    the same disk (the cache keeps its own in one small folder, cheap to clean on every run,
    rather than beside thousands of clips).

    ``-`` is standard output; a path that exists and is not a regular file (a pipe, a terminal,
    ``/dev/stdout``, a device) is written into, never replaced; a symbolic link to a file keeps
    being a link, and the file it points to is replaced."""
    if is_stdout(path):
        return _write_stdout(data)
    target = Path(path)
    if is_special(target):
        return _write_into(target, data)
    if target.is_symlink():
        target = _link_target(target)
    temp = _fresh_temp(target, temp_dir)
    try:
        _fill(temp, data, durable)
        _keep_mode(target, temp)
        try:
            os.replace(temp, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV or temp_dir is None:
                raise
            discard(temp)  # the temporary folder is on another disk after all
            return write_bytes(target, data, durable=durable)
    except OSError as exc:
        discard(temp)
        _name_output(exc, target, temp)
        raise
    except BaseException:
        discard(temp)
        raise
    return target


def write_new(path: Path, data: bytes, *, temp_dir: Path | None = None) -> bool:
    """Put ``data`` at ``path`` whole, unless a file is already there: then leave that one and
    return False. For cache entries that several processes may make at once and that differ a
    little each time they are made (a clip): the first one made is the one every process uses.
    Not flushed to disk (``durable=False``). Where the disk has no hard links, the last one
    made replaces the others, as :func:`write_bytes` does."""
    target = Path(path)
    temp = _fresh_temp(target, temp_dir)
    try:
        _fill(temp, data, durable=False)
        try:
            os.link(temp, target)  # fails if the name is taken: unlike a rename, never replaces
        except FileExistsError:
            return False
        except OSError:
            write_bytes(target, data, durable=False)  # no hard links on this disk (FAT, some shares)
        return True
    except OSError as exc:
        _name_output(exc, target, temp)
        raise
    finally:
        discard(temp)


def _fresh_temp(target: Path, temp_dir: Path | None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
    return temp_path(target, temp_dir)


def _fill(temp: Path, data: bytes, durable: bool) -> None:
    """Make the new file ``temp`` holding ``data`` (flushed to disk when ``durable``)."""
    # os.open with 0o666 lets the user's umask decide the mode, as for any ordinary file.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def _name_output(exc: OSError, target: Path, temp: Path | None = None) -> None:
    """Raise ``exc`` again naming the output, if it names nothing (a failed write) or our temporary file."""
    if exc.filename is None or (temp is not None and Path(exc.filename) == temp):
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(target)) from exc


def discard(temp: Path) -> None:
    # On a read-only disk even removing a file that was never made fails (EROFS, not ENOENT):
    # that must not replace the error that tells the user what happened.
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        pass


STDOUT = "-"
"""The name that means standard output wherever a command takes ``-o``."""


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    return path is not None and os.fspath(path) == STDOUT


def is_special(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` exists and is something to write *into* rather than replace: a pipe, a
    terminal, a device, or any name under /dev or /proc (``/dev/stdout`` may lead to a regular
    file the shell opened, which must be written through, not swapped for a new one)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    if stat.S_ISDIR(mode):
        return False
    if not stat.S_ISREG(mode):
        return True
    return os.name == "posix" and os.path.abspath(path).startswith(("/dev/", "/proc/"))


_OWN_FD = re.compile(r"/dev/fd/(\d+)|/proc/self/fd/(\d+)|/proc/(\d+)/fd/(\d+)")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


def inherited_fd(path: str | os.PathLike[str]) -> int | None:
    """The file descriptor this process already has open that ``path`` names (/dev/stdout,
    /dev/fd/3, /proc/self/fd/1), or None. Opening such a name again would start a second
    file position: writing beside the shell's own writes to a redirected file would overwrite them."""
    name = os.path.abspath(path)
    if name in _STANDARD:
        return _STANDARD[name]
    match = _OWN_FD.fullmatch(name)
    if match is None or (match.group(3) and int(match.group(3)) != os.getpid()):
        return None
    return int(match.group(1) or match.group(2) or match.group(4))


def _write_into(target: Path, data: bytes) -> Path:
    try:
        fd = inherited_fd(target)
        if fd is not None:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()  # what Python still holds goes first, in order
            _write_all(fd, data)
            return target
        # O_APPEND: a device or pipe opened afresh takes no position; for a file reached through
        # /dev (a log opened by another process) the output goes at its end.
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        _name_output(exc, target)
        raise
    return target


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _link_target(link: Path) -> Path:
    """The file a symbolic link leads to (replaced, so the link stays a link); a loop is an
    OSError naming the link (Path.resolve raises RuntimeError for it up to Python 3.12)."""
    try:
        return link.resolve(strict=False)
    except RuntimeError:
        raise OSError(errno.ELOOP, "a link loop: a symbolic link that leads back to itself", str(link)) from None


def _keep_mode(target: Path, temp: Path) -> None:
    """The new file gets the old one's permissions: a cue sheet kept private (600) stays private."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return  # no old file: the umask decided, as for any new file
    os.chmod(temp, mode)


def _write_stdout(data: bytes) -> Path:
    sys.stdout.flush()
    stream = sys.stdout.buffer
    stream.write(data)
    stream.flush()
    return Path(STDOUT)


def write_text(path: str | os.PathLike[str], text: str, *, durable: bool = True,
               temp_dir: Path | None = None) -> Path:
    return write_bytes(path, text.encode("utf-8"), durable=durable, temp_dir=temp_dir)


def clean_stale(folder: str | os.PathLike[str], *, min_age_s: float = 0) -> list[Path]:
    """Remove the temporary files that a killed process left in ``folder`` (SIGKILL, power cut:
    nothing can delete them at the time), and its staging folders (``.stagecast-<pid>-…``).
    Only names stagecast makes are considered; one is stale when the process named in it is
    gone, or, for names without a pid, when it is a day old. ``min_age_s`` also requires that
    age (for a cache other machines may share, where a pid means nothing). Not recursive.
    Returns what was removed."""
    removed = []
    now = time.time()
    try:
        entries = [e for e in Path(folder).iterdir() if e.name.startswith(".")]
    except OSError:
        return []  # no such folder (yet), or not ours to list
    for temp in entries:
        match = _TEMP.match(temp.name)
        if match and temp.is_file() and abandoned(temp, match.group(1)) and _older(temp, now - min_age_s):
            try:
                temp.unlink()
                removed.append(temp)
            except OSError:
                pass  # gone already, or not ours to delete: leave it
        elif (temp.name.startswith(GROUP_PREFIX) and temp.is_dir() and not temp.is_symlink()
              and abandoned(temp, temp.name[len(GROUP_PREFIX):].split("-", 1)[0])
              and _older(temp, now - min_age_s)):
            shutil.rmtree(temp, ignore_errors=True)
            removed.append(temp)
    return removed


def _older(path: Path, than: float) -> bool:
    try:
        return path.stat().st_mtime <= than
    except OSError:
        return False


_TEMP = re.compile(r"^\..+\.(?:(\d+)-)?[0-9a-f]{12}" + re.escape(SUFFIX) + "$")


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet (its parent was killed too, and the container's
    first process does not reap orphans) still answers a signal 0, but writes nothing more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False  # no /proc (macOS): alive, as the signal said
    return stat[stat.rfind(b")") + 2:][:1] == b"Z"


def abandoned(temp: Path, owner: str | None) -> bool:
    """Whether a temporary file or folder was left by a process that is gone: ``owner`` is the
    pid written in its name (checked on POSIX); without one, it is stale after a day."""
    if os.name == "posix" and owner and owner.isdigit():
        if int(owner) == os.getpid():
            return False
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OverflowError):
            return False
        return _zombie(int(owner))
    try:
        return time.time() - temp.stat().st_mtime > _STALE_S
    except OSError:
        return False
