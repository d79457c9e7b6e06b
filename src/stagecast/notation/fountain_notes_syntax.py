"""Where stagecast's own notes sit in a Fountain file, and how the boneyard and notes are taken
out of its text before anything else is read.

Fountain tells every app to skip boneyard ``/* … */`` and not to print notes ``[[ … ]]``, so
what Fountain has no syntax for travels there (docs/import.md, "Stagecast's notes in
Fountain"): one block ``/* stagecast …*/`` and notes ``[[stagecast: {…}]]``. The marks and the
keys each may hold are named here once: the Fountain reader (:mod:`stagecast.readers.fountain_notes`)
reads them, the writer (:mod:`stagecast.writers.to_fountain`) writes them. Nothing here reads
what a note says; :func:`strip_notes_and_boneyard` only finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTE_MARK = "stagecast:"
"""How a note of ours starts, after ``[[``."""
BLOCK_MARK = "/* stagecast"
"""How the block starts (then a line break)."""

BLOCK_KEYS = ("folder", "title", "subtitle", "company", "credits", "language", "notes", "roles", "performers",
              "casts", "pronunciations", "labels")
ITEM_KEYS = ("sound", "light", "cue", "pause")
"""A note with one of these is a cue or a pause standing where the note is."""
TARGET_KEYS = {
    "speech": ("by", "label", "lang", "other_langs", "id", "delivery", "text", "cut"),
    "direction": ("roles", "enter", "exit", "cut"),
    "scene": ("id", "title", "setting"),
    "act": ("id", "title"),
}
"""The keys a note may give the element after it, by the element's kind. A speech's ``text`` is
its text in a scene file's markup, written when the dialogue cannot say it all (language spans)."""
CUT_OPENING = re.compile(r"/\*[ \t]*(?=\[\[[ \t]*" + re.escape(NOTE_MARK) + r"[^\n]*\]\][ \t]*$)", re.MULTILINE)
"""A cut speech or direction is a boneyard comment opening with a note of ours that ends its line,
``/* [[stagecast: {cut: …}]]``: other apps skip it as Fountain's removed text, and the reader
reads what is inside as it reads the rest, with the note (:func:`strip_notes_and_boneyard`). An
opening note broken by an edit makes it an ordinary comment, skipped."""

ZWSP = "\u200b"
"""A zero-width space: the writer puts one between two brackets of the text that would open or
close a note, and the reader takes it out again (:func:`.fountain_syntax.unemphasize`)."""
_OUR_NOTE = re.compile(r"\[\[[ \t]*" + re.escape(NOTE_MARK) + r"[ \t]*")
_OUR_BLOCK = re.compile(re.escape(BLOCK_MARK) + r"(?:\s|\*/)")
_BONEYARD_MARK = re.compile(r"/\*|\*/")
_NOT_NEWLINE = re.compile(r"[^\n]")
_MASK = "\ufdd0"
"""Stands for a boneyard character while notes are looked for (a noncharacter: never in a script)."""
_NOTE = re.compile(rf"\[\[(?:(?!\n{_MASK}*(?: {_MASK}*)?\n).)*?\]\]", re.DOTALL)
"""A note: no blank line inside (fountain.io), the boneyard masked; a ``[[`` that meets one opens
none, and the next ``[[`` may (a note of ours after a stray ``[[`` is still found)."""


@dataclass(frozen=True)
class Note:
    """The YAML of a note (or the block) and where it starts in the Fountain file (1-based)."""

    text: str
    line: int
    column: int
    opens_cut: bool = False
    """The note opens a boneyard comment: what is inside is a cut speech or direction."""


@dataclass(frozen=True)
class Line:
    """A line of the file as the reader goes on to see it, under its number in the file (for messages)."""

    text: str
    number: int
    note: Note | None = None
    """A ``[[stagecast: …]]`` note that stood on this line on its own (``text`` is then empty)."""


@dataclass
class Stripped:
    """The file's lines with notes and boneyard removed, and what of ours was in them."""

    lines: list[Line]
    blocks: list[Note]
    """``/* stagecast`` blocks (one is expected)."""
    stray: list[Note]
    """Notes of ours sharing a line with other text."""



def strip_notes_and_boneyard(text: str) -> Stripped:
    """Lines with boneyard (nested) and notes removed; a line that held only those is dropped,
    except for a stagecast note, which stays as a line of its own (:attr:`Line.note`)."""
    removed = bytearray(len(text))
    regions, blocks, openings = _mark_boneyard(text, removed)
    notes = _mark_notes(text, removed, regions)
    out: list[Line] = []
    found: list[Note] = []
    stray: list[Note] = []
    start, k = 0, 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = start + len(raw)
        kept = raw if removed.find(1, start, end) < 0 else "".join(
            ch for i, ch in enumerate(raw, start) if not removed[i])
        here = []
        while k < len(notes) and notes[k][0] <= end:
            here.append(Note(notes[k][1], number, notes[k][0] - start + 1, notes[k][2] in openings))
            k += 1
        found += [Note(t, number, i - start + 1) for i, t in blocks if start <= i <= end]
        touched = removed.find(1, max(start - 1, 0), end + 1) >= 0
        if here and not kept.strip():
            out += [Line("", number, note) for note in here]
        elif not (touched and not kept.strip()):
            out.append(Line(kept, number))
            stray += here
        start = end + 1
    return Stripped(out, found, stray)


def _mark_boneyard(text: str, removed: bytearray) -> tuple[list[tuple[int, int]], list[tuple[int, str]], set[int]]:
    """Marks the boneyard removed; returns its regions, the stagecast blocks among them (where
    their YAML starts, the YAML), and where the note opening each cut comment starts."""
    regions, blocks, openings = [], [], set()
    depth, start, i = 0, 0, 0
    while (match := _BONEYARD_MARK.search(text, i)) is not None:
        at = match.start()
        if text.startswith("/*", at):
            start = at if depth == 0 else start
            depth, i = depth + 1, at + 2
        elif depth:
            depth, i = depth - 1, at + 2
            if depth == 0 and (opening := CUT_OPENING.match(text, start)) is not None:  # only the marks go
                removed[start : opening.end()] = b"\x01" * (opening.end() - start)
                removed[i - 2 : i] = b"\x01\x01"
                openings.add(opening.end())
            elif depth == 0:
                removed[start:i] = b"\x01" * (i - start)
                regions.append((start, i))
                if _OUR_BLOCK.match(text, start):
                    blocks.append((start + len(BLOCK_MARK), text[start + len(BLOCK_MARK) : i - 2]))
        else:  # a "*/" with nothing open: the "/" may still open one ("*/*")
            i = at + 1
    return regions, blocks, openings


def _mark_notes(text: str, removed: bytearray, boneyard: list[tuple[int, int]]) -> list[tuple[int, str, int]]:
    """Marks the notes removed; returns the stagecast notes: (where their YAML starts, the YAML,
    where the note starts).
    Notes are found in the text with the boneyard masked (its line breaks kept), so a note
    around a boneyard comment is still one note, and brackets inside a comment count for nothing."""
    masked = text
    for start, end in boneyard:
        masked = masked[:start] + _NOT_NEWLINE.sub(_MASK, masked[start:end]) + masked[end:]
    ours = []
    for match in _NOTE.finditer(masked):
        removed[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        mark = _OUR_NOTE.match(masked, match.start())
        if mark:
            ours.append((mark.end(), masked[mark.end() : match.end() - 2].replace(_MASK, ""), match.start()))
    return ours
