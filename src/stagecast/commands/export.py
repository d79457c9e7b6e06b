"""``stagecast export``."""

from __future__ import annotations

from pathlib import Path

import click

from .. import atomic
from ..api import load_play
from ..cli_options import output_file, output_option, play_argument
from ..interchange import export_fountain
from ..rules import slug


@click.command("export")
@play_argument
@click.option("--to", "target", type=click.Choice(["fountain"]), required=True, help="Format to write.")
@output_option
def command(play: Path, target: str, output: Path | None) -> None:
    """Write PLAY in another format (Fountain), to -o FILE or standard output.

    \b
    Examples:
      stagecast export script/ --to fountain -o script.fountain
      stagecast export chaika --to fountain | less
    """
    model = load_play(play)
    if output is None:
        click.echo(export_fountain(model), nl=False)
    else:
        target = output_file(output, f"{slug(model.meta.title)}.fountain")
        target = atomic.write_text(target, export_fountain(model, beside=target.parent))
        click.echo(f"wrote {target}", err=True)
