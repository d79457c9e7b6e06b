"""``stagecast cuelist``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import load_play
from ...cuesheets.cue_list import FORMATS, TEXT_RENDERERS, cue_list
from ...files import atomic
from ...rules import slug
from ..options import (
    no_binary_on_terminal,
    output_file,
    output_format,
    output_option,
    pdf_only,
    pdf_options,
    play_argument,
    wrote,
)


@click.command("cuelist")
@play_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from -o's extension, else md.")
@output_option
@pdf_options
def command(play: Path, fmt: str | None, output: Path | None, fonts: tuple[str, ...], paper: str | None) -> None:
    """The operators' sheet: every sound and light cue, numbered, with its GO point.

    \b
    Examples:
      stagecast cuelist script/
      stagecast cuelist script/ -o cues.csv
      stagecast cuelist script/ --format pdf -o cuelist.pdf --paper letter
      stagecast cuelist script/ --format csv -o - | column -s, -t
    """
    fmt = output_format(fmt, output, FORMATS, "md", says=f"the cue list is written as {', '.join(FORMATS)}")
    pdf_only(fmt, fonts, paper)
    model = load_play(play).performed()
    rows = cue_list(model)
    if fmt == "pdf":
        # As `pdf` and `cues` do, a PDF is never poured into a terminal: without -o it is a file here.
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
