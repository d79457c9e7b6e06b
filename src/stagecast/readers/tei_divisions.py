"""A TEI play's divisions → acts and scenes.

Acts stay acts; scene divs (or DraCor's ``configuration`` segments when an act has no scenes)
become scenes. Numbered divs (``div1``, ``div2`` …) are divs; a collection (``text/group/text``:
a play in parts) gives each part's acts in turn. What sits between divs joins a neighbouring
scene, so no speech is lost to the structure.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..errors import Diagnostic
from ..model import Act, Direction, Item, Scene
from .imported import plain
from .tei_elements import children_named, divs_in, follow, inner_text
from .tei_speech import TeiItems
from .xml_safe import XML_ID, XmlDoc, local

SCENE_DIVS = ("scene", "configuration")
GENERIC_DIVS = frozenset({"act", "scene", "configuration", "div", "part"})
"""Div types that say nothing a title could: an untitled div of any other type (GreekDraCor's
``episode``, ``choral``, ``parodos``) is titled by its type."""


def play_parts(root: ET.Element, text: ET.Element) -> list[tuple[str, ET.Element]]:
    """(part title, body) of each text: the one body, or each text of a ``group`` in order,
    titled by its own front's title, else by the source its ``@corresp`` points at."""
    body = follow(text, "body")
    if body is not None:
        return [("", body)]
    group = follow(text, "group")
    parts: list[tuple[str, ET.Element]] = []
    for n, inner in enumerate(children_named(group, "text") if group is not None else [], 1):
        for title, inner_body in play_parts(root, inner):
            parts.append((title or _part_title(root, inner) or f"{n}", inner_body))
    return parts


def _part_title(root: ET.Element, text: ET.Element) -> str:
    title_part = text.find("{*}front/{*}docTitle/{*}titlePart")
    if title_part is not None and plain(inner_text(title_part)):
        return plain(inner_text(title_part)).rstrip(".")
    source = (text.get("corresp") or "").lstrip("#")
    for bibl in root.iter() if source else ():
        if bibl.get(XML_ID) == source:
            title = bibl.find(".//{*}title")  # biblStruct: analytic/title
            return plain(inner_text(title)) if title is not None else ""
    return ""


class TeiDivisions:
    """Acts and scenes of each body; ``content`` reads what the scenes hold."""

    def __init__(self, doc: XmlDoc, lang: str, title: str, content: TeiItems, warnings: list[Diagnostic]):
        self.doc = doc
        self.lang = lang
        self.title = title
        """The play's title, which a scene takes when it has no title of its own and no act."""
        self.content = content
        self.warnings = warnings

    def structure(self, body: ET.Element, part: str = "", first: int = 1) -> tuple[list[Act], list[Scene]]:
        """The acts and scenes of one body; ``part`` is its title in a collection of texts, whose
        acts are numbered on from ``first``."""
        divs = divs_in(body)
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
        return [d for d in divs_in(div) if d.get("type") in SCENE_DIVS or follow(d, "head") is not None or divs_in(d)]

    def _divide(self, div: ET.Element, act: Act | None, prefix: str, counter: list[int], id_prefix: str,
                is_act: bool = False, own: str = "") -> list[Scene]:
        """The scenes a div makes: itself when it has no sub-divs, else its (innermost) sub-divs.
        Scene sub-divs win over DraCor's ``configuration`` segments, which win over any other."""
        subdivs = divs_in(div) if is_act else self._scene_divs(div)
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
            if not self._title_of(sub) and not divs_in(sub):
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
            self.content.scene_label = scenes[target].title
            before, after = extra.setdefault(target, ([], []))
            self.content.items([child], before if last < 0 else after)
        out = []
        for i, scene in enumerate(scenes):
            before, after = extra.get(i, ([], []))
            out.append(_replace_items(scene, before + list(scene.items) + after) if before or after else scene)
        return out

    def _title_of(self, div: ET.Element) -> str:
        head = follow(div, "head")
        return plain(inner_text(head)).rstrip(".") if head is not None else ""

    def _scene(self, div: ET.Element, scene_id: str, title: str, act: str | None) -> Scene:
        self.content.scene_label = title
        items = self.content.items([c for c in div if local(c.tag) != "head"], [])
        if not items:
            items = [Direction(title, loc=self.doc.loc(div))]
            self.warnings.append(Diagnostic("warning", self.doc.loc(div), f"scene '{title}' is empty; "
                                            "gave it a direction with its title so that it is kept"))
        return Scene(id=scene_id, title=title, items=tuple(items), act=act, loc=self.doc.loc(div))


_ACT_WORDS = {"ru": "Действие {n}", "de": "Akt {n}", "uk": "Дія {n}", "fr": "Acte {n}", "tt": "{n} пәрдә",
              "sv": "Akt {n}"}


def _type_titles(divs: list[ET.Element]) -> dict[int, str]:
    """Titles for untitled divs from their type (``episode`` → ``Episode 2`` when there are several)."""
    typed = [(d, (d.get("type") or "").strip()) for d in divs if follow(d, "head") is None]
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


def _act_word(lang: str, n: int) -> str:
    return _ACT_WORDS.get(lang, "Act {n}").format(n=n)


def _replace_items(scene: Scene, items: list[Item]) -> Scene:
    return Scene(id=scene.id, title=scene.title, items=tuple(items), setting=scene.setting, act=scene.act,
                 loc=scene.loc)
