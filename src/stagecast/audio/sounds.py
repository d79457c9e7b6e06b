"""Sound cues: a file under the play folder, converted once to the track format and cached.

A sound plays at its place in the running order and takes its own time (the next line
follows it); anything longer than :data:`SOUND_MAX_S` is faded out there, so a long
atmosphere does not stall a rehearsal. WAV files are read directly; other formats go
through ffmpeg.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from ..errors import BackendError, ScriptError
from ..files.play_files import look_up, read_file, reason
from ..files.sound_header import FIX, NotAudio, audio_format
from ..model import Loc
from .cache import CACHE_FORMAT, ClipCache
from .pcm import RATE, WIDTH, audioop, standardise

SOUND_MAX_S = 20.0
FADE_S = 1.0


def sound_clip(cache: ClipCache, root: Path, name: str, loc: Loc | None,
               warn: Callable[[str], object] | None = None) -> tuple[str, int]:
    """(cache key, frames) of the sound file ``name`` (relative to the play folder ``root``);
    ``warn`` is told of a file that seems damaged but can be played (when it is first read)."""
    path = root / name
    try:
        kind = look_up(root, name)[1]
    except OSError:
        kind = "file"  # reading it says why it cannot be read
    if kind == "outside":
        # The reader refuses these; a Play built in code (or a link made since) must not leak a file either.
        raise BackendError(f"sound file '{name}' is outside the play folder {root}", loc=loc)
    try:
        data = read_file(path)  # a named pipe put there since the play was read is refused, not waited on
    except OSError as exc:
        raise BackendError(f"cannot read the sound file '{name}': {reason(exc)}", loc=loc) from exc
    key = hashlib.sha256(b"sound:%d:%d:" % (CACHE_FORMAT, int(SOUND_MAX_S * 1000)) + data).hexdigest()
    frames = cache.frames(key)
    if frames is None:
        frames = cache.store(key, _fit(decode(path, data, name, loc, warn)))
    return key, frames


def decode(path: Path, data: bytes, name: str, loc: Loc | None, warn: Callable[[str], object] | None,
           what: str = "sound file") -> bytes:
    """``data`` (the bytes of ``path``) as the track's PCM: WAV read here, anything else through
    ffmpeg; ``what`` names the file in messages (a sound file, a take)."""
    import wave  # only when a sound cue is first met (then its PCM is cached)

    try:  # the header check `check` made: a file changed since fails here with the same message
        kind = audio_format(io.BytesIO(data))
    except NotAudio as exc:
        raise ScriptError.at(loc, f"{what} '{name}' cannot be read as audio: {exc.what}; {exc.fix}") from None
    if kind == "WAV":
        try:
            with wave.open(io.BytesIO(data), "rb") as wav:
                promised = wav.getnframes() * wav.getsampwidth() * wav.getnchannels()
                data = wav.readframes(wav.getnframes())
                if len(data) < promised and warn is not None:
                    have, want = (n / (wav.getsampwidth() * wav.getnchannels() * wav.getframerate())
                                  for n in (len(data), promised))
                    warn(f"{loc or name}: warning: {what} '{name}' is shorter than its header says ({have:.1f} s "
                         f"of {want:.1f} s); it may be damaged, and plays as far as it goes")
                return standardise(data, wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
        except (wave.Error, EOFError, ValueError):
            pass  # compressed or unusual WAV: let ffmpeg read it
    from .encode import UnreadableAudio, decode_to_pcm

    try:
        return decode_to_pcm(path)
    except BackendError as exc:
        raise BackendError(exc.message, loc=loc, hint=exc.hint) from exc
    except UnreadableAudio as exc:
        raise ScriptError.at(loc, f"{what} '{name}' cannot be read as audio ({exc}); {FIX}") from None


def _fit(pcm: bytes) -> bytes:
    limit = int(SOUND_MAX_S * RATE) * WIDTH
    if len(pcm) <= limit:
        return pcm
    fade = int(FADE_S * RATE) * WIDTH
    head, tail = pcm[:limit - fade], pcm[limit - fade:limit]
    steps = 20
    size = len(tail) // steps // WIDTH * WIDTH
    faded = b"".join(audioop.mul(tail[i * size:(i + 1) * size], WIDTH, 1 - (i + 1) / steps) for i in range(steps))
    return head + faded
