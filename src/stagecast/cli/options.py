"""Options shared by several commands, defined once."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from ..api import DEFAULT_PLAY
from ..errors import UsageError
from ..files.atomic import inherited_fd, is_special, is_stdout
from ..files.display import display_path
from ..files.format_choice import chosen_format, refuse_other_kind
from ..files.output_place import default_output
from ..pdf_settings import PAPERS, font_file_problem, is_builtin

F = Callable[..., Any]


def play_argument(func: F) -> F:
    return click.argument("play", required=False, default=str(DEFAULT_PLAY),
                          type=click.Path(path_type=Path))(func)


def voices_option(func: F) -> F:
    return click.option("--voices", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                        help="voices.yaml to use (default: in the play folder, else the folder above).")(func)


def engine_option(func: F) -> F:
    """--engine, checked against the engines there are before anything is read."""
    return click.option("--engine", metavar="NAME", callback=_engine_name,
                        help="Speech engine: auto (default: the best installed voice for each role and "
                             "language), espeak, pyttsx3, rhvoice or piper.")(func)


def _engine_name(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None or value == "auto":
        return value  # nothing of the audio package is imported for a check that lists no voices
    from ..audio.engines import ENGINES, PUBLIC  # the table only: no engine's library is loaded

    if value not in ENGINES:
        raise click.BadParameter(f"'{value}' is not an engine; engines: auto, {', '.join(PUBLIC)}")
    return value


def stale_takes_option(func: F) -> F:
    """--stale-takes: what a track does with a take recorded for words since changed (docs/takes.md)."""
    return click.option("--stale-takes", type=click.Choice(["skip", "use"]), default="skip", show_default=True,
                        help="A take recorded for words since changed: skip it (the line is synthesised) "
                             "or use it.")(func)


def performer_option(func: F) -> F:
    return click.option("--performer", "-p", metavar="NAME", help="A performer, by id or name.")(func)


def cast_option(func: F) -> F:
    """--cast NAME: an alternate cast of the play (``casts:`` in play.yaml) instead of the main casting."""
    return click.option("--cast", metavar="NAME",
                        help="An alternate cast (casts: in play.yaml), e.g. --cast understudy.")(func)


def output_option(func: F) -> F:
    return click.option("-o", "--output", type=click.Path(allow_dash=True), callback=_output_path,
                        help="Where to write (- for standard output).")(func)


_FOLDER = "stagecast.output_is_folder"


def _output_path(ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    # A Path forgets a trailing "/", which is how a user says "a folder, make it if need be".
    if value is None:
        return None
    if value == "-":
        return Path(value)
    ctx.meta[_FOLDER] = value.endswith(("/", os.sep))
    return Path(value)


def output_is_folder(output: Path | None) -> bool:
    """True when -o names a folder: one that exists, or one written with a trailing separator."""
    if output is None or is_stdout(output):
        return False
    ctx = click.get_current_context(silent=True)
    return output.is_dir() or bool(ctx is not None and ctx.meta.get(_FOLDER))


def output_file(output: Path | None, name: str) -> Path:
    """The file a command writes: -o as given, ``name`` inside -o when -o is a folder, else
    ``name`` in ``build/``, where every command writes without -o
    (:func:`~stagecast.files.output_place.default_output`)."""
    if output is None:
        return default_output(name)
    return output / name if output_is_folder(output) else output


def wrote(target: Path, detail: str = "") -> None:
    """Say on stderr, in one line, where the output went (relative to the working folder when
    that is shorter), unless it went to standard output (it is what was shown)."""
    if not is_stdout(target) and inherited_fd(target) != 1:
        click.echo(f"wrote {display_path(target)}{detail}", err=True)


def no_binary_on_terminal(target: Path, what: str) -> None:
    """A PDF poured into a terminal is gibberish that can upset it: refuse, as other tools do."""
    if is_stdout(target) and sys.stdout.isatty():
        raise click.UsageError(f"-o - would print {what} on the terminal; redirect it (> file.pdf) or give -o FILE")


def several_files_output(output: Path | None, what: str, wanted: str = "folder") -> None:
    """Commands that write several files (a track and its captions, a folder of outputs) cannot
    write them to standard output, nor into a pipe or a device."""
    if output is None:
        return
    if is_stdout(output):
        raise click.UsageError(f"-o -: {what} is several files, so it cannot go to standard output; "
                               f"give a {wanted} path")
    if is_special(output):
        raise click.UsageError(f"-o {output} is not a regular file or folder, and {what} is several files; "
                               f"give a {wanted} path")


def output_format(fmt: str | None, output: Path | None, formats: tuple[str, ...] | list[str], default: str,
                  says: str | None = None, suffixes: Mapping[str, str] | None = None) -> str:
    """--format, else -o's extension when it names one of ``formats``, else ``default``
    (:func:`~stagecast.files.format_choice.chosen_format`); a --format that -o's extension
    contradicts is a usage error, shown with the command's usage, and so (with ``says``, what the
    command writes) is an -o naming another kind of document (:func:`output_kind`).
    ``suffixes``: a format's file extension where it differs from its name."""
    file = None if output_is_folder(output) else output
    try:
        chosen = chosen_format(fmt, file, formats, default, suffixes)
    except UsageError as exc:
        raise click.UsageError(_with_hint(exc)) from None
    if says is not None:
        extension = dict(suffixes or {})
        output_kind(file, [extension.get(name, name) for name in formats], says, extension.get(chosen, chosen))
    return chosen


def output_kind(output: Path | None, written: tuple[str, ...] | list[str], says: str, right: str) -> None:
    """An -o file whose extension names another kind of document than the command writes (its
    ``written`` extensions) is a usage error that says what it writes (``says``) and suggests
    the name with ``right``; a folder, ``-``, a pipe or device, or an extension of no known
    kind is accepted (:func:`~stagecast.files.format_choice.refuse_other_kind`)."""
    if output_is_folder(output):
        return
    try:
        refuse_other_kind(output, written, says, right)
    except UsageError as exc:
        raise click.UsageError(_with_hint(exc)) from None


def _with_hint(exc: UsageError) -> str:
    return f"{exc.message}\nhint: {exc.hint}" if exc.hint else exc.message


def pdf_options(func: F) -> F:
    """--font and --paper, which every command that makes a PDF takes (play.yaml's ``pdf:`` gives
    their defaults; docs/format.md)."""
    func = click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False),
                        help="a4 or letter (default: play.yaml's pdf: paper, else a4).")(func)
    return click.option("--font", "fonts", metavar="FILE", multiple=True, callback=_font_files,
                        help="A TrueType font tried before the built-in PT Serif; repeat for a fallback list "
                             "(write pt-serif to keep the built-in first). Default: play.yaml's pdf: font.")(func)


def _font_files(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        problem = None if is_builtin(value) else font_file_problem(Path(value))
        if problem == "does not exist":
            raise click.BadParameter(f"no font file '{value}' (give a .ttf/.ttc file, or pt-serif for the built-in)")
        if problem is not None:
            raise click.BadParameter(f"'{value}' {problem}")
    return values


def pdf_only(fmt: str, fonts: tuple[str, ...], paper: str | None) -> None:
    """--font and --paper change only PDFs: given for another format, they are a usage error, not ignored."""
    if fmt != "pdf" and (fonts or paper):
        given = "--font" if fonts else "--paper"
        raise click.UsageError(f"{given} changes only PDF output, and this writes {fmt}; add --format pdf")
