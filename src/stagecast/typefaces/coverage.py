"""Which characters a TrueType file has, read from its ``cmap`` table alone.

The fallback chain asks "does this family draw this character?" before it loads a face: parsing
a whole font with reportlab takes milliseconds per file (Noto Serif's variable file most), while
the character map is a few kilobytes read with :mod:`struct`. So a family is only parsed when the
text has a character it really draws, and then once per process.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 1), (0, 0))
"""Unicode subtables, full repertoire (format 12) before the Basic Multilingual Plane (format 4)."""


@lru_cache(maxsize=64)
def code_points(path: Path) -> frozenset[int]:
    """The code points ``path`` maps to a glyph other than .notdef; empty for a file we cannot read."""
    try:
        data = path.read_bytes()
        return frozenset(_read(data))
    except (OSError, struct.error, ValueError):
        return frozenset()


def _read(data: bytes) -> set[int]:
    cmap = _table(data, b"cmap")
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        subtables.setdefault((platform, encoding), cmap + offset)
    for key in _PREFERENCE:
        if key in subtables:
            start = subtables[key]
            kind = struct.unpack_from(">H", data, start)[0]
            if kind == 12:
                return _format12(data, start)
            if kind == 4:
                return _format4(data, start)
    raise ValueError("no Unicode character map")


def _table(data: bytes, tag: bytes) -> int:
    tables = struct.unpack_from(">H", data, 4)[0]
    for i in range(tables):
        name, _, offset, _ = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if name == tag:
            return offset
    raise ValueError(f"no {tag.decode()} table")


def _format12(data: bytes, start: int) -> set[int]:
    groups = struct.unpack_from(">L", data, start + 12)[0]
    out: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">LLL", data, start + 16 + 12 * i)
        out.update(range(first + (glyph == 0), last + 1))  # the first code of a group at glyph 0 is .notdef
    return out


def _format4(data: bytes, start: int) -> set[int]:
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts_at = start + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, starts_at + 2 * segments)
    offsets_at = starts_at + 4 * segments
    offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
    out: set[int] = set()
    for i, (first, last, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        if first == 0xFFFF:
            continue
        for code in range(first, last + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:  # idRangeOffset points into glyphIdArray, relative to its own position
                glyph = struct.unpack_from(">H", data, offsets_at + 2 * i + offset + 2 * (code - first))[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                out.add(code)
    return out
