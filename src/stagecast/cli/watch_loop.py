"""``--watch``: do a command's work, then again after every change to the play's files, until Ctrl-C."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import ScriptError, StagecastError
from ..model import Play
from ..watch.changes import FileWatch, PlayFiles, Stamp, stamp


def keep_running(play_path: Path, voices: Path | None, work: Callable[[], Play | None], quiet: bool) -> None:
    """Run ``work`` (which reads the play, writes, reports and returns the play it read) each
    time the play changes, until Ctrl-C.

    A mistake that editing the play fixes (:attr:`StagecastError.in_the_play`) is printed and
    the watch goes on; anything else (a wrong option, a missing play, no ffmpeg) ends it with
    its exit code before the first good run, and is printed and waited out after one. Ctrl-C
    ends it with 0, or with the exit code of the last run if that one failed."""
    files = PlayFiles(play_path, voices)
    watch = FileWatch(files)
    say = (lambda _text: None) if quiet else click.echo
    state = _State()
    try:
        while True:
            baseline = watch.baseline()
            _run_once(work, files, state, say, play_path, baseline)
            changed = watch.wait(baseline)
            say(f"{time.strftime('%H:%M:%S')} {_what_changed(changed, baseline)}")
    except KeyboardInterrupt:
        if state.running:
            raise  # stopped mid-run: "interrupted", exit 130, the previous outputs kept
        say("stopped watching")
        if state.failure is not None:
            from ..cli.report import report

            raise click.exceptions.Exit(report(state.failure)[1]) from None


class _State:
    def __init__(self) -> None:
        self.running = False
        self.worked = False
        self.failure: StagecastError | OSError | None = None


def _run_once(work: Callable[[], Play | None], files: PlayFiles, state: _State, say: Callable[[str], None],
              play_path: Path, baseline: dict[Path, Stamp]) -> None:
    """One run of ``work`` and its report. The files it taught the watch join ``baseline``
    before anything is printed, so a fix saved the moment the message shows is seen."""
    started, since = time.perf_counter(), time.time_ns()
    state.running = True
    try:
        play = work()
    except (StagecastError, OSError) as exc:
        state.running = False
        if not (state.worked or (isinstance(exc, StagecastError) and exc.in_the_play)):
            raise
        state.failure = exc
        read = None if isinstance(exc, ScriptError) else _readable(play_path)
        learnt = files.failed(_named_by(exc)) | (files.update(read) if read is not None else set())
        _remember(baseline, learnt, since)
        _report_failure(exc)
        return
    state.running = False
    _remember(baseline, files.update(play) if play is not None else set(), since)
    took = f"done in {time.perf_counter() - started:.2f} s"
    fixed, first = state.failure is not None, not state.worked
    state.worked, state.failure = True, None
    if fixed:
        click.echo(f"fixed: {took}; watching for changes")  # even with -q: the error is still on screen
    else:
        say(f"{took}; watching for changes" + (" (Ctrl-C to stop)" if first else ""))


_CLOCK_SLACK_NS = 10_000_000
"""File times come from a coarser clock than ``time.time_ns`` (up to a few ms behind on Linux):
a file changed just after a run began can look a little older than the run. Less than the
watch's settle time, so the save that started the run (held still that long) is not taken
for a new one."""


def _remember(baseline: dict[Path, Stamp], learnt: set[Path], since_ns: int) -> None:
    """Add files first watched because of a run to ``baseline``: as they are now, unless they
    changed while it ran (then as missing, so the watch sees the change). A file already in the
    baseline keeps its stamp from before the run."""
    for path in learnt - baseline.keys():
        now = stamp(path)
        changed = now is not None and now[0] >= since_ns - _CLOCK_SLACK_NS and not path.is_dir()
        baseline[path] = None if changed else now


def _report_failure(exc: StagecastError | OSError) -> None:
    from .report import report

    click.echo(report(exc, count=False)[0], err=True)
    untouched = "nothing was written; " if isinstance(exc, ScriptError) else ""
    click.echo(f"{untouched}watching for a fix: save to try again (Ctrl-C to stop)", err=True)


def _named_by(exc: BaseException) -> list[Path]:
    """The files an error's messages point at (a fix will be saved in one of them)."""
    if isinstance(exc, ScriptError):
        return [Path(d.loc.path) for d in exc.diagnostics if d.loc is not None]
    return []


def _readable(play_path: Path) -> Play | None:
    """The play, when the run failed after reading it (an engine failure): its files are watched too."""
    from ..api import load_play

    try:
        return load_play(play_path)
    except (StagecastError, OSError):
        return None


def _what_changed(paths: list[Path], before: dict[Path, Stamp]) -> str:
    folders = [p for p in paths if p.is_dir()]
    gone = [p for p in paths if not p.exists()]
    added = [p for p in paths if before.get(p) is None and p not in folders and p not in gone]
    edited = [p for p in paths if p not in folders and p not in gone and p not in added]
    said = [f"{_listed(group)} {what}" for group, what in ((edited, "changed"), (added, "added"), (gone, "deleted"))
            if group]
    if folders:
        said.append(f"a file was added or removed in {_listed(folders)}")
    return "; ".join(said)


def _listed(paths: list[Path]) -> str:
    from ..files.display import display_path

    def shown(path: Path) -> str:
        try:
            return display_path(path)
        except OSError:  # the working folder itself was deleted
            return str(path)

    names = ", ".join(shown(p) for p in paths[:3])
    return names if len(paths) <= 3 else f"{names} and {len(paths) - 3} more"
