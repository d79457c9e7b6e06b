"""Paragraphs set for one page profile: each :class:`~stagecast.pdf.blocks.Para` wrapped into
rows that pair a name-column line with a text-column line (a :class:`Flow`).

Pagination only moves whole rows, so everything about widths and columns is settled here, once
per paragraph, before any page is filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Para, Span
from .line_breaking import Laid, Metrics, wrap
from .pages import PageProfile

MARGIN_WIDTH = 30.0
"""Width of the left-margin column for speech numbers, right-aligned against the frame."""


@dataclass
class Flow:
    """A paragraph as rows: text-column lines beside name-column lines, plus its margin number."""

    para: Para
    text: list[Laid]
    aside: list[Laid]
    size: float
    leading: float
    margin: list[Laid] = field(default_factory=list)
    first: bool = True
    """False for the part of a paragraph carried over from an earlier page."""
    more: list[Laid] = field(default_factory=list)
    """The rows set at the foot of a page where the paragraph breaks (``Para.more``)."""

    @property
    def rows(self) -> int:
        return max(len(self.text), len(self.aside), 1)

    @property
    def head(self) -> int:
        """Rows that must open a page together: the whole name column, two text lines."""
        return max(len(self.aside), min(2, len(self.text)))

    @property
    def tail(self) -> int:
        """Rows a page break must leave for the next page: two text lines."""
        return min(2, len(self.text))

    def height(self, rows: int | None = None) -> float:
        return (self.rows if rows is None else rows) * self.leading

    def rest(self, k: int, continued: list[Laid]) -> Flow:
        """The rows from ``k`` on, for the next page, with ``continued`` in the name column."""
        return Flow(self.para, self.text[k:], continued, self.size, self.leading, first=False, more=self.more)

    def headed(self, aside: list[Laid]) -> Flow:
        """This paragraph with ``aside`` in its name column (``Para.top_aside`` at a page's top)."""
        return Flow(self.para, self.text, aside, self.size, self.leading, self.margin, self.first, self.more)


class Typesetter:
    """Wraps paragraphs for one page profile; name-column texts repeat, so they are cached."""

    def __init__(self, profile: PageProfile, metrics: Metrics):
        self.profile, self.metrics = profile, metrics
        self._asides: dict[tuple[tuple[Span, ...], float, bool], list[Laid]] = {}

    def aside(self, spans: tuple[Span, ...], size: float, boxed: bool) -> list[Laid]:
        key = (spans, size, boxed)
        if key not in self._asides:
            profile = self.profile
            self._asides[key] = wrap(spans, profile.aside_right - profile.left, self.metrics, size, profile.left,
                                     "right" if boxed else "left")
        return self._asides[key]

    def continued(self, flow: Flow) -> list[Laid]:
        para = flow.para
        spans = para.continued if para.continued is not None else para.aside
        return self.aside(spans, para.aside_size or flow.size, para.aside_box) if spans else []

    def top_aside(self, flow: Flow) -> list[Laid]:
        para = flow.para
        return self.aside(para.top_aside, para.aside_size or flow.size, para.aside_box)

    def flow(self, para: Para) -> Flow:
        return _flow(para, self.profile, self.metrics, self)


def _flow(para: Para, profile: PageProfile, metrics: Metrics, typesetter: Typesetter) -> Flow:
    size = para.size or profile.size
    leading = para.leading or (profile.leading * size / profile.size)
    indent = para.indent * profile.size
    if para.full_width:
        x0, x1 = profile.left + indent, profile.right
    else:
        x0, x1 = profile.text_left + indent, profile.right
    if para.toc:
        x1 -= 3 * profile.size
    text = wrap(para.spans, x1 - x0, metrics, size, x0, para.align, rtl_right=not para.toc)
    aside = typesetter.aside(para.aside, para.aside_size or size, para.aside_box) if para.aside else []
    margin = wrap((Span(para.margin),), MARGIN_WIDTH, metrics, size * 0.75, profile.left - MARGIN_WIDTH - 6,
                  "right") if para.margin else []
    # "(MORE)" stands where the speech's lines begin: at the right of a right-to-left one.
    more = wrap(para.more, x1 - x0, metrics, size, x0, "right" if text and text[0].rtl else "left") \
        if para.more else []
    return Flow(para, text, aside, size, leading, margin, more=more)
