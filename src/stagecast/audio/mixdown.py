"""The master's stereo mix, streamed a second at a time (never a scene in memory).

Each clip of a read-through layout (:mod:`.timing`) is placed at its frame, panned with a
constant-power law (a role moved to one side keeps its loudness: BS.1770 sums the channels'
power), and added onto room tone — quiet, slowly moving noise, different in each ear — so
the pauses between lines sound like a room, not like a dropped signal. A bed (a sound cue
marked ``under: true``) starts at its place, takes no time of its own, and is lowered by
:data:`DUCK_DB` under every speech it overlaps, with :data:`RAMP_MS` ramps so the dip is
heard as a fader move, not a click. All sample work is ``audioop``'s (C); Python only
decides what goes where.

The mix stays at the clips' level (−23 LUFS); the programme gain and the peak limiter are
applied by ffmpeg in :mod:`.master`, in floating point, so nothing clips here.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..model import Play
from ..voice_settings import VoiceConfig
from .cache import ClipCache
from .pcm import HEADER, RATE, WIDTH, audioop, ms_to_frames
from .timing import ClipRef, SectionLayout

CHANNELS = 2
FRAME_BYTES = WIDTH * CHANNELS
BLOCK = RATE
"""Frames mixed at a time: one second."""
DUCK_DB = -14.0
RAMP_MS = 200
STEP = ms_to_frames(10)
"""A bed's gain changes in 10 ms steps while it ramps."""
ROOM_DBFS = -64.0
"""Room tone's level per channel before the master's gain (about 40 dB under the voices)."""
ROOM_S = 3.7
ROOM_RATE = 3000
"""The room's noise is made at this rate: nothing above ~1.5 kHz, a rumble rather than a hiss."""
SPREAD = (0.0, -0.35, 0.35, -0.6, 0.6, -0.2, 0.2, -0.75, 0.75, -0.5, 0.5)
"""Default places, given in order of how much a role speaks: the biggest part in the middle,
then alternately left and right, never hard to one side."""


def pan_gains(pan: float) -> tuple[float, float]:
    """Left and right gains for ``pan`` (−1 … 1), constant power: 0.707 each in the centre."""
    angle = (max(-1.0, min(1.0, pan)) + 1) * math.pi / 4
    return math.cos(angle), math.sin(angle)


def role_pans(play: Play, voices: VoiceConfig) -> dict[str | None, float]:
    """Each role's place: ``pan:`` from voices.yaml (a role's own, else the default voice's),
    else :data:`SPREAD` by the number of speeches each role leads; the narrator in the centre."""
    from ..model import Speech

    counts = {role.id: 0 for role in play.roles}
    for scene in play.scenes:
        for item in scene.items:
            if isinstance(item, Speech) and item.speakers:
                counts[item.speakers[0]] = counts.get(item.speakers[0], 0) + 1
    order = sorted(counts, key=lambda rid: -counts[rid])  # stable: cast-list order among equals
    pans: dict[str | None, float] = {}
    for place, rid in enumerate(order):
        own = voices.for_role(rid).pan
        pans[rid] = own if own is not None else SPREAD[place % len(SPREAD)]
    pans[None] = voices.narrator.pan if voices.narrator and voices.narrator.pan is not None else 0.0
    return pans


@dataclass(frozen=True)
class Voice:
    """A clip in the mix: from ``start`` (frames from the section's start) for ``frames``."""

    start: int
    frames: int
    key: str
    left: float
    right: float
    ducks: tuple[tuple[int, int], ...] = ()
    """A bed: the spans (frames from its own start) where voices speak over it."""

    def gain(self, at: int) -> float:
        """The bed's gain ``at`` frames from its start (1 for anything not ducked)."""
        low, ramp = 10 ** (DUCK_DB / 20), ms_to_frames(RAMP_MS)
        gain = 1.0
        for start, end in self.ducks:
            if start <= at < end:
                return low
            if start - ramp <= at < start:
                gain = min(gain, 1 - (1 - low) * (at - start + ramp) / ramp)
            elif end <= at < end + ramp:
                gain = min(gain, low + (1 - low) * (at - end) / ramp)
        return gain


def section_voices(layout: SectionLayout, clips: dict[str, ClipRef], beds: dict[str, ClipRef],
                   pans: dict[str | None, float]) -> list[Voice]:
    """Every clip of ``layout`` as a :class:`Voice`, beds (item id → clip) with their ducking."""
    out: list[Voice] = []
    spoken = [(p.start, p.end) for p in layout.placed if p.item.kind in ("speech", "direction") and p.end > p.start]
    for placed in layout.placed:
        item = placed.item
        if item.id in beds:
            clip = beds[item.id]
            frames = min(clip.frames, layout.frames - placed.start)
            ducks = tuple((max(s, placed.start) - placed.start, e - placed.start) for s, e in spoken
                          if s < placed.start + frames and e > placed.start)
            out.append(Voice(placed.start, frames, clip.key, *pan_gains(0.0), ducks))
        elif item.id in clips and placed.end > placed.start and item.kind != "gap":
            pan = pans.get(item.speakers[0] if item.speakers else None, 0.0) if item.kind == "speech" else 0.0
            out.append(Voice(placed.start, placed.end - placed.start, clips[item.id].key, *pan_gains(pan)))
    out.sort(key=lambda v: v.start)
    return out


class RoomTone:
    """A few seconds of quiet stereo noise, low-passed (more rumble than hiss), played in a loop."""

    def __init__(self) -> None:
        self.data = _room()
        self.pos = 0

    def block(self, frames: int) -> bytes:
        out, need = [], frames * FRAME_BYTES
        while need:
            piece = self.data[self.pos:self.pos + need]
            out.append(piece)
            need -= len(piece)
            self.pos = (self.pos + len(piece)) % len(self.data)
        return b"".join(out)


@functools.cache
def _room() -> bytes:
    """The room's noise, made once a process (both passes of a master play the same room):
    white noise at :data:`ROOM_RATE` stretched to the track's rate by ``ratecv``, whose
    interpolation is the low-pass — all in C (the same in Python's loops cost 0.3 s)."""
    rng = random.Random(17)  # the same room every time: a master is reproducible
    target = 32767 * 10 ** (ROOM_DBFS / 20)
    channels = []
    for _ in range(CHANNELS):
        raw = rng.randbytes(int(ROOM_S * ROOM_RATE) * WIDTH)
        pcm, _ = audioop.ratecv(raw, WIDTH, 1, ROOM_RATE, RATE, None)
        channels.append(audioop.mul(pcm, WIDTH, target / max(1, audioop.rms(pcm, WIDTH))))
    left, right = channels
    return audioop.add(audioop.tostereo(left, WIDTH, 1, 0), audioop.tostereo(right, WIDTH, 0, 1), WIDTH)


def mix_section(layout: SectionLayout, voices: list[Voice], cache: ClipCache, room: RoomTone,
                write: Callable[[bytes], object]) -> None:
    """Write ``layout``'s stereo mix (16-bit, :data:`CHANNELS` channels) block by block."""
    handles: dict[str, BinaryIO] = {}
    try:
        for start, frames, active in _blocks(layout.frames, voices):
            mixed = room.block(frames)
            for voice in active:
                mixed = audioop.add(mixed, _stereo_part(voice, start, frames, cache, handles), WIDTH)
                if voice.start + voice.frames <= start + frames and voice.key in handles:
                    handles.pop(voice.key).close()  # done: a long scene never holds hundreds of files open
            write(mixed)
    finally:
        for handle in handles.values():
            handle.close()


def _blocks(total: int, voices: list[Voice]) -> Iterator[tuple[int, int, list[Voice]]]:
    """(block start, frames, voices sounding in it), in order; ``voices`` sorted by start."""
    waiting, active, at = 0, [], 0
    while at < total:
        frames = min(BLOCK, total - at)
        while waiting < len(voices) and voices[waiting].start < at + frames:
            active.append(voices[waiting])
            waiting += 1
        active = [v for v in active if v.start + v.frames > at]
        yield at, frames, active
        at += frames


def _stereo_part(voice: Voice, start: int, frames: int, cache: ClipCache, handles: dict[str, BinaryIO]) -> bytes:
    """``voice``'s share of the block [start, start + frames), panned, in place in a block of silence."""
    lo, hi = max(start, voice.start), min(start + frames, voice.start + voice.frames)
    handle = handles.get(voice.key)
    if handle is None:
        handle = handles[voice.key] = open(cache.path(voice.key), "rb")  # noqa: SIM115 (closed by mix_section)
    handle.seek(HEADER + (lo - voice.start) * WIDTH)
    mono = handle.read((hi - lo) * WIDTH)
    if len(mono) != (hi - lo) * WIDTH:
        raise OSError(f"cached clip {voice.key[:12]} changed while the master was mixed; run again")
    if voice.ducks:
        mono = _ducked(voice, lo - voice.start, mono)
    stereo = audioop.tostereo(mono, WIDTH, voice.left, voice.right)
    return b"\0" * ((lo - start) * FRAME_BYTES) + stereo + b"\0" * ((start + frames - hi) * FRAME_BYTES)


def _ducked(voice: Voice, offset: int, mono: bytes) -> bytes:
    """``mono`` (frames from ``offset`` in the bed) with the bed's gain applied in 10 ms steps."""
    step = STEP * WIDTH
    return b"".join(audioop.mul(mono[i:i + step], WIDTH, voice.gain(offset + i // WIDTH))
                    for i in range(0, len(mono), step))
