"""Make the sample play's sound files with the standard library only.

Writes ``door-chime.wav`` next to this script: a soft two-tone "ding-dong" chime,
about 1.5 seconds, 22050 Hz, mono, 16-bit, with a short fade-in and a fade-out.
The output is deterministic, so re-running it gives a byte-identical file.

    python script/sounds/make_sounds.py
"""

import math
import struct
import wave
from pathlib import Path

RATE = 22050
SECONDS = 1.5
# (start second, frequency Hz): E5 then C5, the two notes of a shop-door chime.
NOTES = ((0.0, 659.25), (0.45, 523.25))


def sample(t: float) -> float:
    """The chime at time t: each note a decaying sine with a soft octave overtone."""
    value = 0.0
    for start, freq in NOTES:
        if t >= start:
            age = t - start
            decay = math.exp(-age * 3.2)
            value += decay * (math.sin(2 * math.pi * freq * age)
                              + 0.25 * math.sin(4 * math.pi * freq * age))
    fade_in = min(1.0, t / 0.01)
    fade_out = min(1.0, (SECONDS - t) / 0.3)
    return 0.35 * value * fade_in * fade_out


def write_chime(path: Path) -> None:
    frames = bytearray()
    for i in range(int(RATE * SECONDS)):
        level = max(-1.0, min(1.0, sample(i / RATE)))
        frames += struct.pack("<h", int(level * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


if __name__ == "__main__":
    write_chime(Path(__file__).with_name("door-chime.wav"))
