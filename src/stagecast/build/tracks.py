"""How a build's tracks are made: the read-through and each performer's rehearsal track, each
with its captions and timeline (rows of :data:`.targets.TARGETS`).

The audio path is imported only when a track is to be made, so a build that finds everything
up to date (or a ``--no-audio`` one) never loads it.
"""

from __future__ import annotations

from ..errors import BackendError
from .inputs import BuildInputs

READ_THROUGH = "audio/read-through"
MASTER = "audio/master"
REHEARSAL = "rehearsal"
"""The tracks' file names without their suffixes: the read-through's in the build folder, a
rehearsal track's in its performer's folder."""


def track_files(stem: str) -> tuple[str, ...]:
    """A track's files, replaced together; ``{format}`` is the audio format."""
    return tuple(f"{stem}{suffix}" for suffix in (".{format}", ".vtt", ".srt", ".timeline.json"))


def read_through(inputs: BuildInputs, _: None) -> None:
    _render(inputs, None, READ_THROUGH)


def master(inputs: BuildInputs, _: None) -> None:
    """The audio play for listeners (``audio --master``), when the play has takes."""
    _render(inputs, None, MASTER, master=True)


def has_takes(inputs: BuildInputs) -> bool:
    """Whether the play has takes (``takes/takes.yaml`` lists any): the master is for a play the
    cast has recorded. A manifest with mistakes counts as none here; the tracks report them."""
    from ..errors import ScriptError
    from ..takes.takes_yaml import load_takes

    try:
        return bool(load_takes(inputs.play.root).takes)
    except (ScriptError, OSError):
        return False


def rehearsal_track(inputs: BuildInputs, performer_id: str) -> None:
    _render(inputs, performer_id, f"performers/{inputs.names[performer_id]}/{REHEARSAL}")


def check_voices(inputs: BuildInputs) -> None:
    """A voice voices.yaml names that the engine lacks stops the build before anything is
    written, as a mistake in the play does: every track would fail on it, and the page would
    be left with none."""
    from ..audio import render

    try:
        render.check_voices(inputs.play, inputs.voices, inputs.options.engine)
    except BackendError:
        pass  # no engine to ask (not installed, will not start): each track fails on it, the rest is built


def _render(inputs: BuildInputs, performer: str | None, stem: str, master: bool = False) -> None:
    from ..audio.render import AudioOptions, Progress, render_audio

    given = inputs.options
    options = AudioOptions(performer=performer, format=given.audio_format,
                           output=inputs.out / f"{stem}.{given.audio_format}", jobs=given.jobs,
                           engine=given.engine, voices=given.voices, wait=given.wait,
                           stale_takes=given.stale_takes, master=master)
    # No bar, but an `audio` run writing the same track is waited for saying so, as a build is.
    render_audio(inputs.play, options, inputs.voices, progress=Progress(inputs.notice), session=inputs.session)
