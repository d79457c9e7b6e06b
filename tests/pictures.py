"""Picture tests: a rendered PNG compared with a reviewed golden image (the PDF's page, the
rehearsal page), within a tolerance another poppler, FreeType or browser build stays inside."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def assert_looks_as_reviewed(rendered: bytes, golden: Path) -> None:
    """Same size, and at most 2 % of the golden image's ink pixels differ by more than 96 grey levels."""
    width, height, got = png_gray(rendered)
    golden_width, golden_height, want = png_gray(golden.read_bytes())
    assert (width, height) == (golden_width, golden_height)
    ink = sum(1 for v in want if v < 128)
    differ = sum(1 for a, b in zip(got, want, strict=True) if abs(a - b) > 96)
    assert ink > 3000 and differ <= ink // 50, f"{differ} of {ink} ink pixels differ"


def png_gray(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of an 8-bit greyscale or RGB PNG (as pdftoppm writes)."""
    pos, idat, width, height, bpp = 8, b"", 0, 0, 1
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (0, 2)
            bpp = 3 if colour == 2 else 1
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, grey = zlib.decompress(idat), width * bpp, bytearray()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a, b = row[x - bpp] if x >= bpp else 0, prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            row[x] = (row[x] + (0, a, b, (a + b) // 2, paeth)[kind]) & 0xFF
        grey += row[::bpp]
        prev = row
    return width, height, bytes(grey)
