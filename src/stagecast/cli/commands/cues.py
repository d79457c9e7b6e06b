"""``stagecast cues``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ...api import find_performer, in_cast, load_play, revision_since
from ...cuesheets.sheet import Hiding, cue_sheet
from ...cuesheets.sheet_files import FORMATS, render_sheet, sheet_file_names, write_all_sheets
from ...files import atomic
from ...files.display import display_path
from ...files.format_choice import folder_problem
from ...files.output_place import default_output
from ...revisions.performer import marks_by_performer
from ...rules import slug
from ..options import (
    cast_option,
    no_binary_on_terminal,
    output_file,
    output_format,
    output_option,
    pdf_only,
    pdf_options,
    performer_option,
    play_argument,
    several_files_output,
    wrote,
)

if TYPE_CHECKING:
    from ...model import Play
    from ...revisions.marks import RevisionMarks

ALL_FOLDER = "cue-sheets"
"""``--all`` without -o: build/cue-sheets/."""


@click.command("cues")
@play_argument
@performer_option
@cast_option
@click.option("--all", "all_", is_flag=True, help="Every performer: one file each in the -o folder "
              "(default: build/cue-sheets/).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from -o's extension, else txt.")
@click.option("--cue-words", type=click.IntRange(1, 200), default=8, show_default=True,
              help="Words of the previous speech shown as the cue.")
@click.option("--first-letters", is_flag=True, help="Memorisation mode: own lines as first letters only.")
@click.option("--first-words", type=click.IntRange(min=0), metavar="N",
              help="Memorisation mode: only the first N words of each own line, the rest as blanks.")
@click.option("--since", metavar="REV|PATH", help="Mark lines and cues changed since a git revision or an old copy.")
@output_option
@pdf_options
def command(play: Path, performer: str | None, cast: str | None, all_: bool, fmt: str | None, cue_words: int,
            first_letters: bool, first_words: int | None, since: str | None, output: Path | None, fonts: tuple[str, ...],
            paper: str | None) -> None:
    """Print a performer's cue sheet: each of their lines with the cue before it.

    \b
    Examples:
      stagecast cues script/ --performer "Actor C"
      stagecast cues script/ --performer actor-a --first-letters -o actor-a.md
      stagecast cues script/ --performer actor-a --first-words 2 --cue-words 3
      stagecast cues script/ --all --format pdf -o cue-sheets/
      stagecast cues script/ --performer actor-a -o a.pdf --font pt-serif --font NotoSansJP.ttf
      stagecast cues script/ --performer "Actor A" --since HEAD~1
    """
    if all_ == bool(performer):
        raise click.UsageError("give either --performer NAME or --all")
    if first_letters and first_words is not None:
        raise click.UsageError("--first-letters and --first-words are two ways of hiding a line: choose one")
    memorise = Hiding(first_words) if first_words is not None else first_letters
    fmt = output_format(fmt, None if all_ else output, FORMATS, "txt",
                        says=f"cue sheets are written as {', '.join(FORMATS)}")
    pdf_only(fmt, fonts, paper)
    model = in_cast(load_play(play), cast)
    marks = marks_by_performer(revision_since(since, play, model, cast), cue_words) if since is not None else None
    if all_:
        _write_all(model, output, fmt, cue_words, memorise, marks, fonts, paper)
        return
    sheet = cue_sheet(model, find_performer(model, performer or "").id, cue_words)
    data = render_sheet(sheet, fmt, memorise, marks(sheet.performer) if marks else None, fonts, paper)
    if output is None and fmt != "pdf":
        click.echo(data.decode("utf-8"), nl=False)
        return
    # A PDF is never poured into a terminal: without -o it is written in build/, as `pdf` does.
    name = sheet_file_names(model, fmt)[sheet.performer]
    # "-cues": never the name `pdf --performer` gives the same performer's marked script.
    default = f"{slug(model.meta.title)}-{Path(name).stem}-cues.{fmt}"
    target = output_file(output, name if output is not None else default)
    if fmt == "pdf":
        no_binary_on_terminal(target, "a PDF cue sheet")
    atomic.write_bytes(target, data)
    wrote(target)


def _write_all(model: Play, output: Path | None, fmt: str, cue_words: int, memorise: bool | Hiding,
               marks: Callable[[str], RevisionMarks] | None, fonts: tuple[str, ...], paper: str | None) -> None:
    """--all: one sheet per performer in -o, else in build/cue-sheets/, said in one line."""
    several_files_output(output, "--all (one sheet per performer)")
    if not model.performers:  # an imported play before it is cast: nothing to write, and not an error
        click.echo("warning: no cue sheets written: this play has no performers yet\n"
                   "hint: give each role to a performer under 'performers:' in play.yaml (docs/format.md)", err=True)
        return
    folder = output if output is not None else default_output(ALL_FOLDER)
    problem = folder_problem(folder, "--all writes one file per performer")
    if problem:
        raise click.UsageError(problem)
    paths = write_all_sheets(model, folder, fmt, cue_words, memorise, marks, fonts, paper)
    names = [p.name for p in paths]
    listed = ", ".join(names) if len(names) <= 3 else f"{names[0]} … {names[-1]}"
    click.echo(f"wrote {len(paths)} cue sheet{'s' * (len(paths) != 1)} in {display_path(folder)}{os.sep} ({listed})",
               err=True)
