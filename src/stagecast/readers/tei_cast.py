"""Who speaks in a TEI play: the ``particDesc`` persons, the cast list, and a role for every ``@who``.

Speakers are keyed by ``sp/@who`` (person ids), never by the printed label, whose spelling and
case vary; the labels a person is printed under are kept to find them named in directions. A
castItem gives its person's description; one that matches no person becomes a role only when a
scene needs it. An id that no person declares gets a role of its own, with a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import Diagnostic
from ..model import Role, Scene
from ..notation.direction_words import Mentions
from .imported import language_code, plain, role_ids
from .tei_elements import follow, inner_text, speaker_label
from .xml_safe import XML_ID, XML_LANG, XmlDoc, local

UNKNOWN_ROLE = "unknown"


@dataclass
class _Person:
    xml_id: str
    name: str
    element: ET.Element
    role_id: str = ""
    description: str | None = None
    labels: list[str] = field(default_factory=list)


class TeiCast:
    """The roles of one TEI play, and the role id each speaker reference means."""

    def __init__(self, doc: XmlDoc, lang: str, warnings: list[Diagnostic]):
        self.doc = doc
        self.root = doc.root
        self.lang = lang
        self.warnings = warnings
        self.persons: dict[str, _Person] = {}
        self.extra_roles: list[Role] = []
        self.undeclared: dict[str, str] = {}
        self.cast_only: list[tuple[str, str, ET.Element]] = []
        self.cast_only_ids: dict[str, str] = {}
        self.unknown_id = UNKNOWN_ROLE
        self.mentions = Mentions({})
        self._by_name: dict[str, set[str]] | None = None
        self._by_id: dict[str, ET.Element] = {}

    def read(self, bodies: list[ET.Element]) -> None:
        """Persons, cast list and every label a person speaks under in ``bodies``: all known
        before the first scene is read, since a direction may name a role by any of them."""
        self._persons()
        self.cast_only = self._cast_list()
        for body in bodies:
            self._collect_labels(body)
        self._mention_index(self.cast_only)

    def _persons(self) -> None:
        listing = self.root.find(".//{*}particDesc")
        if listing is None:
            return
        for element in listing.iter():
            if local(element.tag) not in ("person", "personGrp") or not element.get(XML_ID):
                continue
            names = [n for n in element if local(n.tag) in ("persName", "name")]
            mine = [n for n in names if language_code(n.get(XML_LANG), self.lang) == self.lang] or names
            name = plain(inner_text(mine[0])) if mine else ""
            xml_id = element.get(XML_ID, "")
            self.persons[xml_id] = _Person(xml_id, name or xml_id, element)

    def _cast_list(self) -> list[tuple[str, str, ET.Element]]:
        """Match castItems to persons (for descriptions); return the items nobody speaks as."""
        items = []
        group_of: dict[int, ET.Element | None] = {}
        for castgroup in self.root.iterfind(".//{*}castList//{*}castGroup"):
            for member in castgroup.iter():
                group_of[id(member)] = follow(castgroup, "roleDesc")
        for item in self.root.iterfind(".//{*}castList//{*}castItem"):
            group = group_of.get(id(item))
            role = follow(item, "role")
            full = plain(inner_text(item))
            name = plain(inner_text(role)).rstrip(",") if role is not None else full.split(",")[0].rstrip(".")
            description = full + (f" ({plain(inner_text(group))})" if group is not None else "")
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
            who = self.who(sp)
            speaker = follow(sp, "speaker")
            if len(who) == 1 and speaker is not None and who[0] in self.persons:
                label = speaker_label(speaker)
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

    def roles(self, scenes: list[Scene]) -> list[Role]:
        """The persons' roles, the cast-list entries some scene needs, and the roles made for
        undeclared speakers; a cast-list entry no scene needs is a warning."""
        roles = [Role(p.role_id, p.name, description=p.description, loc=self.doc.loc(p.element))
                 for p in self.persons.values()]
        needed = {r for s in scenes for i in s.items for r in getattr(i, "roles", ()) or getattr(i, "speakers", ())}
        for name, description, item in self.cast_only:
            role_id = self.cast_only_ids[name]
            if role_id in needed:
                roles.append(Role(role_id, name, description=description, loc=self.doc.loc(item)))
            else:
                self.warnings.append(Diagnostic("warning", self.doc.loc(item),
                                                f"cast list entry '{name}' never speaks and is never named "
                                                "in a direction; it is not made a role"))
        return roles + self.extra_roles

    def who(self, element: ET.Element) -> list[str]:
        """The person ids an element's ``@who`` names (``#a #b`` → ``a``, ``b``)."""
        return [w.lstrip("#") for w in (element.get("who") or "").split() if w.lstrip("#")]

    def role_for(self, xml_id: str, label: str, at: ET.Element) -> str:
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

    def unknown_role(self, at: ET.Element) -> str:
        """The role for a speech with neither ``@who`` nor a label (made once; warned each time)."""
        if not any(r.id == self.unknown_id for r in self.extra_roles):
            self.extra_roles.append(Role(self.unknown_id, "Unknown speaker", loc=self.doc.loc(at)))
        self.warnings.append(Diagnostic("warning", self.doc.loc(at), "a speech with no @who and no speaker "
                                        f"label; given to the role '{self.unknown_id}'"))
        return self.unknown_id

    def role_by_label(self, label: str, at: ET.Element) -> str:
        """The role for a speech with only a printed label: the person it names, else a new role."""
        wanted = label.casefold()
        for person in self.persons.values():
            if wanted in (person.name.casefold(), *(lb.casefold() for lb in person.labels)):
                return person.role_id
        return self.role_for(label, label, at)

    def role_name(self, role_id: str) -> str:
        """The printed name of a role (its id when it has none)."""
        for person in self.persons.values():
            if person.role_id == role_id:
                return person.name
        return next((r.name for r in self.extra_roles if r.id == role_id), role_id)


def _name_key(name: ET.Element) -> str:
    """A name compared without case or layout (``<forename>Ivar</forename> <surname>…``)."""
    return plain(" ".join(name.itertext())).casefold()


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
