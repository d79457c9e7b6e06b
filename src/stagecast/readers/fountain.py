"""Fountain screenplays (fountain.io) → :class:`Play`. Mapping decisions are in docs/import.md.

Fountain's syntax (:mod:`stagecast.notation.fountain_syntax`, shared with the writer) reads the
text into elements (title page, headings, acts, dialogue, action); here they become the play: scene headings start scenes, a character cue with its
dialogue becomes a speech, everything else that is printed becomes a direction.

A file stagecast exported also carries what Fountain has no syntax for in a ``/* stagecast``
boneyard block and ``[[stagecast: …]]`` notes (:mod:`.fountain_notes`); a file without them
gets one warning saying what the import could not know.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ..errors import Diagnostic, ScriptError
from ..labels import labels_for
from ..model import Act, Interval, Item, Loc, Meta, Play, Role, Scene, Speech
from ..notation.direction_words import Mentions, make_direction
from ..notation.fountain_notes_syntax import Line, Stripped, strip_notes_and_boneyard
from ..notation.fountain_syntax import (
    Element,
    cue_names,
    elements_of,
    name_key,
    paragraphs,
    role_index,
    speakers_of,
    split_title_page,
    title_page,
    unemphasize,
)
from ..rules import number_speeches, slug, unique
from ..text import clean
from . import language_codes
from .fountain_notes import Block, NoteReader, Parsed, read_block
from .imported import Imported, SpeechText, has_words, placeholder_cast, role_ids

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def read_fountain(data: bytes, path: str, folder: Path | None = None) -> Imported:
    """The play in a Fountain file. ``folder``: where the file is, for the sound files its
    stagecast notes name (default: the folder of ``path``)."""
    text = _decode(data, path)
    stripped = strip_notes_and_boneyard(text.replace("\r\n", "\n").replace("\r", "\n"))
    title_page, body = split_title_page(stripped.lines)
    elements = elements_of(paragraphs(body))
    builder = _Builder(path, title_page, elements)
    return builder.build(stripped, Path(path).parent if folder is None else folder)


def _decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScriptError.at(Loc(path, line, column), "file is not UTF-8 text; save it as UTF-8 in your editor") from None


# -- building the play ------------------------------------------------------------------------

@dataclass
class _Draft:
    """A scene while its items are collected."""

    title: str
    number: str | None
    act: str | None
    line: Line | None
    setting: str | None = None
    synopsis: list[str] | None = None
    """In a file of ours, the synopses right under the heading (one per line of the setting),
    while they last; ``None`` once something else came."""
    items: list[Item] = field(default_factory=list)

    def close_synopsis(self) -> None:
        """Something else than a synopsis came: the synopses so far are the setting."""
        if self.synopsis and any(line.strip() for line in self.synopsis):  # a setting has words
            self.setting = "\n".join(self.synopsis)
        self.synopsis = None


class _Builder:
    def __init__(self, path: str, title_page: list[tuple[str, list[str], Line]], elements: list[Element]):
        self.path = path
        self.title_page = title_page
        self.elements = elements
        self.warnings: list[Diagnostic] = []
        self.diagnostics: list[Diagnostic] = []
        """What the stagecast block and notes say is wrong (errors stop the import)."""
        self.notes = NoteReader(path, self.diagnostics)
        self.block: Block | None = None
        self.parsed: dict[int, Parsed] = {}
        """id() of a note element → the note, read."""
        self.index: dict[str, str] = {}

    def loc(self, line: Line | None) -> Loc | None:
        if line is None:
            return None
        return Loc(self.path, line.number, len(line.text) - len(line.text.lstrip()) + 1)

    def build(self, stripped: Stripped, folder: Path) -> Imported:
        meta = self._meta()
        self._read_ours(stripped, meta.lang)
        block = self.block
        if block is not None:
            meta = dataclasses.replace(meta, **block.meta)  # type: ignore[arg-type]
        known = list(block.roles) if block is not None and block.roles is not None else []
        roles = known + self._new_roles(known)
        labels = block.labels if block is not None else ()
        folders = [folder / block.folder, folder] if block is not None and block.folder else [folder]
        self.notes.setup({r.id: r.name for r in roles}, labels_for(meta.lang, labels),
                         list(self.parsed.values()), folders)
        acts, sequence = self._scenes(meta, Mentions({r.id: [r.name] for r in roles}))
        self.notes.check_unique(sequence)
        if block is not None and block.casting is not None:
            block.casting.finish([s for s in sequence if isinstance(s, Scene)])
        errors = [d for d in self.diagnostics if d.severity == "error"]
        if errors:
            raise ScriptError(sorted(errors, key=Diagnostic.sort_key))
        if not any(isinstance(part, Scene) for part in sequence):
            raise ScriptError.at(Loc(self.path, 1, 1), "nothing to import: the file has no scenes, dialogue or action")
        performers = placeholder_cast(roles)
        if block is not None and block.performers is not None:
            performers = block.performers + placeholder_cast(roles[len(known):])
        play = Play(meta=meta, roles=tuple(roles), performers=performers, sequence=number_speeches(sequence),
                    acts=tuple(acts), pronunciations=block.pronunciations if block else (), labels=labels,
                    casts=block.casts if block else (),
                    root=str(self.notes.root), source=self.path)
        warnings = sorted([*self.warnings, *self.notes.warnings, *(d for d in self.diagnostics if d.severity != "error")],
                          key=Diagnostic.sort_key)
        if block is None:
            warnings.append(self._could_not_know(meta))
        return Imported(play, "fountain", tuple(warnings))

    def _could_not_know(self, meta: Meta) -> Diagnostic:
        """The one warning for a file without stagecast's notes: what the import had to guess or leave out."""
        given = any(key.lower() == "language" for key, _, _ in self.title_page)
        source = "from the title page" if given else "guessed from the text"
        return Diagnostic("warning", Loc(self.path, 1, 1), (
            "this Fountain file has no stagecast notes, so the import could not know the cast (each role "
            f"gets a placeholder performer), the lines' languages (all read as '{meta.lang}', {source}), sound "
            "and light cues, pauses, intervals or scene settings; whom each direction concerns, and "
            "entrances and exits, are guessed from its words\n"
            "hint: put the cast in play.yaml and add lang:, cues, pauses and intervals where they belong "
            "(docs/format.md); a file from `stagecast export --to fountain` carries all of this in "
            "[[stagecast: …]] notes"))

    def _read_ours(self, stripped: Stripped, lang: str) -> None:
        """Read the block and the notes' YAML (what they mean comes later, element by element)."""
        for note in stripped.stray:
            self.warnings.append(Diagnostic("warning", Loc(self.path, note.line, note.column), "stagecast note "
                                            "left out: it must stand on a line of its own"))
        for extra in stripped.blocks[1:]:
            first = stripped.blocks[0]
            self.diagnostics.append(Diagnostic("error", Loc(self.path, extra.line, 1), "a second /* stagecast "
                                               f"block; a file has one (the first starts at line {first.line})"))
        if stripped.blocks:
            self.block = read_block(self.path, stripped.blocks[0], lang, self.diagnostics)
        for element in self.elements:
            if element.note is not None:
                parsed = self.notes.parse(element.note)
                if parsed is not None:
                    self.parsed[id(element)] = parsed

    def _meta(self) -> Meta:
        page = title_page(self.title_page)
        first = self.title_page[0][2] if self.title_page else None
        return Meta(title=page.title or PurePath(self.path).stem, subtitle=page.subtitle, company=page.company,
                    credits=page.credits, lang=self._language(page.language), notes=page.notes,
                    loc=self.loc(first) or Loc(self.path, 1, 1))

    def _language(self, given: str) -> str:
        """The title page's ``Language`` as a code, else the one the letters suggest."""
        code = language_codes.normalise(given) if given else None
        if code is not None:
            return code
        guessed = _guess_language(self.elements)
        if given:
            line = next(line for key, _, line in self.title_page if key.lower() == "language")
            self.warnings.append(Diagnostic("warning", self.loc(line), f"Language '{given}' is not a language code "
                                            f"(en, ru, kk, …); read the text as '{guessed}', guessed from its letters"))
        return guessed

    def _new_roles(self, known: list[Role]) -> list[Role]:
        """Roles for the cue names no role of the block has (every cue's, without a block), keyed by
        the slug of the name, so МАША and МАШA (a Latin A) are one role. A cue "A & B" is a group
        speech of A and B (how the Fountain export writes one)."""
        self.index = role_index(known)
        first: dict[str, tuple[str, Line]] = {}
        for n, element in enumerate(self.elements):
            cue = element.cue
            if cue is None or self._note_names_speakers(n, known):
                continue
            for part in cue_names(cue.name):
                if name_key(part) not in self.index:
                    first.setdefault(name_key(part), (part, cue.line))
        keys = list(first)
        ids = unique([*(r.id for r in known), *role_ids([first[k][0] for k in keys])])[len(known):]
        self.index.update(zip(keys, ids, strict=True))
        new = [Role(role_id, first[k][0], loc=self.loc(first[k][1])) for k, role_id in zip(keys, ids, strict=True)]
        if known:
            for role in new:
                self.warnings.append(Diagnostic("warning", role.loc, f"cue '{role.name}' names no role of the "
                                                f"stagecast block; added the role '{role.id}'"))
        return new

    def _note_names_speakers(self, n: int, known: list[Role]) -> bool:
        """The note before element ``n`` names the speakers (``by``), all of them roles of the block."""
        parsed = self.parsed.get(id(self.elements[n - 1])) if n else None
        if parsed is None or parsed.kind != "fields" or "by" not in parsed.fields:
            return False
        ids = {r.id for r in known}
        named = NoteReader.raw_names(parsed.fields["by"][1])
        return bool(named) and all(r in ids for r in named)

    def _scenes(self, meta: Meta, mentions: Mentions) -> tuple[list[Act], list[Scene | Interval]]:
        acts_mode = next((e.kind for e in self.elements if e.kind != "note"), None) == "act"
        acts: list[Act] = []
        drafts: list[_Draft] = []
        intervals: list[tuple[int, Interval]] = []
        pending: Parsed | None = None
        for element in self.elements:
            if element.kind == "note":
                parsed = self.parsed.get(id(element))
                if parsed is not None and parsed.kind == "fields":
                    if pending is not None:
                        self.notes.unused(pending, "another stagecast note follows it")
                    pending = parsed
                elif parsed is not None and parsed.kind == "interval":
                    interval = self.notes.interval(parsed)
                    intervals += [(len(drafts), interval)] if interval else []
                elif parsed is not None:
                    item = self.notes.item(parsed)
                    if item is not None:
                        self._draft(drafts, acts, meta, element).items.append(item)
                        drafts[-1].close_synopsis()
                continue
            if element.kind == "synopsis":
                if drafts and drafts[-1].synopsis is not None:
                    drafts[-1].synopsis.append(element.text)
                continue
            if drafts:
                drafts[-1].close_synopsis()
            note, pending = pending, None
            if element.kind == "act":
                given = self._fields(note, "act")
                if acts_mode:  # unique now, so the scenes below it get the id the act keeps
                    act_id = unique([*(a.id for a in acts), given.get("id") or slug(element.text)])[-1]
                    acts.append(Act(act_id, given.get("title", element.text), loc=self.loc(element.line)))
                continue
            if element.kind == "heading":
                given = self._fields(note, "scene")
                drafts.append(_Draft(given.get("title", element.text), given.get("id", element.number),
                                     acts[-1].id if acts else None, element.line, given.get("setting"),
                                     [] if self.block is not None and "setting" not in given else None))
                continue
            draft = self._draft(drafts, acts, meta, element)
            if element.kind == "dialogue":
                draft.items.append(self._speech(element, note))
            elif clean(element.text):  # not an action of forced blank lines ("  ") only
                previous = next((i.speakers for i in reversed(draft.items) if isinstance(i, Speech)), ())
                direction = make_direction(element.text, mentions.find(element.text), self.loc(element.line),
                                           previous_speakers=previous)
                if note is not None and self.notes.fits(note, "direction"):
                    direction = self.notes.direction(note, direction)
                draft.items.append(direction)
            elif note is not None:
                self.notes.unused(note, "no speech or direction follows it")
        if pending is not None:
            self.notes.unused(pending, "nothing follows it")
        return self._running_order(acts, drafts, intervals)

    def _fields(self, note: Parsed | None, kind: str) -> dict[str, str]:
        return self.notes.fields(note, kind) if note is not None and self.notes.fits(note, kind) else {}

    def _draft(self, drafts: list[_Draft], acts: list[Act], meta: Meta, element: Element) -> _Draft:
        """The scene an item goes in: the current one, or a new one titled like the act or play
        for items before the first heading (or the first under a new act)."""
        act_id = acts[-1].id if acts else None
        if not drafts or drafts[-1].act != act_id:
            drafts.append(_Draft(acts[-1].title if acts else meta.title, None, act_id, element.line))
        return drafts[-1]

    def _running_order(self, acts: list[Act], drafts: list[_Draft], intervals: list[tuple[int, Interval]]
                       ) -> tuple[list[Act], list[Scene | Interval]]:
        ids = unique(d.number or str(n) for n, d in enumerate(drafts, 1))
        acts_by_id = {a.id: a for a in acts}
        sequence: list[Scene | Interval] = []
        for n, (scene_id, draft) in enumerate(zip(ids, drafts, strict=True)):
            here = [interval for at, interval in intervals if at == n]
            if here and n and draft.act is not None and drafts[n - 1].act == draft.act:
                for interval in here:  # play.yaml has intervals between acts only
                    self.warnings.append(Diagnostic("warning", interval.loc, "interval left out: in a play with "
                                                    f"acts an interval comes between acts, and this one is inside "
                                                    f"'{acts_by_id[draft.act].title}'; move the note before the "
                                                    "act's # line"))
                here = []
            sequence += here
            items = draft.items
            if not items:
                items = [make_direction(draft.title, (), self.loc(draft.line))]  # cleaned, as the YAML reader would
                self.warnings.append(Diagnostic("warning", self.loc(draft.line), f"scene '{draft.title}' has nothing "
                                                "under its heading; gave it a direction repeating the heading so it "
                                                "is kept"))
            draft.close_synopsis()
            sequence.append(Scene(scene_id, draft.title, tuple(items), setting=draft.setting, act=draft.act,
                                  loc=self.loc(draft.line)))
        sequence += [interval for at, interval in intervals if at >= len(drafts)]
        used = {s.act for s in sequence if isinstance(s, Scene)}
        for act in acts:
            if act.id not in used:  # an act of no scenes has no place in the running order
                self.warnings.append(Diagnostic("warning", act.loc, f"act '{act.title}' has nothing under it; "
                                                "left out"))
        return [a for a in acts if a.id in used], sequence

    def _speech(self, element: Element, note: Parsed | None) -> Item:
        cue = element.cue
        assert cue is not None
        speakers = speakers_of(cue.name, self.index) or ()  # none only when the note names them
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
            direction = make_direction(f"{cue.name} {said}".strip(), speakers, loc)
            if note is not None and self.notes.fits(note, "direction"):
                return self.notes.direction(note, direction)
            return direction
        speech = Speech(speakers=speakers, parts=parts, delivery=cue.delivery, loc=loc)
        if note is not None and self.notes.fits(note, "speech"):
            speech = self.notes.speech(note, speech)
        return speech


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


def _guess_language(elements: list[Element]) -> str:
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
