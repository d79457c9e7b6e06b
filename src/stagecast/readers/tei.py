"""TEI drama (the DraCor schema) → :class:`Play`. Mapping decisions are in docs/import.md.

Speakers are keyed by ``sp/@who`` (``particDesc`` person/personGrp ids), never by the printed
label, whose spelling and case vary. Acts stay acts; scene divs (or DraCor's ``configuration``
segments when an act has no scenes) become scenes. Numbered divs (``div1``, ``div2`` …) are divs;
a collection (``text/group/text``: a play in parts) gives each part's acts in turn.
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
NOT_THE_PLAY = frozenset({"content", "contents", "toc"})
"""Div types that are the printed book's, not the play's: a table of contents (SweDraCor's ``content``)."""
GENERIC_DIVS = frozenset({"act", "scene", "configuration", "div", "part"})
"""Div types that say nothing a title could: an untitled div of any other type (GreekDraCor's
``episode``, ``choral``, ``parodos``) is titled by its type."""
CONTAINERS = frozenset({"floatingText", "front", "body", "group", "text", "prologue", "epilogue"})
"""Read through for what they hold: a play inside a story (``floatingText``) keeps its speeches."""
BLOCKS = frozenset({"p", "l", "ab"})
SKIPPED = frozenset({"speaker", "pb", "cb", "fw", "gap", "del", "sic", "orig", "abbr", "milestone", "figure"})
NOT_TEXT = frozenset({"note", "fw"})
"""Never part of a direction's or a name's words: footnotes, and the page's running heads and numbers."""
UNKNOWN_ROLE = "unknown"
_DIV = re.compile(r"div[1-7]?")


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


def _is_div(element: ET.Element) -> bool:
    """``div`` or a numbered ``div1``…``div7``, unless it is the book's table of contents."""
    return _DIV.fullmatch(local(element.tag)) is not None and element.get("type") not in NOT_THE_PLAY


def _divs(element: ET.Element) -> list[ET.Element]:
    return [c for c in element if _is_div(c)]


def _joins(element: ET.Element) -> bool:
    """A line, column or page break inside a word (``break="no"``): the word goes on after it."""
    return local(element.tag) in ("lb", "cb", "pb") and element.get("break") == "no"


def _text(element: ET.Element, skip: frozenset[str] = NOT_TEXT) -> str:
    """All text inside ``element`` except what sits in ``skip`` elements; a word broken by
    ``<lb break="no"/>`` is one word again."""
    parts: list[str] = []
    _gather(element, skip, parts, [False])
    return "".join(parts)


def _gather(element: ET.Element, skip: frozenset[str], parts: list[str], joining: list[bool]) -> None:
    _add(parts, element.text, joining)
    for child in element:
        if _joins(child):
            joining[0] = True
        elif local(child.tag) not in skip:
            _gather(child, skip, parts, joining)
        _add(parts, child.tail, joining)


def _add(parts: list[str], text: str | None, joining: list[bool]) -> None:
    if text and joining[0]:
        text = text.lstrip()  # the indentation of the source's next line is not a space in the word
        joining[0] = not text
    if text:
        parts.append(text)


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
        self._by_name: dict[str, set[str]] | None = None
        self._by_id: dict[str, ET.Element] = {}

    # -- the whole play -------------------------------------------------------------------
    def read(self) -> Imported:
        text = _first(self.root, "text")
        parts = self._parts(text) if text is not None else []
        if not parts:
            raise ScriptError.at(self.doc.loc(text if text is not None else self.root),
                                 "this TEI file has no <text><body> (nor a <group> of texts with bodies): "
                                 "nothing to import")
        meta_bits = self._meta()
        self.title = meta_bits["title"]
        self._persons()
        cast_only = self._cast_list()
        for _, body in parts:
            self._collect_labels(body)
        self._mention_index(cast_only)
        acts, scenes = [], []
        for part_title, body in parts:
            more_acts, more_scenes = self._structure(body, part_title, len(acts) + 1)
            acts += more_acts
            scenes += more_scenes
        if not any(isinstance(i, Speech) for s in scenes for i in s.items):
            raise ScriptError.at(self.doc.loc(parts[0][1]), "no speeches (<sp>) found in this TEI file")
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
            notes.append(f"Imported from TEI; licence of the source: {plain(_text(licence)).rstrip('.')}.")
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
        same = self._same_person(xml_id)
        if same is not None:
            return same.role_id
        cast_only = next((r for name, r in self.cast_only_ids.items() if name.casefold() == xml_id.casefold()), None)
        if cast_only is not None:
            return cast_only  # a castItem no person matched (Chaika's Горничная), named by its id
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

    def _same_person(self, xml_id: str) -> _Person | None:
        """The one particDesc person an undeclared id means, by name: SweDraCor's directions say
        ``who="#Ivar"``, an id of the editorial cast list in <back> (persName "Ivar Hillner"),
        for particDesc's ``spIvar``, whose names include both."""
        if self._by_name is None:
            self._by_name = {}
            for person in self.persons.values():
                for element in person.element.iter():
                    if local(element.tag) in ("persName", "name"):
                        self._by_name.setdefault(_name_key(element), set()).add(person.xml_id)
            self._by_id = {e.get(XML_ID, ""): e for e in self.root.iter() if e.get(XML_ID)}
        by_id = self._by_name.get(xml_id.casefold(), set())
        element = self._by_id.get(xml_id)
        names = {_name_key(n) for n in element.iter() if local(n.tag) in ("persName", "name")} if element is not None \
            else set()
        by_names = {pid for key in names for pid in self._by_name.get(key, ())}
        # "Hillner" may be two persons' name (Professorn and Farmor): the id tells them apart.
        for found in (by_id & by_names, by_names, by_id):
            if len(found) == 1:
                return self.persons[next(iter(found))]
        return None

    def _unknown_role(self, at: ET.Element) -> str:
        if not any(r.id == self.unknown_id for r in self.extra_roles):
            self.extra_roles.append(Role(self.unknown_id, "Unknown speaker", loc=self.doc.loc(at)))
        self.warnings.append(Diagnostic("warning", self.doc.loc(at), "a speech with no @who and no speaker "
                                        f"label; given to the role '{self.unknown_id}'"))
        return self.unknown_id

    # -- acts and scenes -------------------------------------------------------------------
    def _parts(self, text: ET.Element) -> list[tuple[str, ET.Element]]:
        """(part title, body) of each text: the one body, or each text of a ``group`` in order,
        titled by its own front's title, else by the source its ``@corresp`` points at."""
        body = _first(text, "body")
        if body is not None:
            return [("", body)]
        group = _first(text, "group")
        parts: list[tuple[str, ET.Element]] = []
        for n, inner in enumerate(_children(group, "text") if group is not None else [], 1):
            for title, inner_body in self._parts(inner):
                parts.append((title or self._part_title(inner) or f"{n}", inner_body))
        return parts

    def _part_title(self, text: ET.Element) -> str:
        title_part = text.find("{*}front/{*}docTitle/{*}titlePart")
        if title_part is not None and plain(_text(title_part)):
            return plain(_text(title_part)).rstrip(".")
        source = (text.get("corresp") or "").lstrip("#")
        for bibl in self.root.iter() if source else ():
            if bibl.get(XML_ID) == source:
                title = bibl.find(".//{*}title")  # biblStruct: analytic/title
                return plain(_text(title)) if title is not None else ""
        return ""

    def _structure(self, body: ET.Element, part: str = "", first: int = 1) -> tuple[list[Act], list[Scene]]:
        """The acts and scenes of one body; ``part`` is its title in a collection of texts, whose
        acts are numbered on from ``first``."""
        divs = _divs(body)
        counter = [0]
        if part and not any(d.get("type") == "act" for d in divs):
            act = Act(f"act-{first}", part, loc=self.doc.loc(body))  # a part with no acts is one
            return [act], self._divide(body, act, "", counter, f"{first}.", is_act=True)
        if not divs:
            return [], [self._scene(body, "1", self._title_of(body) or self.title, None)]
        if not any(d.get("type") == "act" or self._scene_divs(d) for d in divs):
            titles = _type_titles(divs)
            groups = [self._divide(d, None, "", counter, str(n), own=titles.get(id(d), ""))
                      for n, d in enumerate(divs, 1)]
            return [], self._attach_loose(body, groups, divs)
        acts, groups = [], []
        for n, div in enumerate(divs, first):
            title = self._title_of(div) or _act_word(self.lang, n - first + 1)
            act = Act(f"act-{n}", f"{part}, {title}" if part else title, loc=self.doc.loc(div))
            acts.append(act)
            counter[0] = 0
            groups.append(self._divide(div, act, "", counter, f"{n}.", is_act=True))
        return acts, self._attach_loose(body, groups, divs)

    def _scene_divs(self, div: ET.Element) -> list[ET.Element]:
        """The sub-divs of a div (not an act) that are scenes: typed as scenes, titled, or holding
        divs of their own. The others — GreekDraCor's strophe, antistrophe, anapests, untitled
        and typed by their metre — are sections of the div's text, read in place."""
        return [d for d in _divs(div) if d.get("type") in SCENE_DIVS or _first(d, "head") is not None or _divs(d)]

    def _divide(self, div: ET.Element, act: Act | None, prefix: str, counter: list[int], id_prefix: str,
                is_act: bool = False, own: str = "") -> list[Scene]:
        """The scenes a div makes: itself when it has no sub-divs, else its (innermost) sub-divs.
        Scene sub-divs win over DraCor's ``configuration`` segments, which win over any other."""
        subdivs = _divs(div) if is_act else self._scene_divs(div)
        for kind in SCENE_DIVS:
            chosen = [d for d in subdivs if d.get("type") == kind]
            if chosen:
                break
        else:
            chosen = subdivs
        own = self._title_of(div) or own
        if not chosen:
            counter[0] += 1
            scene_id = f"{id_prefix}{counter[0]}" if is_act or act else id_prefix
            title = ", ".join(t for t in (prefix, own) if t) or (act.title if act else self.title)
            return [self._scene(div, scene_id, title, act.id if act else None)]
        groups = []
        for n, sub in enumerate(chosen, 1):
            inner_prefix = "" if is_act else ", ".join(t for t in (prefix, own) if t)
            if not self._title_of(sub) and not _divs(sub):
                inner_prefix = inner_prefix or f"{own or (act.title if act else self.title)} ({n})"
            groups.append(self._divide(sub, act, inner_prefix, counter, id_prefix if act else f"{id_prefix}.{n}"))
        return self._attach_loose(div, groups, chosen)

    def _attach_loose(self, parent: ET.Element, groups: list[list[Scene]], divs: list[ET.Element]) -> list[Scene]:
        """What sits between the divs joins a neighbour: before the first → the first scene,
        after a div → the last scene made from that div. A div that is no scene is read there too."""
        scenes = [s for group in groups for s in group]
        if not scenes:
            return scenes
        extra: dict[int, tuple[list[Item], list[Item]]] = {}
        last = -1
        for child in parent:
            if any(child is d for d in divs):
                last = next(i for i, d in enumerate(divs) if d is child)
                continue
            if local(child.tag) == "head":
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
            elif _is_div(element) or name in CONTAINERS:
                self._items([c for c in element if local(c.tag) != "head"], out)
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
            elif _joins(child):
                text.join_next()
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


_ACT_WORDS = {"ru": "Действие {n}", "de": "Akt {n}", "uk": "Дія {n}", "fr": "Acte {n}", "tt": "{n} пәрдә",
              "sv": "Akt {n}"}


def _type_titles(divs: list[ET.Element]) -> dict[int, str]:
    """Titles for untitled divs from their type (``episode`` → ``Episode 2`` when there are several)."""
    typed = [(d, (d.get("type") or "").strip()) for d in divs if _first(d, "head") is None]
    typed = [(d, t) for d, t in typed if t and t.casefold() not in GENERIC_DIVS]
    totals: dict[str, int] = {}
    for _, kind in typed:
        totals[kind.casefold()] = totals.get(kind.casefold(), 0) + 1
    seen: dict[str, int] = {}
    titles = {}
    for div, kind in typed:
        word = re.sub(r"[-_]+", " ", kind)
        word = word[:1].upper() + word[1:]
        seen[kind.casefold()] = seen.get(kind.casefold(), 0) + 1
        titles[id(div)] = f"{word} {seen[kind.casefold()]}" if totals[kind.casefold()] > 1 else word
    return titles


def _name_key(name: ET.Element) -> str:
    """A name compared without case or layout (``<forename>Ivar</forename> <surname>…``)."""
    return plain(" ".join(name.itertext())).casefold()


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

