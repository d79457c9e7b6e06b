"""Integrated loudness (ITU-R BS.1770-4, as EBU R128 uses it) of a mono clip at :data:`.pcm.RATE`.

The standard K-weights the signal (a +4 dB shelf above ~1.7 kHz and a 38 Hz high-pass), then
gates 400 ms blocks every 100 ms (an absolute gate at −70 LUFS and a relative one 10 LU below
their mean). Measuring every clip must stay cheap beside eSpeak NG's synthesis (~1 ms of CPU per
second of speech), so the clip is read in C (audioop) in two cheap passes, never sample by sample:

- each 100 ms segment's plain energy (``rms``), the same pass the old RMS step made, for the gates;
- the clip's *tilt*, K-weighted energy over plain energy, from a short slice of every segment
  (:data:`SLICE_FRAMES` of each 2,205): Σ cₖ·R(k)/R(0) over :data:`LAGS` lags of the slices'
  autocorrelation R, a dot product audioop computes (``findfactor``). The cₖ are the
  least-squares fit of the K-filter's power response by Σ cₖ·cos(kω), weighted by where
  speech has its energy (flat to 500 Hz, falling 12 dB an octave above).

A voice's spectrum barely changes from one 100 ms block to the next beside its level, so one tilt
for the clip stands for each block's. Measured against ffmpeg's ebur128 and against the full
per-block filter (12 lags on every sample, ~1.2 ms per second of audio): README, Design.
"""

from __future__ import annotations

import functools
import math

from .pcm import FULL_SCALE, RATE, WIDTH, audioop

LAGS = 4
FIT_FROM = 150.0
SPEECH_KNEE = 500.0
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
SEGMENT = RATE // 10
"""100 ms: a block is four of these, and blocks start one apart."""
SLICE_FRAMES = SEGMENT // 16
"""The first 6.2 ms of every segment measure the clip's tilt (a sixteenth of the work of all of it)."""
SILENT = float("-inf")
_ABSOLUTE_ENERGY = 10 ** ((ABSOLUTE_GATE + 0.691) / 10)
TARGET_LUFS = -23.0
"""Integrated loudness every clip is brought to, whatever engine or voice said it: EBU R128's
programme level. Speech peaks ~20 dB above its loudness (measured up to 22.2 dB), so at −20 LUFS
one clip in five could not be raised to the target without clipping and came out quieter."""
PEAK_LIMIT = 0.9 * FULL_SCALE
DEADBAND_DB = 0.5
"""Clips already this close to the target are left as they are, skipping the gain pass
(``audioop.mul``: ~5 times an ``rms`` pass, costlier than measuring). ±0.5 keeps any two clips
within 1 LU; ±1 (the old RMS step's) measured up to 1.7 LU apart on one line."""


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


def _grid() -> list[float]:
    return [FIT_FROM + (RATE / 2 - FIT_FROM) * i / 400 for i in range(401)]


WEIGHTS = (2.305839, -0.47539, -0.392689, -0.255068, -0.252481)
""":func:`fit_weights`, rounded (fitting takes ~10 ms, in every worker; a test checks the two agree)."""


def fit_weights() -> tuple[float, ...]:
    """c₀…c_LAGS with Σ cₖ·cos(kω) closest to |K|² from FIT_FROM Hz to Nyquist, errors weighted
    by speech's energy (1 below SPEECH_KNEE, (SPEECH_KNEE/f)² above): lag k's weight in the tilt."""
    grid = _grid()
    rows = [[math.cos(2 * math.pi * f * lag / RATE) for lag in range(LAGS + 1)] for f in grid]
    emphasis = [min(1.0, (SPEECH_KNEE / f) ** 2) for f in grid]
    target = [k_power(f) for f in grid]
    n = LAGS + 1
    normal = [[sum(e * r[i] * r[j] for r, e in zip(rows, emphasis, strict=True)) for j in range(n)]
              + [sum(e * r[i] * t for r, t, e in zip(rows, target, emphasis, strict=True))] for i in range(n)]
    for col in range(n):  # Gauss–Jordan on the small normal equations
        pivot = max(range(col, n), key=lambda r: abs(normal[r][col]))
        normal[col], normal[pivot] = normal[pivot], normal[col]
        for r in range(n):
            if r != col:
                f = normal[r][col] / normal[col][col]
                normal[r] = [x - f * y for x, y in zip(normal[r], normal[col], strict=True)]
    return tuple(normal[i][n] / normal[i][i] for i in range(n))


@functools.lru_cache(maxsize=1)
def _tilt_range() -> tuple[float, float]:
    """The K-filter's least and greatest power gain over the fitted band: a tilt outside it is
    the fit's error on an odd signal (a lone tone at its worst frequency), not a voice."""
    gains = [k_power(f) for f in _grid()]
    return min(gains), max(gains)


def tilt(sample: bytes) -> float:
    """K-weighted energy over plain energy of ``sample`` (1.0 when it is silent)."""
    frames = len(sample) // WIDTH
    energy = audioop.rms(sample, WIDTH) ** 2 * frames
    if energy == 0 or frames <= LAGS:
        return 1.0
    view = memoryview(sample)
    total = WEIGHTS[0] * energy
    for lag in range(1, LAGS + 1):
        cut = lag * WIDTH  # findfactor gives Σ later·earlier / Σ earlier², and Σ earlier² is the energy less the tail's
        earlier = energy - audioop.rms(view[-cut:], WIDTH) ** 2 * lag
        if earlier > 0:
            total += WEIGHTS[lag] * audioop.findfactor(view[cut:], view[:-cut]) * earlier
    low, high = _tilt_range()
    return min(high, max(low, total / energy))


def integrated_lufs(pcm: bytes) -> float:
    """The clip's integrated loudness in LUFS (``-inf`` for silence; a clip shorter than one
    block is measured as one block of its own length)."""
    view, step, cut = memoryview(pcm), SEGMENT * WIDTH, SLICE_FRAMES * WIDTH  # views: no copies
    starts = range(0, len(pcm) - WIDTH + 1, step)
    energies = [audioop.rms(view[start:start + step], WIDTH) ** 2 for start in starts]  # mean squares
    if not any(energies):
        return SILENT
    scale = tilt(b"".join([view[start:start + cut] for start in starts])) / (32768.0 * 32768.0)
    energies[-1] *= (len(pcm) - starts[-1]) / step  # a short last segment counts for its length
    if len(energies) < 4:
        blocks = [sum(energies) * step / len(pcm)]
    else:  # a block's mean square, times 4: the sum of its four segments'
        fours = zip(energies, energies[1:], energies[2:], energies[3:], strict=False)  # ends at the last whole block
        blocks = [a + b + c + d for a, b, c, d in fours]
        scale /= 4
    return _gated(blocks, scale)


def _gated(blocks: list[float], scale: float) -> float:
    """BS.1770's two gates over the blocks (mean squares once times ``scale``), compared as
    energies: no logarithm per block."""
    gated = [z for z in blocks if z * scale > _ABSOLUTE_ENERGY]
    if not gated:
        return SILENT
    threshold = sum(gated) / len(gated) * 10 ** (RELATIVE_GATE / 10)
    gated = [z for z in gated if z > threshold]
    return _lufs(sum(gated) / len(gated) * scale)


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
    if abs(20 * math.log10(gain)) < DEADBAND_DB:
        return pcm  # as the engine made it: no gain pass, so no peak to check either
    if gain > PEAK_LIMIT / 32768:  # a lower gain cannot take any sample past the limit
        peak = audioop.max(pcm, WIDTH)
        if peak * gain > PEAK_LIMIT:
            gain = PEAK_LIMIT / peak
    return audioop.mul(pcm, WIDTH, gain)
