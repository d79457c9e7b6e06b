"""``stagecast init``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import DEFAULT_PLAY
from ...files.display import display_path
from ...interchange import start_play_folder
from ...readers.language_codes import normalise, suggestion


@click.command("init")
@click.argument("folder", required=False, default=str(DEFAULT_PLAY), type=click.Path(path_type=Path))
@click.option("--title", help="The play's title (default: from the folder's name).")
@click.option("--language", "language", metavar="TAG", default="en", show_default=True,
              help="The play's language (en, ru, uk, kk, de, …): play.yaml's language:, the voices' lang:, and the "
                   "example scene in it where stagecast has the words.")
def command(folder: Path, title: str | None, language: str) -> None:
    """Start a new play in FOLDER (default: ./script, where the other commands look): a
    play.yaml, a first scene and a voices.yaml to write over, and the JSON Schemas an editor
    uses to complete keys and mark mistakes as you type (in FOLDER/.stagecast/).

    A folder that exists with anything in it is refused (exit 2): nothing is ever written over.

    \b
    Examples:
      stagecast init
      stagecast init the-waiting-room --title "The Waiting Room"
      stagecast init pustaya-stsena --title "Пустая сцена" --language ru
    """
    made, files = start_play_folder(folder, title or _title(folder), _language(language))
    shown = display_path(made)
    click.echo(f"Started a play in {shown}/: {', '.join(files)}, and editor schemas in {shown}/.stagecast/")
    click.echo(f"Next: edit {shown}/play.yaml, then run stagecast check {shown}")


def _language(value: str) -> str:
    tag = normalise(value)
    if tag is None:
        meant = suggestion(value)
        hint = f" (did you mean {meant}?)" if meant else ""
        raise click.BadParameter(f"{value!r} is not a language tag{hint}; write one such as en, ru, uk, kk or en-GB",
                                 param_hint="--language")
    return tag


def _title(folder: Path) -> str:
    """A title from a folder named for the play ('the-waiting-room' → 'The Waiting Room')."""
    name = folder.absolute().name
    if folder == DEFAULT_PLAY or not name.strip("-_ ."):
        return "A New Play"
    return " ".join(name.replace("_", " ").replace("-", " ").split()).title()
