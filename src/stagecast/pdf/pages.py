"""The page, going in and coming out of the layout: the paper and its grid (:class:`PageProfile`),
and a laid-out :class:`Page` of positioned lines and boxes.

These are what the painter (:mod:`stagecast.pdf.paint`) needs and all it needs: it draws a page
as given, so every position is decided before, by :mod:`stagecast.pdf.pagination`. Coordinates
are points; ``y`` runs down from the top edge of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import Anchor, Ref
from .fonts import Style


@dataclass(frozen=True)
class PageProfile:
    """Paper size and the page grid; column widths are given in ems of the body size.

    The page has a *name column* on the left (speaker names, cue tags) and a *text column*
    beside it."""

    name: str
    width: float
    height: float
    margin_top: float = 64.0
    margin_bottom: float = 60.0
    margin_left: float = 68.0
    margin_right: float = 60.0
    size: float = 11.0
    leading: float = 14.5
    aside_em: float = 9.0
    gutter_em: float = 1.2
    header_gap: float = 24.0
    footer_gap: float = 30.0

    @property
    def left(self) -> float:
        return self.margin_left

    @property
    def right(self) -> float:
        return self.width - self.margin_right

    @property
    def top(self) -> float:
        return self.margin_top

    @property
    def bottom(self) -> float:
        return self.height - self.margin_bottom

    @property
    def aside_right(self) -> float:
        return self.left + self.aside_em * self.size

    @property
    def text_left(self) -> float:
        return self.aside_right + self.gutter_em * self.size


A4 = PageProfile("a4", 595.2756, 841.8898)
LETTER = PageProfile("letter", 612.0, 792.0)
PROFILES = {"a4": A4, "letter": LETTER}


@dataclass(frozen=True)
class Run:
    x: float
    text: str
    style: Style
    size: float


@dataclass(frozen=True)
class Line:
    """One line of text at baseline ``y``; ``kind`` says what it is ("speaker", "speech", …)."""

    y: float
    runs: tuple[Run, ...]
    kind: str
    ref: Ref | None = None
    width: float = 0.0
    rtl: bool = False
    """A line of a right-to-left paragraph (:func:`stagecast.pdf.bidi_order.is_rtl`)."""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def x(self) -> float:
        return self.runs[0].x if self.runs else 0.0


@dataclass(frozen=True)
class Rect:
    """A box at ``(x, y)`` (top-left) of ``w`` × ``h``: "highlight", "mark", "strike", "box" or "rule"."""

    x: float
    y: float
    w: float
    h: float
    kind: str
    ref: Ref | None = None


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    rects: tuple[Rect, ...]
    anchors: tuple[tuple[Anchor, float], ...]
    links: tuple[tuple[str, Rect], ...]
    running: str
