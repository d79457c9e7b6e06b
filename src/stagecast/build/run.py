"""Running a build: read the play, lock the folder, make each target whose key changed, remove
what earlier builds made that this one does not, then write the page and the manifest, in that
order (docs/build.md: a build stopped at any point leaves a folder that is consistent).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildFailed, StagecastError
from ..files import atomic, locking
from ..files.user_cache import cache_root, temp_folder
from .fingerprints import digest
from .index_page import page_assets_digest, write_page
from .inputs import BuildInputs, BuildOptions
from .manifest import departed, load_manifest, remove_departed, remove_stale, stale, write_manifest
from .outcome import BuildReport
from .page_switch import PageSwitch, is_stand_in, stand_in
from .targets import TRACK_KINDS, Target, plan
from .tracks import check_voices

if TYPE_CHECKING:  # the audio path is imported only when a track is made
    from ..audio.session import AudioSession

_DEFAULTS = BuildOptions()  # frozen, so one shared default is safe


def build(play_path: str | os.PathLike[str], options: BuildOptions = _DEFAULTS,
          log: Callable[[str], None] = lambda _: None, session: AudioSession | None = None,
          notice: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Build everything for the play into ``options.output``; raise :class:`BuildFailed` (exit 5)
    after building what could be built when some targets failed. ``session``: see
    :func:`~stagecast.audio.render.render_audio` (``build --watch`` keeps one). ``notice``: told
    when the build waits for another one writing the same folder."""
    inputs = BuildInputs(Path(play_path), options, session, notice)  # reads the play: its errors come first
    with locking.hold(locking.lock_file(options.output), "build", options.output, wait=options.wait,
                      notice=notice):
        return _build(inputs, log)


def _build(inputs: BuildInputs, log: Callable[[str], None]) -> BuildReport:
    out = inputs.out
    performers = [p for p in out.glob("performers/*") if p.is_dir()]
    for folder in (out, out / "audio", *performers):
        atomic.clean_stale(folder)  # temp files of a build that was killed
    atomic.clean_once(temp_folder(cache_root()))  # and in the clip cache, which this build may not write
    previous, recorded = load_manifest(out)
    targets = plan(inputs)
    to_make = [t for t in targets if not _up_to_date(t, previous, out)]
    if any(t.owner.kind in TRACK_KINDS for t in to_make):
        check_voices(inputs)  # only when a track is to be made: an up-to-date build imports no audio
    report = BuildReport(play=inputs.play)
    cast = set(inputs.names.values())
    holders = {folder: performer for performer, folder in inputs.names.items()}
    # Files to delete when every target is made: with nothing to make, exactly those deleted below.
    doomed = [*(e for entries in departed(recorded, cast).values() for e in entries),
              *(e for e, _ in stale(recorded, targets, {t.ident: t.key for t in targets}, holders))]
    changing = bool(to_make) or any((out / e).is_file() for e in doomed)
    page = PageSwitch(out, [*recorded, *(f for t in targets for f in t.files)])
    if changing:
        page.take_down(stand_in(inputs.play))
    try:
        remove_departed(out, recorded, cast, report)
        keys = _make(targets, previous, out, log, report)
        remove_stale(out, stale(recorded, targets, keys, holders), report)
    except BaseException:
        page.put_back_if_unchanged()
        raise
    page_key = digest(sorted(keys.items()), inputs.keyed, page_assets_digest())
    fresh = changing or report.built or report.failed or report.stale or previous.get("page") != page_key
    if fresh or not (out / "index.html").is_file() or is_stand_in(out / "index.html"):
        write_page(inputs, targets, {f for target in targets if target.ident in keys for f in target.files})
        report.built.append("rehearsal page")
    else:
        report.skipped.append("rehearsal page")
    keys["page"] = page_key
    write_manifest(out, keys, recorded, targets, inputs.play_path.resolve())
    if report.failed:
        raise BuildFailed(_failures(report, len(targets), out))
    return report


def _up_to_date(target: Target, previous: dict[str, str], out: Path) -> bool:
    """The last good build made ``target`` from the same inputs, and its files are all there."""
    return previous.get(target.ident) == target.key and all((out / f).is_file() for f in target.files)


def _make(targets: list[Target], previous: dict[str, str], out: Path, log: Callable[[str], None],
          report: BuildReport) -> dict[str, str]:
    """Make each target whose key changed or whose files are missing; the keys of the good ones."""
    keys: dict[str, str] = {}
    for target in targets:
        if _up_to_date(target, previous, out):
            report.skipped.append(target.name)
            keys[target.ident] = target.key
            continue
        log(f"building {target.name}")
        try:
            target.make()
        except StagecastError as exc:
            report.failed.append((target.name, exc.format()))
            continue
        report.built.append(target.name)
        keys[target.ident] = target.key
    return keys


def _failures(report: BuildReport, planned: int, out: Path) -> str:
    """What failed, each message once with the outputs it failed (one engine failure fails every
    track), what was removed, and how many of the ``planned`` outputs failed."""
    by_message: dict[str, list[str]] = {}
    for name, message in report.failed:
        by_message.setdefault(message, []).append(name)
    details = "\n".join(f"{', '.join(names)}: {message}" for message, names in by_message.items())
    return "\n".join([details, *report.removals(), f"{len(report.failed)} of {planned} "
                      f"outputs failed; the rest are in {out}"])
