"""``stagecast schema``."""

from __future__ import annotations

from pathlib import Path

import click

from ...files import atomic
from ...notation.editor_schema import KINDS
from ...readers.json_schema import schema_text
from ..options import output_file, output_kind, output_option, wrote


@click.command("schema")
@click.argument("kind", type=click.Choice(KINDS), default="play", required=False)
@output_option
def command(kind: str, output: Path | None) -> None:
    """The JSON Schema (draft 2020-12) of play.yaml, a scene file or voices.yaml, for editors that
    complete keys and flag mistakes as you type (docs/format.md, Editor support).

    KIND is play (the default: play.yaml or a single-file play), scene or voices. The schema is
    printed, or written to -o FILE. `stagecast init` puts all three in a new play's .stagecast/
    folder; after upgrading stagecast, write them there again.

    \b
    Examples:
      stagecast schema > play.schema.json
      stagecast schema scene -o script/.stagecast/scene.schema.json
    """
    output_kind(output, ["json"], "a JSON Schema is written as .json", "json")
    text = schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
        return
    wrote(atomic.write_text(output_file(output, f"{kind}.schema.json"), text))
