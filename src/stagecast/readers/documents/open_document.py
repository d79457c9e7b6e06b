"""OpenDocument text (.odt) → source lines, read from its ``content.xml`` with defusedxml (the
standard library's zip reader and a safe XML parser: smaller than a library for the whole format).
Headings (``text:h``), paragraphs and table rows; bold, italic and centring from the automatic
styles the paragraphs and spans name."""

from __future__ import annotations

from defusedxml import ElementTree

from .source_lines import SourceLine, refuse
from .zip_guard import open_zip

_NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def odt_lines(data: bytes, path: str) -> list[SourceLine]:
    archive = open_zip(data, path, "OpenDocument")
    try:
        root = ElementTree.fromstring(archive.read("content.xml"))
    except (KeyError, ElementTree.ParseError, ValueError) as exc:
        raise refuse(path, f"this OpenDocument file cannot be read ({type(exc).__name__}: it is damaged)",
                     "open it in LibreOffice and save it again as .odt, then import the new file") from None
    styles = _styles(root)
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    out: list[SourceLine] = []
    for element in (body if body is not None else []):
        _block(element, styles, out)
    return out


def _styles(root) -> dict[str, tuple[bool, bool, bool]]:  # type: ignore[no-untyped-def]
    """Automatic style name → (bold, italic, centred)."""
    out = {}
    for style in root.iter(_q("style:style")):
        text = style.find(_q("style:text-properties"))
        para = style.find(_q("style:paragraph-properties"))
        bold = text is not None and text.get(_q("fo:font-weight")) == "bold"
        italic = text is not None and text.get(_q("fo:font-style")) == "italic"
        centred = para is not None and para.get(_q("fo:text-align")) == "center"
        out[style.get(_q("style:name"))] = (bold, italic, centred)
    return out


def _block(element, styles, out: list[SourceLine]) -> None:  # type: ignore[no-untyped-def]
    if element.tag == _q("table:table"):
        for row in element.iter(_q("table:table-row")):
            cells = [" ".join(_text(p) for p in cell.iter(_q("text:p"))).strip()
                     for cell in row.findall(_q("table:table-cell"))]
            if len(cells) >= 2 and cells[0] and cells[-1]:
                out.append(SourceLine(cells[-1], len(out) + 1, speaker=cells[0]))
        return
    if element.tag == _q("text:list"):
        for child in element.iter():
            if child.tag in (_q("text:p"), _q("text:h")):
                _block(child, styles, out)
        return
    if element.tag not in (_q("text:p"), _q("text:h")):
        return
    text = " ".join(_text(element).split())
    if not text:
        return
    bold, italic, centred = styles.get(element.get(_q("text:style-name")), (False, False, False))
    spans = [(s, styles.get(s.get(_q("text:style-name")), (False, False, False))) for s in element.iter(_q("text:span"))]
    spoken = [s for s in spans if (s[0].text or "").strip()]
    if spoken and all(st[1] for _, st in spoken) and len("".join(_text(s) for s, _ in spoken).split()) >= len(text.split()):
        italic = True
    if spoken and spoken[0][1][0] and not bold and (element.text or "").strip() == "":
        name = _text(spoken[0][0]).strip()
        rest = text[len(name):].lstrip(" :.")
        if rest and name:
            out.append(SourceLine(rest, len(out) + 1, speaker=name.rstrip(":. "), centred=centred))
            return
    level = element.get(_q("text:outline-level")) if element.tag == _q("text:h") else None
    out.append(SourceLine(text, len(out) + 1, bold=bold, italic=italic, centred=centred,
                          heading=int(level) if level and level.isdigit() else (1 if level else None)))


def _text(element) -> str:  # type: ignore[no-untyped-def]
    """The text of an element: spaces (``text:s``), tabs and line breaks as spaces."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _q("text:s"):
            parts.append(" " * int(child.get(_q("text:c"), "1")))
        elif child.tag in (_q("text:tab"), _q("text:line-break")):
            parts.append(" ")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
