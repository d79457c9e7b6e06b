"""``stagecast build``."""

from __future__ import annotations

from pathlib import Path

import click

from ..builder import AUDIO_FORMATS, BuildOptions, build
from ..cli_options import play_argument, voices_option


@click.command("build")
@play_argument
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default="build", show_default=True)
@click.option("--no-audio", is_flag=True, help="Skip text-to-speech (PDFs, cue sheets and the page only).")
@click.option("--audio-format", type=click.Choice(AUDIO_FORMATS), default="mp3", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for speech (default: all cores).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--engine", hidden=True)
@click.option("--since", metavar="REV|PATH", help="Mark what changed since a git revision or an old copy; "
              "each performer also gets changes.md.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@voices_option
def command(play: Path, output: Path, no_audio: bool, audio_format: str, jobs: int | None, paper: str,
            engine: str | None, since: str | None, quiet: bool, voices: Path | None) -> None:
    """Build everything: script PDF, each performer's cue sheet, marked copy and rehearsal
    track, the read-through, the cue list, stats and the rehearsal page (index.html).

    Only what changed since the last build is made again.

    \b
    Examples:
      stagecast build                  # the sample play in ./script into ./build
      stagecast build my-play/ -o my-play-build/ --no-audio
      stagecast build --since v1-draft           # revision marks and per-performer change notes
    """
    log = (lambda _: None) if quiet else (lambda text: click.echo(text, err=True))
    options = BuildOptions(output, not no_audio, audio_format, jobs, voices, engine, paper, since)
    report = build(play, options, log)
    for line in [] if quiet else report.removals():
        click.echo(line)
    if not report.built and not report.removals():
        click.echo(f"Nothing changed: all {len(report.skipped)} outputs in {output} are up to date.")
    elif not quiet:
        click.echo(f"Built {len(report.built)} outputs ({len(report.skipped)} up to date) in {output}; "
                   f"open {output / 'index.html'} to rehearse.")
