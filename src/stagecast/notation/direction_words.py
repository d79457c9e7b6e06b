"""How a stage direction's words are read: which roles it names (inflected forms too: *Машу*,
*Медведенка*, *Hamlets*) and whether it is an entrance or an exit (*Входит*, *tritt auf*, *Exeunt*).

The importers (TEI, Bosak, Fountain) give a direction its roles and kind this way when the
source does not say; the Fountain export asks the same question of each direction, so that it
writes a stagecast note only where the import would guess differently (docs/import.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ..model import Direction, DirectionKind, Loc
from ..text import ACUTE, clean

_ENDINGS = frozenset({
    "а", "я", "у", "ю", "е", "и", "ы", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им", "ого", "его",
    "ому", "ему", "ых", "их", "ами", "ями", "ах", "ях", "ов", "ев", "ую", "юю",
    "s", "es", "n", "en", "ens",
})
_SOFT_FINALS = "аяоеьйиыa"
_TOKEN = re.compile(r"\w+")
_ENTER = re.compile(r"\b(?:re-?enter|enters?|входит|входят|вбегает|вбегают|появляется|появляются"
                    r"|tritt\s+auf|treten\s+auf|tritt\s+herein|treten\s+herein|kommt\s+herein|kommen\s+herein)\b",
                    re.IGNORECASE)
_EXIT = re.compile(r"\b(?:exit|exeunt|уходит|уходят|убегает|убегают|geht\s+ab|gehen\s+ab|ab"
                   r"|geht\s+hinaus|gehen\s+hinaus)\b", re.IGNORECASE)
_BARE_EXIT = re.compile(r"^\W*(?:exit|уходит|убегает|ab|geht\s+ab)\W*$", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text.replace(ACUTE, "")).casefold())


def _token_matches(word: str, name: str) -> bool:
    """``word`` is ``name`` or an inflected form of it (Машу, Медведенка, Hamlets, Lords)."""
    if word == name:
        return True
    if word.startswith(name) and word[len(name):] in _ENDINGS:
        return True
    if len(name) >= 4 and name[-1] in _SOFT_FINALS and word.startswith(name[:-1]) and word[len(name) - 1:] in _ENDINGS:
        return True
    return len(name) >= 5 and name[-2:] in ("ой", "ий", "ый", "ая") and word.startswith(name[:-2]) \
        and word[len(name) - 2:] in _ENDINGS


class Mentions:
    """Finds the roles a direction's text names, by their names and speaker labels."""

    def __init__(self, names: dict[str, Iterable[str]]):
        self._by_prefix: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for role_id, phrases in names.items():
            for phrase in dict.fromkeys(phrases):
                tokens = tuple(_tokens(re.sub(r"\([^)]*\)", " ", phrase)))
                if tokens and len(tokens[0]) >= 3:
                    self._by_prefix.setdefault(tokens[0][:3], []).append((tokens, role_id))

    def find(self, text: str) -> tuple[str, ...]:
        words = _tokens(text)
        found: dict[str, None] = {}
        for i, word in enumerate(words):
            for tokens, role_id in self._by_prefix.get(word[:3], ()):
                window = words[i : i + len(tokens)]
                if len(window) == len(tokens) and all(_token_matches(w, t) for w, t in zip(window, tokens, strict=False)):
                    found[role_id] = None
        return tuple(found)


def direction_kind(text: str) -> DirectionKind:
    """Entrance or exit when the text says so (English, Russian, German wording), else business."""
    enter, leave = _ENTER.search(text), _EXIT.search(text)
    if enter and (not leave or enter.start() <= leave.start()):
        return "entrance"
    return "exit" if leave else "business"


def make_direction(text: str, roles: Sequence[str], loc: Loc | None = None, *,
                   previous_speakers: Sequence[str] = ()) -> Direction:
    """A direction naming ``roles``; a bare "Exit" names the one who just spoke."""
    text = clean(text)
    if not roles and len(previous_speakers) == 1 and _BARE_EXIT.match(text):
        roles = tuple(previous_speakers)
    kind = direction_kind(text) if roles else "business"
    return Direction(text=text, roles=tuple(dict.fromkeys(roles)), kind=kind, loc=loc)
