"""A speech spoken in several languages as one clip: its parts' clips, each made and cached on
its own in its language's voice, joined with a short pause and cached under a key made of
theirs (so a changed part makes the joined clip again, and an unchanged speech costs one
lookup)."""

from __future__ import annotations

import hashlib
import json

from .cache import ClipCache
from .pcm import HEADER, ms_to_frames
from .timing import ClipRef, PartRef
from .utterance import SaidPart

JOIN_MS = 200
"""Silence between two parts: a switch of language is mostly a new sentence or a clause."""

Piece = tuple[str, str, SaidPart]
"""One part of a speech: its clip's key, its voice as the timeline names it, what it says."""


def joined_key(keys: list[str]) -> str:
    data = json.dumps({"joined": keys, "pause_ms": JOIN_MS})
    return hashlib.sha256(data.encode()).hexdigest()


def joined_clip(cache: ClipCache, pieces: list[Piece], frames: dict[str, int]) -> ClipRef:
    """The joined clip of ``pieces`` (made now unless cached) with its parts' places in it.

    Parts are contiguous: the pause after a part belongs to it, so the parts cover the clip."""
    key = joined_key([k for k, _, _ in pieces])
    pause = ms_to_frames(JOIN_MS)
    total = cache.frames(key)
    if total is None:
        silence = b"\x00\x00" * pause
        pcm = silence.join(cache.path(k).read_bytes()[HEADER:] for k, _, _ in pieces)
        total = cache.store(key, pcm)
    parts, pos = [], 0
    for n, (k, voice, said) in enumerate(pieces):
        end = total if n + 1 == len(pieces) else pos + frames[k] + pause
        parts.append(PartRef(said.utterance.lang, voice, pos, end, said.text))
        pos = end
    return ClipRef(key, total, pieces[0][1], tuple(parts))
