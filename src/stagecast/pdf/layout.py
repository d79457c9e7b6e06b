"""Pure layout: blocks of styled text → pages of positioned lines and boxes. No reportlab here.

Stage-play pagination is domain logic (every script tool has its own paginator), so stagecast
does its own line breaking and page breaking and leaves fonts, text measurement and the file to
the PDF library. Measuring goes through the small :class:`Metrics` protocol, so tests can lay
out with a fake and the result is plain data to inspect.

The page has a *name column* on the left (speaker names, cue tags) and a *text column* beside
it; a paragraph's rows pair a name-column line with a text-column line. Page-break etiquette:

- a paragraph breaks only between rows, leaving at least two rows on each side
  (``head``/``tail``) and never its name-column lines without text beside them;
- the part carried to the next page shows ``Para.continued`` in the name column, which a
  speech sets to its speaker's name plus "(continued)";
- ``keep_with_next`` chains (a scene heading, its setting) move to the next page unless the
  first rows of the paragraph after them fit too.

Coordinates are points; ``y`` runs down from the top edge of the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from ..model import Loc
from .fonts import Style

Align = Literal["left", "center", "right"]
_TOKEN = re.compile(r"\n|[ \t]+|[^ \t\n]+")
LEADER = " ."
MARGIN_WIDTH = 30.0
"""Width of the left-margin column for speech numbers, right-aligned against the frame."""


class Metrics(Protocol):
    def width(self, text: str, style: Style, size: float) -> float: ...


# -- page geometry ---------------------------------------------------------
@dataclass(frozen=True)
class PageProfile:
    """Paper size and the page grid; column widths are given in ems of the body size."""

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


# -- input blocks --------------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    """Where a paragraph (or a span) came from: the speech number, the source location, its roles;
    for messages, what it is ("this stage direction", "role 'vera'") and which key of the item at
    ``loc`` holds its text (``None``: any)."""

    speech: int | None = None
    loc: Loc | None = None
    roles: tuple[str, ...] = ()
    what: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Span:
    """A piece of text in one style. ``mark`` underlines it (a performer's cue words). ``ref``:
    where it came from, when that is not where its paragraph came from (a role's name beside a
    speech, a cue sheet's cue quoting another line)."""

    text: str
    style: Style = "regular"
    mark: bool = False
    ref: Ref | None = None


@dataclass(frozen=True)
class Anchor:
    """A bookmark: an outline entry at ``level`` and a target for index page numbers."""

    key: str
    title: str
    level: int = 0


@dataclass(frozen=True)
class Para:
    """A paragraph: text in the text column (or across the frame), optional name-column text."""

    spans: tuple[Span, ...]
    kind: str = "text"
    aside: tuple[Span, ...] = ()
    aside_size: float | None = None
    aside_box: bool = False
    """Box the name-column text and set it against the text column (cue numbers)."""
    continued: tuple[Span, ...] | None = None
    """Name-column text for the part carried over to a new page (default: ``aside``)."""
    margin: str | None = None
    """Small text in the left margin beside the first row (speech numbers)."""
    ref: Ref | None = None
    size: float | None = None
    leading: float | None = None
    align: Align = "left"
    full_width: bool = False
    indent: float = 0.0
    """Extra left indent in ems."""
    space_before: float = 0.5
    """Space above, in lines of this paragraph; dropped at the top of a page."""
    keep_with_next: bool = False
    highlight: bool = False
    anchor: Anchor | None = None
    running: str | None = None
    """From here on, the running header's text (a scene title)."""
    toc: str | None = None
    """An index line: the page number of this anchor key is printed at the right."""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Space:
    lines: float = 1.0


@dataclass(frozen=True)
class Rule:
    """A thin rule across the text column."""

    space_before: float = 0.5


Block = Para | PageBreak | Space | Rule


# -- output -------------------------------------------------------------------
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

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def x(self) -> float:
        return self.runs[0].x if self.runs else 0.0


@dataclass(frozen=True)
class Rect:
    """A box at ``(x, y)`` (top-left) of ``w`` × ``h``: "highlight", "mark", "box" or "rule"."""

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


# -- line breaking --------------------------------------------------------------
_Piece = tuple[str, Style, bool]
"""Text, style, mark: part of a word in one style."""
_Placed = tuple[float, str, Style, bool, bool, float]
"""x, text, style, mark, starts a new word, width."""


@dataclass
class _Laid:
    """A finished line: runs, marked stretches, its width."""

    runs: list[Run] = field(default_factory=list)
    marks: list[tuple[float, float]] = field(default_factory=list)
    width: float = 0.0


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
         align: Align = "left") -> list[_Laid]:
    """Break ``spans`` into lines no wider than ``width`` (ragged right), runs placed from ``x0``."""
    measure = metrics.width
    lines: list[_Laid] = []
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


def _place_long(pieces: list[_Piece], widths: list[float], placed: list[_Placed], lines: list[_Laid], x: float,
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


def _finish(placed: list[_Placed], width: float, size: float, x0: float, column: float, align: Align) -> _Laid:
    """Merge a line's pieces into runs (one per style change) at their final x."""
    shift = x0 + (column - width if align == "right" else (column - width) / 2 if align == "center" else 0.0)
    laid = _Laid(width=width)
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


# -- flows: paragraphs broken into rows -------------------------------------------
@dataclass
class _Flow:
    para: Para
    text: list[_Laid]
    aside: list[_Laid]
    size: float
    leading: float
    margin: list[_Laid] = field(default_factory=list)
    first: bool = True
    """False for the part of a paragraph carried over from an earlier page."""

    @property
    def rows(self) -> int:
        return max(len(self.text), len(self.aside), 1)

    @property
    def head(self) -> int:
        return max(len(self.aside), min(2, len(self.text)))

    @property
    def tail(self) -> int:
        return min(2, len(self.text))

    def height(self, rows: int | None = None) -> float:
        return (self.rows if rows is None else rows) * self.leading

    def rest(self, k: int, continued: list[_Laid]) -> _Flow:
        """The rows from ``k`` on, for the next page, with ``continued`` in the name column."""
        return _Flow(self.para, self.text[k:], continued, self.size, self.leading, first=False)


class _Typesetter:
    """Wraps paragraphs for one page profile; name-column texts repeat, so they are cached."""

    def __init__(self, profile: PageProfile, metrics: Metrics):
        self.profile, self.metrics = profile, metrics
        self._asides: dict[tuple[tuple[Span, ...], float, bool], list[_Laid]] = {}

    def aside(self, spans: tuple[Span, ...], size: float, boxed: bool) -> list[_Laid]:
        key = (spans, size, boxed)
        if key not in self._asides:
            profile = self.profile
            self._asides[key] = wrap(spans, profile.aside_right - profile.left, self.metrics, size, profile.left,
                                     "right" if boxed else "left")
        return self._asides[key]

    def continued(self, flow: _Flow) -> list[_Laid]:
        para = flow.para
        spans = para.continued if para.continued is not None else para.aside
        return self.aside(spans, para.aside_size or flow.size, para.aside_box) if spans else []

    def flow(self, para: Para) -> _Flow:
        return _flow(para, self.profile, self.metrics, self)


def _flow(para: Para, profile: PageProfile, metrics: Metrics, typesetter: _Typesetter) -> _Flow:
    size = para.size or profile.size
    leading = para.leading or (profile.leading * size / profile.size)
    indent = para.indent * profile.size
    if para.full_width:
        x0, x1 = profile.left + indent, profile.right
    else:
        x0, x1 = profile.text_left + indent, profile.right
    if para.toc:
        x1 -= 3 * profile.size
    text = wrap(para.spans, x1 - x0, metrics, size, x0, para.align)
    aside = typesetter.aside(para.aside, para.aside_size or size, para.aside_box) if para.aside else []
    margin = wrap((Span(para.margin),), MARGIN_WIDTH, metrics, size * 0.75, profile.left - MARGIN_WIDTH - 6,
                  "right") if para.margin else []
    return _Flow(para, text, aside, size, leading, margin)


# -- pagination -------------------------------------------------------------------
@dataclass
class _PageBuilder:
    profile: PageProfile
    number: int
    running: str
    y: float = 0.0
    lines: list[Line] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    anchors: list[tuple[Anchor, float]] = field(default_factory=list)
    tocs: list[tuple[str, float, float, Line]] = field(default_factory=list)
    started: bool = False

    def __post_init__(self) -> None:
        self.y = self.profile.top

    @property
    def empty(self) -> bool:
        return not self.started

    @property
    def room(self) -> float:
        return self.profile.bottom - self.y

    def page(self, lines: list[Line]) -> Page:
        return Page(self.number, tuple(lines), tuple(self.rects), tuple(self.anchors), (), self.running)


def _baseline(top: float, size: float, leading: float) -> float:
    return top + (leading - size) / 2 + 0.8 * size


def _place(builder: _PageBuilder, flow: _Flow, start: int, stop: int, running: str) -> None:
    """Put rows ``start``..``stop`` of ``flow`` on the page at the builder's ``y``."""
    para, profile = flow.para, builder.profile
    if not builder.started:
        builder.running = running
        builder.started = True
    top = builder.y
    if para.anchor and flow.first and start == 0:
        builder.anchors.append((para.anchor, top))
    aside_kind = "speaker" if para.kind == "speech" else f"{para.kind}-tag"
    for row in range(start, stop):
        row_top = top + (row - start) * flow.leading
        y = _baseline(row_top, flow.size, flow.leading)
        if para.highlight:
            builder.rects.append(Rect(profile.left - 4, row_top, profile.right - profile.left + 8,
                                      flow.leading, "highlight", para.ref))
        if row < len(flow.text):
            laid = flow.text[row]
            builder.lines.append(Line(y, tuple(laid.runs), para.kind, para.ref, laid.width))
            for x0, x1 in laid.marks:
                builder.rects.append(Rect(x0, y + 1.6, x1 - x0, 0.9, "mark", para.ref))
            if para.toc and row == len(flow.text) - 1:
                builder.tocs.append((para.toc, y, laid.runs[-1].x + laid.width if laid.runs else 0.0,
                                     builder.lines[-1]))
        if row < len(flow.aside):
            laid = flow.aside[row]
            builder.lines.append(Line(y, tuple(laid.runs), aside_kind, para.ref, laid.width))
            if para.aside_box and laid.runs:
                x = laid.runs[0].x
                builder.rects.append(Rect(x - 2.5, y - 0.78 * (para.aside_size or flow.size) - 1.5,
                                          laid.width + 5, (para.aside_size or flow.size) + 3, "box", para.ref))
        if row == 0 and flow.first and flow.margin:
            builder.lines.append(Line(y, tuple(flow.margin[0].runs), "number", para.ref, flow.margin[0].width))
    builder.y = top + (stop - start) * flow.leading


def _needed(flows: list[_Flow | PageBreak | Space | Rule], i: int) -> float:
    """Height the keep-with-next chain starting at ``flows[i]`` needs on one page."""
    total = 0.0
    first = True
    while i < len(flows):
        item = flows[i]
        if not isinstance(item, _Flow):
            return total
        gap = 0.0 if first else item.para.space_before * item.leading
        first = False
        if not item.para.keep_with_next:
            rows = item.rows if item.rows <= item.head + item.tail else item.head
            return total + gap + item.height(rows)
        total += gap + item.height()
        i += 1
    return total


def paginate(blocks: Sequence[Block], profile: PageProfile, metrics: Metrics) -> list[Page]:
    """Lay ``blocks`` out on pages; index lines get their page numbers at the end."""
    typesetter = _Typesetter(profile, metrics)
    items: list[_Flow | PageBreak | Space | Rule] = [
        typesetter.flow(b) if isinstance(b, Para) else b for b in blocks
    ]
    pages: list[Page] = []
    tocs: list[tuple[int, str, float, float, Line]] = []
    running = ""
    builder = _PageBuilder(profile, 1, running)

    def new_page() -> None:
        nonlocal builder
        pages.append(builder.page(builder.lines))
        tocs.extend((builder.number, *t) for t in builder.tocs)
        builder = _PageBuilder(profile, builder.number + 1, running)

    i = 0
    capacity = profile.bottom - profile.top
    while i < len(items):
        item = items[i]
        if isinstance(item, PageBreak):
            if not builder.empty:
                new_page()
            i += 1
            continue
        if isinstance(item, Space):
            if not builder.empty:
                builder.y = min(builder.y + item.lines * profile.leading, profile.bottom)
            i += 1
            continue
        if isinstance(item, Rule):
            gap = item.space_before * profile.leading if not builder.empty else 0.0
            if builder.room < gap + 4:
                new_page()
                continue
            builder.started = True
            builder.y += gap
            builder.rects.append(Rect(profile.text_left, builder.y, profile.right - profile.text_left, 0.6, "rule"))
            builder.y += 4
            i += 1
            continue
        flow = item
        if flow.para.running is not None and flow.first:
            running = flow.para.running
        gap = flow.para.space_before * flow.leading if not builder.empty else 0.0
        chain = gap + _needed(items, i)
        if flow.para.keep_with_next and chain > builder.room and not builder.empty and chain - gap <= capacity:
            new_page()
            continue
        if gap + flow.height() <= builder.room:
            builder.y += gap
            _place(builder, flow, 0, flow.rows, running)
            i += 1
            continue
        fit = int((builder.room - gap) // flow.leading)
        k = min(fit, flow.rows - flow.tail)
        if k >= flow.head and k < flow.rows:
            builder.y += gap
            _place(builder, flow, 0, k, running)
            items[i] = flow.rest(k, typesetter.continued(flow))
            new_page()
            continue
        if builder.empty:  # taller than a page even when alone: cut where the page ends
            k = max(1, min(fit, flow.rows - 1))
            _place(builder, flow, 0, k, running)
            if k >= flow.rows:
                i += 1
            else:
                items[i] = flow.rest(k, typesetter.continued(flow))
            new_page()
            continue
        new_page()
    if builder.started or not pages:
        new_page()
    return _resolve_tocs(pages, tocs, profile, metrics)


def _resolve_tocs(pages: list[Page], tocs: list[tuple[int, str, float, float, Line]], profile: PageProfile,
                  metrics: Metrics) -> list[Page]:
    """Second pass: print each index line's page number (with dot leaders) and link it."""
    where = {anchor.key: page.number for page in pages for anchor, _ in page.anchors}
    extra: dict[int, tuple[list[Line], list[tuple[str, Rect]]]] = {}
    for page_no, key, y, text_end, line in tocs:
        if key not in where:
            continue
        number = str(where[key])
        size = line.runs[0].size if line.runs else profile.size
        number_width = metrics.width(number, "regular", size)
        x = profile.right - number_width
        dot = metrics.width(LEADER, "regular", size)
        count = max(0, int((x - text_end - size) // dot)) if dot else 0
        lines, links = extra.setdefault(page_no, ([], []))
        if count:
            lines.append(Line(y, (Run(x - size * 0.5 - count * dot, LEADER * count, "regular", size),), "leader"))
        lines.append(Line(y, (Run(x, number, "regular", size),), "pageref", line.ref, number_width))
        links.append((key, Rect(line.x, y - size, profile.right - line.x, size * 1.3, "link")))
    out = []
    for page in pages:
        more_lines, links = extra.get(page.number, ([], []))
        out.append(replace(page, lines=page.lines + tuple(more_lines), links=tuple(links)))
    return out
