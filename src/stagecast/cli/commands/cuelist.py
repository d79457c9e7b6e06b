"""``stagecast cuelist``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ...api import load_play
from ...cuesheets.cue_list import FORMATS, TEXT_RENDERERS, cue_list
from ...files import atomic
from ...model import Cue, Play
from ...rules import slug
from ..options import (
    no_binary_on_terminal,
    output_file,
    output_format,
    output_option,
    pdf_options,
    play_argument,
    wrote,
)

if TYPE_CHECKING:  # the PDF modules are imported when the pages are wanted, not for --help
    from ...pdf import ScriptPages


@click.command("cuelist")
@play_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from -o's extension, else md.")
@output_option
@pdf_options
def command(play: Path, fmt: str | None, output: Path | None, fonts: tuple[str, ...], paper: str | None) -> None:
    """The operators' sheet: every sound and light cue, numbered, with its GO point.

    Each GO point names the speech it follows and the page it is on in the script PDF that
    `stagecast pdf` makes with the same --paper and --font: "#57 ARTUR, p. 12: …last words".

    \b
    Examples:
      stagecast cuelist script/
      stagecast cuelist script/ -o cues.csv
      stagecast cuelist script/ --format pdf               # build/here-almaty-cuelist.pdf
      stagecast cuelist script/ --format pdf -o cuelist.pdf --paper letter
      stagecast cuelist script/ --format csv -o - | column -s, -t
    """
    fmt = output_format(fmt, output, FORMATS, "md", says=f"the cue list is written as {', '.join(FORMATS)}")
    model = load_play(play).performed()
    rows = cue_list(model, pages=_script_pages(model, paper, fonts))
    if fmt == "pdf":
        # As `pdf` and `cues` do, a PDF is never poured into a terminal: without -o it is a file in build/.
        target = output_file(output, f"{slug(model.meta.title)}-cuelist.pdf")
        no_binary_on_terminal(target, "a PDF")
        from ...cuesheets.sheet_pdf import render_cuelist_pdf

        wrote(atomic.write_bytes(target, render_cuelist_pdf(model, rows, paper, fonts)))
        return
    text = TEXT_RENDERERS[fmt](model, rows)
    if output is None:
        click.echo(text, nl=False)
    else:
        wrote(atomic.write_text(output_file(output, f"{slug(model.meta.title)}-cuelist.{fmt}"), text))


def _script_pages(model: Play, paper: str | None, fonts: tuple[str, ...]) -> ScriptPages | None:
    """Where `stagecast pdf` with the same --paper and --font prints each speech and scene: the
    pages the GO points name, in every format. A play without cues needs no typesetting."""
    if not any(isinstance(item, Cue) for scene in model.scenes for item in scene.items):
        return None
    from ...pdf import ScriptPdfOptions, script_pages

    return script_pages(model, ScriptPdfOptions(paper=paper, fonts=fonts))
