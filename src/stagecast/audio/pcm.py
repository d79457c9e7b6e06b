"""PCM helpers: the one track format, clip clean-up, the tone, WAV headers (loudness: :mod:`.loudness`).

Every clip and the track are mono, 16-bit, 22,050 Hz — eSpeak NG's native rate, so the
default path never resamples. ``audioop`` (stdlib up to 3.12, ``audioop-lts`` after) does
the sample work in C.
"""

from __future__ import annotations

import math
import struct
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # stdlib audioop warns on 3.11–3.12
    try:
        import audioop
    except ImportError:  # Python 3.13+: the audioop-lts wheel (declared in pyproject)
        import audioop_lts as audioop  # type: ignore[no-redef]

RATE = 22050
WIDTH = 2
HEADER = 44
FULL_SCALE = 32767
TRIM_DBFS = -50.0
EDGE_MS = 30
"""Silence kept before and after the voice when trimming a clip."""


def ms_to_frames(ms: float) -> int:
    return int(round(ms * RATE / 1000))


def frames_to_ms(frames: int) -> int:
    return int(round(frames * 1000 / RATE))


def standardise(pcm: bytes, rate: int, channels: int = 1, width: int = 2) -> bytes:
    """Any PCM → mono 16-bit at :data:`RATE`."""
    if width != WIDTH:
        pcm = audioop.lin2lin(pcm, width, WIDTH)
    if channels == 2:
        pcm = audioop.tomono(pcm, WIDTH, 0.5, 0.5)
    elif channels != 1:
        raise ValueError(f"{channels}-channel audio is not supported")
    if rate != RATE:
        pcm, _ = audioop.ratecv(pcm, WIDTH, 1, rate, RATE, None)
    return pcm


def _loud_edges(pcm: bytes, threshold: float) -> tuple[int, int] | None:
    """Byte offsets of the first and last 10 ms windows louder than ``threshold`` (scanning from each end)."""
    step = ms_to_frames(10) * WIDTH
    starts = range(0, len(pcm) - WIDTH + 1, step)
    first = next((s for s in starts if audioop.max(pcm[s:s + step], WIDTH) > threshold), None)
    if first is None:
        return None
    last = next(s for s in reversed(starts) if audioop.max(pcm[s:s + step], WIDTH) > threshold)
    return first, last + step


def trim(pcm: bytes) -> bytes:
    """Cut leading and trailing silence (keeping :data:`EDGE_MS`), so stagecast owns every pause."""
    edges = _loud_edges(pcm, FULL_SCALE * 10 ** (TRIM_DBFS / 20))
    if edges is None:
        return b""
    edge = ms_to_frames(EDGE_MS) * WIDTH
    return pcm[max(0, edges[0] - edge):min(len(pcm), edges[1] + edge)]


def tone(frames: int, freq: float = 660.0, level_dbfs: float = -30.0) -> bytes:
    """A short, soft sine with 30 ms fades: the "your line" signal before a gap."""
    fade = ms_to_frames(30)
    amp = FULL_SCALE * 10 ** (level_dbfs / 20)
    out = bytearray()
    for i in range(frames):
        env = max(0.0, min(1.0, i / fade, (frames - 1 - i) / fade))
        out += struct.pack("<h", int(amp * env * math.sin(2 * math.pi * freq * i / RATE)))
    return bytes(out)


def silence(frames: int) -> bytes:
    return b"\0" * (frames * WIDTH)


def wav_header(frames: int) -> bytes:
    data = frames * WIDTH
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data, b"WAVE", b"fmt ", 16, 1, 1, RATE,
                       RATE * WIDTH, WIDTH, 16, b"data", data)


def read_header(head: bytes) -> int | None:
    """Frames in a WAV written by :func:`wav_header`, or ``None`` if ``head`` is not one."""
    if len(head) < HEADER:
        return None
    riff, size, wave_, fmt, fmt_len, codec, channels, rate, _, align, bits, data_id, data = struct.unpack(
        "<4sI4s4sIHHIIHH4sI", head[:HEADER])
    if (riff, wave_, fmt, data_id) != (b"RIFF", b"WAVE", b"fmt ", b"data") or fmt_len != 16:
        return None
    if (codec, channels, rate, align, bits) != (1, 1, RATE, WIDTH, 16) or size != 36 + data:
        return None
    return data // WIDTH
