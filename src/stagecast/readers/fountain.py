"""Fountain screenplays (fountain.io) → :class:`Play`. Mapping decisions are in docs/import.md.

The reader works paragraph by paragraph, as the spec does: boneyard ``/* */`` (nested) and
notes ``[[ ]]`` are removed first, keeping every line's original number for messages; the
title page becomes metadata; scene headings start scenes; a character cue with its dialogue
becomes a speech; everything else that is printed becomes a direction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from ..errors import Diagnostic, ScriptError
from ..model import Act, Item, Loc, Meta, Play, Role, Scene, Speech
from ..rules import number_speeches, slug, unique
from .imported import Imported, Mentions, SpeechText, clean, has_words, make_direction, placeholder_cast, role_ids

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
_GROUP_JOIN = " & "
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Line:
    text: str
    number: int


@dataclass
class _Cue:
    name: str
    delivery: str | None
    line: Line


@dataclass
class _Element:
    """One paragraph's meaning, before roles are resolved."""

    kind: str  # heading, act, dialogue, direction
    text: str = ""
    line: Line | None = None
    cue: _Cue | None = None
    lines: list[str] = field(default_factory=list)
    number: str | None = None


def read_fountain(data: bytes, path: str) -> Imported:
    text = _decode(data, path)
    lines = strip_notes_and_boneyard(text.replace("\r\n", "\n").replace("\r", "\n"))
    title_page, body = _title_page(lines)
    elements = _elements(_paragraphs(body))
    return _Builder(path, title_page, elements).build()


def _decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScriptError.at(Loc(path, line, column), "file is not UTF-8 text; save it as UTF-8 in your editor") from None


# -- notes and boneyard -----------------------------------------------------------------------

def strip_notes_and_boneyard(text: str) -> list[Line]:
    """Lines with boneyard (nested) and notes removed; a line that held only those is dropped."""
    removed = bytearray(len(text))
    _mark_boneyard(text, removed)
    _mark_notes(text, removed)
    out: list[Line] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = start + len(raw)
        kept = "".join(ch for i, ch in enumerate(raw, start) if not removed[i])
        touched = any(removed[max(start - 1, 0) : end + 1])
        if not (touched and not kept.strip()):
            out.append(Line(kept, number))
        start = end + 1
    return out


def _mark_boneyard(text: str, removed: bytearray) -> None:
    depth, start, i = 0, 0, 0
    while i < len(text) - 1:
        pair = text[i : i + 2]
        if pair == "/*":
            start = i if depth == 0 else start
            depth, i = depth + 1, i + 2
        elif pair == "*/" and depth:
            depth, i = depth - 1, i + 2
            if depth == 0:
                removed[start:i] = b"\x01" * (i - start)
        else:
            i += 1


def _mark_notes(text: str, removed: bytearray) -> None:
    index = [i for i in range(len(text)) if not removed[i] or text[i] == "\n"]
    visible = "".join(text[i] for i in index)
    for match in re.finditer(r"\[\[.*?\]\]", visible, re.DOTALL):
        if re.search(r"\n ?\n", match.group(0)):
            continue  # a blank line inside: not a note (fountain.io)
        for j in range(match.start(), match.end()):
            removed[index[j]] = 1


# -- title page and paragraphs ----------------------------------------------------------------

def _blank(line: str) -> bool:
    """Blank per the spec: empty (or one space); two spaces keep a paragraph going."""
    return line.strip() == "" and len(line) < 2


def _title_page(lines: list[Line]) -> tuple[list[tuple[str, list[str], Line]], list[Line]]:
    i = 0
    while i < len(lines) and _blank(lines[i].text):
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
            entries.append((match.group(1).strip().lower(), [value] if value else [], lines[i]))
        elif entries and (indented or raw.strip()):
            entries[-1][1].append(raw.strip())
        i += 1
    return entries, lines[i:]


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if _blank(line.text):
            if current:
                out.append(current)
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def unemphasize(text: str) -> str:
    """Fountain emphasis markers removed (our model has no emphasis); ``\\*`` and ``\\_`` kept as text."""
    text = text.replace("\\*", "\x01").replace("\\_", "\x02")
    for _ in range(6):
        new = _EMPHASIS.sub(r"\2", text)
        if new == text:
            break
        text = new
    return text.replace("\x01", "*").replace("\x02", "_")


def _elements(paragraphs: list[list[Line]]) -> list[_Element]:
    out: list[_Element] = []
    for para in paragraphs:
        out += _classify(para)
    return out


def _classify(para: list[Line]) -> list[_Element]:
    first = para[0].text.strip()
    rest = para[1:]
    if first.startswith("!"):
        return [_action(para, force=True)]
    if re.fullmatch(r"={3,}", first):
        return _classify(rest) if rest else []
    if first.startswith("="):
        tail = [line for line in rest if not line.text.strip().startswith("=")]
        return _classify(tail) if tail else []
    if first.startswith("#"):
        level = len(first) - len(first.lstrip("#"))
        out = [_Element("act", unemphasize(first.lstrip("#").strip()), para[0])] if level == 1 and first.lstrip("#").strip() else []
        return out + (_classify(rest) if rest else [])
    heading = _heading(first)
    if heading is not None:
        text, number = heading
        return [_Element("heading", text, para[0], number=number)] + ([_action(rest)] if rest else [])
    if all(_CENTERED.match(line.text.strip()) for line in para):
        text = " ".join(_CENTERED.match(line.text.strip()).group(1) for line in para)  # type: ignore[union-attr]
        return [_Element("direction", unemphasize(text), para[0])]
    if first.startswith(">"):
        return [_Element("direction", unemphasize(first[1:].strip()), para[0])] + ([_action(rest)] if rest else [])
    cue = _cue(para[0]) if rest else None
    if cue is not None:
        return [_Element("dialogue", cue=cue, line=para[0], lines=[line.text for line in rest])]
    if all(line.text.strip().startswith("~") for line in para):
        text = " / ".join(line.text.strip()[1:].strip() for line in para)
        return [_Element("direction", unemphasize(text), para[0])]
    return [_action(para)]


def _action(para: list[Line], force: bool = False) -> _Element:
    texts = [line.text.strip() for line in para]
    if force and texts[0].startswith("!"):
        texts[0] = texts[0][1:]
    return _Element("direction", unemphasize(" ".join(t for t in texts if t)), para[0])


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


def _cue(line: Line) -> _Cue | None:
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
    kept = [e for e in extensions if e and not _CONTD.match(e)]
    return _Cue(name, ", ".join(kept) or None, line)


def looks_like_name(name: str) -> bool:
    if not any(ch.isalpha() for ch in name) or name.endswith(":"):
        return False
    cased = [ch for ch in name if ch.isupper() or ch.islower()]
    if cased:
        return not any(ch.islower() for ch in cased)
    return len(name) <= 20 and not _SENTENCE_MARKS.search(name)


# -- building the play ------------------------------------------------------------------------

class _Builder:
    def __init__(self, path: str, title_page: list[tuple[str, list[str], Line]], elements: list[_Element]):
        self.path = path
        self.title_page = title_page
        self.elements = elements
        self.warnings: list[Diagnostic] = []

    def loc(self, line: Line | None) -> Loc | None:
        if line is None:
            return None
        return Loc(self.path, line.number, len(line.text) - len(line.text.lstrip()) + 1)

    def build(self) -> Imported:
        meta = self._meta()
        roles, role_of, groups = self._roles()
        mentions = Mentions({r.id: [r.name] for r in roles})
        acts, scenes = self._scenes(meta, role_of, groups, mentions)
        if not scenes:
            raise ScriptError.at(Loc(self.path, 1, 1), "nothing to import: the file has no scenes, dialogue or action")
        play = Play(meta=meta, roles=tuple(roles), performers=placeholder_cast(roles),
                    sequence=number_speeches(scenes), acts=tuple(acts), source=self.path)
        return Imported(play, "fountain", tuple(self.warnings))

    def _meta(self) -> Meta:
        values: dict[str, list[str]] = {}
        for key, lines, _ in self.title_page:
            values.setdefault(key, []).extend(unemphasize(v) for v in lines)
        title_lines = [clean(v) for v in values.pop("title", []) if clean(v)]
        title = title_lines[0] if title_lines else PurePath(self.path).stem
        subtitle = " ".join(values.pop("subtitle", [])) or " ".join(title_lines[1:]) or None
        lang = clean(" ".join(values.pop("language", []))) or _guess_language(self.elements)
        notes = "\n".join(values.pop("notes", [])) or None
        company = " ".join(values.pop("company", [])) or None
        credits = tuple((key, "\n".join(v)) for key, v in values.items() if v)
        first = self.title_page[0][2] if self.title_page else None
        return Meta(title=title, subtitle=subtitle, company=company, credits=credits, lang=lang, notes=notes,
                    loc=self.loc(first) or Loc(self.path, 1, 1))

    def _roles(self) -> tuple[list[Role], dict[str, str], dict[str, tuple[str, ...]]]:
        """Roles keyed by the slug of the cue name, so МАША and МАШA (a Latin A) are one role.
        A cue "A & B" is a group speech of A and B (how the Fountain export writes one)."""
        first: dict[str, tuple[str, Line]] = {}
        groups: dict[str, tuple[str, ...]] = {}
        for cue in (e.cue for e in self.elements if e.cue is not None):
            parts = [p.strip() for p in cue.name.split(_GROUP_JOIN) if p.strip()]
            if len(parts) > 1:
                groups[cue.name] = tuple(dict.fromkeys(slug(p) for p in parts))
            for part in parts:
                first.setdefault(slug(part), (part, cue.line))
        keys = list(first)
        ids = role_ids([first[k][0] for k in keys])
        id_of = dict(zip(keys, ids, strict=True))
        roles = [Role(id_of[k], first[k][0], loc=self.loc(first[k][1])) for k in keys]
        role_of = {name: id_of[slug(name)] for name, _ in first.values()}
        role_of.update({e.cue.name: id_of[slug(e.cue.name)] for e in self.elements
                        if e.cue is not None and e.cue.name not in groups})
        group_ids = {name: tuple(id_of[k] for k in members) for name, members in groups.items()}
        return roles, role_of, group_ids

    def _scenes(self, meta: Meta, role_of: dict[str, str], groups: dict[str, tuple[str, ...]],
                mentions: Mentions) -> tuple[list[Act], list[Scene]]:
        acts_mode = bool(self.elements) and self.elements[0].kind == "act"
        acts: list[Act] = []
        drafts: list[tuple[str, str | None, str | None, Line | None, list[Item]]] = []
        for element in self.elements:
            if element.kind == "act":
                if acts_mode:  # unique now, so the scenes below it get the id the act keeps
                    act_id = unique([*(a.id for a in acts), slug(element.text)])[-1]
                    acts.append(Act(act_id, element.text, loc=self.loc(element.line)))
                continue
            act_id = acts[-1].id if acts else None
            if element.kind == "heading":
                drafts.append((element.text, element.number, act_id, element.line, []))
                continue
            if not drafts or drafts[-1][2] != act_id:
                drafts.append((acts[-1].title if acts else meta.title, None, act_id, element.line, []))
            items = drafts[-1][4]
            if element.kind == "dialogue":
                items.append(self._speech(element, role_of, groups))
            elif clean(element.text):  # not an action of forced blank lines ("  ") only
                previous = next((i.speakers for i in reversed(items) if isinstance(i, Speech)), ())
                items.append(make_direction(element.text, mentions.find(element.text), self.loc(element.line),
                                            previous_speakers=previous))
        ids = unique(number or str(n) for n, (_, number, _, _, _) in enumerate(drafts, 1))
        scenes = []
        for scene_id, (title, _, act_id, line, items) in zip(ids, drafts, strict=True):
            if not items:
                items = [make_direction(title, (), self.loc(line))]  # cleaned, as the YAML reader would
                self.warnings.append(Diagnostic("warning", self.loc(line), f"scene '{title}' has nothing under its "
                                                "heading; gave it a direction repeating the heading so it is kept"))
            scenes.append(Scene(scene_id, title, tuple(items), act=act_id, loc=self.loc(line)))
        used = {s.act for s in scenes}
        for act in acts:
            if act.id not in used:  # an act of no scenes has no place in the running order
                self.warnings.append(Diagnostic("warning", act.loc, f"act '{act.title}' has nothing under it; "
                                                "left out"))
        return [a for a in acts if a.id in used], scenes

    def _speech(self, element: _Element, role_of: dict[str, str], groups: dict[str, tuple[str, ...]]) -> Item:
        cue = element.cue
        assert cue is not None
        speakers = groups.get(cue.name) or (role_of[cue.name],)
        text = SpeechText(literal_parens=False, keep_blank_lines=True)
        for n, line in enumerate(_join_parentheticals(element.lines)):
            if n:
                text.line_break()
            stripped = line.strip()
            if _paren_depths(stripped)[1]:
                text.paren(unemphasize(stripped.replace("（", "(").replace("）", ")")))
            else:
                text.mixed(unemphasize(stripped[1:] if stripped.startswith("~") else stripped))
        parts = text.parts()
        loc = self.loc(cue.line)
        if not has_words(parts):
            said = " ".join(f"({p.text})" for p in parts)
            return make_direction(f"{cue.name} {said}".strip(), speakers, loc)
        return Speech(speakers=speakers, parts=parts, delivery=cue.delivery, loc=loc)


def _paren_depths(line: str) -> tuple[int, bool]:
    """How many ``(`` stay open at the end of ``line``, and whether the line is one
    parenthetical from its first character to its last."""
    line = line.replace("（", "(").replace("）", ")")
    depth, closed_at = 0, -1
    for i, ch in enumerate(line):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and closed_at < 0:
                closed_at = i
    whole = line.startswith("(") and closed_at == len(line) - 1
    return depth, whole


def _join_parentheticals(lines: list[str]) -> list[str]:
    """A parenthetical line may run on over the next lines until its ``)``."""
    out: list[str] = []
    open_paren = False
    for line in lines:
        stripped = line.strip()
        if open_paren:
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
        joined = out[-1]
        open_paren = joined.startswith(("(", "（")) and _paren_depths(joined)[0] > 0
    return out


def _guess_language(elements: list[_Element]) -> str:
    """The script's language from its letters: Cyrillic → ru (uk, kk when their letters show),
    kana → ja, Han only → zh, else en. A ``Language:`` title-page key overrides this."""
    text = unicodedata.normalize("NFC", " ".join(
        " ".join([e.text, *e.lines, e.cue.name if e.cue else ""]) for e in elements))
    cyrillic, cjk, latin = len(_CYRILLIC.findall(text)), len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cyrillic > latin and cyrillic >= cjk:
        lowered = text.lower()
        if any(ch in lowered for ch in "әғқңөұүһ"):
            return "kk"
        return "uk" if any(ch in lowered for ch in "єїґ") else "ru"
    if cjk > latin:
        return "ja" if re.search(r"[\u3040-\u30ff]", text) else "zh"
    return "en"
