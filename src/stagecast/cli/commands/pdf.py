"""``stagecast pdf``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import find_performer, in_cast, load_play, revision_since
from ...files import atomic
from ...rules import slug
from ..options import (
    cast_option,
    no_binary_on_terminal,
    output_file,
    output_kind,
    output_option,
    pdf_options,
    performer_option,
    play_argument,
    wrote,
)


@click.command("pdf")
@play_argument
@output_option
@performer_option
@cast_option
@pdf_options
@click.option("--watermark", metavar="TEXT", help="Stamp TEXT diagonally across every page.")
@click.option("--line-numbers", is_flag=True, help="Print each speech's number in the margin.")
@click.option("--since", metavar="REV|PATH", help="Mark what changed since a git revision or an old copy of the play.")
@click.option("--show-cuts", is_flag=True, help="A director's copy: production cuts (cut: in the script) printed "
              "struck through instead of left out.")
@click.option("--sources", is_flag=True, help="The confidential annotated copy: each line's interview source beside "
              "it, interviewees' real names and an interviews page (docs/verbatim.md).")
def command(play: Path, output: Path | None, performer: str | None, cast: str | None, fonts: tuple[str, ...], paper: str | None,
            watermark: str | None, line_numbers: bool, since: str | None, show_cuts: bool,
            sources: bool) -> None:
    """Print the script as a PDF: title page, characters, contents, every scene.

    Writes -o PATH (- for standard output), else a file in build/ (the folder `stagecast build`
    manages) named from the title, in lower case with dashes: build/here-almaty.pdf, or
    build/here-almaty-actor-c.pdf for Actor C's copy. With --performer, that performer's copy: their lines highlighted, the words they come in on underlined, their name in the
    header. A character no font can draw is an error naming its line (exit 1).

    \b
    Examples:
      stagecast pdf script/
      stagecast pdf script/ --performer "Actor C" --watermark "Actor C" -o actor-c.pdf
      stagecast pdf script/ --paper letter --line-numbers
      stagecast pdf script/ --font pt-serif --font /usr/share/fonts/NotoSansCJK.ttc
      stagecast pdf script/ --performer "Actor A" --since HEAD~1
      stagecast pdf script/ --sources -o sources-confidential.pdf
    """
    from ...pdf.script import ScriptPdfOptions, build_script_pdf

    if output is not None:
        no_binary_on_terminal(output, "a PDF")
        output_kind(output, ["pdf"], "the script is written as a PDF", "pdf")
    model = in_cast(load_play(play), cast, as_written=show_cuts)
    marks = None
    if since:
        from ...revisions.performer import revision_marks  # diffing: only for --since

        revision = revision_since(since, play, model.performed(), cast)  # cut lines: as performed
        marks = revision_marks(revision, find_performer(model, performer).id if performer else None)
    options = ScriptPdfOptions(paper=paper, performer=performer, watermark=watermark,
                               line_numbers=line_numbers, fonts=fonts, marks=marks, show_cuts=show_cuts,
                               sources=sources)
    rendered = build_script_pdf(model, options)
    who = (f"-{slug(model.cast)}" if model.cast else "") + (f"-{slug(find_performer(model, performer).name)}"
                                                             if performer else "") + ("-sources" * sources)
    target = output_file(output, f"{slug(model.meta.title)}{who}.pdf")
    if not target.suffix and not atomic.is_stdout(target) and not atomic.is_special(target):
        target = target.with_name(f"{target.name}.pdf")  # -o script gives script.pdf, as audio's -o does
    atomic.write_bytes(target, rendered.data)
    wrote(target, f" ({rendered.pages} page{'s' * (rendered.pages != 1)})")
