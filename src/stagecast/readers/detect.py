"""Which importer reads a file: from its content first, its extension second.

A PDF, a Word (.docx) or OpenDocument (.odt) file is known by its first bytes (a zip archive by
what it holds); ``.txt`` and ``.md`` go to the script recogniser unless they show Fountain's
signs (a title page, an INT./EXT. heading).

XML is told apart by its root element (``<TEI>`` → TEI drama, ``<PLAY>`` → Bosak); plain text
is Fountain when its extension says so, or when it shows a Fountain title page, a scene
heading, or a character cue followed by dialogue. Anything else is refused with a message
that says what was found.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..errors import ScriptError
from ..model import Loc

if TYPE_CHECKING:
    from .imported import Imported

IMPORTERS = {
    "fountain": ("fountain", "read_fountain"),
    "tei": ("tei", "read_tei"),
    "bosak": ("bosak", "read_bosak"),
    "text": ("documents.read", "read_text"),
    "markdown": ("documents.read", "read_markdown"),
    "docx": ("documents.read", "read_docx"),
    "odt": ("documents.read", "read_odt"),
    "pdf": ("documents.read", "read_pdf"),
}
"""``import --format`` → (module of this package, its reader): a new format is a row here and
its module; a reader is imported only when a file of its format is read (TEI and Bosak bring
in the XML parser)."""
FORMATS = tuple(IMPORTERS)
XML_ROOTS = {"TEI": "tei", "PLAY": "bosak"}
"""An XML file's root element → its format."""
FOUNTAIN_EXTENSIONS = (".fountain", ".spmd", ".ftn")
DOCUMENTS = ("text", "markdown", "docx", "odt", "pdf")
"""Formats read by the script recogniser (:mod:`.documents`), which takes pinned speaker names."""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL)
_FOUNTAIN_SIGNS = re.compile(r"(?m)^(?:(?:title|credit|author|draft date)\s*[:：]|(?:INT|EXT|EST|INT\./EXT|I/E)[.\s])",
                             re.IGNORECASE)


def detect_format(data: bytes, path: str) -> str:
    """``fountain``, ``tei`` or ``bosak``; anything else raises :class:`ScriptError` (exit 1)."""
    where = Loc(path, 1, 1)
    suffix = PurePath(path).suffix.lower()
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, where)
    if data.startswith(_OLE):
        raise ScriptError.at(where, "a password-protected Word document, or one in the old .doc format: "
                                    "stagecast cannot read it\nhint: open it in Word or LibreOffice, remove the "
                                    "password (File → Info → Protect Document), save it as .docx, and import that")
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _xml_kind(head, where)
    if suffix in (".yaml", ".yml"):
        raise ScriptError.at(where, "unsupported format: this is YAML — if it is a stagecast play "
                                    "already, use it directly (stagecast check FILE)")
    if b"\x00" in head[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScriptError.at(where, _unsupported("a binary file"))
    if suffix in FOUNTAIN_EXTENSIONS:
        return "fountain"
    try:
        text = data[:65536].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8-sig")  # a character cut in two by the 64 KB window
        else:  # text in a legacy encoding: say so where it shows, as for a YAML play
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ScriptError.at(Loc(path, line, column),
                                 "file is not UTF-8 text; save it as UTF-8 in your editor") from None
    text = text.replace("\r\n", "\n")
    if _FOUNTAIN_SIGNS.search(text):
        return "fountain"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    if _has_dialogue(text.split("\n")):
        return "fountain"
    raise ScriptError.at(where, _unsupported("text with no title page, scene heading or dialogue"))


def _has_dialogue(lines: list[str]) -> bool:
    """A character cue (upper case, or forced with @) after a blank line, with a line under it."""
    for i in range(len(lines) - 1):
        name = lines[i].strip()
        if not name or not lines[i + 1].strip() or (i and lines[i - 1].strip()):
            continue
        if name.startswith("@") or (name.isupper() and any(ch.isalpha() for ch in name) and len(name) <= 40):
            return True
    return False


def _zip_kind(data: bytes, where: Loc) -> str:
    """A zip archive: a Word document (``word/document.xml``) or an OpenDocument text (its ``mimetype``)."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ScriptError.at(where, "a damaged zip archive (a .docx or .odt file is one): it cannot be opened\n"
                                    "hint: open it in Word or LibreOffice and save it again, then import the "
                                    "new file") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and data[30:38] == b"mimetype" and b"opendocument.text" in data[38:120]:
        return "odt"
    raise ScriptError.at(where, _unsupported("a zip archive that is neither a Word (.docx) nor an "
                                             "OpenDocument text (.odt) document"))


def _xml_kind(head: bytes, where: Loc) -> str:
    rest = head
    while (prolog := _PROLOG.match(rest)) and prolog.end() > 0:
        rest = rest[prolog.end():]
    match = _ROOT.match(rest.lstrip())
    root = match.group(2).decode("ascii", "replace") if match else ""
    if root in XML_ROOTS:
        return XML_ROOTS[root]
    if root.lower() == "html":
        raise ScriptError.at(where, _unsupported("an HTML page"))
    shown = f"XML whose root element is <{root}>" if root else "XML-like text without a root element"
    raise ScriptError.at(where, _unsupported(shown))


def _unsupported(found: str) -> str:
    return (f"unsupported format: found {found}; stagecast imports Fountain (.fountain), "
            "TEI drama XML (<TEI>, e.g. from DraCor), Bosak's Shakespeare XML (<PLAY>), "
            "Word (.docx), OpenDocument (.odt), PDF, plain text (.txt) and Markdown (.md) — "
            "name the format with --format if the guess is wrong")


def importer(kind: str) -> Callable[..., Imported]:
    """The reader of format ``kind`` (one of :data:`FORMATS`): (file's bytes, its path as shown) → play;
    the readers of :data:`DOCUMENTS` also take the pinned speakers' names."""
    module, function = IMPORTERS[kind]
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)
