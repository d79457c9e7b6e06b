"""``stagecast rehearse``."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from ...api import find_performer, find_scene, in_cast, load_play, load_voices
from ...playback import keys, state
from ...playback.rehearsal import MODES, Options, Rehearsal, check_selection
from ...playback.sound import sound_for
from ..options import cast_option, play_argument, stale_takes_option, voices_option


@click.command("rehearse")
@play_argument
@click.option("--performer", "-p", metavar="NAME", required=True, help="Who is rehearsing (id or name).")
@cast_option
@click.option("--scene", metavar="ID", help="Only this scene (id or title).")
@click.option("--from", "start", type=click.IntRange(min=1), metavar="N", help="Start at speech number N.")
@click.option("--mode", type=click.Choice(MODES), default="check", show_default=True,
              help="learn: each line shown and read before you say it; check: shown after you said it; "
                   "perform: shown only when you ask (docs/rehearse.md).")
@click.option("--shuffle", is_flag=True, help="The drill: lines in random order, the ones you needed a prompt "
              "for sooner and again; the end shows the weakest lines by scene.")
@click.option("--cue-words", type=click.IntRange(1, 200), metavar="N",
              help="Each cue is the last N words before your line, heard that short too (Shakespeare's actors "
                   "had ~3; default: 8 shown, the whole speech heard).")
@click.option("--first-letters", is_flag=True, help="Reveal lines as first letters only.")
@click.option("--first-words", type=click.IntRange(min=0), metavar="N",
              help="Reveal only the first N words of a line, the rest hidden.")
@click.option("--no-sound", is_flag=True, help="Text only, even if audio could play.")
@click.option("--player", metavar="NAME", help="Audio player to use (pw-play, paplay, aplay, afplay, ffplay, …).")
@click.option("--seed", type=int, hidden=True)
@voices_option
@stale_takes_option
def command(play: Path, performer: str, cast: str | None, scene: str | None, start: int | None, mode: str,
            shuffle: bool, cue_words: int | None, first_letters: bool, first_words: int | None, no_sound: bool,
            player: str | None, seed: int | None, voices: Path | None, stale_takes: str) -> None:
    """Learn your lines: hear the cue, say your line, get a prompt when you dry.

    Keys: Enter next line, r repeat the cue, p prompt (the first word, then the next few, then
    the whole line), l reveal the line, s skip the scene, q quit. Quitting saves your place;
    the same command resumes. From a pipe, each input line is one key (an empty line is Enter).

    \b
    Examples:
      stagecast rehearse script/ --performer "Actor C"
      stagecast rehearse -p "Actor C" --mode learn --cue-words 3
      stagecast rehearse -p "Actor C" --shuffle --mode perform     # the drill
    """
    if first_letters and first_words is not None:
        raise click.UsageError("--first-letters and --first-words are two ways of hiding a line: choose one")
    model = in_cast(load_play(play), cast)
    who = find_performer(model, performer).id
    options = Options(who, find_scene(model, scene).id if scene else None, start, shuffle, first_letters,
                      cue_words, seed, mode, first_words)
    check_selection(model, options)
    voice, note = sound_for(model, lambda: load_voices(play, model, voices), player, no_sound, who, stale_takes)
    session = Rehearsal(model, options, voice, click.echo, state.state_path(model.meta.title, who if cast is None else f"{who}@{cast}"))  # a cast's lines: own progress
    with closing(keys.keys()) as pressed:  # closed here, not whenever it is collected: it restores the terminal
        session.run(pressed, note)
