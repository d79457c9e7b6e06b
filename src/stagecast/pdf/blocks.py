"""The blocks a PDF is made of: paragraphs of styled text and the breaks between them.

Every PDF writer (the script, cue sheets, the cue list, revision pages) describes its pages as
these plain, frozen values and hands them to :func:`stagecast.pdf.pagination.paginate`; keeping
them apart from the line and page breaking lets a writer build blocks without the layout code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Loc
from .fonts import Style

Align = Literal["left", "center", "right"]


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
    """Name-column text for the part carried over to a new page (default: ``aside``): a speech's
    "NAME (CONT’D)"."""
    more: tuple[Span, ...] = ()
    """Text set under the text column at the foot of a page the paragraph breaks across: a
    speech's "(MORE)". The page keeps a row for it."""
    top_aside: tuple[Span, ...] = ()
    """Name-column text when a paragraph without ``aside`` opens a page: a speech printed under
    its speaker's previous one has no name of its own, but a page never starts a speech unnamed."""
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
    struck: bool = False
    """A line drawn through every row of its text (a production cut in a director's copy)."""
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
