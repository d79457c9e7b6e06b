"""Safe XML parsing with element positions, for the TEI and Bosak importers.

defusedxml refuses entity declarations and external references, and expat never loads an
external DTD (parameter-entity parsing stays off), so nothing is fetched or expanded: a
``<!DOCTYPE PLAY SYSTEM "play.dtd">`` whose DTD is missing parses fine, and a file that
declares entities is refused with a located error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ..errors import ScriptError
from ..model import Loc

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass
class XmlDoc:
    """A parsed document and where each element started."""

    root: ET.Element
    path: str
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)

    def loc(self, element: ET.Element) -> Loc:
        line, column = self.positions.get(id(element), (1, 1))
        return Loc(self.path, line, column)


class _PositionBuilder:
    """A tree builder that remembers each element's line and column as expat reports them."""

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.positions: dict[int, tuple[int, int]] = {}
        self.expat = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = self._builder.start(tag, attrs)
        self.positions[id(element)] = (self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1)
        return element

    def end(self, tag: str) -> ET.Element:
        return self._builder.end(tag)

    def data(self, text: str) -> None:
        self._builder.data(text)

    def close(self) -> ET.Element:
        return self._builder.close()


def parse_xml(data: bytes, path: str) -> XmlDoc:
    """Parse ``data``; malformed or unsafe XML raises :class:`ScriptError` at its position."""
    builder = _PositionBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        _check_utf8(data, path)
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise ScriptError.at(Loc(path, line, column + 1), f"not well-formed XML: {reason}") from None
    except DefusedXmlException as exc:
        where = Loc(path, parser.parser.CurrentLineNumber, parser.parser.CurrentColumnNumber + 1)
        raise ScriptError.at(where, f"the file declares or uses XML entities ({_entity_name(exc)}); "
                                    "stagecast never expands or fetches entities, for safety — "
                                    "remove the entity declarations from the DOCTYPE") from None
    return XmlDoc(root, path, builder.positions)


_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _check_utf8(data: bytes, path: str) -> None:
    """Bytes that are not UTF-8 in a file that is meant to be (no BOM, no other encoding
    declared) are an encoding problem: say so, where the first bad byte is, rather than
    expat's "not well-formed (invalid token)"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    declared = _DECLARED.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScriptError.at(Loc(path, line, column), "file is not UTF-8 text; save it as UTF-8 in your editor "
                                                      "(or declare its encoding in <?xml … encoding=\"…\"?>)") from None


def _entity_name(exc: DefusedXmlException) -> str:
    name = getattr(exc, "name", None) or getattr(exc, "sysid", None) or type(exc).__name__
    return f"'{name}'"


def local(tag: object) -> str:
    """An element's name without its namespace; comments and PIs give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
