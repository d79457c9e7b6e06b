"""Fountain's syntax (fountain.io): text → its elements, and what a title page and a character
cue say.

The Fountain reader (:mod:`stagecast.readers.fountain`) turns these elements into a play; the
Fountain writer (:mod:`stagecast.writers.to_fountain`) asks the same functions how each line it
writes will be read back (:func:`cue_of`, :func:`heading_of`, :func:`speakers_of`,
:func:`read_title_page`), so the two cannot disagree and neither imports the other.

It works paragraph by paragraph, as the spec does: boneyard and notes are removed first
(:mod:`.fountain_notes_syntax`), keeping every line's original number for messages and
stagecast's own notes aside; then the title page, and each paragraph's meaning: a scene
heading, an act section, a character cue with its dialogue, a synopsis, a note of ours, or an
action.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..model import Role
from ..rules import slug
from ..text import clean
from .fountain_notes_syntax import ZWSP, Line, Note, strip_notes_and_boneyard

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
_KEPT_APART = re.compile(r"([\[\]])" + ZWSP + r"(?=\1)|(?<=\\\*)" + ZWSP + "(?=/)")
"""A zero-width space the export put between two brackets, or between ``\\*`` and ``/`` in a cut
comment (which ``*/`` would close)."""
GROUP_JOIN = " & "
"""Between the names of a group speech's cue ("A & B"; the export writes groups this way)."""


@dataclass
class CueLine:
    """A character cue: the name (or names) and the delivery its extensions give."""

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


@dataclass(frozen=True)
class TitlePage:
    """What a title page says, as the import takes it: ``title`` is ``None`` when it gives none
    (the import then takes the file's name); ``language`` is as written ("" when not given);
    every key that is no field of its own is a credit, under its key as written."""

    title: str | None
    subtitle: str | None
    company: str | None
    credits: tuple[tuple[str, str], ...]
    language: str
    notes: str | None


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


def title_page(entries: list[tuple[str, list[str], Line]]) -> TitlePage:
    """The values of the title page's entries (:func:`split_title_page`)."""
    values: dict[str, tuple[str, list[str]]] = {}
    for key, lines, _ in entries:  # keys as written ("Adapted by"); the same key twice is one
        values.setdefault(key.lower(), (key, []))[1].extend(unemphasize(v) for v in lines)

    def pop(key: str) -> list[str]:
        return values.pop(key, (key, []))[1]

    title_lines = [clean(v) for v in pop("title") if clean(v)]
    subtitle = " ".join(pop("subtitle")) or " ".join(title_lines[1:]) or None
    language = clean(" ".join(pop("language")))
    notes = "\n".join(pop("notes")) or None
    company = " ".join(pop("company")) or None
    credits = tuple((key, "\n".join(v)) for key, v in values.values() if v)
    return TitlePage(title_lines[0] if title_lines else None, subtitle, company, credits, language, notes)


def read_title_page(text: str) -> TitlePage:
    """What the title page at the start of ``text`` says."""
    entries, _ = split_title_page(strip_notes_and_boneyard(text).lines)
    return title_page(entries)


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


# -- who a cue names -------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A cue name's key: its slug, so МАША, Маша and МАШA (with a Latin A) are one name (a play
    says the same few names hundreds of times)."""
    return slug(name)


def cue_names(name: str) -> list[str]:
    """The names a cue holds: ``A & B`` is a group of two."""
    return [part.strip() for part in name.split(GROUP_JOIN) if part.strip()] or [name]


def role_index(roles: list[Role] | tuple[Role, ...]) -> dict[str, str]:
    """How a cue name finds its role: the key of the role's name (the first role wins)."""
    index: dict[str, str] = {}
    for role in roles:
        index.setdefault(name_key(role.name), role.id)
    return index


def speakers_of(name: str, index: dict[str, str]) -> tuple[str, ...] | None:
    """The roles a cue names ("A & B" is a group), or ``None`` when one of them is not in ``index``."""
    keys = [name_key(part) for part in cue_names(name)]
    if any(key not in index for key in keys):
        return None
    return tuple(dict.fromkeys(index[key] for key in keys))
