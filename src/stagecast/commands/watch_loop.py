"""``--watch``: do a command's work, then again after every change to the play's files, until Ctrl-C."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import ScriptError, StagecastError
from ..model import Play
from ..readers.yaml_play import display_path
from ..watching import FileWatch, PlayFiles


def keep_running(play_path: Path, voices: Path | None, work: Callable[[], Play | None], quiet: bool) -> None:
    """Run ``work`` (which reads the play, writes, reports and returns the play it read) each
    time the play changes. Mistakes in the play are printed and the previous outputs stay until
    the next save fixes them; before the first success only those keep it watching (a wrong
    option or a missing play ends it at once, with the usual exit code)."""
    from ..cli import _os_error_message

    files = PlayFiles(play_path, voices)
    watch = FileWatch(files)
    say = (lambda _text: None) if quiet else click.echo
    worked = False
    while True:
        baseline = watch.baseline()
        started = time.perf_counter()
        try:
            files.update(work())
            worked = True
            say(f"done in {time.perf_counter() - started:.2f} s; watching for changes (Ctrl-C to stop)")
        except (StagecastError, OSError) as exc:
            if not (worked or isinstance(exc, ScriptError)):
                raise
            click.echo(exc.format() if isinstance(exc, StagecastError) else _os_error_message(exc), err=True)
            untouched = "nothing was written; " if isinstance(exc, ScriptError) else ""
            click.echo(f"{untouched}watching for a fix: save to try again (Ctrl-C to stop)", err=True)
        try:
            changed = watch.wait(baseline)
        except KeyboardInterrupt:
            say("stopped watching")
            return
        say(f"{time.strftime('%H:%M:%S')} {_listed(changed)} changed")


def _listed(paths: list[Path]) -> str:
    shown = ", ".join(display_path(p) for p in paths[:3])
    return shown if len(paths) <= 3 else f"{shown} and {len(paths) - 3} more"
