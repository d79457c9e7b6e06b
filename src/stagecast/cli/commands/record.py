"""``stagecast record``."""

from __future__ import annotations

from pathlib import Path

import click

from ...api import find_performer, find_scene, in_cast, load_play, load_voices
from ...playback.keys import KeyPoll
from ...playback.sound import sound_for
from ...recording.line_by_line import Options, RecordSession
from ...recording.sources import Microphone, Source, WavFile
from ...takes.adding import add_recording
from ..options import cast_option, play_argument, stale_takes_option, voices_option


@click.command("record")
@play_argument
@click.option("--performer", "-p", metavar="NAME", required=True, help="Who is recording (id or name).")
@cast_option
@click.option("--scene", metavar="ID", help="Only this scene (id or title).")
@click.option("--from", "start", type=click.IntRange(min=1), metavar="N",
              help="Every line from speech N on, recorded already or not (to record them again).")
@click.option("--silence", type=click.FloatRange(min=0), default=2.0, show_default=True, metavar="SECONDS",
              help="Stop recording after this long a silence once you have spoken (0: only Enter stops).")
@click.option("--device", metavar="NAME", help="The microphone (a name or number as the system lists it).")
@click.option("--input", "input_file", type=click.Path(path_type=Path, dir_okay=False), metavar="WAV",
              help="Record from this WAV file instead of the microphone (scripts, tests).")
@click.option("--no-sound", is_flag=True, help="Do not play the cues (text only).")
@click.option("--player", metavar="NAME", help="Audio player for cues and listening (pw-play, aplay, …).")
@voices_option
@stale_takes_option
def command(play: Path, performer: str, cast: str | None, scene: str | None, start: int | None, silence: float, device: str | None,
            input_file: Path | None, no_sound: bool, player: str | None, voices: Path | None,
            stale_takes: str) -> None:
    """Record your lines as takes: hear the cue, say the line, listen, redo or keep.

    Keys: Enter records, Enter stops (a silence stops it too), then Enter keeps it, l listens,
    r records again; c hears the cue again, s skips the line, q quits. Each kept take is saved
    at once into the play's takes/ (docs/takes.md); the same command carries on at your first
    line not recorded yet. From a pipe, each input line is one key (an empty line is Enter).

    \b
    Example:
      stagecast record script/ --performer "Actor C" --scene tatyana
    """
    model = in_cast(load_play(play), cast)  # an understudy records the lines they say in their cast
    who = find_performer(model, performer).id
    options = Options(who, find_scene(model, scene).id if scene else None, start, silence)
    source: Source = WavFile(input_file) if input_file is not None else Microphone(device)
    source.check()  # no microphone: say so before the first cue
    voice, note = sound_for(model, lambda: load_voices(play, model, voices), player, no_sound, who, stale_takes)
    listen = getattr(voice, "player", None)  # the spoken voice's player; none in text-only mode
    with KeyPoll() as keys:
        session = RecordSession(model, options, voice, listen, source, keys, click.echo,
                                lambda speech, wav: add_recording(model, speech, wav, who))
        session.run(note)
