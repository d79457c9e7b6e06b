"""Integrated loudness (ITU-R BS.1770-4, as EBU R128 uses it) of a mono clip at :data:`.pcm.RATE`.

K-weighting (a +4 dB shelf above ~1.7 kHz and a 38 Hz high-pass) and gating (400 ms blocks
every 100 ms, an absolute gate at −70 LUFS and a relative one 10 LU below) as the standard says.
The filter is not run sample by sample (pure Python would cost ~20 ms per second of audio,
twenty times eSpeak NG's synthesis): a block's K-weighted energy is the sum, over lags, of the
filter's own autocorrelation times the block's, and the block's autocorrelation at each lag is a
dot product audioop computes in C (``findfactor``). The filter's autocorrelation is cut after
:data:`LAGS` lags, which keeps the shelf and drops the high-pass's long, tiny tail; the
high-pass's main job, removing DC, is done exactly by subtracting each block's mean.
Measured against ffmpeg's ebur128 on eSpeak NG, RHVoice and Piper clips: README, Design.
"""

from __future__ import annotations

import functools
import math

from .pcm import FULL_SCALE, RATE, WIDTH, audioop

LAGS = 12
FIT_FROM = 150.0
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
SEGMENT = RATE // 10
"""100 ms: a block is four of these, and blocks start one apart."""
SILENT = float("-inf")
TARGET_LUFS = -20.0
"""Integrated loudness (BS.1770, :mod:`.loudness`) every clip is brought to: speech at a level
that leaves headroom for its peaks, whatever engine or voice said it."""
PEAK_LIMIT = 0.9 * FULL_SCALE
DEADBAND_DB = 0.2
"""Clips already this close to the target are left as they are (the meter's own error is ~0.1 LU)."""


def _coefficients() -> list[tuple[tuple[float, float, float], tuple[float, float]]]:
    """The two K-weighting biquads at RATE, from the standard's analogue prototype by the
    bilinear transform (as libebur128 does for rates other than 48 kHz)."""
    k = math.tan(math.pi * 1681.974450955533 / RATE)
    vh = 10 ** (3.999843853973347 / 20)
    vb, q = vh ** 0.4996667741545416, 0.7071752369554196
    a0 = 1 + k / q + k * k
    shelf = ((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0), \
        (2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    k = math.tan(math.pi * 38.13547087602444 / RATE)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    high = (1.0, -2.0, 1.0), (2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    return [shelf, high]


def k_power(freq: float) -> float:
    """|K|² at ``freq`` Hz: the filter's power gain."""
    z = complex(math.cos(2 * math.pi * freq / RATE), -math.sin(2 * math.pi * freq / RATE))  # z⁻¹
    gain = 1.0
    for b, a in _coefficients():
        gain *= abs((b[0] + b[1] * z + b[2] * z * z) / (1 + a[0] * z + a[1] * z * z)) ** 2
    return gain


@functools.lru_cache(maxsize=1)
def weights() -> tuple[float, ...]:
    """c₀…c_LAGS with Σ cₖ·cos(kω) closest (least squares) to |K|² from FIT_FROM Hz to Nyquist:
    lag k's weight in a block's K-weighted energy (c₀·R(0) + Σ cₖ·R(k))."""
    grid = [FIT_FROM + (RATE / 2 - FIT_FROM) * i / 400 for i in range(401)]
    rows = [[math.cos(2 * math.pi * f * lag / RATE) for lag in range(LAGS + 1)] for f in grid]
    target = [k_power(f) for f in grid]
    n = LAGS + 1
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(n)] + [sum(r[i] * t for r, t in zip(rows, target, strict=True))]
              for i in range(n)]
    for col in range(n):  # Gauss–Jordan on the small normal equations
        pivot = max(range(col, n), key=lambda r: abs(normal[r][col]))
        normal[col], normal[pivot] = normal[pivot], normal[col]
        for r in range(n):
            if r != col:
                f = normal[r][col] / normal[col][col]
                normal[r] = [x - f * y for x, y in zip(normal[r], normal[col], strict=True)]
    return tuple(normal[i][n] / normal[i][i] for i in range(n))


def _segment_energy(seg: bytes) -> float:
    """K-weighted energy of one 100 ms segment (sum of squares, in full-scale units)."""
    n = len(seg) // WIDTH
    power = audioop.rms(seg, WIDTH)
    if power == 0:
        return 0.0
    mean = audioop.avg(seg, WIDTH)
    w = weights()
    total = w[0] * (power * power * n - mean * mean * n)  # the mean's energy is DC, removed by the high-pass
    for lag in range(1, LAGS + 1):
        a, b = seg[lag * WIDTH:], seg[:-lag * WIDTH]
        ref = audioop.rms(b, WIDTH)
        if ref:
            dot = audioop.findfactor(a, b) * ref * ref * (n - lag)
            total += w[lag] * (dot - mean * mean * (n - lag))
    return max(total, 0.0) / (32768.0 * 32768.0)


def integrated_lufs(pcm: bytes) -> float:
    """The clip's integrated loudness in LUFS (``-inf`` for silence; a clip shorter than one
    block is measured as one block of its own length)."""
    step = SEGMENT * WIDTH
    segments = [_segment_energy(pcm[s:s + step]) for s in range(0, len(pcm) - WIDTH + 1, step)]
    if not segments:
        return SILENT
    if len(segments) < 4:
        blocks = [sum(segments) / (len(pcm) // WIDTH)]
    else:
        blocks = [sum(segments[i:i + 4]) / (4 * SEGMENT) for i in range(len(segments) - 3)]
    gated = [z for z in blocks if z > 0 and _lufs(z) > ABSOLUTE_GATE]
    if not gated:
        return SILENT
    threshold = _lufs(sum(gated) / len(gated)) + RELATIVE_GATE
    gated = [z for z in gated if _lufs(z) > threshold]
    return _lufs(sum(gated) / len(gated))


def _lufs(mean_square: float) -> float:
    return -0.691 + 10 * math.log10(mean_square)


def normalise(pcm: bytes, volume: float = 1.0) -> bytes:
    """Bring the clip's integrated loudness to :data:`TARGET_LUFS`, then apply the voice's own ``volume``.

    Engines and voices differ by several LU (measured: RHVoice's clb 4 LU above its bdl); per-clip
    normalisation makes every voice even. The peak is kept under :data:`PEAK_LIMIT` so no clip clips.
    """
    level = integrated_lufs(pcm)
    if level == SILENT:
        return pcm
    gain = 10 ** ((TARGET_LUFS - level) / 20) * volume
    peak = audioop.max(pcm, WIDTH)
    if peak and peak * gain > PEAK_LIMIT:
        gain = PEAK_LIMIT / peak
    if abs(20 * math.log10(gain)) < DEADBAND_DB:
        return pcm
    return audioop.mul(pcm, WIDTH, gain)
