"""``stagecast sources``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import load_play
from ...errors import StrictWarnings
from ...files import atomic
from ...reports.provenance import RENDERERS, lacking_consent
from ...rules import slug
from ..options import output_file, output_format, output_option, play_argument, wrote

_SUFFIX = {"table": "txt"}


@click.command("sources")
@play_argument
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)),
              help="table or json (default: from -o's extension, else table).")
@output_option
@click.option("--strict", is_flag=True, help="Exit 3 when a line is taken from an interview without consent: yes.")
def command(play: Path, fmt: str | None, output: Path | None, strict: bool) -> None:
    """Where a verbatim play's lines come from: per role and scene, which speeches are verbatim,
    edited or invented; each interview's lines and consent; which cited interviews lack consent.

    Lines cut from the production (cut:) are left out. Confidential: it names the people
    interviewed (docs/verbatim.md).

    \b
    Examples:
      stagecast sources script/
      stagecast sources script/ --format json -o sources.json
      stagecast sources script/ --strict        # exit 3 while consent is missing
    """
    formats = sorted(RENDERERS)
    written = ", ".join(f"{_SUFFIX[name]} (--format {name})" if name in _SUFFIX else name for name in formats)
    fmt = output_format(fmt, output, formats, "table", says=f"sources are written as {written}", suffixes=_SUFFIX)
    model = load_play(play).performed()  # a cut line is no longer staged: its consent no longer matters
    text = RENDERERS[fmt](model)
    if output is None:
        click.echo(text, nl=False)
    else:
        name = f"{slug(model.meta.title)}-sources.{_SUFFIX.get(fmt, fmt)}"
        wrote(atomic.write_text(output_file(output, name), text))
    lacking = lacking_consent(model)
    if strict and lacking:
        count = len(lacking)
        raise StrictWarnings(f"{count} cited interview{'s' * (count != 1)} without consent: yes "
                             f"({', '.join(i.id for i in lacking)}; failing because of --strict)")
