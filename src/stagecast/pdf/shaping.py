"""Shaping with HarfBuzz (``uharfbuzz``): which glyphs a run of text becomes, and where they sit.

Arabic letters take their joined forms, marks sit on their letters by the font's own anchors, and
a right-to-left run comes out in visual order with its brackets mirrored. Only the runs that need
it are shaped (:func:`stagecast.pdf.bidi_order.needs_layout`): Latin, Cyrillic, Greek, Georgian and
Armenian are measured and drawn from the fonts' character widths as before, which keeps the
common case as fast as it was.

Advances are in the font's units; :func:`width_units` gives the thousandths of an em that the
line breaker sums like any other width.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import BackendError

_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph: its id, its advance and offset in font units, and the index in the
    text of the first character it draws (HarfBuzz's cluster)."""

    gid: int
    advance: int
    dx: int
    dy: int
    cluster: int


@cache
def _hb_font(path: Path):
    try:
        import uharfbuzz as hb
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency
        raise BackendError("the PDF writer needs uharfbuzz to print right-to-left and joined scripts",
                           hint="pip install uharfbuzz") from None
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb, hb.Font(face)


@lru_cache(maxsize=8192)
def shape(path: Path, text: str, rtl: bool) -> tuple[Glyph, ...]:
    """``text`` shaped with the font file at ``path``, glyphs in visual (left-to-right) order."""
    hb, font = _hb_font(path)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(font, buf, _FEATURES)
    return tuple(Glyph(info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset, info.cluster)
                 for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True))


def width_units(path: Path, units: float, text: str, rtl: bool = False) -> float:
    """Advance width of shaped ``text`` in thousandths of an em."""
    return sum(g.advance for g in shape(path, text, rtl)) * 1000.0 / units
