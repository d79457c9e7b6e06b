"""A small API for paginated PDFs in the stagecast look: script PDFs, cue sheets, anything else.

Build a list of blocks and render it::

    from stagecast.pdf.document import DocumentOptions, heading, note, paragraph, render_document, rule

    blocks = [
        heading("Actor A: cues", level=0),
        heading("Prologue", level=1),                 # kept with what follows, an outline entry,
        note("Enter the Director."),                  # and the running header from here on
        paragraph("…the one thing all of them have in common.", speaker="THE WIFE"),
        paragraph("Good evening.", speaker="THE DIRECTOR", highlight=True),
        rule(),
    ]
    data = render_document(blocks, DocumentOptions(title="Here.Almaty", paper="a4"))

Blocks:

- ``heading(text, level=0|1|2, loc=None)``: bold; level 0 is large; kept with the next block;
  an outline (bookmark) entry; levels 1 and 2 set the running header.
- ``paragraph(text, speaker=None, loc=None, highlight=False, italic=False, continued=…, more=None)``: ``text`` (and
  ``speaker``) is a string or a sequence of :class:`~stagecast.pdf.blocks.Span` (styled pieces;
  ``mark=True`` underlines a piece). ``speaker`` goes in the name column and is repeated as
  "SPEAKER (CONT’D)" (``continued``) when the paragraph breaks across pages, where ``more``
  ("(MORE)"), if given, ends its part on the page before. ``highlight`` paints a band behind it.
- ``note(text, loc=None)``: an italic paragraph (a stage direction).
- ``rule()``, ``page_break()``, ``space(lines=1)``.

Every page gets a header (the title, the running heading, ``header_right``), a "page X of Y"
footer and, if given, a diagonal watermark. Text uses the stagecast fonts
(:mod:`stagecast.pdf.fonts`); a character no font can draw raises :class:`ScriptError` naming the
item it came from: the block's ``loc``, or its ``ref`` (a :class:`~stagecast.pdf.blocks.Ref`
saying also what the item is, "speech 12" or "this stage direction"), or a span's own ``ref``
where a block mixes items (a cue quoting another line).
Output bytes are deterministic. For full control, build :class:`~stagecast.pdf.blocks.Para`
blocks directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import CharLocator, Loc
from .bidi_order import CONTROLS
from .blocks import Anchor, Block, PageBreak, Para, Ref, Rule, Space, Span
from .fonts import FontSet, Style, font_set
from .missing_glyphs import Extra, missing_glyphs
from .pages import PROFILES, Page
from .pagination import paginate
from .paint import Chrome, paint

SPEAKER_SIZE_FACTOR = 0.9
_FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000e0001-\U000e007f]")
"""Invisible format characters (Unicode category Cf) that a font has no glyph for."""
HEADING_SIZES = {0: 1.6, 1: 1.25, 2: 1.05}


@dataclass(frozen=True)
class DocumentOptions:
    title: str
    paper: str = "a4"
    """"a4" or "letter"."""
    fonts: tuple[str, ...] = ()
    """Font files tried before the built-in PT Serif (see :func:`stagecast.pdf.fonts.font_set`)."""
    header_right: str | None = None
    watermark: str | None = None
    header_on_first_page: bool = True
    """False for a title page: the first page then carries no running header and no page number."""
    author: str | None = None
    subject: str | None = None
    lang: str | None = None
    footer: str = "page {page} of {pages}"
    """Every page's footer; ``{page}`` and ``{pages}`` are filled in (see :mod:`stagecast.labels`)."""
    locate_chars: CharLocator | None = None
    """A document of a play: its :attr:`~stagecast.model.Play.locate_chars`, so that a character no
    font has is pointed at in the play's files, not only its item."""


def printable(text: str) -> str:
    """NFC-normalised text without invisible format characters (soft hyphens, zero-width spaces),
    except the direction marks and isolates the user typed (:data:`stagecast.pdf.bidi_order.CONTROLS`)."""
    if text.isascii():
        return text.replace("\r", "")
    text = unicodedata.normalize("NFC", text)
    if _FORMAT.search(text):  # direction marks stay: they steer the bidi algorithm (never drawn)
        text = "".join(c for c in text if unicodedata.category(c) != "Cf" or c in CONTROLS)
    return text.replace("\r", "")


def _spans(text: str | Sequence[Span], style: str = "regular") -> tuple[Span, ...]:
    if isinstance(text, str):
        return (Span(printable(text), style),)  # type: ignore[arg-type]
    return tuple(replace(s, text=printable(s.text)) for s in text)


def heading(text: str | Sequence[Span], level: int = 1, loc: Loc | None = None, key: str | None = None,
            ref: Ref | None = None) -> Para:
    """A heading block (see the module docstring); ``key`` names its bookmark (default: numbered)."""
    spans = _spans(text, "bold")
    title = "".join(s.text for s in spans)
    return Para(spans, kind="heading", size=11.0 * HEADING_SIZES.get(level, 1.0), full_width=level == 0,
                space_before=1.0, keep_with_next=True, anchor=Anchor(key or "", title, min(level, 2)),
                running=title if level >= 1 else None, ref=ref or Ref(loc=loc))


def paragraph(text: str | Sequence[Span], speaker: str | Sequence[Span] | None = None, loc: Loc | None = None,
              highlight: bool = False, italic: bool = False, continued: str = "(CONT’D)",
              ref: Ref | None = None, more: str | None = None) -> Para:
    spans = _spans(text, "italic" if italic else "regular")
    if speaker is None:
        return Para(spans, kind="text", ref=ref or Ref(loc=loc), highlight=highlight)
    name = _spans(speaker, "bold")
    return Para(spans, kind="speech", aside=name, continued=name + (Span(" " + printable(continued), "bold"),),
                more=(Span(printable(more)),) if more else (), aside_size=11.0 * SPEAKER_SIZE_FACTOR,
                ref=ref or Ref(loc=loc), highlight=highlight)


def note(text: str | Sequence[Span], loc: Loc | None = None, ref: Ref | None = None) -> Para:
    return Para(_spans(text, "italic"), kind="direction", ref=ref or Ref(loc=loc))


def sourced(text: str, style: Style, named: Sequence[tuple[str, Ref]]) -> tuple[Span, ...]:
    """``text`` as spans in ``style``, each of the ``named`` pieces found in it (in order) carrying
    its own ref: each role's name among a group line's speakers, each performer's among those who
    play a role — so a character no font has is blamed on the role or performer it belongs to."""
    spans: list[Span] = []
    pos = 0
    for piece, ref in named:
        at = text.find(piece, pos) if piece else -1
        if at < 0:
            continue
        if at > pos:
            spans.append(Span(text[pos:at], style))
        spans.append(Span(piece, style, ref=ref))
        pos = at + len(piece)
    if pos < len(text) or not spans:
        spans.append(Span(text[pos:], style))
    return tuple(spans)


def rule() -> Rule:
    return Rule()


def page_break() -> PageBreak:
    return PageBreak()


def space(lines: float = 1.0) -> Space:
    return Space(lines)


def check_glyphs(blocks: Sequence[Block], fonts: FontSet, extras: Sequence[Extra] = (),
                 locate: CharLocator | None = None) -> None:
    """Raise :class:`ScriptError` naming every character no font can draw, by the item it is in
    (:mod:`stagecast.pdf.missing_glyphs`).

    ``extras`` are other printed texts as ``(what, text, loc)`` (e.g. the watermark), checked
    in every style; ``locate``: see :attr:`DocumentOptions.locate_chars`.
    """
    error = missing_glyphs(blocks, fonts, [(what, printable(text or ""), loc) for what, text, loc in extras], locate)
    if error is not None:
        raise error


def _number_anchors(blocks: Sequence[Block]) -> list[Block]:
    """Give unnamed bookmarks stable keys by position, so equal input gives equal bytes."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Para) and block.anchor is not None and not block.anchor.key:
            block = replace(block, anchor=replace(block.anchor, key=f"h{i}"))
        out.append(block)
    return out


def paper_profile(paper: str):
    try:
        return PROFILES[paper.casefold()]
    except KeyError:
        raise ValueError(f"unknown paper size {paper!r}; use one of: {', '.join(PROFILES)}") from None


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def render_document(blocks: Sequence[Block], options: DocumentOptions,
                    extras: Sequence[Extra] = ()) -> bytes:
    """Lay out and paint ``blocks``; return the PDF's bytes."""
    return build_document(blocks, options, extras).data


def lay_out(blocks: Sequence[Block], options: DocumentOptions) -> list[Page]:
    """The pages :func:`build_document` would paint, without painting them (nor checking glyphs):
    where each block falls, for an index of another document (the cue list's script pages)."""
    return paginate(_number_anchors(blocks), paper_profile(options.paper), font_set(options.fonts))


def build_document(blocks: Sequence[Block], options: DocumentOptions,
                   extras: Sequence[Extra] = ()) -> Rendered:
    """:func:`render_document`, also telling how many pages it made."""
    profile = paper_profile(options.paper)
    fonts = font_set(options.fonts)
    title = printable(options.title)
    header_right = printable(options.header_right) if options.header_right else None
    watermark = printable(options.watermark) if options.watermark else None
    footer = printable(options.footer)
    check_glyphs(blocks, fonts, [("the title", title, None), ("the header", header_right, None),
                                 ("the watermark", watermark, None), ("the page footer", footer, None), *extras],
                 options.locate_chars)
    pages = paginate(_number_anchors(blocks), profile, fonts)
    chrome = Chrome(title=title, header_right=header_right, watermark=watermark,
                    header_on_first_page=options.header_on_first_page, author=options.author,
                    subject=options.subject, lang=options.lang, footer=footer)
    return Rendered(paint(pages, profile, fonts, chrome), len(pages))
