"""``stagecast stats``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import in_cast, load_play, load_voices
from ...files import atomic
from ...reports.statistics import stats
from ...reports.stats_formats import RENDERERS
from ...rules import slug
from ..options import cast_option, output_file, output_format, output_option, play_argument, voices_option, wrote

_SUFFIX = {"table": "txt"}


@click.command("stats")
@play_argument
@voices_option
@cast_option
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)),
              help="table, json or csv (default: from -o's extension, else table).")
@output_option
def command(play: Path, voices: Path | None, cast: str | None, fmt: str | None, output: Path | None) -> None:
    """Words, speeches and speaking time per performer and role; scene durations; the
    rehearsal-call chart (who is needed in which scene); doubling conflicts.

    \b
    Examples:
      stagecast stats script/
      stagecast stats script/ --format json -o stats.json
      stagecast stats script/ --cast understudy     # as an alternate cast plays it
    """
    formats = sorted(RENDERERS)
    # "txt (--format table)": the table's file is .txt, but the format's name is table.
    written = ", ".join(f"{_SUFFIX[name]} (--format {name})" if name in _SUFFIX else name for name in formats)
    fmt = output_format(fmt, output, formats, "table", says=f"stats are written as {written}", suffixes=_SUFFIX)
    model = in_cast(load_play(play), cast)
    text = RENDERERS[fmt](model, stats(model, load_voices(play, model, voices)))
    if output is None:
        click.echo(text, nl=False)
    else:
        target = atomic.write_text(output_file(output, f"{slug(model.meta.title)}-stats.{_SUFFIX.get(fmt, fmt)}"), text)
        wrote(target)
