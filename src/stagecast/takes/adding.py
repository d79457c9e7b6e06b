"""``takes add``: a recording from anywhere, checked, copied into ``takes/`` and listed in the manifest.

The file is read once; those bytes are checked (audio, not empty, at most
:data:`MAX_SECONDS` long) and written whole into ``takes/`` (a temporary file renamed), then the
manifest is replaced; the original is never touched. Anything wrong stops before a byte is
written.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ScriptError, UsageError
from ..files.atomic import write_bytes
from ..files.locking import hold, lock_file
from ..files.play_files import read_file, reason
from ..files.sound_header import NotAudio, audio_format
from ..model import Play, Speech
from ..rules import slug, speech_key
from .matching import speech_text
from .takes_yaml import Take, Takes, load_takes, save_takes

MAX_SECONDS = 600.0
SUFFIXES = {"WAV": ".wav", "FLAC": ".flac", "Ogg": ".ogg", "MP3": ".mp3", "M4A": ".m4a"}
"""The formats a take may be in (as :func:`~stagecast.files.sound_header.audio_format` names
them), with the suffix its copy gets."""
_NUMBER = re.compile(r"(?:s|#)?(\d+)")


def find_line(play: Play, line: str, source: Path | None = None) -> Speech:
    """The speech ``line`` names: ``s42``, ``42``, ``#42`` (its number) or its own ``id:``."""
    speeches = play.speeches()
    for speech in speeches:
        if speech.id is not None and speech.id == line:
            return speech
    number = _NUMBER.fullmatch(line.strip())
    if number:
        for speech in speeches:
            if speech.number == int(number.group(1)):
                return speech
    raise UsageError(f"{str(source) + ': not added: ' if source else ''}--line {line} names no speech in {play.meta.title}",
                     hint=f"give a speech number (1 to {len(speeches)}, as s42, 42 or #42) or a speech's id:")


def recorder_of(play: Play, speech: Speech, performer: str | None) -> str | None:
    """Who recorded a take of ``speech``: ``performer`` if given, else the one performer who plays
    its speakers (None if nobody does); several (alternating casts) must be told apart."""
    if performer is not None:
        return performer
    cast = list(play.speakers_of(speech))
    if len(cast) > 1:
        names = ", ".join(p.name for p in cast)
        raise UsageError(f"speech {speech_key(speech)} is played by several performers ({names}): "
                         "say whose take this is", hint="add --performer NAME")
    return cast[0].id if cast else None


def add_take(play: Play, source: Path, line: str, performer: str | None = None) -> Take:
    """Copy the recording ``source`` into the play's ``takes/`` as a take of the speech ``line``
    (``performer``: an id, who recorded it). Raises :class:`UsageError` (nothing written) when
    the file is not a usable take or the line names no speech."""
    speech = find_line(play, line, source)
    who = recorder_of(play, speech, performer)
    data = _read(source)
    return store_take(play, speech, data, _check(source, data), who)


def add_recording(play: Play, speech: Speech, wav: bytes, performer: str, what: str = "the recording") -> Take:
    """Save ``wav`` (a WAV file's bytes, recorded by ``performer``, an id) as a take of
    ``speech``, checked as ``takes add`` checks a file (``what`` names it in messages)."""
    return store_take(play, speech, wav, _check(Path(what), wav), performer)


def store_take(play: Play, speech: Speech, data: bytes, kind: str, who: str | None) -> Take:
    """Write checked audio (``kind``: its format) into ``takes/`` and list it in the manifest.
    The file is written whole (a temporary file renamed), then the manifest: a take is listed
    whole or not at all (Ctrl-C between the two removes the file again; a kill there leaves a
    whole file that no entry names, which no track uses)."""
    takes = load_takes(play.root)
    takes.folder.mkdir(parents=True, exist_ok=True)
    with hold(lock_file(takes.manifest, folder=False), "takes add", takes.manifest):
        takes = load_takes(play.root)  # another add may have finished while we waited
        now = datetime.now(UTC)
        name = _free_name(takes, f"{speech_key(speech)}-{slug(who or 'take')}-{now:%Y%m%dT%H%M%S}", SUFFIXES[kind])
        take = Take(name, speech.speakers, speech_text(speech), speech.id, speech.number, who,
                    now.isoformat(timespec="seconds").replace("+00:00", "Z"))
        write_bytes(takes.path(take), data)
        try:
            save_takes(takes.adding(take))
        except BaseException:
            takes.path(take).unlink(missing_ok=True)  # no take without its entry
            raise
    return take


def _read(source: Path) -> bytes:
    try:
        return read_file(source)
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file", hint="give the path of a recording (WAV, FLAC, OGG, MP3 or M4A)") \
            from None
    except OSError as exc:
        raise UsageError(f"{source}: cannot read it: {reason(exc)}") from None


def _check(source: Path, data: bytes) -> str:
    """The take's format; refuses what is not audio, holds no sound, or is too long."""
    try:
        kind = audio_format(io.BytesIO(data))
    except NotAudio as exc:
        raise UsageError(f"{source}: not a take: {exc.what}", hint="record or export it as WAV, FLAC, OGG, MP3 or M4A") \
            from None
    if kind not in SUFFIXES:
        raise UsageError(f"{source}: not a take: it is {kind} audio", hint="export it as WAV, FLAC, OGG, MP3 or M4A")
    from ..audio.pcm import RATE, WIDTH, trim
    from ..audio.sounds import decode

    try:
        pcm = decode(source, data, str(source), None, None, what="take")
    except ScriptError as exc:  # ffmpeg could not read it (ffmpeg missing is a BackendError, exit 4)
        raise UsageError(exc.diagnostics[0].message if exc.diagnostics else str(exc)) from None
    seconds = len(pcm) / WIDTH / RATE
    if seconds > MAX_SECONDS:
        raise UsageError(f"{source}: the take is {seconds / 60:.1f} minutes long; a take is one line, at most "
                         f"{MAX_SECONDS / 60:.0f} minutes", hint="cut it to the line it is for")
    if not trim(pcm):
        raise UsageError(f"{source}: the take is empty: it holds no sound" + (" (only silence)" if pcm else ""),
                         hint="record the line again")
    return kind


def _free_name(takes: Takes, stem: str, suffix: str) -> str:
    used = {t.file for t in takes.takes}
    name, n = f"{stem}{suffix}", 2
    while name in used or (takes.folder / name).exists():
        name, n = f"{stem}-{n}{suffix}", n + 1
    return name
