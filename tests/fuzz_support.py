"""Shared pieces of the fuzz tests: how many cases, how inputs are mutated, what outcome is allowed.

``make test`` runs each fuzz test with a small, fixed set of cases (a few seconds in all);
``make fuzz`` sets ``STAGECAST_FUZZ=N`` to run N cases per test. Every outcome must be either
a valid play or a :class:`ScriptError` whose diagnostics all point inside the input files —
any other exception is a bug.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from stagecast.errors import ScriptError
from stagecast.model import Play

FUZZ_CASES = int(os.environ.get("STAGECAST_FUZZ", "0") or 0)
GENERIC = ("invalid", "something went wrong", "error:")


def fuzz_settings(quick: int) -> settings:
    """``quick`` cases under ``make test``, the same ones every run (CI must not fail on a case
    no one has seen before); ``STAGECAST_FUZZ`` fresh random cases under ``make fuzz``."""
    return settings(max_examples=FUZZ_CASES or quick, deadline=None, derandomize=not FUZZ_CASES,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# -- mutations ---------------------------------------------------------------------------------
# An edit is (kind, position, other position, noise); positions wrap around the text's size.
EDIT_KINDS = ("insert", "replace-line", "delete-line", "duplicate-line", "swap-lines", "truncate", "delete-span")


def edits(noise: Iterable[str], max_size: int = 4) -> st.SearchStrategy[list[tuple[str, int, int, str]]]:
    return st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 1 << 20), st.integers(0, 1 << 20),
                              st.sampled_from(list(noise))), min_size=1, max_size=max_size)


def mutate(text: str, changes: list[tuple[str, int, int, str]]) -> str:
    for kind, a, b, noise in changes:
        lines = text.split("\n")
        i, j = a % len(lines), b % len(lines)
        if kind == "insert":
            at = a % (len(text) + 1)
            text = text[:at] + noise + text[at:]
            continue
        if kind == "replace-line":
            lines[i] = noise
        elif kind == "delete-line":
            del lines[i]
        elif kind == "duplicate-line":
            lines.insert(j, lines[i])
        elif kind == "swap-lines":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            text = text[: a % (len(text) + 1)]
            continue
        elif kind == "delete-span":
            start = a % (len(text) + 1)
            text = text[:start] + text[start + b % 200:]
            continue
        text = "\n".join(lines)
    return text


@contextmanager
def no_longer_than(seconds: int) -> Iterator[None]:
    """Fail (TimeoutError) instead of hanging when the body waits too long, e.g. on a named pipe
    no one writes to. POSIX, main thread (where pytest runs tests)."""
    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s: waiting on something?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- special files ------------------------------------------------------------------------------
# What a path the play names may be instead of a file, and the words the error must say about it
# (None: an ordinary file, so whatever its content decides).
SPECIAL_FILES = {
    "file": None, "link-to-file": None,
    "named-pipe": "is a named pipe, not a file", "link-to-pipe": "is a named pipe, not a file",
    "folder": "is a folder, not a file", "link-to-folder": "is a folder, not a file",
    "loop": "(a link loop)", "loop-pair": "(a link loop)",
    "dangling-link": "not found", "link-outside": "is outside the play folder",
}


def make_special(path: Path, kind: str, data: bytes, outside: Path) -> None:
    """Put at ``path`` what ``kind`` names (a key of :data:`SPECIAL_FILES`); an ordinary file, or
    the file a link leads to, holds ``data``. ``outside`` is a folder outside the play."""
    path.parent.mkdir(parents=True, exist_ok=True)
    beside = path.with_name(path.name + ".target")
    if kind == "file":
        path.write_bytes(data)
    elif kind == "named-pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "loop-pair":
        path.symlink_to(beside.name)
        beside.symlink_to(path.name)
    elif kind == "dangling-link":
        path.symlink_to("nowhere-" + path.name)
    elif kind == "link-outside":
        (outside / path.name).write_bytes(data)
        path.symlink_to(outside / path.name)
    else:  # a link to a file, a pipe or a folder beside it
        make_special(beside, {"link-to-file": "file", "link-to-pipe": "named-pipe", "link-to-folder": "folder"}[kind],
                     data, outside)
        path.symlink_to(beside.name)


# -- outcomes ----------------------------------------------------------------------------------
def _line_count(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def assert_located(error: ScriptError, files: Iterable[Path]) -> None:
    """Every diagnostic names one of ``files`` at a line and column that exist."""
    allowed = {Path(f).resolve(): f for f in files}
    assert error.diagnostics, f"a ScriptError without diagnostics: {error}"
    for diagnostic in error.diagnostics:
        assert diagnostic.loc is not None, f"unlocated: {diagnostic}"
        where = Path(diagnostic.loc.path).resolve()
        assert where in allowed, f"{diagnostic} names a file outside the input ({sorted(map(str, allowed))})"
        assert 1 <= diagnostic.loc.line <= _line_count(where) + 1, f"line out of range: {diagnostic}"
        assert diagnostic.loc.column >= 1, f"column out of range: {diagnostic}"
        message = diagnostic.message.strip()
        assert len(message) > 12 and message not in GENERIC, f"vague message: {diagnostic}"


def outcome(read: Callable[[], Play], files: Iterable[Path]) -> Play | None:
    """The play ``read`` returns, or ``None`` after checking its ScriptError is located in ``files``.
    Any other exception propagates: that is the bug the fuzzer is looking for."""
    try:
        play = read()
    except ScriptError as exc:
        assert_located(exc, list(files))
        return None
    assert isinstance(play, Play)
    return play


def exercise(play: Play) -> None:
    """Run the cheap, pure outputs on a valid play: none of them may crash on anything valid."""
    from stagecast.audio.plan import PlanOptions, plan_track
    from stagecast.cuesheets.cue_list import cue_list, render_md
    from stagecast.cuesheets.sheet import cue_sheet
    from stagecast.cuesheets.sheet_text import RENDERERS
    from stagecast.interchange import export_fountain
    from stagecast.reports.statistics import stats

    for performer in play.performers:
        sheet = cue_sheet(play, performer.id)
        for render in RENDERERS.values():
            render(sheet, False, None)
        plan_track(play, PlanOptions("rehearsal", performer.id))
    plan_track(play, PlanOptions())
    render_md(play, cue_list(play))
    stats(play)
    export_fountain(play)
