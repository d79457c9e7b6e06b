"""``stagecast cuelist``."""

from __future__ import annotations

from pathlib import Path

import click

from .. import atomic
from ..api import load_play
from ..cli_options import output_option, pdf_only, pdf_options, play_argument
from ..cuelist import cue_list, render_csv, render_md

FORMATS = ("md", "csv", "pdf")


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
    """
    fmt = fmt or (output.suffix.lstrip(".") if output and output.suffix.lstrip(".") in FORMATS else "md")
    pdf_only(fmt, fonts, paper)
    model = load_play(play)
    rows = cue_list(model)
    if fmt == "pdf":
        if output is None:
            raise click.UsageError("a PDF cue list needs -o FILE")
        from ..cuesheet_pdf import render_cuelist_pdf

        atomic.write_bytes(output, render_cuelist_pdf(model, rows, paper, fonts))
        return
    text = (render_csv if fmt == "csv" else render_md)(model, rows)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic.write_text(output, text)
