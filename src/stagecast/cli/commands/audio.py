"""``stagecast audio``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ...files.display import display_path
from ..options import (
    cast_option,
    engine_option,
    output_is_folder,
    output_option,
    performer_option,
    play_argument,
    several_files_output,
    stale_takes_option,
    voices_option,
)

if TYPE_CHECKING:  # the audio modules are imported when the command runs, not for --help
    from ...audio.render import AudioOptions, AudioResult, AudioSession
    from ...model import Play


class _Bar:
    """A progress bar on stderr, only when stderr is a terminal (and not with -q); notices
    (waiting for another run) on stderr unless -q."""

    def __init__(self, show: bool):
        self.quiet = not show
        self.show, self.bar = show and sys.stderr.isatty(), None

    def notice(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=True)

    def start(self, total: int) -> None:
        if self.show and total > 1:
            self.bar = click.progressbar(length=total, label="synthesising", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("audio")
@play_argument
@performer_option
@cast_option
@click.option("--mode", type=click.Choice(["full", "rehearsal", "perform", "learn", "check", "cues"]),
              help="full read-through; rehearsal (or perform): your lines are gaps (default with --performer); "
                   "learn: each line read to you, then a gap to repeat it; check: a gap, then the line read "
                   "to check yourself; cues: only your cues and gaps (docs/rehearse.md).")
@click.option("--cue-words", type=click.IntRange(1, 200), metavar="N",
              help="With --mode cues: each cue is the last N words before your line (Shakespeare's actors had ~3).")
@click.option("--scene", metavar="ID", help="Only this scene.")
@click.option("--gap-factor", type=float, default=1.2, show_default=True, metavar="F",
              help="A gap lasts the line's spoken length × F.")
@click.option("--tone/--no-tone", default=True, show_default=True, help="A soft tone before each gap.")
@click.option("--narrate", is_flag=True, help="The narrator reads stage directions and scene titles.")
@click.option("--format", "fmt", type=click.Choice(["wav", "mp3", "ogg"]),
              help="Audio format (default: from -o's suffix, else wav).")
@click.option("--split", type=click.Choice(["scenes"]), help="One file (and captions) per scene.")
@click.option("--master", is_flag=True, help="The audio play for listeners: stereo (pan: in voices.yaml), sound "
              "beds under the speeches, room tone, normalised loudness; MP3/OGG with scene chapters.")
@click.option("--loudness", type=float, metavar="LUFS",
              help="With --master: its integrated loudness (ITU-R BS.1770; default -16); the true peak stays at "
                   "or below -1 dBTP.")
@output_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Worker processes (default: all cores).")
@engine_option
@voices_option
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Clip cache (default: $STAGECAST_CACHE_DIR, else the user cache folder).")
@click.option("--watch", is_flag=True, help="Render again each time the play or voices.yaml is saved, "
              "until Ctrl-C (only what changed is redone).")
@click.option("--no-wait", is_flag=True, help="If another stagecast run is writing the same track, stop "
              "(exit 4) instead of waiting for it.")
@stale_takes_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", is_flag=True, help="Also print clip counts and stress notes.")
def command(play: Path, performer: str | None, cast: str | None, mode: str | None, cue_words: int | None,
            scene: str | None, gap_factor: float,
            tone: bool, narrate: bool, fmt: str | None, split: str | None, master: bool, loudness: float | None,
            output: Path | None, jobs: int | None,
            engine: str | None, voices: Path | None, cache_dir: Path | None, watch: bool, no_wait: bool, stale_takes: str,
            quiet: bool, verbose: bool) -> None:
    """Text-to-speech track of PLAY with captions (.vtt, .srt) and a timeline (.timeline.json).

    \b
    Examples:
      stagecast audio                                  # read-through of ./script
      stagecast audio --performer "Actor A"            # your lines are gaps to speak into
      stagecast audio -p "Actor A" --mode cues --format mp3
      stagecast audio -p "Actor A" --mode check        # say it, then hear it
      stagecast audio --split scenes --watch           # re-render as you edit
      stagecast audio --master -o play.mp3             # the audio play for listeners
    """
    from ...audio.render import AudioOptions, AudioSession

    several_files_output(output, "a track with its captions and timeline", "file or folder")
    options = AudioOptions(performer=performer, mode=mode, cue_words=cue_words, scene=scene,  # type: ignore[arg-type]
                           gap_factor=gap_factor,
                           tone=tone, narrate=narrate, format=fmt, split_scenes=split == "scenes", output=output,
                           output_is_folder=output_is_folder(output), jobs=jobs, engine=engine, voices=voices, cache_dir=cache_dir,
                           wait=not no_wait, stale_takes=stale_takes, master=master, loudness=loudness)
    if not watch:
        _render(play, options, quiet, verbose, cast=cast)
        return
    from ..watch_loop import keep_running

    told: set[Path] = set()  # leftover scene files already pointed out: once per watch, not per save
    with AudioSession() as session:
        keep_running(play, voices, lambda: _render(play, options, quiet, verbose, session, told, cast), quiet)


def _render(play_path: Path, options: AudioOptions, quiet: bool, verbose: bool,
            session: AudioSession | None = None, told: set[Path] | None = None, cast: str | None = None) -> Play:
    from ...api import in_cast, load_play, render_audio

    play = in_cast(load_play(play_path), cast)
    bar = _Bar(not quiet)
    try:
        result = render_audio(play, options, progress=bar, session=session)
    finally:
        bar.close()
    _tell(result, quiet, verbose, told if told is not None else set())
    return play


def _tell(result: AudioResult, quiet: bool, verbose: bool, told: set[Path]) -> None:
    if verbose:
        for note in result.notes:
            click.echo(note, err=True)
        click.echo(f"clips: {result.synthesised} synthesised, {result.cached} cached", err=True)
    if quiet:
        return
    for warning in result.warnings:
        click.echo(warning, err=True)
    if result.notes and not verbose:
        count = len(result.notes)
        click.echo(f"note: {count} stress mark{'s' * (count != 1)} could not be honoured; --verbose lists "
                   f"{'them' if count != 1 else 'it'}", err=True)
    _report(result)
    for leftover in sorted(set(result.leftovers) - told):
        click.echo(f"note: {leftover} (and its .vtt .srt .timeline.json) is from an earlier render; this play has "
                   "no such scene now: delete them if they are not wanted", err=True)
    told |= set(result.leftovers)


def spoken_length(ms: int) -> str:
    """A track's length as people say it: "6 s", "8 min 20 s", "2 h 48 min"."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _report(result: AudioResult) -> None:
    minutes = spoken_length(result.duration_ms)
    if result.master_gain is not None:
        click.echo(f"wrote {display_path(result.tracks[0])} ({minutes}): the master, {result.master_gain:+.1f} dB to its loudness")
    elif len(result.tracks) == 1:
        [track] = result.tracks
        click.echo(f"{display_path(track)} is up to date ({minutes})" if result.unchanged
                   else f"wrote {display_path(track)} ({minutes}) + .vtt .srt .timeline.json")
    else:
        for track in result.tracks:
            if track not in result.unchanged:
                click.echo(f"wrote {display_path(track)} ({spoken_length(result.durations.get(track, 0))})")
        if result.unchanged:
            count = len(result.unchanged)
            whole = f"{minutes} in all" if count == len(result.tracks) else f"all {len(result.tracks)}: {minutes}"
            click.echo(f"{count} scene file{'s' * (count != 1)} up to date in {display_path(result.unchanged[0].parent)} ({whole})")
