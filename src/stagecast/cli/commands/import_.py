"""``stagecast import``."""

from __future__ import annotations

from pathlib import Path

import click

from ...files.display import display_path
from ...interchange import default_folder, read_import, write_play_folder
from ...readers.detect import FORMATS
from ...reports.summary import plural
from ..options import several_files_output


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Play folder to write (default: the title's slug, here).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: guessed from the content).")
@click.option("--force", is_flag=True, help="Write into an existing folder, replacing play.yaml and the scene files.")
def command(file: Path, output: Path | None, fmt: str | None, force: bool) -> None:
    """Turn a Fountain screenplay, a TEI drama (DraCor) or a Bosak Shakespeare XML file into a play folder.

    The folder gets one placeholder performer per role ("TBC (Hamlet)"), so cue sheets and
    rehearsal tracks work at once; put your cast's names in play.yaml.

    \b
    Examples:
      stagecast import rus_chekhov_chaika.xml -o chaika
      stagecast import pilot.fountain
      stagecast import hamlet.xml --format bosak -o hamlet --force
    """
    several_files_output(output, "a play folder")
    imported = read_import(file, fmt)
    for warning in imported.warnings:
        click.echo(str(warning), err=True)
    folder = write_play_folder(imported.play, output or default_folder(imported.play, file), force=force,
                               source=file.name)
    play = imported.play
    counts = ", ".join(plural(n, noun) for n, noun in ((len(play.scenes), "scene"), (len(play.roles), "role"),
                                                        (len(play.speeches()), "speech")))
    click.echo(f"{display_path(folder)}/: {play.meta.title} — {counts} (read as {imported.format})")
