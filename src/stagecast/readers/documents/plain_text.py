"""Plain text (``.txt``) and Markdown (``.md``) → source lines.

Markdown gives its headings (``#``, ``##``) and emphasis (a whole line in ``*…*``/``_…_`` is
italic, in ``**…**`` bold); in plain text a line pushed far to the right is centred, as in a
script typed with spaces.
"""

from __future__ import annotations

import dataclasses
import re

from .source_lines import SourceLine, refuse

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"^(\*\*|__)(.+?)\1([:.]?)(.*)$")
_ITALIC = re.compile(r"^([*_])(?![*_\s])(.+?)(?<!\s)\1$")
_CENTRED_INDENT = 10


def decode(data: bytes, path: str) -> str:
    """The text of a file in UTF-8 (with or without a BOM) or UTF-16; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(path, "the file is not UTF-8 text",
                     "save it as UTF-8 (in most editors: Save As → Encoding: UTF-8) and import it again") from None


def text_lines(data: bytes, path: str, *, markdown: bool) -> list[SourceLine]:
    """Every non-blank line, with its number in the file."""
    out: list[SourceLine] = []
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    follows = False
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            follows = False
            continue
        centred = len(raw) - len(raw.lstrip(" ")) >= _CENTRED_INDENT or raw.lstrip().startswith("\t\t\t")
        line = raw.strip()
        read = _markdown_line(line, number, centred) if markdown else SourceLine(line, number, centred=centred)
        out.append(dataclasses.replace(read, follows=follows))
        follows = True
    return out


def _markdown_line(line: str, number: int, centred: bool) -> SourceLine:
    if (heading := _HEADING.match(line)) is not None:
        return SourceLine(heading.group(2), number, heading=len(heading.group(1)), bold=True)
    if (bold := _BOLD.match(line)) is not None:
        rest = bold.group(4).strip()
        if not rest:
            return SourceLine(bold.group(2) + bold.group(3), number, bold=True, centred=centred)
        # **NAME:** text — a name set in bold before the speech: the name column of a text file.
        return SourceLine(rest, number, speaker=bold.group(2).strip().rstrip(":."), centred=centred)
    if (italic := _ITALIC.match(line)) is not None:
        return SourceLine(italic.group(2), number, italic=True, centred=centred)
    return SourceLine(line.replace("\\*", "*").replace("\\_", "_"), number, centred=centred)


def plain_lines(data: bytes, path: str) -> list[SourceLine]:
    return text_lines(data, path, markdown=False)


def markdown_lines(data: bytes, path: str) -> list[SourceLine]:
    return text_lines(data, path, markdown=True)
