"""Jon Bosak's Shakespeare "PLAY" XML → :class:`Play`. Mapping decisions are in docs/import.md.

There is no id layer: SPEAKER labels ("KING CLAUDIUS") differ from PERSONA entries
("CLAUDIUS, king of Denmark."), so a label is made an alias of the one persona it names;
labels for members of a group persona ("First Clown" under "Two Clowns") become roles of their
own, described by the group, and the group itself is not listed twice.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import Diagnostic, ScriptError
from ..model import Act, Direction, Item, Meta, Play, Role, Scene, Speech
from ..notation.direction_words import Mentions, make_direction
from ..rules import number_speeches
from .imported import Imported, SpeechText, has_words, placeholder_cast, plain, role_ids
from .xml_safe import XmlDoc, local, parse_xml

_ARTICLES = frozenset({"a", "an", "the"})
_WORD = re.compile(r"[\w']+")
_SCENE_TITLE = re.compile(r"^((?:SCENE|PROLOGUE|EPILOGUE|INDUCTION)\b[^.]*)\.\s*(.*)$", re.IGNORECASE)


def read_bosak(data: bytes, path: str) -> Imported:
    doc = parse_xml(data, path)
    if local(doc.root.tag) != "PLAY":
        raise ScriptError.at(doc.loc(doc.root), f"not a Bosak PLAY document: the root element is <{local(doc.root.tag)}>")
    return _BosakReader(doc).read()


def _text(element: ET.Element | None) -> str:
    return plain("".join(element.itertext())) if element is not None else ""


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _ARTICLES]


def _display(name: str) -> str:
    """"CLAUDIUS" → "Claudius"; names already in mixed case are kept."""
    return " ".join(w.title() if w.isupper() and len(w) > 1 else w for w in name.split())


@dataclass
class _Persona:
    name: str
    description: str | None
    element: ET.Element
    labels: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return _words(self.name)

    @property
    def all_words(self) -> set[str]:
        return set(_words(f"{self.name} {self.description or ''}"))


class _BosakReader:
    def __init__(self, doc: XmlDoc):
        self.doc = doc
        self.warnings: list[Diagnostic] = []
        self.role_of_label: dict[str, str] = {}
        self.roles: list[Role] = []

    def read(self) -> Imported:
        root = self.doc.root
        title = _text(root.find("TITLE")) or "Untitled"
        personae = self._personae()
        labels = list(dict.fromkeys(_text(s) for s in root.iter("SPEAKER") if _text(s)))
        self._cast(personae, labels)
        names: dict[str, list[str]] = {}
        for label, role_id in self.role_of_label.items():
            names.setdefault(role_id, []).append(label)
        for role in self.roles:
            names.setdefault(role.id, []).append(role.name)
        self.mentions = Mentions(names)
        acts, scenes = self._structure()
        if not any(isinstance(i, Speech) for s in scenes for i in s.items):
            raise ScriptError.at(self.doc.loc(root), "no speeches (<SPEECH>) found in this PLAY file")
        notes = [_text(p) for p in root.iterfind("FM/P")] + [_text(e) for e in root.iterfind("SCNDESCR")]
        meta = Meta(title=title, lang="en", notes="\n".join(n for n in notes if n) or None, loc=self.doc.loc(root))
        play = Play(meta=meta, roles=tuple(self.roles), performers=placeholder_cast(self.roles),
                    sequence=number_speeches(scenes), acts=tuple(acts), source=self.doc.path)
        return Imported(play, "bosak", tuple(self.warnings))

    # -- cast -----------------------------------------------------------------------------
    def _personae(self) -> list[_Persona]:
        out = []
        block = self.doc.root.find("PERSONAE")
        for element in block.iter() if block is not None else []:
            if element.tag != "PERSONA":
                continue
            text = _text(element).rstrip(".").strip()
            name, _, rest = text.partition(",")
            if not name.strip():
                continue  # an empty <PERSONA/> names nobody: no role without a name
            group = next((g for g in block.iter("PGROUP") if any(p is element for p in g)), None)
            description = rest.strip().rstrip(".") or None
            if group is not None and _text(group.find("GRPDESCR")):
                description = ", ".join(d for d in (description, _text(group.find("GRPDESCR")).rstrip(".")) if d)
            out.append(_Persona(name.strip(), description, element))
        return out

    def _cast(self, personae: list[_Persona], labels: list[str]) -> None:
        loose = []
        for label in labels:
            persona = _alias_of(label, personae)
            if persona is not None:
                persona.labels.append(label)
                continue
            group = _group_of(label, personae)
            if group is not None:
                group.covers.append(label)
            else:
                loose.append(label)
        entries: list[tuple[str, str | None, ET.Element | None, list[str]]] = []
        for persona in personae:
            if persona.labels or not persona.covers:
                entries.append((_display(persona.name), persona.description, persona.element, persona.labels))
            for label in persona.covers:
                entries.append((_display(label), persona.name + (f", {persona.description}" if persona.description else ""),
                                persona.element, [label]))
        entries += [(_display(label), None, None, [label]) for label in loose]
        ids = role_ids([name for name, _, _, _ in entries])
        for role_id, (name, description, element, aliases) in zip(ids, entries, strict=True):
            self.roles.append(Role(role_id, name, description=description,
                                   loc=self.doc.loc(element) if element is not None else None))
            for label in aliases:
                self.role_of_label[label] = role_id

    # -- acts, scenes, speeches -----------------------------------------------------------
    def _structure(self) -> tuple[list[Act], list[Scene]]:
        acts: list[Act] = []
        scenes: list[Scene] = []
        for element in self.doc.root:
            if element.tag == "ACT":
                act = Act(f"act-{len(acts) + 1}", _text(element.find("TITLE")) or f"Act {len(acts) + 1}",
                          loc=self.doc.loc(element))
                acts.append(act)
                number = len(acts)
                parts = [c for c in element if c.tag in ("SCENE", "PROLOGUE", "EPILOGUE")]
                for n, part in enumerate(parts, 1):
                    scenes.append(self._scene(part, f"{number}.{n}", act.id))
            elif element.tag in ("PROLOGUE", "EPILOGUE", "INDUCT"):
                act = Act(f"act-{len(acts) + 1}", _text(element.find("TITLE")) or element.tag.title(),
                          loc=self.doc.loc(element))
                acts.append(act)
                scenes.append(self._scene(element, f"{len(acts)}.1", act.id))
        return acts, scenes

    def _scene(self, element: ET.Element, scene_id: str, act: str) -> Scene:
        heading = _text(element.find("TITLE")) or scene_id
        match = _SCENE_TITLE.match(heading)
        title, setting = (match.group(1).strip(), match.group(2).strip() or None) if match else (heading, None)
        items: list[Item] = []
        for child in element:
            if child.tag == "SPEECH":
                items.append(self._speech(child))
            elif child.tag == "STAGEDIR":
                previous = next((i.speakers for i in reversed(items) if isinstance(i, Speech)), ())
                text = _text(child)
                if text:
                    items.append(make_direction(text, self.mentions.find(text), self.doc.loc(child),
                                                previous_speakers=previous))
        if not items:
            items = [Direction(title, loc=self.doc.loc(element))]
        return Scene(scene_id, title, tuple(items), setting=setting, act=act, loc=self.doc.loc(element))

    def _speech(self, element: ET.Element) -> Speech | Direction:
        labels = [_text(s) for s in element.findall("SPEAKER") if _text(s)]
        speakers = tuple(dict.fromkeys(self.role_of_label[label] for label in labels))
        if not speakers:
            raise ScriptError.at(self.doc.loc(element), "a SPEECH without a SPEAKER")
        text = SpeechText(literal_parens=True)
        stages: list[str] = []
        started = False
        for child in element:
            if child.tag == "LINE":
                if started:
                    text.line_break()
                started = True
                self._line(child, text, stages)
            elif child.tag == "STAGEDIR" and _text(child):
                text.paren(_text(child))
                stages.append(_text(child))
        parts = text.parts()
        loc = self.doc.loc(element)
        if not has_words(parts):
            return make_direction(f"{' and '.join(labels)} {' '.join(stages)}".strip(), speakers, loc)
        return Speech(speakers=speakers, parts=parts, loc=loc)

    def _line(self, line: ET.Element, text: SpeechText, stages: list[str]) -> None:
        text.spoken(line.text or "")
        for child in line:
            if child.tag == "STAGEDIR" and _text(child):
                text.paren(_text(child))
                stages.append(_text(child))
            elif child.tag != "STAGEDIR":
                text.spoken("".join(child.itertext()))
            text.spoken(child.tail or "")


def _alias_of(label: str, personae: list[_Persona]) -> _Persona | None:
    """The persona a label names: same words, a subset ("KING CLAUDIUS" ⊇ "CLAUDIUS"),
    or the start of a longer name ("Ghost" → "Ghost of Hamlet's Father")."""
    words = _words(label)
    if not words:
        return None
    exact = [p for p in personae if p.words == words]
    if exact:
        return exact[0]
    scored = [(len(p.words), p) for p in personae
              if p.words and (set(p.words) <= set(words) or p.words[: len(words)] == words)]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    top = [p for score, p in scored if score == best]
    return top[0] if len(top) == 1 else None


def _group_of(label: str, personae: list[_Persona]) -> _Persona | None:
    """The group persona ("Two Clowns", "Players", "Lords, Ladies, …") a label is one of."""
    for word in _words(label):
        plurals = {f"{word}s", f"{word}es", f"{word[:-1]}ies" if word.endswith("y") else f"{word}s"}
        for persona in personae:
            if plurals & persona.all_words:
                return persona
    return None
