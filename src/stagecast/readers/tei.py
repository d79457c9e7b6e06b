"""TEI drama (the DraCor schema) → :class:`Play`. Mapping decisions are in docs/import.md.

Speakers are keyed by ``sp/@who`` (``particDesc`` person/personGrp ids), never by the printed
label, whose spelling and case vary. Acts stay acts; scene divs (or DraCor's ``configuration``
segments when an act has no scenes) become scenes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import Diagnostic, ScriptError
from ..model import Act, Direction, Item, Meta, Play, Role, Scene, Speech
from ..rules import number_speeches
from .imported import (
    Imported,
    Mentions,
    SpeechText,
    has_words,
    language_code,
    make_direction,
    placeholder_cast,
    plain,
    role_ids,
)
from .xml_safe import XML_ID, XML_LANG, XmlDoc, local, parse_xml

SCENE_DIVS = ("scene", "configuration")
BLOCKS = frozenset({"p", "l", "ab"})
SKIPPED = frozenset({"speaker", "pb", "cb", "fw", "gap", "del", "sic", "orig", "abbr", "milestone", "figure"})
UNKNOWN_ROLE = "unknown"


def read_tei(data: bytes, path: str) -> Imported:
    doc = parse_xml(data, path)
    if local(doc.root.tag) != "TEI":
        raise ScriptError.at(doc.loc(doc.root), f"not a TEI document: the root element is <{local(doc.root.tag)}>")
    return _TeiReader(doc).read()


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name]


def _first(element: ET.Element | None, *names: str) -> ET.Element | None:
    """The first descendant reached by following ``names`` (each a direct child name)."""
    for name in names:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def _text(element: ET.Element, skip: frozenset[str] = frozenset({"note"})) -> str:
    """All text inside ``element`` except what sits in ``skip`` elements."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class _Person:
    xml_id: str
    name: str
    element: ET.Element
    role_id: str = ""
    description: str | None = None
    labels: list[str] = field(default_factory=list)


class _TeiReader:
    def __init__(self, doc: XmlDoc):
        self.doc = doc
        self.root = doc.root
        self.lang = language_code(self.root.get(XML_LANG), "en")
        self.warnings: list[Diagnostic] = []
        self.notes: list[str] = []
        self.persons: dict[str, _Person] = {}
        self.extra_roles: list[Role] = []
        self.undeclared: dict[str, str] = {}
        self.cast_only_ids: dict[str, str] = {}
        self.unknown_id = UNKNOWN_ROLE
        self.mentions = Mentions({})
        self.scene_label = ""
        self.title = "Untitled"

    # -- the whole play -------------------------------------------------------------------
    def read(self) -> Imported:
        body = _first(self.root, "text", "body")
        if body is None:
            raise ScriptError.at(self.doc.loc(self.root), "this TEI file has no <text><body>: nothing to import")
        meta_bits = self._meta()
        self.title = meta_bits["title"]
        self._persons()
        cast_only = self._cast_list()
        self._collect_labels(body)
        self._mention_index(cast_only)
        acts, scenes = self._structure(body)
        if not any(isinstance(i, Speech) for s in scenes for i in s.items):
            raise ScriptError.at(self.doc.loc(body), "no speeches (<sp>) found in this TEI file")
        roles = self._roles(cast_only, scenes)
        meta = self._finish_meta(meta_bits)
        play = Play(meta=meta, roles=tuple(roles), performers=placeholder_cast(roles),
                    sequence=number_speeches(scenes), acts=tuple(acts), source=self.doc.path)
        return Imported(play, "tei", tuple(self.warnings))

    def _meta(self) -> dict:
        stmt = _first(self.root, "teiHeader", "fileDesc", "titleStmt")
        titles = _children(stmt, "title") if stmt is not None else []
        mine = [t for t in titles if language_code(t.get(XML_LANG), self.lang) == self.lang]
        main = [t for t in mine if t.get("type") in (None, "main")]
        subs = [t for t in mine if t.get("type") == "sub"]
        title = plain(_text(main[0])) if main else ""
        if not title:
            title_part = self.root.find(".//{*}titlePart")
            title = plain(_text(title_part)) if title_part is not None else ""
        credits = []
        for author in _children(stmt, "author") if stmt is not None else []:
            credits.append(("author", self._person_name(author)))
        for editor in _children(stmt, "editor") if stmt is not None else []:
            credits.append((editor.get("role") or "editor", self._person_name(editor)))
        merged: dict[str, list[str]] = {}  # two <author>s are one credit: a play's credits are keyed
        for key, name in credits:
            if name and name not in merged.setdefault(key, []):
                merged[key].append(name)
        return {"title": title or "Untitled", "subtitle": (plain(_text(subs[0])) if subs else "") or None,
                "credits": tuple((k, ", ".join(v)) for k, v in merged.items() if v)}

    def _person_name(self, element: ET.Element) -> str:
        names = [p for p in _children(element, "persName") if language_code(p.get(XML_LANG), self.lang) == self.lang]
        chosen = names[0] if names else element
        return plain(" ".join(t for t in chosen.itertext() if t.strip() and not t.strip().isdigit()))

    def _finish_meta(self, bits: dict) -> Meta:
        notes = []
        for setting in self.root.iterfind(".//{*}front/{*}set"):
            notes.append(plain(_text(setting)))
        if self.notes:
            notes.append("Footnotes in the source:\n" + "\n".join(f"- {n}" for n in self.notes))
        licence = self.root.find(".//{*}publicationStmt//{*}licence")
        if licence is not None and plain(_text(licence)):
            notes.append(f"Imported from TEI; licence of the source: {plain(_text(licence))}.")
        return Meta(title=bits["title"], subtitle=bits["subtitle"], credits=bits["credits"], lang=self.lang,
                    notes="\n\n".join(n for n in notes if n) or None, loc=self.doc.loc(self.root))

    # -- roles ----------------------------------------------------------------------------
    def _persons(self) -> None:
        listing = self.root.find(".//{*}particDesc")
        if listing is None:
            return
        for element in listing.iter():
            if local(element.tag) not in ("person", "personGrp") or not element.get(XML_ID):
                continue
            names = [n for n in element if local(n.tag) in ("persName", "name")]
            mine = [n for n in names if language_code(n.get(XML_LANG), self.lang) == self.lang] or names
            name = plain(_text(mine[0])) if mine else ""
            xml_id = element.get(XML_ID, "")
            self.persons[xml_id] = _Person(xml_id, name or xml_id, element)

    def _cast_list(self) -> list[tuple[str, str, ET.Element]]:
        """Match castItems to persons (for descriptions); return the items nobody speaks as."""
        items = []
        group_of: dict[int, ET.Element | None] = {}
        for castgroup in self.root.iterfind(".//{*}castList//{*}castGroup"):
            for member in castgroup.iter():
                group_of[id(member)] = _first(castgroup, "roleDesc")
        for item in self.root.iterfind(".//{*}castList//{*}castItem"):
            group = group_of.get(id(item))
            role = _first(item, "role")
            full = plain(_text(item))
            name = plain(_text(role)).rstrip(",") if role is not None else full.split(",")[0].rstrip(".")
            description = full + (f" ({plain(_text(group))})" if group is not None else "")
            items.append((name, description, item))
        unmatched = []
        used: set[int] = set()
        for person in self.persons.values():
            index = _best_cast_item(person.name, items, used)
            if index is not None:
                used.add(index)
                person.description = items[index][1]
        for index, (name, description, item) in enumerate(items):
            if index not in used and name and name not in {n for n, _, _ in unmatched}:  # one role per name
                unmatched.append((name, description, item))
        return unmatched

    def _collect_labels(self, body: ET.Element) -> None:
        for sp in body.iter():
            if local(sp.tag) != "sp":
                continue
            who = self._who(sp)
            speaker = _first(sp, "speaker")
            if len(who) == 1 and speaker is not None and who[0] in self.persons:
                label = _label(speaker)
                if label and label not in self.persons[who[0]].labels:
                    self.persons[who[0]].labels.append(label)

    def _mention_index(self, cast_only: list[tuple[str, str, ET.Element]]) -> None:
        ids = role_ids([p.xml_id for p in self.persons.values()] + [n for n, _, _ in cast_only] + [UNKNOWN_ROLE])
        for person, role_id in zip(self.persons.values(), ids, strict=False):
            person.role_id = role_id
        self.cast_only_ids = dict(zip([n for n, _, _ in cast_only], ids[len(self.persons):], strict=False))
        self.unknown_id = ids[-1]
        names: dict[str, list[str]] = {p.role_id: [p.name, *p.labels] for p in self.persons.values()}
        for name, role_id in self.cast_only_ids.items():
            names[role_id] = [name]
        self.mentions = Mentions(names)

    def _roles(self, cast_only: list[tuple[str, str, ET.Element]], scenes: list[Scene]) -> list[Role]:
        roles = [Role(p.role_id, p.name, description=p.description, loc=self.doc.loc(p.element))
                 for p in self.persons.values()]
        needed = {r for s in scenes for i in s.items for r in getattr(i, "roles", ()) or getattr(i, "speakers", ())}
        for name, description, item in cast_only:
            role_id = self.cast_only_ids[name]
            if role_id in needed:
                roles.append(Role(role_id, name, description=description, loc=self.doc.loc(item)))
            else:
                self.warnings.append(Diagnostic("warning", self.doc.loc(item),
                                                f"cast list entry '{name}' never speaks and is never named "
                                                "in a direction; it is not made a role"))
        return roles + self.extra_roles

    def _who(self, element: ET.Element) -> list[str]:
        return [w.lstrip("#") for w in (element.get("who") or "").split() if w.lstrip("#")]

    def _role_for(self, xml_id: str, label: str, at: ET.Element) -> str:
        """The role id for a ``@who`` id; an id no person declares becomes a role of its own."""
        if xml_id in self.persons:
            return self.persons[xml_id].role_id
        if xml_id not in self.undeclared:
            taken = [p.role_id for p in self.persons.values()] + list(self.cast_only_ids.values()) \
                + [r.id for r in self.extra_roles] + [self.unknown_id]
            role_id = role_ids(taken + [xml_id])[-1]
            self.undeclared[xml_id] = role_id
            self.extra_roles.append(Role(role_id, label or xml_id, loc=self.doc.loc(at)))
            self.warnings.append(Diagnostic("warning", self.doc.loc(at),
                                            f"speaker '{xml_id}' is not declared in particDesc; "
                                            f"made a role '{role_id}' for it"))
        return self.undeclared[xml_id]

    def _unknown_role(self, at: ET.Element) -> str:
        if not any(r.id == self.unknown_id for r in self.extra_roles):
            self.extra_roles.append(Role(self.unknown_id, "Unknown speaker", loc=self.doc.loc(at)))
        self.warnings.append(Diagnostic("warning", self.doc.loc(at), "a speech with no @who and no speaker "
                                        f"label; given to the role '{self.unknown_id}'"))
        return self.unknown_id

    # -- acts and scenes -------------------------------------------------------------------
    def _structure(self, body: ET.Element) -> tuple[list[Act], list[Scene]]:
        divs = [c for c in body if local(c.tag) == "div"]
        counter = [0]
        if not divs:
            return [], [self._scene(body, "1", self._title_of(body) or self.title, None)]
        if not any(d.get("type") == "act" or _children(d, "div") for d in divs):
            groups = [self._divide(d, None, "", counter, str(n)) for n, d in enumerate(divs, 1)]
            return [], self._attach_loose(body, groups, divs)
        acts, groups = [], []
        for n, div in enumerate(divs, 1):
            act = Act(f"act-{n}", self._title_of(div) or _act_word(self.lang, n), loc=self.doc.loc(div))
            acts.append(act)
            counter[0] = 0
            groups.append(self._divide(div, act, "", counter, f"{n}.", is_act=True))
        return acts, self._attach_loose(body, groups, divs)

    def _divide(self, div: ET.Element, act: Act | None, prefix: str, counter: list[int], id_prefix: str,
                is_act: bool = False) -> list[Scene]:
        """The scenes a div makes: itself when it has no sub-divs, else its (innermost) sub-divs.
        Scene sub-divs win over DraCor's ``configuration`` segments, which win over any other."""
        subdivs = [c for c in div if local(c.tag) == "div"]
        for kind in SCENE_DIVS:
            chosen = [d for d in subdivs if d.get("type") == kind]
            if chosen:
                break
        else:
            chosen = subdivs
        own = self._title_of(div)
        if not chosen:
            counter[0] += 1
            scene_id = f"{id_prefix}{counter[0]}" if is_act or act else id_prefix
            title = ", ".join(t for t in (prefix, own) if t) or (act.title if act else self.title)
            return [self._scene(div, scene_id, title, act.id if act else None)]
        groups = []
        for n, sub in enumerate(chosen, 1):
            inner_prefix = "" if is_act else ", ".join(t for t in (prefix, own) if t)
            if not self._title_of(sub) and not _children(sub, "div"):
                inner_prefix = inner_prefix or f"{own or (act.title if act else self.title)} ({n})"
            groups.append(self._divide(sub, act, inner_prefix, counter, id_prefix if act else f"{id_prefix}.{n}"))
        return self._attach_loose(div, groups, chosen)

    def _attach_loose(self, parent: ET.Element, groups: list[list[Scene]], divs: list[ET.Element]) -> list[Scene]:
        """What sits between the divs joins a neighbour: before the first → the first scene,
        after a div → the last scene made from that div."""
        scenes = [s for group in groups for s in group]
        if not scenes:
            return scenes
        extra: dict[int, tuple[list[Item], list[Item]]] = {}
        last = -1
        for child in parent:
            if any(child is d for d in divs):
                last = next(i for i, d in enumerate(divs) if d is child)
                continue
            if local(child.tag) in ("div", "head"):
                continue
            group = max(last, 0)
            target = scenes.index(groups[group][0] if last < 0 else groups[group][-1])
            self.scene_label = scenes[target].title
            before, after = extra.setdefault(target, ([], []))
            self._items([child], before if last < 0 else after)
        out = []
        for i, scene in enumerate(scenes):
            before, after = extra.get(i, ([], []))
            out.append(_replace_items(scene, before + list(scene.items) + after) if before or after else scene)
        return out

    def _title_of(self, div: ET.Element) -> str:
        head = _first(div, "head")
        return plain(_text(head)).rstrip(".") if head is not None else ""

    def _scene(self, div: ET.Element, scene_id: str, title: str, act: str | None) -> Scene:
        self.scene_label = title
        items = self._items([c for c in div if local(c.tag) != "head"], [])
        if not items:
            items = [Direction(title, loc=self.doc.loc(div))]
            self.warnings.append(Diagnostic("warning", self.doc.loc(div), f"scene '{title}' is empty; "
                                            "gave it a direction with its title so that it is kept"))
        return Scene(id=scene_id, title=title, items=tuple(items), act=act, loc=self.doc.loc(div))

    def _items(self, elements: list[ET.Element], out: list[Item]) -> list[Item]:
        for element in elements:
            name = local(element.tag)
            if name == "sp":
                out.append(self._sp(element, out))
            elif name == "stage":
                text = plain(_text(element))
                self._notes_in(element)
                if text:
                    out.append(self._free_direction(element, text, out))
            elif name == "div":
                self._items(list(element), out)
            elif name in ("p", "ab", "l", "lg", "trailer", "set"):
                text = plain(_text(element))
                self._notes_in(element)
                if text:
                    out.append(make_direction(text, self.mentions.find(text), self.doc.loc(element)))
            elif name == "note":
                self._note(element)
        return out

    def _free_direction(self, element: ET.Element, text: str, before: list[Item]) -> Direction:
        who = [self._role_for(w, "", element) for w in self._who(element)]
        roles = who or list(self.mentions.find(text))
        previous = next((i.speakers for i in reversed(before) if isinstance(i, Speech)), ())
        direction = make_direction(text, roles, self.doc.loc(element), previous_speakers=previous)
        kind = {"entrance": "entrance", "exit": "exit"}.get(element.get("type") or "")
        if kind and direction.roles:
            direction = Direction(direction.text, direction.roles, kind, direction.loc)  # type: ignore[arg-type]
        return direction

    # -- speeches -------------------------------------------------------------------------
    def _sp(self, sp: ET.Element, before: list[Item]) -> Speech | Direction:
        speaker = _first(sp, "speaker")
        label = _label(speaker) if speaker is not None else ""
        who = self._who(sp)
        if who:
            speakers = tuple(dict.fromkeys(self._role_for(w, label, sp) for w in who))
        elif label:
            speakers = (self._role_by_label(label, sp),)
        else:
            speakers = (self._unknown_role(sp),)
        text = SpeechText(literal_parens=True)
        stages: list[str] = []
        self._content(sp, text, stages, [False])
        parts = text.parts()
        loc = self.doc.loc(sp)
        if not has_words(parts):
            said = " ".join(stages)
            name = label or self._role_name(speakers[0])
            return make_direction(f"{name} {said}" if said else name, speakers, loc)
        group_label = label if len(speakers) > 1 and label else None
        return Speech(speakers=speakers, parts=parts, label=group_label, loc=loc)

    def _role_by_label(self, label: str, at: ET.Element) -> str:
        wanted = label.casefold()
        for person in self.persons.values():
            if wanted in (person.name.casefold(), *(lb.casefold() for lb in person.labels)):
                return person.role_id
        return self._role_for(label, label, at)

    def _role_name(self, role_id: str) -> str:
        for person in self.persons.values():
            if person.role_id == role_id:
                return person.name
        return next((r.name for r in self.extra_roles if r.id == role_id), role_id)

    def _content(self, element: ET.Element, text: SpeechText, stages: list[str], started: list[bool]) -> None:
        """Walk a speech's content: blocks start new lines, <stage> becomes a parenthetical."""
        for child in element:
            name = local(child.tag)
            if name == "stage":
                stage_text = plain(_text(child))
                self._notes_in(child)
                if stage_text:
                    text.paren(stage_text)
                    stages.append(stage_text)
            elif name == "note":
                self._note(child)
            elif name in SKIPPED:
                pass
            elif name == "lb":
                text.spoken(" ")
            elif name == "choice":
                self._choice(child, text, stages, started)
            elif name in BLOCKS:
                if started[0]:
                    text.line_break()
                started[0] = True
                text.spoken(child.text or "")
                self._content(child, text, stages, started)
            elif name == "lg":
                self._content(child, text, stages, started)
            else:
                text.spoken(child.text or "")
                self._content(child, text, stages, started)
            if child.tail:
                text.spoken(child.tail)

    def _choice(self, choice: ET.Element, text: SpeechText, stages: list[str], started: list[bool]) -> None:
        preferred = next((c for c in choice if local(c.tag) in ("corr", "reg", "expan")), None)
        if preferred is not None:
            text.spoken(preferred.text or "")
            self._content(preferred, text, stages, started)

    def _notes_in(self, element: ET.Element) -> None:
        for note in element.iter():
            if local(note.tag) == "note":
                self._note(note)

    def _note(self, note: ET.Element) -> None:
        body = plain(_text(note, frozenset()))
        if body:
            self.notes.append(f"[{self.scene_label}] {body}")


_ACT_WORDS = {"ru": "Действие {n}", "de": "Akt {n}", "uk": "Дія {n}", "fr": "Acte {n}", "tt": "{n} пәрдә"}


def _act_word(lang: str, n: int) -> str:
    return _ACT_WORDS.get(lang, "Act {n}").format(n=n)


def _label(speaker: ET.Element) -> str:
    return plain(_text(speaker)).rstrip(".,:;").strip()


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(plain(text).casefold())


def _best_cast_item(name: str, items: list[tuple[str, str, ET.Element]], used: set[int]) -> int | None:
    """The castItem describing the person ``name``: all of its words in the item's name, else
    in exactly one item's whole text."""
    wanted = set(_words(re.sub(r"\([^)]*\)", " ", name)))
    if not wanted:
        return None
    by_name = [i for i, (n, _, _) in enumerate(items) if i not in used and wanted <= set(_words(n))]
    if len(by_name) >= 1:
        return min(by_name, key=lambda i: len(_words(items[i][0])))
    by_text = [i for i, (_, d, _) in enumerate(items) if i not in used and wanted <= set(_words(d))]
    return by_text[0] if len(by_text) == 1 else None


def _replace_items(scene: Scene, items: list[Item]) -> Scene:
    return Scene(id=scene.id, title=scene.title, items=tuple(items), setting=scene.setting, act=scene.act,
                 loc=scene.loc)

