"""Fountain text → its elements: the first half of the Fountain reader (:mod:`.fountain`).

It works paragraph by paragraph, as the spec does: boneyard ``/* */`` (nested) and notes
``[[ ]]`` are removed first, keeping every line's original number for messages, and stagecast's
own block and notes (:mod:`.fountain_notes`) are kept aside; then the title page, and each
paragraph's meaning: a scene heading, an act section, a character cue with its dialogue, a
synopsis, a note of ours, or an action. The Fountain writer asks the same functions how its
lines will be read (:func:`cue_of`, :func:`heading_of`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .fountain_notes import BLOCK_MARK, NOTE_MARK, Note

TITLE_KEYS = ("title", "credit", "author", "authors", "source", "draft date", "date", "contact", "copyright",
              "notes", "revision", "subtitle", "company", "language", "episode", "format")
_TITLE_KEY = re.compile(r"^\s*(" + "|".join(TITLE_KEYS) + r")\s*[:：]\s*(.*)$", re.IGNORECASE)
_ANY_KEY = re.compile(r"^([^\s:：][^:：]*)[:：]\s*(.*)$")
HEADING = re.compile(r"^(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E|ИНТ\.?/НАТ|ИНТ|НАТ|ЭКСТ)(?:[.\s。]|$)", re.IGNORECASE)
_SCENE_NUMBER = re.compile(r"\s*#([\w.\-]+)#\s*$")
_CENTERED = re.compile(r"^>\s*(.*?)\s*<$")
_EXTENSION = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")
_CONTD = re.compile(r"^(?:cont['’]?d\.?|contd|continued|cont\.)$", re.IGNORECASE)
_SENTENCE_MARKS = re.compile(r"[。．.!?！？、，,：:;；]")
_EMPHASIS = re.compile(r"(\*{1,3}|_)(?=\S)(.+?)(?<=\S)\1")
_OUR_NOTE = re.compile(r"\[\[[ \t]*" + re.escape(NOTE_MARK) + r"[ \t]*")
_OUR_BLOCK = re.compile(re.escape(BLOCK_MARK) + r"(?:\s|\*/)")
_BONEYARD_MARK = re.compile(r"/\*|\*/")
_NOT_NEWLINE = re.compile(r"[^\n]")
ZWSP = "\u200b"
_KEPT_APART = re.compile(r"([\[\]])\u200b(?=\1)")
_MASK = "\ufdd0"
"""Stands for a boneyard character while notes are looked for (a noncharacter: never in a script)."""


@dataclass(frozen=True)
class Line:
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


@dataclass
class CueLine:
    name: str
    delivery: str | None
    line: Line


@dataclass
class Element:
    """One paragraph's meaning, before roles are resolved."""

    kind: str  # heading, act, dialogue, direction, synopsis, note
    text: str = ""
    line: Line | None = None
    cue: CueLine | None = None
    lines: list[str] = field(default_factory=list)
    number: str | None = None
    note: Note | None = None


# -- notes and boneyard -----------------------------------------------------------------------

def strip_notes_and_boneyard(text: str) -> Stripped:
    """Lines with boneyard (nested) and notes removed; a line that held only those is dropped,
    except for a stagecast note, which stays as a line of its own (:attr:`Line.note`)."""
    removed = bytearray(len(text))
    regions, blocks = _mark_boneyard(text, removed)
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
            here.append(Note(notes[k][1], number, notes[k][0] - start + 1))
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


def _mark_boneyard(text: str, removed: bytearray) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Marks the boneyard removed; returns its regions, and the stagecast blocks among them:
    (where their YAML starts, the YAML)."""
    regions, blocks = [], []
    depth, start, i = 0, 0, 0
    while (match := _BONEYARD_MARK.search(text, i)) is not None:
        at = match.start()
        if text.startswith("/*", at):
            start = at if depth == 0 else start
            depth, i = depth + 1, at + 2
        elif depth:
            depth, i = depth - 1, at + 2
            if depth == 0:
                removed[start:i] = b"\x01" * (i - start)
                regions.append((start, i))
                if _OUR_BLOCK.match(text, start):
                    blocks.append((start + len(BLOCK_MARK), text[start + len(BLOCK_MARK) : i - 2]))
        else:  # a "*/" with nothing open: the "/" may still open one ("*/*")
            i = at + 1
    return regions, blocks


def _mark_notes(text: str, removed: bytearray, boneyard: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Marks the notes removed; returns the stagecast notes: (where their YAML starts, the YAML).
    Notes are found in the text with the boneyard masked (its line breaks kept), so a note
    around a boneyard comment is still one note, and brackets inside a comment count for nothing."""
    masked = text
    for start, end in boneyard:
        masked = masked[:start] + _NOT_NEWLINE.sub(_MASK, masked[start:end]) + masked[end:]
    ours = []
    for match in re.finditer(r"\[\[.*?\]\]", masked, re.DOTALL):
        if re.search(r"\n ?\n", match.group(0).replace(_MASK, "")):
            continue  # a blank line inside: not a note (fountain.io)
        removed[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        mark = _OUR_NOTE.match(masked, match.start())
        if mark:
            ours.append((mark.end(), masked[mark.end() : match.end() - 2].replace(_MASK, "")))
    return ours


# -- title page and paragraphs ----------------------------------------------------------------

def _blank(line: str) -> bool:
    """Blank per the spec: empty (or one space); two spaces keep a paragraph going."""
    return line.strip() == "" and len(line) < 2


def _is_blank(line: Line) -> bool:
    return line.note is None and _blank(line.text)


def split_title_page(lines: list[Line]) -> tuple[list[tuple[str, list[str], Line]], list[Line]]:
    i = 0
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    if i >= len(lines) or not _TITLE_KEY.match(lines[i].text):
        return [], lines
    entries: list[tuple[str, list[str], Line]] = []
    while i < len(lines) and not _blank(lines[i].text):
        raw = lines[i].text
        indented = raw.startswith(("\t", "   "))
        match = None if indented else _ANY_KEY.match(raw.strip())
        if match:
            value = match.group(2).strip()
            entries.append((unemphasize(match.group(1).strip()), [value] if value else [], lines[i]))
        elif entries and (indented or raw.strip()):
            entries[-1][1].append(raw.strip())
        i += 1
    return entries, lines[i:]


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if _is_blank(line) or line.note is not None:
            if current:
                out.append(current)
            current = [line] if line.note is not None else []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def unemphasize(text: str) -> str:
    """Fountain emphasis markers removed (our model has no emphasis); ``\\*`` and ``\\_`` kept as
    text, and two brackets the export kept apart with a zero-width space (so that they are not a
    note) put together again."""
    if ZWSP in text:
        text = _KEPT_APART.sub(r"\1", text)
    text = text.replace("\\*", "\x01").replace("\\_", "\x02")
    for _ in range(6):
        new = _EMPHASIS.sub(r"\2", text)
        if new == text:
            break
        text = new
    return text.replace("\x01", "*").replace("\x02", "_")


def elements_of(paragraphs: list[list[Line]]) -> list[Element]:
    out: list[Element] = []
    for para in paragraphs:
        out += _classify(para)
    return out


def _classify(para: list[Line]) -> list[Element]:
    if para[0].note is not None:
        return [Element("note", line=para[0], note=para[0].note)] + (_classify(para[1:]) if para[1:] else [])
    first = para[0].text.strip()
    rest = para[1:]
    if first.startswith("!"):
        return [_action(para, force=True)]
    if re.fullmatch(r"={3,}", first):
        return _classify(rest) if rest else []
    if first.startswith("="):
        synopsis = [unemphasize(line.text.strip()[1:].strip()) for line in para if line.text.strip().startswith("=")]
        tail = [line for line in rest if not line.text.strip().startswith("=")]
        return [Element("synopsis", "\n".join(synopsis), para[0])] + (_classify(tail) if tail else [])
    if first.startswith("#"):
        level = len(first) - len(first.lstrip("#"))
        out = [Element("act", unemphasize(first.lstrip("#").strip()), para[0])] if level == 1 and first.lstrip("#").strip() else []
        return out + (_classify(rest) if rest else [])
    heading = _heading(first)
    if heading is not None:
        text, number = heading
        return [Element("heading", text, para[0], number=number)] + ([_action(rest)] if rest else [])
    if all(_CENTERED.match(line.text.strip()) for line in para):
        text = " ".join(_CENTERED.match(line.text.strip()).group(1) for line in para)  # type: ignore[union-attr]
        return [Element("direction", unemphasize(text), para[0])]
    if first.startswith(">"):
        return [Element("direction", unemphasize(first[1:].strip()), para[0])] + ([_action(rest)] if rest else [])
    cue = _cue(para[0]) if rest else None
    if cue is not None:
        return [Element("dialogue", cue=cue, line=para[0], lines=[line.text for line in rest])]
    if all(line.text.strip().startswith("~") for line in para):
        text = " / ".join(line.text.strip()[1:].strip() for line in para)
        return [Element("direction", unemphasize(text), para[0])]
    return [_action(para)]


def _action(para: list[Line], force: bool = False) -> Element:
    texts = [line.text.strip() for line in para]
    if force and texts[0].startswith("!"):
        texts[0] = texts[0][1:]
    return Element("direction", unemphasize(" ".join(t for t in texts if t)), para[0])


def _heading(first: str) -> tuple[str, str | None] | None:
    if first.startswith(".") and not first.startswith(".."):
        text = first[1:].strip()
    elif HEADING.match(first):
        text = first
    else:
        return None
    match = _SCENE_NUMBER.search(text)
    number = match.group(1).strip(".") or None if match else None
    text = text[: match.start()] if match else text
    text = unemphasize(text.strip())
    return (text, number) if text else None


def _cue(line: Line) -> CueLine | None:
    """A character cue: an upper-case line (or ``@``-forced); caseless scripts (Japanese) get a
    practical rule: a short line with no sentence punctuation."""
    text = line.text.strip()
    forced = text.startswith("@")
    text = text[1:].strip() if forced else text
    if text.endswith("^"):
        text = text[:-1].rstrip()
    extensions = []
    while (match := _EXTENSION.search(text)) and match.start() > 0:
        extensions.insert(0, match.group(1).strip())
        text = text[: match.start()]
    name = unemphasize(text.strip())
    if not name or (not forced and not looks_like_name(name)):
        return None
    kept = [unemphasize(e) for e in extensions if e and not _CONTD.match(e)]
    return CueLine(name, ", ".join(kept) or None, line)


def looks_like_name(name: str) -> bool:
    if not any(ch.isalpha() for ch in name) or name.endswith(":"):
        return False
    cased = [ch for ch in name if ch.isupper() or ch.islower()]
    if cased:
        return not any(ch.islower() for ch in cased)
    return len(name) <= 20 and not _SENTENCE_MARKS.search(name)


@functools.lru_cache(maxsize=4096)
def cue_of(text: str) -> tuple[str, str | None] | None:
    """The name and delivery a character-cue line gives, or ``None`` when it is not one."""
    cue = _cue(Line(text, 0))
    return (cue.name, cue.delivery) if cue else None


def heading_of(text: str) -> tuple[str, str | None] | None:
    """The title and scene number a scene-heading line gives, or ``None`` when it is not one."""
    return _heading(text.strip())
