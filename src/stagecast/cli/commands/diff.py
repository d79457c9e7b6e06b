"""``stagecast diff``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import DEFAULT_PLAY, as_cast, find_performer, in_cast, load_play
from ...files import atomic
from ...readers.old_version import old_from_path, resolve_since
from ...revisions.compare import compare
from ...revisions.diff_formats import FORMATS, render
from ...revisions.performer import part_news
from ..options import cast_option, output_format, output_option, performer_option, wrote

_SUFFIX = {"text": "txt"}
"""A format's file extension where it differs from its name: -o d.txt is the text diff."""


@click.command("diff")
@click.argument("plays", nargs=-1, type=click.Path(path_type=Path))
@click.option("--since", metavar="REV|PATH", help="Compare PLAY with a git revision of it (or an old copy).")
@performer_option
@cast_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from -o's extension, else text.")
@output_option
def command(plays: tuple[Path, ...], since: str | None, performer: str | None, cast: str | None, fmt: str | None,
            output: Path | None) -> None:
    """What changed between two versions of a play, by scene or for one performer.

    \b
    Examples:
      stagecast diff old-script/ script/
      stagecast diff --since HEAD~1 --performer "Actor A"
      stagecast diff --since v1.0 script/ --format json -o changes.json
    """
    if since is not None and len(plays) > 1:
        raise click.UsageError("with --since give one PLAY (default: script)")
    if since is None and len(plays) != 2:
        raise click.UsageError("give OLD and NEW plays, or --since REV [PLAY]")
    written = ", ".join(_SUFFIX.get(name, name) for name in FORMATS)
    fmt = output_format(fmt, output, FORMATS, "text", says=f"a diff is written as {written}", suffixes=_SUFFIX)
    new_path = plays[-1] if plays else DEFAULT_PLAY
    new = in_cast(load_play(new_path), cast)
    old = resolve_since(since, new_path) if since is not None else old_from_path(plays[0])
    revision = compare(as_cast(old.play, cast), new, old.label, str(new_path), old.date)
    news = part_news(revision, find_performer(new, performer).id) if performer else None
    text = render(revision, fmt, news)
    if output is None:
        click.echo(text, nl=False)
    else:
        wrote(atomic.write_text(output, text))
