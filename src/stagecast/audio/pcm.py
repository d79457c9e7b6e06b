"""PCM helpers: the one track format, clip clean-up, loudness, the tone, WAV headers.

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
TARGET_DBFS = -20.0
"""Loudness every clip is brought to: RMS of its voiced 20 ms windows."""
PEAK_LIMIT = 0.9 * FULL_SCALE
DEADBAND_DB = 1.0
"""Clips already this close to the target are left as they are (so every clip is within ±1 dB)."""
ACTIVE_DBFS = -45.0
"""100 ms windows quieter than this are pauses, not speech (they do not count towards loudness)."""
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


def active_rms(pcm: bytes) -> float:
    """RMS over the 100 ms windows that carry voice (0 when there are none)."""
    threshold = FULL_SCALE * 10 ** (ACTIVE_DBFS / 20)
    step = ms_to_frames(100) * WIDTH
    energy = [audioop.rms(pcm[s:s + step], WIDTH) for s in range(0, len(pcm) - WIDTH + 1, step)]
    voiced = [e for e in energy if e > threshold]
    return math.sqrt(sum(e * e for e in voiced) / len(voiced)) if voiced else 0.0


def normalise(pcm: bytes, volume: float = 1.0) -> bytes:
    """Bring voiced loudness to :data:`TARGET_DBFS`, then apply the voice's own ``volume``.

    Engines and voices differ by several dB; per-clip normalisation makes every voice even.
    The peak is kept under :data:`PEAK_LIMIT` so no clip clips.
    """
    level = active_rms(pcm)
    if level <= 0:
        return pcm
    gain = FULL_SCALE * 10 ** (TARGET_DBFS / 20) / level * volume
    peak = audioop.max(pcm, WIDTH)
    if peak and peak * gain > PEAK_LIMIT:
        gain = PEAK_LIMIT / peak
    if abs(20 * math.log10(gain)) < DEADBAND_DB:
        return pcm  # already even: skip the multiply (most eSpeak NG voices are within ±1.3 dB)
    return audioop.mul(pcm, WIDTH, gain)


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
