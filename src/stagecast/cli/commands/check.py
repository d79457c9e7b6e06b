"""``stagecast check``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import check_play
from ...errors import ScriptError, StrictWarnings
from ...reports.summary import summary
from ..options import engine_option, play_argument, voices_option


@click.command("check")
@play_argument
@voices_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 3).")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
@click.option("--verbose", is_flag=True,
              help="Also list the voice each role gets: role: engine:voice (language); starts the speech engines.")
@engine_option
def command(play: Path, voices: Path | None, strict: bool, quiet: bool, verbose: bool, engine: str | None) -> None:
    """Validate PLAY and its voices.yaml, printing every problem as path:line:col.

    \b
    Examples:
      stagecast check script/
      stagecast check --verbose script/     # and which voice speaks each role
    """
    report = check_play(play, voices)
    for diagnostic in report.diagnostics:
        click.echo(str(diagnostic), err=True)
    if report.errors:
        count = len(report.errors)
        raise ScriptError.summary_only(f"{count} error{'s' * (count != 1)} found")
    if strict and report.warnings:
        count = len(report.warnings)
        raise StrictWarnings(f"{count} warning{'s' * (count != 1)} (failing because of --strict)")
    if not quiet and report.play is not None:
        click.echo(summary(report.play, report.voices))
    if verbose and report.play is not None:
        from ...audio.render import voice_table
        from ...voice_settings import VoiceConfig

        click.echo("voices:")
        for line in voice_table(report.play, report.voices or VoiceConfig(), engine):
            click.echo(f"  {line}")
