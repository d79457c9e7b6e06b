"""``stagecast export``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import load_play
from ...files import atomic
from ...interchange import export_play
from ...rules import slug
from ...writers import EXPORTS
from ..options import output_file, output_kind, output_option, play_argument, wrote


@click.command("export")
@play_argument
@click.option("--to", "target", type=click.Choice(list(EXPORTS)), required=True, help="Format to write.")
@output_option
def command(play: Path, target: str, output: Path | None) -> None:
    """Write PLAY in another format (Fountain), to -o FILE or standard output.

    \b
    Examples:
      stagecast export script/ --to fountain -o script.fountain
      stagecast export chaika --to fountain | less
    """
    suffix = EXPORTS[target].suffix
    # Fountain is plain text, and Fountain apps open a .txt: that name is accepted too.
    output_kind(output, [suffix, "txt"], f"--to {target} writes {target.capitalize()} text (.{suffix} or .txt)", suffix)
    model = load_play(play)
    if output is None:
        click.echo(export_play(model, target), nl=False)
        return
    path = output_file(output, f"{slug(model.meta.title)}.{suffix}")
    wrote(atomic.write_text(path, export_play(model, target, beside=path.parent)))
