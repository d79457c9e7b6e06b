"""Finding one's way in a TEI document: named children, numbered divs, and an element's words.

Shared by the TEI reader's parts (:mod:`.tei`, :mod:`.tei_cast`, :mod:`.tei_divisions`,
:mod:`.tei_speech`). Words are gathered as a reader of the printed play sees them: footnotes and
the page's running heads left out, a word broken across a line (``<lb break="no"/>``) made whole.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .imported import plain
from .xml_safe import local

NOT_THE_PLAY = frozenset({"content", "contents", "toc"})
"""Div types that are the printed book's, not the play's: a table of contents (SweDraCor's ``content``)."""
NOT_TEXT = frozenset({"note", "fw"})
"""Never part of a direction's or a name's words: footnotes, and the page's running heads and numbers."""
_DIV = re.compile(r"div[1-7]?")


def children_named(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name]


def follow(element: ET.Element | None, *names: str) -> ET.Element | None:
    """The first descendant reached by following ``names`` (each a direct child name)."""
    for name in names:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def is_div(element: ET.Element) -> bool:
    """``div`` or a numbered ``div1``…``div7``, unless it is the book's table of contents."""
    return _DIV.fullmatch(local(element.tag)) is not None and element.get("type") not in NOT_THE_PLAY


def divs_in(element: ET.Element) -> list[ET.Element]:
    return [c for c in element if is_div(c)]


def joins_word(element: ET.Element) -> bool:
    """A line, column or page break inside a word (``break="no"``): the word goes on after it."""
    return local(element.tag) in ("lb", "cb", "pb") and element.get("break") == "no"


def inner_text(element: ET.Element, skip: frozenset[str] = NOT_TEXT) -> str:
    """All text inside ``element`` except what sits in ``skip`` elements; a word broken by
    ``<lb break="no"/>`` is one word again."""
    parts: list[str] = []
    _gather(element, skip, parts, [False])
    return "".join(parts)


def _gather(element: ET.Element, skip: frozenset[str], parts: list[str], joining: list[bool]) -> None:
    _add(parts, element.text, joining)
    for child in element:
        if joins_word(child):
            joining[0] = True
        elif local(child.tag) not in skip:
            _gather(child, skip, parts, joining)
        _add(parts, child.tail, joining)


def _add(parts: list[str], text: str | None, joining: list[bool]) -> None:
    if text and joining[0]:
        text = text.lstrip()  # the indentation of the source's next line is not a space in the word
        joining[0] = not text
    if text:
        parts.append(text)


def speaker_label(speaker: ET.Element) -> str:
    return plain(inner_text(speaker)).rstrip(".,:;").strip()
