"""Sound cues: a file under the play folder, converted once to the track format and cached.

A sound plays at its place in the running order and takes its own time (the next line
follows it); anything longer than :data:`SOUND_MAX_S` is faded out there, so a long
atmosphere does not stall a rehearsal. WAV files are read directly; other formats go
through ffmpeg.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import BackendError
from ..model import Loc
from .cache import CACHE_FORMAT, ClipCache
from .pcm import RATE, WIDTH, audioop, standardise

SOUND_MAX_S = 20.0
FADE_S = 1.0


def sound_clip(cache: ClipCache, root: Path, name: str, loc: Loc | None) -> tuple[str, int]:
    """(cache key, frames) of the sound file ``name`` (relative to the play folder ``root``)."""
    path = root / name
    if not path.resolve().is_relative_to(root.resolve()):
        # The reader refuses these; a Play built in code (or a link made since) must not leak a file either.
        raise BackendError(f"sound file '{name}' is outside the play folder {root}", loc=loc)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BackendError(f"cannot read the sound file '{name}': {exc.strerror}", loc=loc) from exc
    key = hashlib.sha256(b"sound:%d:%d:" % (CACHE_FORMAT, int(SOUND_MAX_S * 1000)) + data).hexdigest()
    frames = cache.frames(key)
    if frames is None:
        frames = cache.store(key, _fit(_decode(path, loc)))
    return key, frames


def _decode(path: Path, loc: Loc | None) -> bytes:
    import wave  # only when a sound cue is first met (then its PCM is cached)

    if path.suffix.lower() == ".wav":
        try:
            with wave.open(str(path), "rb") as wav:
                return standardise(wav.readframes(wav.getnframes()), wav.getframerate(), wav.getnchannels(),
                                   wav.getsampwidth())
        except (wave.Error, EOFError, ValueError):
            pass  # compressed or unusual WAV: let ffmpeg read it
    from .encode import decode_to_pcm

    try:
        return decode_to_pcm(path)
    except BackendError as exc:
        raise BackendError(exc.message, loc=loc, hint=exc.hint) from exc


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
