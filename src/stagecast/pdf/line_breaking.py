"""Line breaking: styled spans → lines of runs no wider than a column, ragged right.

stagecast breaks its own lines (rather than the PDF library's) so pagination knows every row
before anything is drawn. Measuring goes through the small :class:`Metrics` protocol, so tests
can lay out with a fake font and the result is plain data to inspect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .bidi_order import is_rtl
from .blocks import Align, Span
from .fonts import Style
from .pages import Run

_TOKEN = re.compile(r"\n|[ \t]+|[^ \t\n]+")


class Metrics(Protocol):
    def width(self, text: str, style: Style, size: float) -> float: ...


_Piece = tuple[str, Style, bool]
"""Text, style, mark: part of a word in one style."""
_Placed = tuple[float, str, Style, bool, bool, float]
"""x, text, style, mark, starts a new word, width."""


@dataclass
class Laid:
    """A finished line: runs, marked stretches, its width."""

    runs: list[Run] = field(default_factory=list)
    marks: list[tuple[float, float]] = field(default_factory=list)
    width: float = 0.0
    rtl: bool = False
    """Part of a right-to-left paragraph: drawn in visual order by the painter."""


def _words(spans: Sequence[Span]) -> list[tuple[list[_Piece], bool, bool]]:
    """Words as (pieces, space before, forced line break before); styles may change inside a word."""
    words: list[tuple[list[_Piece], bool, bool]] = []
    space = brk = False
    for span in spans:
        style, mark = span.style, span.mark
        for token in _TOKEN.findall(span.text):
            if token == "\n":
                brk, space = True, False
            elif token[0] in " \t":
                space = True
            elif words and not space and not brk:
                words[-1][0].append((token, style, mark))
            else:
                words.append(([(token, style, mark)], space and bool(words), brk and bool(words)))
                space = brk = False
    return words


def wrap(spans: Sequence[Span], width: float, metrics: Metrics, size: float, x0: float = 0.0,
         align: Align = "left", rtl_right: bool = True) -> list[Laid]:
    """Break ``spans`` into lines no wider than ``width`` (ragged right), runs placed from ``x0``.

    Lines are broken on the logical text; a right-to-left paragraph (its first strong letter
    Hebrew or Arabic) is set ragged left instead (unless not ``rtl_right``: a contents entry keeps
    its place before the leader dots), its lines marked ``rtl`` for the painter and its marked
    stretches mirrored, as its words are."""
    rtl = is_rtl("".join(span.text for span in spans))
    if rtl and align == "left" and rtl_right:
        align = "right"
    lines = _wrap(spans, width, metrics, size, x0, align)
    if rtl:
        for laid in lines:
            laid.rtl = True
            if laid.marks and laid.runs:
                edges = 2 * laid.runs[0].x + laid.width
                laid.marks = [(edges - end, edges - start) for start, end in reversed(laid.marks)]
    return lines


def _wrap(spans: Sequence[Span], width: float, metrics: Metrics, size: float, x0: float,
          align: Align) -> list[Laid]:
    measure = metrics.width
    lines: list[Laid] = []
    placed: list[_Placed] = []
    x = 0.0
    last_style: Style = "regular"
    spaces: dict[Style, float] = {}
    for pieces, space_before, break_before in _words(spans):
        if len(pieces) == 1:
            widths = [measure(pieces[0][0], pieces[0][1], size)]
            total = widths[0]
        else:
            widths = [measure(text, style, size) for text, style, _ in pieces]
            total = sum(widths)
        gap = 0.0
        if space_before and placed:
            gap = spaces.get(last_style) or spaces.setdefault(last_style, measure(" ", last_style, size))
        if placed and (break_before or x + gap + total > width):
            lines.append(_finish(placed, x, size, x0, width, align))
            placed, x, gap = [], 0.0, 0.0
        if total > width:
            x = _place_long(pieces, widths, placed, lines, x + gap, width, metrics, size, x0, align)
        else:
            x += gap
            new = True
            for (text, style, mark), piece_width in zip(pieces, widths, strict=True):
                placed.append((x, text, style, mark, new, piece_width))
                x += piece_width
                new = False
        last_style = pieces[-1][1]
    if placed:
        lines.append(_finish(placed, x, size, x0, width, align))
    return lines


def _place_long(pieces: list[_Piece], widths: list[float], placed: list[_Placed], lines: list[Laid], x: float,
                width: float, metrics: Metrics, size: float, x0: float, align: Align) -> float:
    """Place a word wider than the column, cutting it between characters where lines end."""
    new = True
    for (text, style, mark), piece_width in zip(pieces, widths, strict=True):
        if x + piece_width <= width:
            placed.append((x, text, style, mark, new, piece_width))
            x, new = x + piece_width, False
            continue
        chunk = ""
        for ch in text:
            if chunk and x + metrics.width(chunk + ch, style, size) > width:
                chunk_width = metrics.width(chunk, style, size)
                placed.append((x, chunk, style, mark, new, chunk_width))
                lines.append(_finish(placed, x + chunk_width, size, x0, width, align))
                placed.clear()
                x, chunk, new = 0.0, "", False
            chunk += ch
        if chunk:
            chunk_width = metrics.width(chunk, style, size)
            placed.append((x, chunk, style, mark, new, chunk_width))
            x, new = x + chunk_width, False
    return x


def _finish(placed: list[_Placed], width: float, size: float, x0: float, column: float, align: Align) -> Laid:
    """Merge a line's pieces into runs (one per style change) at their final x."""
    shift = x0 + (column - width if align == "right" else (column - width) / 2 if align == "center" else 0.0)
    laid = Laid(width=width)
    runs, marks = laid.runs, laid.marks
    texts: list[str] = []
    run_x, run_style = 0.0, None
    for x, text, style, mark, new, piece_width in placed:
        if mark:
            start, end = shift + x, shift + x + piece_width
            if marks and start - marks[-1][1] < size:
                marks[-1] = (marks[-1][0], end)
            else:
                marks.append((start, end))
        if style != run_style:
            if texts:
                if new:
                    texts.append(" ")
                runs.append(Run(run_x, "".join(texts), run_style, size))  # type: ignore[arg-type]
                texts = []
            run_x, run_style = shift + x, style
        elif new and texts:
            texts.append(" ")
        texts.append(text)
    if texts:
        runs.append(Run(run_x, "".join(texts), run_style, size))  # type: ignore[arg-type]
    return laid
