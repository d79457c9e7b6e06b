"""Drawing a line that needs the bidi algorithm or shaping: glyphs in visual order, text in logical order.

reportlab writes text by character through a font subset keyed by character, so it cannot write
the glyphs HarfBuzz chooses (an Arabic letter's joined forms have no character of their own).
Such a line is therefore drawn in two layers:

- the glyphs, each a form XObject holding the glyph's outline from the font's ``glyf`` table,
  named by face and glyph id (``FormXob.g<face>_<gid>``) and defined once per document, so a
  glyph used a thousand times costs its outline once;
- the characters, written invisibly (render mode 3) cluster by cluster over the glyphs that
  draw them, squeezed to their width: a right-to-left run's characters sit right to left as its
  letters do, so search, copy and ``pdftotext`` (which read Hebrew and Arabic from the right)
  give the text as it was typed.

Pieces are cut where the level, the style or the face changes, put in visual order
(:func:`stagecast.pdf.bidi_order.visual_order`) and each shaped in its own direction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import bidi_order as direction
from . import shaping
from .fonts import Face, Style
from .glyphs import Contour, quadratic_segments

_INVISIBLE = 3
_BOLD_STROKE = 0.03
"""Stroke width of a synthetic bold glyph, in ems (as the text render mode draws it)."""


def draw_line(writer, pieces: Sequence[tuple[str, Style]], size: float, x: float, y: float, rtl: bool) -> float:
    """Draw a line given as logical ``(text, style)`` pieces from ``x`` on baseline ``y``; return its end x."""
    text = "".join(t for t, _ in pieces)
    styles = [style for t, style in pieces for _ in t]
    levels = direction.levels(text, rtl)
    chunks: list[list] = []
    for ch, style, level in zip(text, styles, levels, strict=True):
        if ch in direction.CONTROLS or ch == "\n":
            continue
        if chunks and chunks[-1][0] == level and chunks[-1][1] == style:
            chunks[-1][2].append(ch)
        else:
            chunks.append([level, style, [ch]])
    items = [(level, face, part) for level, style, chars in chunks
             for face, part in writer.fonts.segments("".join(chars), style)]
    writer.close()
    canvas = writer.canvas
    pen = x
    hidden: list[tuple[Face, str, float, float]] = []
    for index in direction.visual_order([level for level, _, _ in items]):
        level, face, part = items[index]
        scale = size / face.units
        glyphs = shaping.shape(face.path, part, level % 2 == 1)
        for glyph in glyphs:
            _glyph(canvas, face, glyph.gid, pen + glyph.dx * scale, y + glyph.dy * scale, scale)
            pen += glyph.advance * scale
        hidden.extend(_clusters(face, part, glyphs, pen - sum(g.advance for g in glyphs) * scale, scale))
    _hidden_text(writer, hidden, size, y)
    return pen


def _glyph(canvas, face: Face, gid: int, x: float, y: float, scale: float) -> None:
    bold = face.synthetic_bold
    name = f"g{_slug(face.key)}_{gid}{'b' if bold else ''}"
    if not canvas.hasForm(name):
        contours = face.glyphs().outline(gid)
        if not contours:
            return  # a space: nothing to draw
        units = face.units
        canvas.beginForm(name, lowerx=-2 * units, lowery=-2 * units, upperx=4 * units, uppery=4 * units)
        path = outline_path(canvas, contours, lambda px, py: (px, py))
        if bold:
            canvas.setLineWidth(_BOLD_STROKE * units)
        canvas.drawPath(path, stroke=1 if bold else 0, fill=1, fillMode=1)  # nonzero winding, as TrueType
        canvas.endForm()
    slant = face.slant if face.synthetic_oblique else 0.0
    canvas.saveState()
    canvas.transform(scale, 0, slant * scale, scale, x, y)
    canvas.doForm(name)
    canvas.restoreState()


_SLUG = re.compile(r"[^A-Za-z0-9]")


def _slug(key: str) -> str:
    return _SLUG.sub("", key)


def outline_path(canvas, contours: Sequence[Contour], point):
    """A reportlab path of TrueType ``contours``, each point mapped through ``point(x, y)``
    (quadratic curves become the equivalent cubic ones)."""
    path = canvas.beginPath()
    for contour in contours:
        current = (0.0, 0.0)
        for op, args in quadratic_segments(contour):
            if op == "move":
                current = point(*args)
                path.moveTo(*current)
            elif op == "line":
                current = point(*args)
                path.lineTo(*current)
            else:
                (cx, cy), end = point(args[0], args[1]), point(args[2], args[3])
                path.curveTo(current[0] + 2 / 3 * (cx - current[0]), current[1] + 2 / 3 * (cy - current[1]),
                             end[0] + 2 / 3 * (cx - end[0]), end[1] + 2 / 3 * (cy - end[1]), *end)
                current = end
        path.close()
    return path


def _clusters(face: Face, part: str, glyphs: Sequence[shaping.Glyph], x: float,
              scale: float) -> list[tuple[Face, str, float, float]]:
    """Each cluster's characters with the stretch its glyphs cover, left to right: a right-to-left
    run's characters are placed right to left, as its letters are, so text extraction (which
    reads Hebrew and Arabic from the right, as a reader does) gives them in logical order."""
    starts = sorted({g.cluster for g in glyphs})
    ends = dict(zip(starts, [*starts[1:], len(part)], strict=True))
    out: list[tuple[Face, str, float, float]] = []
    last = None
    for glyph in glyphs:
        advance = glyph.advance * scale
        if glyph.cluster == last:  # several glyphs of one cluster (a letter and its marks): one stretch
            _, text, at, width = out[-1]
            out[-1] = (face, text, at, width + advance)
        else:
            out.append((face, part[glyph.cluster:ends[glyph.cluster]], x, advance))
        last = glyph.cluster
        x += advance
    return out


def _hidden_text(writer, hidden: Sequence[tuple[Face, str, float, float]], size: float, y: float) -> None:
    """Each cluster's characters written invisibly over its glyphs, squeezed to their width."""
    t = writer._open()
    t.setTextRenderMode(_INVISIBLE)
    for face, text, x, width in hidden:
        if not text:
            continue
        natural = face.units_width(text) * size / 1000.0
        if writer.font != (face.key, size):
            t.setFont(face.key, size)
            writer.font = (face.key, size)
        t.setTextOrigin(x, y)
        t.setHorizScale(100.0 * width / natural if natural > 0 and width > 0 else 100.0)
        t._textOut(text)
    t.setHorizScale(100.0)
    t.setTextRenderMode(writer.mode)
