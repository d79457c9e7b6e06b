"""``stagecast play``."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from ...api import find_performer, find_scene, in_cast, load_play
from ...playback import keys
from ...playback.play_track import Session, lines_from_plan, lines_from_timeline
from ...playback.players import detect
from ..options import cast_option, play_argument, stale_takes_option, voices_option


@click.command("play")
@play_argument
@click.option("--performer", "-p", metavar="NAME", help="Play their rehearsal track (their lines are gaps).")
@cast_option
@click.option("--mode", type=click.Choice(["full", "rehearsal", "perform", "learn", "check", "cues"]),
              help="full: everyone; rehearsal (or perform): your lines as gaps (default with --performer); "
                   "learn / check: each line read before / after its gap; cues: only your cues.")
@click.option("--cue-words", type=click.IntRange(1, 200), metavar="N",
              help="With --mode cues: each cue is the last N words before your line (as audio's --cue-words).")
@click.option("--scene", metavar="ID", help="Only this scene.")
@click.option("--no-sound", is_flag=True, help="Print the lines in order without playing audio.")
@click.option("--player", metavar="NAME", help="Audio player to use (pw-play, paplay, aplay, afplay, ffplay, …).")
@click.option("--engine", hidden=True)
@voices_option
@stale_takes_option
def command(play: Path, performer: str | None, cast: str | None, mode: str | None, cue_words: int | None,
            scene: str | None, no_sound: bool, player: str | None, engine: str | None, voices: Path | None,
            stale_takes: str) -> None:
    """Play a track, printing each line as it is heard; "YOUR LINE" marks your gaps.

    Keys: space pause/resume, ← previous line, → next line, q quit. Without an audio device
    or player (or with --no-sound) the lines are printed in order instead.

    \b
    Examples:
      stagecast play script/ --performer "Actor C" --scene artur
      stagecast play script/ --no-sound
      stagecast play script/ -p "Actor C" --mode cues --cue-words 3
    """
    model = in_cast(load_play(play), cast)
    who = find_performer(model, performer).id if performer else None
    mode = mode or ("rehearsal" if who else "full")
    if cue_words is not None and mode != "cues":  # as `audio` says it, for the text-only run too
        raise click.UsageError("--cue-words N (1 or more) shortens the cues of a cue track: use it with --mode cues")
    scene_id = find_scene(model, scene).id if scene else None
    out = None if no_sound else detect(player)
    if out is None:
        click.echo(f"(text only: {'--no-sound' if no_sound else 'no audio device or player found'})")
        Session(model, lines_from_plan(model, who, mode, scene_id, cue_words), None, None, click.echo, iter(())).run()
        return
    track, timeline = _render(model, who, mode, scene_id, engine, voices, stale_takes, cue_words)
    lines = lines_from_timeline(model, timeline, who, cue_words)
    click.echo(f"(playing through {out.name}: space pause, ←/→ lines, q quit)")
    with closing(keys.keys(quit_at_end=False)) as pressed:  # restores the terminal when closed
        Session(model, lines, track, out, click.echo, pressed).run()


def _render(model, who, mode, scene_id, engine, voices, stale_takes, cue_words):  # type: ignore[no-untyped-def]
    import json

    from ...api import render_audio
    from ...audio.render import AudioOptions
    from ...files.user_cache import cache_root
    from ...rules import slug

    stem = "-".join(filter(None, [slug(model.meta.title), who, mode, scene_id, "stale" if stale_takes == "use" else None,
                                  f"{cue_words}-words" if cue_words else None]))
    options = AudioOptions(performer=who, mode=mode, scene=scene_id, cue_words=cue_words, format="wav", engine=engine,
                           voices=voices,
                           stale_takes=stale_takes, output=cache_root() / "play" / f"{stem}.wav")
    track = render_audio(model, options).tracks[0]
    return track, json.loads(track.with_suffix(".timeline.json").read_text(encoding="utf-8"))
