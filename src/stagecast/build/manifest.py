"""``manifest.json``: the keys of the last good build, and every file builds wrote with whom it
was written for — so that the next build skips what is up to date and deletes what it no
longer makes, and nothing else. It is written last, and only when it changes.

A manifest is read as untrusted: one this version cannot read counts as none, and a file name
that would lead outside the build folder is ignored (docs/build.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..files import atomic
from .outcome import BuildReport
from .targets import PAGE, Owner, Target

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def load_manifest(folder: Path) -> tuple[dict[str, str], dict[str, Owner | None]]:
    """The last good build's keys by target, and the files earlier builds wrote with what each
    belongs to (both empty when there is no manifest, or one this version cannot read). A plain
    list of files (the first manifests that had one) is read with no owners."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}, {}
    keys, files = data.get("targets"), data.get("files")
    if isinstance(files, list):
        files = dict.fromkeys((f for f in files if isinstance(f, str)), None)
    return ({str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
            {f: Owner.from_json(o) for f, o in files.items() if isinstance(f, str) and _inside(f)}
            if isinstance(files, dict) else {})


def write_manifest(out: Path, keys: dict[str, str], recorded: dict[str, Owner | None],
                   targets: list[Target], play: Path | None = None) -> None:
    """Record ``keys`` (the targets made or found up to date, and the page), the files that are
    ours (see :func:`_written`) and the play built (``play``, absolute: the play ``serve``
    saves the takes recorded on the page). A build that changed nothing writes nothing, not even this."""
    manifest: dict[str, object] = {"version": MANIFEST_VERSION, "stagecast": __version__, "targets": keys,
                                   "files": _written(out, recorded, targets, keys)}
    if play is not None:
        manifest["play"] = str(play)
    _write_if_changed(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def built_play(folder: Path) -> Path | None:
    """The play folder the last good build in ``folder`` was made from, as its manifest says
    (None when there is no manifest, one this version cannot read, or it names no play)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    play = data.get("play") if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None
    return Path(play) if isinstance(play, str) and Path(play).is_absolute() else None


def _inside(entry: str) -> bool:
    """Whether a recorded name stays inside the build folder: a damaged or hand-edited manifest
    must never lead a build to delete anything outside it."""
    parts = entry.split("/")
    return all(part not in ("", ".", "..") and "\\" not in part and ":" not in part for part in parts)


def departed(recorded: Iterable[str], cast: set[str]) -> dict[str, list[str]]:
    """What earlier builds wrote for performers no longer in the cast, by their folder's name."""
    found: dict[str, list[str]] = {}
    for entry in recorded:
        parts = entry.split("/")
        if len(parts) == 3 and parts[0] == "performers" and parts[1] not in cast:
            found.setdefault(parts[1], []).append(entry)
    return found


def remove_departed(out: Path, recorded: Iterable[str], cast: set[str], report: BuildReport) -> None:
    """Delete what earlier builds wrote for performers no longer in the cast, then each such
    folder once it is empty. Only recorded files are deleted, so anything else put there stays
    (and keeps the folder). The manifest is rewritten only after this, so a build interrupted
    here leaves the record in place and the next build finishes the job."""
    for name, entries in sorted(departed(recorded, cast).items()):
        folder = out / "performers" / name
        if folder.is_symlink() or not folder.is_dir():
            continue  # removed already, or a link the user made: not ours to follow
        for entry in entries:
            try:
                if not (out / entry).is_dir():
                    (out / entry).unlink(missing_ok=True)
            except OSError:
                pass  # stays recorded (it still exists), so the next build tries again
        try:
            folder.rmdir()
        except OSError:
            report.kept.append((folder, _names(folder)))
        else:
            report.removed.append(folder)


def _names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        return [f"(cannot list it: {exc.strerror})"]


def stale(recorded: dict[str, Owner | None], targets: list[Target], keys: dict[str, str],
          holders: dict[str, str]) -> list[tuple[str, str]]:
    """Files earlier builds wrote that this one no longer writes and should go, with why:
    - those of an owner whose targets this build all made or found up to date (a performer's
      change notes after a build without --since, an mp3 after switching to ogg). An owner this
      build does not make at all (the tracks in a --no-audio build) keeps its files; so does one
      with a failed target, whose earlier files stay until a build makes it;
    - those made for a performer in a folder that now belongs to another performer (a new one
      took the old name), whatever this build makes: no one should find another person's track
      in their folder.
    A file some target of this build writes is never stale. ``holders``: each performer folder's
    performer (id) now."""
    planned = {f for target in targets for f in target.files}
    done: dict[Owner, bool] = {}
    for target in targets:
        done[target.owner] = done.get(target.owner, True) and target.ident in keys
    found = []
    for entry, owner in sorted(recorded.items()):
        if entry in planned or owner is None:
            continue
        parts = entry.split("/")
        now = holders.get(parts[1]) if len(parts) == 3 and parts[0] == "performers" else None
        if done.get(owner):
            found.append((entry, "this build no longer makes it"))
        elif owner.performer is not None and now is not None and now != owner.performer:
            found.append((entry, f"made for performer {owner.performer}, not {now}, whose folder this is now"))
    return found


def remove_stale(out: Path, doomed: list[tuple[str, str]], report: BuildReport) -> None:
    """Delete the stale files (never a link, which stagecast does not make). One that cannot be
    deleted stays recorded in the manifest, so the next build tries again."""
    for entry, why in doomed:
        path = out / entry
        if path.is_symlink() or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError as exc:
            report.stuck.append((path, exc.strerror or str(exc)))
        else:
            report.stale.append((path, why))


def _written(out: Path, recorded: dict[str, Owner | None], targets: list[Target],
             keys: dict[str, str]) -> dict[str, dict[str, str]]:
    """What the manifest records as ours, with what each file belongs to: this build's outputs and
    earlier builds' files that are still there (a --no-audio build still remembers the tracks an
    earlier one wrote, and whose they are)."""
    planned = {f: target.owner for target in targets for f in target.files}
    ours = {f for target in targets if target.ident in keys for f in target.files}
    files = {}
    for entry in {*recorded, *ours, "index.html"}:
        if (out / entry).is_file():
            owner = PAGE if entry == "index.html" else planned.get(entry) or recorded.get(entry)
            files[entry] = owner.to_json() if owner else {}
    return dict(sorted(files.items()))


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already says exactly that (a build that changed nothing
    writes nothing, not even its manifest)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    atomic.write_text(path, text)
