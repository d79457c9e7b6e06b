"""``stagecast build``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ...build import AUDIO_FORMATS, BuildOptions, build
from ...errors import StrictWarnings
from ...files.output_place import BUILD_FOLDER
from ..options import pdf_options, play_argument, several_files_output, stale_takes_option, voices_option

if TYPE_CHECKING:
    from ...audio.session import AudioSession
    from ...model import Play


@click.command("build")
@play_argument
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=str(BUILD_FOLDER), show_default=True)
@click.option("--no-audio", is_flag=True, help="Skip text-to-speech (PDFs, cue sheets and the page only).")
@click.option("--audio-format", type=click.Choice(AUDIO_FORMATS), default="mp3", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for speech (default: all cores).")
@pdf_options
@click.option("--engine", hidden=True)
@click.option("--since", metavar="REV|PATH", help="Mark what changed since a git revision or an old copy; "
              "each performer also gets changes.md.")
@click.option("--watch", is_flag=True, help="Build again each time the play or voices.yaml is saved, "
              "until Ctrl-C (only what changed is remade).")
@click.option("--no-wait", is_flag=True, help="If another stagecast build is writing the output folder, stop "
              "(exit 4) instead of waiting for it.")
@stale_takes_option
@click.option("--strict", is_flag=True, help="Fail (exit 3) when doubling conflicts remain, after building.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@voices_option
def command(play: Path, output: Path, no_audio: bool, audio_format: str, jobs: int | None, fonts: tuple[str, ...],
            paper: str | None, engine: str | None, since: str | None, watch: bool, no_wait: bool, stale_takes: str,
            strict: bool, quiet: bool, voices: Path | None) -> None:
    """Build everything: script PDF, each performer's cue sheet, marked copy and rehearsal
    track, the read-through, the cue list, stats and the rehearsal page (index.html).

    Only what changed since the last build is made again.

    \b
    Examples:
      stagecast build                  # the sample play in ./script into ./build
      stagecast build my-play/ -o my-play-build/ --no-audio
      stagecast build --since v1-draft           # revision marks and per-performer change notes
      stagecast build --watch                    # rebuild as the script is edited
    """
    several_files_output(output, "a build")
    options = BuildOptions(output, not no_audio, audio_format, jobs, voices, engine, paper, since, fonts,
                           wait=not no_wait, stale_takes=stale_takes)
    if not watch:
        built = _build(play, options, quiet)
        remaining = _conflicts(built) if built is not None else 0
        if strict and remaining:
            raise StrictWarnings(f"{remaining} doubling conflict{'s' * (remaining != 1)} (failing because of --strict)")
        return
    from ...audio.session import AudioSession
    from ..watch_loop import keep_running

    built = False

    def again() -> Play | None:
        nonlocal built
        # After a good build, one summary line per save (not a line per output).
        read = _build(play, options, quiet, session, brief=built)
        built = True
        return read

    with AudioSession() as session:
        keep_running(play, voices, again, quiet)


def _build(play: Path, options: BuildOptions, quiet: bool, session: AudioSession | None = None,
           brief: bool = False) -> Play | None:
    log = (lambda _: None) if quiet or brief else (lambda text: click.echo(text, err=True))
    notice = (lambda _: None) if quiet else (lambda text: click.echo(text, err=True))  # "waiting for …"
    report = build(play, options, log, session, notice)
    if quiet:
        return report.play
    for line in report.removals():
        click.echo(line)
    if not report.built and not report.removals():
        click.echo(f"Nothing changed: all {len(report.skipped)} outputs in {options.output} are up to date.")
    elif brief:
        click.echo(f"Built {_outputs(len(report.built))} ({len(report.skipped)} up to date): {_names(report.built)}")
    else:
        click.echo(f"Built {_outputs(len(report.built))} ({len(report.skipped)} up to date) in {options.output}; "
                   f"open {options.output / 'index.html'} to rehearse.")
    return report.play


def _conflicts(play: Play) -> int:
    """Print the doubling conflicts no one has marked as intended, in every cast: a build reaches
    the people who must solve them (each affected cue sheet lists them too). Their count."""
    from ...api import casting_diagnostics

    found = [d for d in casting_diagnostics(play) if d.severity == "warning" and "doubling conflict" in d.message]
    for diagnostic in found:
        click.echo(str(diagnostic), err=True)
    return len(found)


def _outputs(count: int) -> str:
    return f"{count} output{'s' * (count != 1)}"


def _names(built: list[str]) -> str:
    shown = ", ".join(built[:4])
    return shown if len(built) <= 4 else f"{shown} and {len(built) - 4} more"
