"""``stagecast takes add`` and ``stagecast takes list``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import DEFAULT_PLAY, find_performer, in_cast, load_play
from ..options import cast_option, play_argument


@click.group("takes")
def command() -> None:
    """The cast's recorded takes of their lines, kept in the play folder's takes/ and used in
    every track instead of the synthesised line (docs/takes.md).

    \b
    Examples:
      stagecast takes add ~/Recordings/line42.m4a --line 42
      stagecast takes list --performer "Actor C"
    """


@command.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--line", "line", required=True, metavar="ID",
              help="The speech: its number (s42, 42, #42) or its own id:.")
@click.option("--play", "play", type=click.Path(path_type=Path), default=str(DEFAULT_PLAY), show_default=True,
              help="The play folder.")
@click.option("--performer", "-p", metavar="NAME",
              help="Who recorded it (default: the performer who plays the line).")
@cast_option
def add(file: Path, line: str, play: Path, performer: str | None, cast: str | None) -> None:
    """Copy the recording FILE (WAV, FLAC, OGG, MP3 or M4A) into the play's takes/ as the take
    of one line. The file itself is never changed; silence at its ends is trimmed and its
    loudness matched when a track is made.

    \b
    Example:
      stagecast takes add take.wav --line s42 --play script/
    """
    from ...takes.adding import add_take
    from ...takes.takes_yaml import FOLDER

    model = in_cast(load_play(play), cast)
    who = find_performer(model, performer).id if performer else None
    take = add_take(model, file, line, who)
    by = f" by {model.performer(take.performer).name}" if take.performer else ""
    click.echo(f"added {Path(model.root) / FOLDER / take.file} for speech #{take.number}{by}")


@command.command("list")
@play_argument
@click.option("--performer", "-p", metavar="NAME", help="Only this performer, line by line.")
@cast_option
def list_(play: Path, performer: str | None, cast: str | None) -> None:
    """Per performer: lines recorded, missing and stale, with totals; and takes that match no
    speech any longer (kept, never deleted)."""
    from ...labels import speaker_label
    from ...takes.matching import match_takes
    from ...takes.status import performer_status
    from ...takes.takes_yaml import load_takes

    model = in_cast(load_play(play), cast)
    takes = load_takes(model.root)
    matches = match_takes(model, takes)
    chosen = [find_performer(model, performer)] if performer else list(model.performers)
    click.echo(f"{model.meta.title}: {len(takes.takes)} take{'s' * (len(takes.takes) != 1)} in {takes.folder}")
    totals = [0, 0, 0]
    width = max((len(p.name) for p in chosen), default=0)
    for person in chosen:
        status = performer_status(model, matches, person.id)
        counts = [status.count("recorded"), status.count("missing"), status.count("stale")]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        click.echo(f"  {person.name:<{width}}  {_counts(counts)}")
        for each in status.lines:
            if performer or each.state == "stale":
                shown = f"  {takes.shown(each.take)}" if each.take else ""
                click.echo(f"    #{each.speech.number} {speaker_label(model, each.speech).upper()}: {each.state}{shown}"
                           + (f"  (stale take at {each.speech.loc})" if each.state == "stale" else ""))
    if len(chosen) > 1:
        click.echo(f"  {'total':<{width}}  {_counts(totals)}")
    for match in matches:
        if match.state == "unmatched":
            click.echo(f"  matches no speech now (kept): {takes.shown(match.take)}, recorded for "
                       f"{'/'.join(match.take.speakers)}: \"{match.take.text}\"")


def _counts(counts: list[int]) -> str:
    recorded, missing, stale = counts
    return f"{recorded} recorded, {missing} missing, {stale} stale"
