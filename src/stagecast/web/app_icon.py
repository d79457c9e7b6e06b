"""The icon a phone shows for the installed rehearsal page: a spotlight over a stage, in the
page's own colours (:func:`.installable.page_colours`), written as a PNG by hand (zlib and
struct) so that no imaging library is needed for one simple picture.

Browsers ask for 192 and 512 px icons; the drawing keeps inside the middle 80 % of the square,
so a phone that crops icons to a circle ("maskable") cuts nothing off.
"""

from __future__ import annotations

import functools
import struct
import zlib

Colour = tuple[int, int, int]


def rgb(hex_colour: str) -> Colour:
    """``#1d1d1f`` or ``#fff`` → (29, 29, 31)."""
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@functools.lru_cache(maxsize=8)
def icon_png(size: int, background: Colour, light: Colour) -> bytes:
    """The icon, ``size`` pixels square: a disc of ``light`` (the spotlight) above a bar of it
    (the stage) on ``background``."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        rows += _row(size, (y + 0.5) / size, background, light)
    return _png(size, size, bytes(rows))


def _row(size: int, y: float, background: Colour, light: Colour) -> bytes:
    """One row of pixels (RGB) at height ``y`` (0-1): edges blended by how much of each pixel
    the shape covers across the row, which is enough to keep the disc's rim smooth."""
    spans = []
    cx, cy, r = 0.5, 0.42, 0.2  # the spotlight
    if abs(y - cy) < r:
        half = (r * r - (y - cy) ** 2) ** 0.5
        spans.append((cx - half, cx + half))
    if 0.69 <= y <= 0.75:  # the stage
        spans.append((0.2, 0.8))
    out, plain, lit = bytearray(), bytes(background), bytes(light)
    for x in range(size):
        left, right = x / size, (x + 1) / size
        cover = min(1.0, sum(max(0.0, min(right, b) - max(left, a)) for a, b in spans) * size)
        if cover in (0.0, 1.0):
            out += lit if cover else plain
        else:
            out += bytes(round(bg + (lt - bg) * cover) for bg, lt in zip(background, light, strict=True))
    return bytes(out)


def _png(width: int, height: int, rows: bytes) -> bytes:
    """An 8-bit RGB PNG of ``rows`` (each row a filter byte and its pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))
