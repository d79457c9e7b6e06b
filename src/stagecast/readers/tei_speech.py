"""What a TEI scene holds, as items: speeches (``<sp>``) with their text, stage directions, footnotes.

A speech's text is built as our markup (:class:`.imported.SpeechText`): verse lines and
paragraphs become line breaks, a ``<stage>`` inside a speech a parenthetical, a ``<choice>``
its corrected or expanded reading. A speech with no words to say is a direction. Footnotes are
not the play's words: they are kept, by scene, for the play's notes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import Direction, Item, Speech
from ..notation.direction_words import make_direction
from .imported import SpeechText, has_words, plain
from .tei_cast import TeiCast
from .tei_elements import follow, inner_text, is_div, joins_word, speaker_label
from .xml_safe import XmlDoc, local

CONTAINERS = frozenset({"floatingText", "front", "body", "group", "text", "prologue", "epilogue"})
"""Read through for what they hold: a play inside a story (``floatingText``) keeps its speeches."""
BLOCKS = frozenset({"p", "l", "ab"})
SKIPPED = frozenset({"speaker", "pb", "cb", "fw", "gap", "del", "sic", "orig", "abbr", "milestone", "figure"})


class TeiItems:
    """Reads the items of each scene in turn; the footnotes found so far are in ``notes``."""

    def __init__(self, doc: XmlDoc, cast: TeiCast):
        self.doc = doc
        self.cast = cast
        self.notes: list[str] = []
        self.scene_label = ""
        """The title of the scene being read, which its footnotes are filed under."""

    def items(self, elements: list[ET.Element], out: list[Item]) -> list[Item]:
        """Append to ``out`` (and return it) the items ``elements`` make; a div or container met
        here is read through, in place."""
        for element in elements:
            name = local(element.tag)
            if name == "sp":
                out.append(self._sp(element, out))
            elif name == "stage":
                text = plain(inner_text(element))
                self._notes_in(element)
                if text:
                    out.append(self._free_direction(element, text, out))
            elif is_div(element) or name in CONTAINERS:
                self.items([c for c in element if local(c.tag) != "head"], out)
            elif name in ("p", "ab", "l", "lg", "trailer", "set"):
                text = plain(inner_text(element))
                self._notes_in(element)
                if text:
                    out.append(make_direction(text, self.cast.mentions.find(text), self.doc.loc(element)))
            elif name == "note":
                self._note(element)
        return out

    def _free_direction(self, element: ET.Element, text: str, before: list[Item]) -> Direction:
        who = [self.cast.role_for(w, "", element) for w in self.cast.who(element)]
        roles = who or list(self.cast.mentions.find(text))
        previous = next((i.speakers for i in reversed(before) if isinstance(i, Speech)), ())
        direction = make_direction(text, roles, self.doc.loc(element), previous_speakers=previous)
        kind = {"entrance": "entrance", "exit": "exit"}.get(element.get("type") or "")
        if kind and direction.roles:
            direction = Direction(direction.text, direction.roles, kind, direction.loc)  # type: ignore[arg-type]
        return direction

    def _sp(self, sp: ET.Element, before: list[Item]) -> Speech | Direction:
        speaker = follow(sp, "speaker")
        label = speaker_label(speaker) if speaker is not None else ""
        who = self.cast.who(sp)
        if who:
            speakers = tuple(dict.fromkeys(self.cast.role_for(w, label, sp) for w in who))
        elif label:
            speakers = (self.cast.role_by_label(label, sp),)
        else:
            speakers = (self.cast.unknown_role(sp),)
        text = SpeechText(literal_parens=True)
        stages: list[str] = []
        self._content(sp, text, stages, [False])
        parts = text.parts()
        loc = self.doc.loc(sp)
        if not has_words(parts):
            said = " ".join(stages)
            name = label or self.cast.role_name(speakers[0])
            return make_direction(f"{name} {said}" if said else name, speakers, loc)
        group_label = label if len(speakers) > 1 and label else None
        return Speech(speakers=speakers, parts=parts, label=group_label, loc=loc)

    def _content(self, element: ET.Element, text: SpeechText, stages: list[str], started: list[bool]) -> None:
        """Walk a speech's content: blocks start new lines, <stage> becomes a parenthetical."""
        for child in element:
            name = local(child.tag)
            if name == "stage":
                stage_text = plain(inner_text(child))
                self._notes_in(child)
                if stage_text:
                    text.paren(stage_text)
                    stages.append(stage_text)
            elif name == "note":
                self._note(child)
            elif joins_word(child):
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
        body = plain(inner_text(note, frozenset()))
        if body:
            self.notes.append(f"[{self.scene_label}] {body}")
