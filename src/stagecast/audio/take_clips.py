"""A take as a clip: the recording decoded to the track's format, trimmed of leading and
trailing silence and brought to the loudness of synthesised clips (:mod:`.pcm`), cached by the
file's bytes. The file in ``takes/`` is never changed; a take re-recorded under the same name
has other bytes, so another key."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..errors import ScriptError
from ..files.play_files import read_file, reason
from ..model import Play
from ..takes.matching import match_takes, takes_for_track
from ..takes.takes_yaml import Take, Takes, load_takes
from .cache import CACHE_FORMAT, ClipCache
from .loudness import normalise
from .pcm import trim
from .sounds import decode
from .timing import ClipRef

VOICE = "take:"
"""A line spoken by a take is ``take:<file>`` in the timeline (its voice)."""


def take_refs(play: Play, cache: ClipCache, lines: Iterable[str], performer: str | None = None,
              stale: str = "skip", takes: Takes | None = None) -> dict[str, ClipRef]:
    """The clip of each of ``lines`` (speech keys) that has a take this track uses: the
    performer's own first (whose take: :func:`~stagecast.takes.matching.takes_for_track`);
    a stale take only with ``stale="use"``. ``takes``: the play's, read from its folder if not given."""
    takes = takes if takes is not None else load_takes(play.root)
    if not takes.takes:
        return {}
    chosen = takes_for_track(play, match_takes(play, takes), performer, stale)
    refs = {}
    for line in lines:
        take = chosen.get(line)
        if take is not None:
            key, frames = take_clip(cache, takes, take)
            refs[line] = ClipRef(key, frames, VOICE + take.file)
    return refs


def take_key(data: bytes) -> str:
    return hashlib.sha256(b"take:%d:" % CACHE_FORMAT + data).hexdigest()


_KNOWN: dict[tuple[str, int, int, int], str] = {}
"""Keys of take files already hashed in this process, by (path, size, mtime, inode): a process
that renders again and again (``--watch``) reads each take once, not at every save."""


def take_clip(cache: ClipCache, takes: Takes, take: Take) -> tuple[str, int]:
    """(cache key, frames) of ``take``'s clip, made now unless cached."""
    path = takes.path(take)
    try:
        info = path.stat()
        known = _KNOWN.get((str(path), info.st_size, info.st_mtime_ns, info.st_ino))
        frames = cache.frames(known) if known else None
        if known and frames is not None:
            return known, frames
        data = read_file(path)
    except OSError as exc:
        raise ScriptError.at(take.loc, f"cannot read the take {takes.shown(take)}: {reason(exc)}") from None
    key = take_key(data)
    frames = cache.frames(key)
    if frames is None:
        pcm = trim(decode(path, data, takes.shown(take), take.loc, None, what="take"))
        frames = cache.store(key, normalise(pcm))
    _KNOWN[(str(path), info.st_size, info.st_mtime_ns, info.st_ino)] = key
    return key, frames
