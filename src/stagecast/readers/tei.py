"""TEI drama (the DraCor schema) → :class:`Play`. Mapping decisions are in docs/import.md.

This module reads the title page (title, credits, notes) and puts the play together from its
parts: :mod:`.tei_cast` (who speaks: ``particDesc``, the cast list, ``@who``),
:mod:`.tei_divisions` (acts and scenes), :mod:`.tei_speech` (what a scene holds) and
:mod:`.tei_elements` (finding one's way in the XML).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..errors import Diagnostic, ScriptError
from ..model import Meta, Play, Speech
from ..rules import number_speeches
from .imported import Imported, language_code, placeholder_cast, plain
from .tei_cast import TeiCast
from .tei_divisions import TeiDivisions, play_parts
from .tei_elements import children_named, follow, inner_text
from .tei_speech import TeiItems
from .xml_safe import XML_LANG, XmlDoc, local, parse_xml


def read_tei(data: bytes, path: str) -> Imported:
    doc = parse_xml(data, path)
    if local(doc.root.tag) != "TEI":
        raise ScriptError.at(doc.loc(doc.root), f"not a TEI document: the root element is <{local(doc.root.tag)}>")
    return _TeiReader(doc).read()


class _TeiReader:
    def __init__(self, doc: XmlDoc):
        self.doc = doc
        self.root = doc.root
        self.lang = language_code(self.root.get(XML_LANG), "en")
        self.warnings: list[Diagnostic] = []

    def read(self) -> Imported:
        text = follow(self.root, "text")
        parts = play_parts(self.root, text) if text is not None else []
        if not parts:
            raise ScriptError.at(self.doc.loc(text if text is not None else self.root),
                                 "this TEI file has no <text><body> (nor a <group> of texts with bodies): "
                                 "nothing to import")
        meta_bits = self._meta()
        cast = TeiCast(self.doc, self.lang, self.warnings)
        cast.read([body for _, body in parts])
        content = TeiItems(self.doc, cast)
        divisions = TeiDivisions(self.doc, self.lang, meta_bits["title"], content, self.warnings)
        acts, scenes = [], []
        for part_title, body in parts:
            more_acts, more_scenes = divisions.structure(body, part_title, len(acts) + 1)
            acts += more_acts
            scenes += more_scenes
        if not any(isinstance(i, Speech) for s in scenes for i in s.items):
            raise ScriptError.at(self.doc.loc(parts[0][1]), "no speeches (<sp>) found in this TEI file")
        roles = cast.roles(scenes)
        meta = self._finish_meta(meta_bits, content.notes)
        play = Play(meta=meta, roles=tuple(roles), performers=placeholder_cast(roles),
                    sequence=number_speeches(scenes), acts=tuple(acts), source=self.doc.path)
        return Imported(play, "tei", tuple(self.warnings))

    def _meta(self) -> dict:
        stmt = follow(self.root, "teiHeader", "fileDesc", "titleStmt")
        titles = children_named(stmt, "title") if stmt is not None else []
        mine = [t for t in titles if language_code(t.get(XML_LANG), self.lang) == self.lang]
        main = [t for t in mine if t.get("type") in (None, "main")]
        subs = [t for t in mine if t.get("type") == "sub"]
        title = plain(inner_text(main[0])) if main else ""
        if not title:
            title_part = self.root.find(".//{*}titlePart")
            title = plain(inner_text(title_part)) if title_part is not None else ""
        credits = []
        for author in children_named(stmt, "author") if stmt is not None else []:
            credits.append(("author", self._person_name(author)))
        for editor in children_named(stmt, "editor") if stmt is not None else []:
            credits.append((editor.get("role") or "editor", self._person_name(editor)))
        merged: dict[str, list[str]] = {}  # two <author>s are one credit: a play's credits are keyed
        for key, name in credits:
            if name and name not in merged.setdefault(key, []):
                merged[key].append(name)
        return {"title": title or "Untitled", "subtitle": (plain(inner_text(subs[0])) if subs else "") or None,
                "credits": tuple((k, ", ".join(v)) for k, v in merged.items() if v)}

    def _person_name(self, element: ET.Element) -> str:
        names = [p for p in children_named(element, "persName") if language_code(p.get(XML_LANG), self.lang) == self.lang]
        chosen = names[0] if names else element
        return plain(" ".join(t for t in chosen.itertext() if t.strip() and not t.strip().isdigit()))

    def _finish_meta(self, bits: dict, footnotes: list[str]) -> Meta:
        notes = []
        for setting in self.root.iterfind(".//{*}front/{*}set"):
            notes.append(plain(inner_text(setting)))
        if footnotes:
            notes.append("Footnotes in the source:\n" + "\n".join(f"- {n}" for n in footnotes))
        licence = self.root.find(".//{*}publicationStmt//{*}licence")
        if licence is not None and plain(inner_text(licence)):
            notes.append(f"Imported from TEI; licence of the source: {plain(inner_text(licence)).rstrip('.')}.")
        return Meta(title=bits["title"], subtitle=bits["subtitle"], credits=bits["credits"], lang=self.lang,
                    notes="\n\n".join(n for n in notes if n) or None, loc=self.doc.loc(self.root))
