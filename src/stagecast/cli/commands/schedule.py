"""``stagecast schedule``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import in_cast, load_play, load_voices
from ...files import atomic
from ...rules import DEFAULT_WPM, slug
from ..options import (
    cast_option,
    no_binary_on_terminal,
    output_file,
    output_format,
    output_option,
    pdf_only,
    pdf_options,
    play_argument,
    voices_option,
    wrote,
)

FORMATS = ("md", "pdf", "ics")


@click.command("schedule")
@play_argument
@click.option("--availability", "availability_file", required=True, metavar="FILE",
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="YAML: timezone, sessions (date, from, to) and who is unavailable when (docs/schedule.md).")
@click.option("--rate", type=click.FloatRange(1, 20), default=3.0, show_default=True,
              help="Rehearsal time per scene, as a multiple of its running time.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from -o's extension, else md.")
@output_option
@voices_option
@cast_option
@pdf_options
def command(play: Path, availability_file: Path, rate: float, fmt: str | None, output: Path | None,
            voices: Path | None, cast: str | None, fonts: tuple[str, ...], paper: str | None) -> None:
    """Propose rehearsal calls from the scene × role chart: scenes ordered into calls within your
    sessions so that nobody waits long and nobody is called when unavailable.

    \b
    Examples:
      stagecast schedule script/ --availability availability.yaml
      stagecast schedule script/ --availability availability.yaml -o calls.ics
      stagecast schedule script/ --availability availability.yaml --rate 4 -o calls.pdf
      stagecast schedule script/ --availability availability.yaml --cast understudy
    """
    from ...schedule.availability_yaml import read_availability
    from ...schedule.planner import plan_calls

    fmt = output_format(fmt, output, FORMATS, "md", says=f"the schedule is written as {', '.join(FORMATS)}")
    pdf_only(fmt, fonts, paper)
    model = in_cast(load_play(play), cast)
    config = load_voices(play, model, voices)
    availability = read_availability(availability_file, model)
    wpm = {r.id: float(config.rate_for(r.id) or DEFAULT_WPM) for r in model.roles}
    plan = plan_calls(model, availability, rate, wpm)
    for scene, why in plan.unplaced:
        click.echo(f"warning: scene '{scene}' is not scheduled: {why}", err=True)
    target = output_file(output, f"{slug(model.meta.title)}-calls.{fmt}") if output or fmt == "pdf" else None
    if fmt == "pdf":
        from ...schedule.schedule_pdf import render_pdf

        no_binary_on_terminal(target, "a PDF")
        wrote(atomic.write_bytes(target, render_pdf(model, plan, availability, paper, fonts)))
    elif fmt == "ics":
        from ...schedule.calendar_ics import render_ics

        data = render_ics(model, plan, availability)
        if target is None:
            click.echo(data.decode("utf-8"), nl=False)
        else:
            wrote(atomic.write_bytes(target, data))
    else:
        from ...schedule.schedule_text import render_md

        text = render_md(model, plan, availability)
        if target is None:
            click.echo(text, nl=False)
        else:
            wrote(atomic.write_text(target, text))
