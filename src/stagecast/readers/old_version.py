"""Reading the old version of a play: another folder or file, or the play at a git revision.

Reading, so it lives with the readers: :mod:`stagecast.revisions` only compares two plays it
is given (:func:`stagecast.api.revision_since` reads the old one and hands both over).

``--since REV`` runs ``git archive REV -- <play path>`` (argument lists, never a shell
string), unpacks it with tarfile's ``data`` filter (no absolute paths, no links out of the
folder, no device files) into a temporary folder, and reads the play from there.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import BackendError, Diagnostic, PlayNotFound, ScriptError, UsageError
from ..model import Play
from .yaml_play import main_file, read


@dataclass(frozen=True)
class OldVersion:
    play: Play
    label: str
    """How outputs name it: the revision as given ("HEAD~1") or the path."""
    date: str | None = None
    """The commit date (YYYY-MM-DD) for a git revision."""


def old_from_path(path: str | os.PathLike[str]) -> OldVersion:
    play, _warnings = read(path)
    return OldVersion(play, str(path))


def resolve_since(since: str, play_path: str | os.PathLike[str]) -> OldVersion:
    """``--since`` takes an existing path (an old copy of the play) or else a git revision."""
    if Path(since).exists():
        return old_from_path(since)
    return old_at_revision(since, play_path)


def old_at_revision(revision: str, play_path: str | os.PathLike[str]) -> OldVersion:
    """The play at ``play_path`` as it was committed at git revision ``revision``."""
    play = Path(play_path)
    main_file(play)  # the play as it is now must be one (the reader's own check and message)
    top = _repo_root(play)
    relative = play.resolve().relative_to(top).as_posix() or "."
    commit = _commit(top, revision)
    data = _git(top, ["archive", "--format=tar", commit, "--", relative],
                f"'{relative}' is not in git at revision '{revision}'",
                hint=f"see which revisions have it: git log --oneline -- {relative}", script=True)
    with tempfile.TemporaryDirectory(prefix="stagecast-since-") as temp:
        _unpack(data, temp, f"{revision}:{relative}")
        old_play = Path(temp) / relative
        try:
            loaded, _warnings = read(old_play, remember=False)  # a temporary copy: nothing worth keeping
        except ScriptError as exc:
            raise _relocated(exc, temp, f"{revision}:") from None
        except PlayNotFound as exc:
            raise ScriptError.at(None, f"{revision}:{relative}: {exc.problem} at that revision") from None
    date = _git(top, ["log", "-1", "--format=%cd", "--date=short", commit], "cannot read the commit date")
    return OldVersion(loaded, revision, date.decode().strip() or None)


def _unpack(data: bytes, folder: str, what: str) -> None:
    """Unpack a tar safely; a link out of the play or an absolute path is an error, not a file."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(folder, filter="data")
    except tarfile.FilterError as exc:
        raise ScriptError.at(None, f"refusing to unpack {what}: {exc}; "
                                   "a play may not contain links to files outside it") from None


def _repo_root(play: Path) -> Path:
    folder = play.resolve() if play.is_dir() else play.resolve().parent
    result = _run_git(folder, ["rev-parse", "--show-toplevel"])
    if result.returncode != 0 and "not a git repository" in _said(result):
        # Git works; the play simply is not in a repository: the request cannot be met (usage).
        raise UsageError(f"{play} is not inside a git repository",
                         hint="--since REV needs the play in a git repository; to compare with an old "
                              "copy of the play, give its path: --since OLD_FOLDER")
    out = _checked(result, f"git cannot read the repository holding {play}")
    return Path(out.decode().strip()).resolve()


def _commit(top: Path, revision: str) -> str:
    unknown = UsageError(f"unknown git revision '{revision}'",
                         hint="name a commit git knows: HEAD, HEAD~1, a tag, a branch or a hash (git log --oneline)")
    if revision.startswith("-"):
        raise unknown
    result = _run_git(top, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"])
    if result.returncode == 1 and not result.stderr.strip():
        raise unknown  # --verify --quiet: exit 1 and silence mean "no such commit"
    return _checked(result, f"git cannot look up the revision '{revision}'").decode().strip()


def _git(cwd: Path, args: list[str], failure: str, hint: str | None = None, script: bool = False) -> bytes:
    result = _run_git(cwd, args)
    if result.returncode != 0 and script:
        message = failure + _git_says(result)
        raise ScriptError([Diagnostic("error", None, message + (f"; {hint}" if hint else ""))])
    return _checked(result, failure, hint)


def _run_git(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise BackendError("--since REV needs git, which is not installed",
                           hint="install git, or compare with an old copy of the play: --since OLD_FOLDER")
    # git's messages in English, whatever the user's locale: _repo_root reads one of them.
    return subprocess.run([git, *args], cwd=cwd, env={**os.environ, "LC_ALL": "C"}, capture_output=True,
                          check=False)


def _checked(result: subprocess.CompletedProcess[bytes], failure: str, hint: str | None = None) -> bytes:
    """The output of a git command that succeeded; otherwise git itself failed (exit 4)."""
    if result.returncode != 0:
        raise BackendError(failure + _git_says(result), hint=hint)
    return result.stdout


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def _git_says(result: subprocess.CompletedProcess[bytes]) -> str:
    said = _said(result)
    return f" (git: {said})" if said else ""


def _relocated(exc: ScriptError, temp: str, prefix: str) -> ScriptError:
    """The same errors, naming ``REV:path`` instead of the temporary folder."""
    root = str(Path(temp)) + os.sep
    diagnostics = []
    for d in exc.diagnostics:
        loc = d.loc
        if loc is not None and loc.path.startswith(root):
            loc = replace(loc, path=prefix + loc.path[len(root):])
        diagnostics.append(replace(d, loc=loc, message=d.message.replace(root, prefix)))
    return ScriptError(diagnostics)
