"""Page breaking: blocks → pages of positioned lines and boxes. No reportlab here.

Stage-play pagination is domain logic (every script tool has its own paginator), so stagecast
does its own line breaking (:mod:`.line_breaking`) and page breaking (here) and leaves fonts,
text measurement and the file to the PDF library. The result is plain data
(:class:`~stagecast.pdf.pages.Page`) that tests inspect and :mod:`.paint` draws.

Page-break etiquette:

- a paragraph breaks only between rows, leaving at least two rows on each side
  (``head``/``tail``) and never its name-column lines without text beside them;
- a paragraph with ``Para.more`` ends its part on the page with it, under the text column (a
  speech's "(MORE)"), on a row kept for it;
- the part carried to the next page shows ``Para.continued`` in the name column, which a
  speech sets to "NAME (CONT’D)";
- a paragraph without a name that opens a page gets ``Para.top_aside`` there (a speech printed
  under its speaker's previous one shows the name again when the page turns);
- ``keep_with_next`` chains (a scene heading, its setting) move to the next page unless the
  first rows of the paragraph after them fit too;
- a paragraph taller than a page even alone is cut where the page ends, rules or not.

Coordinates are points; ``y`` runs down from the top edge of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .blocks import Anchor, Block, PageBreak, Para, Rule, Space
from .line_breaking import Metrics
from .pages import Line, Page, PageProfile, Rect, Run
from .typeset import Flow, Typesetter

LEADER = " ."
_Item = Flow | PageBreak | Space | Rule
_Toc = tuple[int, str, float, float, Line]
"""An index line waiting for its page number: its page, anchor key, baseline, text end, line."""


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


def _place(builder: _PageBuilder, flow: Flow, start: int, stop: int, running: str) -> None:
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
            builder.lines.append(Line(y, tuple(laid.runs), para.kind, para.ref, laid.width, laid.rtl))
            for x0, x1 in laid.marks:
                builder.rects.append(Rect(x0, y + 1.6, x1 - x0, 0.9, "mark", para.ref))
            if para.struck and laid.runs:  # through the middle of the lower-case letters
                builder.rects.append(Rect(laid.runs[0].x, y - 0.3 * flow.size, laid.width, 0.7, "strike", para.ref))
            if para.toc and row == len(flow.text) - 1:
                builder.tocs.append((para.toc, y, laid.runs[-1].x + laid.width if laid.runs else 0.0,
                                     builder.lines[-1]))
        if row < len(flow.aside):
            laid = flow.aside[row]
            builder.lines.append(Line(y, tuple(laid.runs), aside_kind, para.ref, laid.width, laid.rtl))
            if para.aside_box and laid.runs:
                x = laid.runs[0].x
                builder.rects.append(Rect(x - 2.5, y - 0.78 * (para.aside_size or flow.size) - 1.5,
                                          laid.width + 5, (para.aside_size or flow.size) + 3, "box", para.ref))
        if row == 0 and flow.first and flow.margin:
            builder.lines.append(Line(y, tuple(flow.margin[0].runs), "number", para.ref, flow.margin[0].width))
    builder.y = top + (stop - start) * flow.leading


def _place_more(builder: _PageBuilder, flow: Flow) -> None:
    """The paragraph's ``more`` rows under its rows just placed, where the page has room for them
    (only a row taller than the page leaves none)."""
    if not flow.more or builder.y + len(flow.more) * flow.leading > builder.profile.bottom + 0.01:
        return
    for laid in flow.more:  # not highlighted: a marked copy's band holds only the performer's words
        y = _baseline(builder.y, flow.size, flow.leading)
        builder.lines.append(Line(y, tuple(laid.runs), "more", flow.para.ref, laid.width, laid.rtl))
        builder.y += flow.leading


def _needed(flows: list[_Item], i: int) -> float:
    """Height the keep-with-next chain starting at ``flows[i]`` needs on one page."""
    total = 0.0
    first = True
    while i < len(flows):
        item = flows[i]
        if not isinstance(item, Flow):
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
    run = _Pagination(blocks, profile, metrics)
    pages = run.pages_of_all()
    return _resolve_tocs(pages, run.tocs, profile, metrics)


class _Pagination:
    """One run of the paginator: the items still to place (a paragraph split at a page break is
    replaced by its rest), the finished pages, and the page being filled."""

    def __init__(self, blocks: Sequence[Block], profile: PageProfile, metrics: Metrics):
        self.profile = profile
        self.typesetter = Typesetter(profile, metrics)
        self.items: list[_Item] = [self.typesetter.flow(b) if isinstance(b, Para) else b for b in blocks]
        self.pages: list[Page] = []
        self.tocs: list[_Toc] = []
        self.running = ""
        self.builder = _PageBuilder(profile, 1, self.running)

    def pages_of_all(self) -> list[Page]:
        """Place every item; each step says whether its item is done or is to be tried again."""
        i = 0
        while i < len(self.items):
            item = self.items[i]
            if isinstance(item, PageBreak):
                done = self._page_break()
            elif isinstance(item, Space):
                done = self._space(item)
            elif isinstance(item, Rule):
                done = self._rule(item)
            else:
                done = self._paragraph(i, item)
            if done:
                i += 1
        if self.builder.started or not self.pages:
            self._new_page()
        return self.pages

    def _new_page(self) -> None:
        builder = self.builder
        self.pages.append(builder.page(builder.lines))
        self.tocs.extend((builder.number, *t) for t in builder.tocs)
        self.builder = _PageBuilder(self.profile, builder.number + 1, self.running)

    def _page_break(self) -> bool:
        if not self.builder.empty:
            self._new_page()
        return True

    def _space(self, space: Space) -> bool:
        builder = self.builder
        if not builder.empty:
            builder.y = min(builder.y + space.lines * self.profile.leading, self.profile.bottom)
        return True

    def _rule(self, rule: Rule) -> bool:
        builder, profile = self.builder, self.profile
        gap = rule.space_before * profile.leading if not builder.empty else 0.0
        if builder.room < gap + 4:
            self._new_page()
            return False
        builder.started = True
        builder.y += gap
        builder.rects.append(Rect(profile.text_left, builder.y, profile.right - profile.text_left, 0.6, "rule"))
        builder.y += 4
        return True

    def _paragraph(self, i: int, flow: Flow) -> bool:
        builder = self.builder
        if builder.empty and flow.first and not flow.aside and flow.para.top_aside:
            flow = self.items[i] = flow.headed(self.typesetter.top_aside(flow))
        if flow.para.running is not None and flow.first:
            self.running = flow.para.running
        gap = flow.para.space_before * flow.leading if not builder.empty else 0.0
        if self._chain_moves_on(i, flow, gap):
            self._new_page()
            return False
        if gap + flow.height() <= builder.room:
            builder.y += gap
            _place(builder, flow, 0, flow.rows, self.running)
            return True
        return self._split(i, flow, gap)

    def _chain_moves_on(self, i: int, flow: Flow, gap: float) -> bool:
        """A keep-with-next chain starting here that does not fit below what is on this page but
        would fit on a page of its own (a longer one stays, and breaks where it must)."""
        if not flow.para.keep_with_next or self.builder.empty:
            return False
        chain = gap + _needed(self.items, i)
        return chain > self.builder.room and chain - gap <= self.profile.bottom - self.profile.top

    def _split(self, i: int, flow: Flow, gap: float) -> bool:
        """A paragraph that does not fit: its first rows here and the rest on the next page, if
        the etiquette allows; else all of it on the next page."""
        builder = self.builder
        fit = int((builder.room - gap) // flow.leading)
        k = min(fit - len(flow.more), flow.rows - flow.tail)
        if k >= flow.head and k < flow.rows:
            builder.y += gap
            _place(builder, flow, 0, k, self.running)
            _place_more(builder, flow)
            self.items[i] = flow.rest(k, self.typesetter.continued(flow))
            self._new_page()
            return False
        if builder.empty:
            return self._cut(i, flow, fit)
        self._new_page()
        return False

    def _cut(self, i: int, flow: Flow, fit: int) -> bool:
        """A paragraph taller than a page even when alone: cut where the page ends (at least one
        row goes on every page, so a row taller than the page is placed and runs off it)."""
        k = max(1, min(fit - len(flow.more), flow.rows - 1))
        _place(self.builder, flow, 0, k, self.running)
        done = k >= flow.rows
        if not done:
            _place_more(self.builder, flow)
            # A name column taller than the page (a chorus line of 60 roles) is itself cut and
            # carried on; giving every page the whole column again would never end.
            carried = flow.aside[k:] if k < len(flow.aside) else self.typesetter.continued(flow)
            self.items[i] = flow.rest(k, carried)
        self._new_page()
        return done


def _resolve_tocs(pages: list[Page], tocs: list[_Toc], profile: PageProfile,
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
