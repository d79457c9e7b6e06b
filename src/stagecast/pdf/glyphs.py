"""Reading glyph boxes and outlines straight from a TrueType ``glyf`` table.

reportlab measures and embeds fonts but does no mark positioning: a combining stress accent
(U+0301) drawn after a vowel lands where the font designer guessed an average letter would
be, so it misses narrow and wide vowels and collides with capitals. To place the accent over
the vowel we need the vowel's and the accent's ink boxes, and to draw the accent at a place
the text stream does not dictate we need its outline. Both come from the ``glyf`` table
(TrueType outlines; reportlab cannot load CFF-outline fonts anyway). Pure Python, no I/O.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

Point = tuple[float, float, bool]
"""x, y in font units, and whether the point is on the curve."""
Contour = tuple[Point, ...]

# simple-glyph flags
_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
# composite-glyph flags
_WORDS, _XY_VALUES, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x01, 0x02, 0x08, 0x20, 0x40, 0x80
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


class GlyphTable:
    """Boxes and outlines of one font's glyphs, read lazily and cached."""

    def __init__(self, data: bytes, glyf_offset: int, loca: list[int]):
        self._data = data
        self._start = glyf_offset
        self._loca = loca
        self._boxes: dict[int, Box | None] = {}

    def box(self, gid: int) -> Box | None:
        """The glyph's ink box in font units, ``None`` for an empty glyph (a space)."""
        if gid not in self._boxes:
            self._boxes[gid] = self._read_box(gid)
        return self._boxes[gid]

    def _read_box(self, gid: int) -> Box | None:
        if gid + 1 >= len(self._loca) or self._loca[gid] == self._loca[gid + 1]:
            return None
        _n, x0, y0, x1, y1 = struct.unpack_from(">hhhhh", self._data, self._start + self._loca[gid])
        return Box(x0, y0, x1, y1)

    def outline(self, gid: int, depth: int = 0) -> tuple[Contour, ...]:
        """The glyph's contours (composite glyphs resolved), in font units."""
        if depth > _MAX_DEPTH or gid + 1 >= len(self._loca) or self._loca[gid] == self._loca[gid + 1]:
            return ()
        offset = self._start + self._loca[gid]
        (count,) = struct.unpack_from(">h", self._data, offset)
        if count >= 0:
            return self._simple(offset, count)
        return self._composite(offset, depth)

    def _simple(self, offset: int, count: int) -> tuple[Contour, ...]:
        data = self._data
        ends = struct.unpack_from(f">{count}H", data, offset + 10)
        pos = offset + 10 + 2 * count
        (skip,) = struct.unpack_from(">H", data, pos)
        pos += 2 + skip
        total = ends[-1] + 1 if ends else 0
        flags: list[int] = []
        while len(flags) < total:
            flag = data[pos]
            pos += 1
            flags.append(flag)
            if flag & _REPEAT:
                flags.extend([flag] * data[pos])
                pos += 1
        xs, pos = _coordinates(data, pos, flags, _X_SHORT, _X_SAME)
        ys, pos = _coordinates(data, pos, flags, _Y_SHORT, _Y_SAME)
        points = [(x, y, bool(f & _ON_CURVE)) for x, y, f in zip(xs, ys, flags, strict=True)]
        contours, start = [], 0
        for end in ends:
            contours.append(tuple(points[start : end + 1]))
            start = end + 1
        return tuple(contours)

    def _composite(self, offset: int, depth: int) -> tuple[Contour, ...]:
        data = self._data
        pos = offset + 10
        out: list[Contour] = []
        while True:
            flags, child = struct.unpack_from(">HH", data, pos)
            pos += 4
            if flags & _WORDS:
                dx, dy = struct.unpack_from(">hh", data, pos)
                pos += 4
            else:
                dx, dy = struct.unpack_from(">bb", data, pos)
                pos += 2
            if not flags & _XY_VALUES:
                dx = dy = 0  # point-matched components: rare in text fonts; keep them unshifted
            a, b, c, d, pos = _component_matrix(data, pos, flags)
            for contour in self.outline(child, depth + 1):
                out.append(tuple((a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour))
            if not flags & _MORE:
                return tuple(out)


def _coordinates(data: bytes, pos: int, flags: list[int], short: int, same: int) -> tuple[list[int], int]:
    values, value = [], 0
    for flag in flags:
        if flag & short:
            delta = data[pos]
            pos += 1
            value += delta if flag & same else -delta
        elif not flag & same:
            (delta,) = struct.unpack_from(">h", data, pos)
            pos += 2
            value += delta
        values.append(value)
    return values, pos


def _f2dot14(data: bytes, pos: int) -> float:
    return struct.unpack_from(">h", data, pos)[0] / 16384.0


def _component_matrix(data: bytes, pos: int, flags: int) -> tuple[float, float, float, float, int]:
    if flags & _SCALE:
        s = _f2dot14(data, pos)
        return s, 0.0, 0.0, s, pos + 2
    if flags & _XY_SCALE:
        return _f2dot14(data, pos), 0.0, 0.0, _f2dot14(data, pos + 2), pos + 4
    if flags & _TWO_BY_TWO:
        return (_f2dot14(data, pos), _f2dot14(data, pos + 2), _f2dot14(data, pos + 4),
                _f2dot14(data, pos + 6), pos + 8)
    return 1.0, 0.0, 0.0, 1.0, pos


def quadratic_segments(contour: Contour) -> list[tuple[str, tuple[float, ...]]]:
    """A closed TrueType contour as ``("move", (x, y))``, ``("line", (x, y))`` and
    ``("quad", (cx, cy, x, y))`` steps; two off-curve points in a row imply an on-curve midpoint."""
    if not contour:
        return []
    points = list(contour)
    start = next((i for i, p in enumerate(points) if p[2]), None)
    if start is None:  # all off-curve: start at the midpoint of the first two
        a, b = points[0], points[1 % len(points)]
        points.insert(0, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, True))
        start = 0
    points = points[start:] + points[:start]
    steps: list[tuple[str, tuple[float, ...]]] = [("move", points[0][:2])]
    control: tuple[float, float] | None = None
    for x, y, on in points[1:] + [points[0]]:
        if on:
            steps.append(("quad", (*control, x, y)) if control else ("line", (x, y)))
            control = None
        elif control is None:
            control = (x, y)
        else:
            mid = ((control[0] + x) / 2, (control[1] + y) / 2)
            steps.append(("quad", (*control, *mid)))
            control = (x, y)
    return steps
