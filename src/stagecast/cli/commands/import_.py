"""``stagecast import``."""

from __future__ import annotations

from pathlib import Path

import click

from ...errors import UsageError
from ...files.display import display_path
from ...interchange import default_folder, read_import, write_play_folder
from ...readers.detect import DOCUMENTS, FORMATS
from ...reports.summary import plural
from ..options import several_files_output


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Play folder to write (default: the title's slug, here).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: guessed from the content).")
@click.option("--force", is_flag=True, help="Write into an existing folder, replacing play.yaml and the scene files.")
@click.option("--speaker", "speaker_names", multiple=True, metavar="NAME",
              help="A speaker's name (repeat for each): only these are read as speakers (Word, PDF, text).")
@click.option("--speakers", "speakers_file", type=click.Path(path_type=Path, dir_okay=False),
              help="A file with the speakers' names, one a line (like --speaker).")
def command(file: Path, output: Path | None, fmt: str | None, force: bool, speaker_names: tuple[str, ...],
            speakers_file: Path | None) -> None:
    """Turn a script into a play folder: Word (.docx), OpenDocument (.odt), PDF, plain text or
    Markdown, a Fountain screenplay, a TEI drama (DraCor) or a Bosak Shakespeare XML file.

    From Word, PDF and text the importer recognises the usual ways of writing a play (NAME: text,
    the name alone above the speech, ACT/SCENE headings, a cast list); every guess it made is
    listed with its page and line and marked by a comment in the YAML.

    The folder gets one placeholder performer per role ("TBC (Hamlet)"), so cue sheets and
    rehearsal tracks work at once; put your cast's names in play.yaml.

    \b
    Examples:
      stagecast import play.docx
      stagecast import play.pdf --speaker TATYANA --speaker ARTUR
      stagecast import rus_chekhov_chaika.xml -o chaika
      stagecast import pilot.fountain
      stagecast import hamlet.xml --format bosak -o hamlet --force
    """
    several_files_output(output, "a play folder")
    names = [*_names_in(speakers_file), *speaker_names]
    imported = read_import(file, fmt, names)
    if names and imported.format not in DOCUMENTS:
        raise UsageError(f"--speaker and --speakers pin the speakers of a script in Word, OpenDocument, PDF or "
                         f"text; {display_path(file)} was read as {imported.format}, which names its speakers "
                         "itself; nothing was written", hint="leave the option out for this file")
    for warning in imported.warnings:
        click.echo(str(warning), err=True)
    folder = write_play_folder(imported.play, output or default_folder(imported.play, file), force=force,
                               source=file.name, comments=imported.comments)
    play = imported.play
    counts = ", ".join(plural(n, noun) for n, noun in ((len(play.scenes), "scene"), (len(play.roles), "role"),
                                                        (len(play.speeches()), "speech")))
    if imported.format in DOCUMENTS:
        counts += f"; {plural(imported.guesses, 'guess')} to look at" if imported.guesses else "; no guesses"
    click.echo(f"{display_path(folder)}/: {play.meta.title} — {counts} (read as {imported.format})")


def _names_in(path: Path | None) -> list[str]:
    """The names in a --speakers file, one a line (blank lines and # comments skipped)."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the speakers file {display_path(path)}: "
                         f"{exc.strerror if isinstance(exc, OSError) else 'it is not UTF-8 text'}",
                         hint="give a UTF-8 text file with one speaker name a line") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
