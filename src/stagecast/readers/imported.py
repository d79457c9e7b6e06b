"""What the importers (Fountain, TEI, Bosak XML) share: clean text, speech markup, ids, the cast.

Every importer builds a speech's text as a *markup string* in the same language the YAML
reader understands (``(…)`` parenthetical, ``+`` stress mark, ``++`` plus sign) and turns it
into parts with :func:`stagecast.text.parse_text`. So an imported play written out as YAML and
read back gives exactly the same parts: both sides go through the one parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import Diagnostic
from ..model import Direction, DirectionKind, Inline, Performer, Play, Role, Text
from ..notation.yaml_keys import RESERVED_IDS
from ..rules import slug, unique
from ..text import ACUTE, is_vowel, parse_text

SOFT_HYPHEN = "\u00ad"
_WS = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t]+")

ISO_639_1 = {
    "rus": "ru", "ger": "de", "deu": "de", "eng": "en", "tat": "tt", "ukr": "uk", "kaz": "kk",
    "fre": "fr", "fra": "fr", "ita": "it", "spa": "es", "swe": "sv", "pol": "pl", "cze": "cs",
    "ces": "cs", "bak": "ba", "lat": "la", "gre": "el", "ell": "el", "hun": "hu", "por": "pt",
    "arm": "hy", "hye": "hy", "bel": "be", "yid": "yi", "heb": "he", "jpn": "ja", "chi": "zh",
    "zho": "zh", "dut": "nl", "nld": "nl", "nor": "no", "dan": "da", "fin": "fi", "tur": "tr",
}


@dataclass(frozen=True)
class Imported:
    """An imported play and what the importer wants the user to know about it."""

    play: Play
    format: str
    warnings: tuple[Diagnostic, ...] = ()


def clean(text: str) -> str:
    """NFC, soft hyphens removed, every run of whitespace one space, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text.replace(SOFT_HYPHEN, ""))).strip()


def plain(text: str) -> str:
    """:func:`clean` without stress accents: for display names, titles and directions."""
    return clean(text.replace(ACUTE, ""))


def language_code(code: str | None, default: str = "en") -> str:
    """``ru`` for ``ru``, ``rus`` or ``ru-RU``; the 3-letter codes TEI files use are mapped."""
    if not code:
        return default
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return ISO_639_1.get(base, base) or default


def role_ids(names: Sequence[str]) -> list[str]:
    """Unique YAML-safe ids (see :func:`stagecast.rules.slug`) that the scene reader cannot mistake."""
    bases = [slug(name) for name in names]
    return unique(f"{base}-role" if base in RESERVED_IDS else base for base in bases)


def placeholder_cast(roles: Iterable[Role]) -> tuple[Performer, ...]:
    """One performer per role, visibly a placeholder, so cue sheets and tracks work at once."""
    return tuple(Performer(f"tbc-{role.id}", f"TBC ({role.name})", (role.id,)) for role in roles)


# -- speech text -------------------------------------------------------------------------

class SpeechText:
    """Builds one speech's markup from spoken fragments, parentheticals and line breaks.

    ``literal_parens``: in TEI and Bosak XML a direction is marked up, so a parenthesis in the
    spoken text is spoken; our markup cannot say that, so it becomes a square bracket.
    In Fountain a ``(…)`` inside dialogue is a parenthetical, as in our own YAML.
    """

    def __init__(self, *, literal_parens: bool, keep_blank_lines: bool = False):
        self.literal_parens = literal_parens
        self.keep_blank_lines = keep_blank_lines
        self.lines: list[list[str]] = [[]]
        self.words = False
        self._joining = False

    def join_next(self) -> None:
        """The source broke a word here (TEI ``<lb break="no"/>``): no space before what follows."""
        self._joining = True

    def spoken(self, text: str) -> None:
        if self._joining:
            text = text.lstrip()
            if not text:
                return
            self._joining = False
        text = _stress_only_after_vowels(unicodedata.normalize("NFC", text.replace(SOFT_HYPHEN, "")))
        text = _WS.sub(" ", text)
        if self.literal_parens:
            text = text.replace("(", "[").replace(")", "]")
        if text.strip():
            self.words = True
        self.lines[-1].append(text.replace("+", "++"))

    def paren(self, text: str) -> None:
        for inner in paren_groups(text):
            self.lines[-1].append(f" ({inner}) ")

    def mixed(self, line: str) -> None:
        """A line whose balanced ``(…)`` groups are parentheticals and the rest is spoken;
        a bracket without its partner is spoken, as a square bracket."""
        depth, start = 0, 0
        for i, ch in enumerate(line):
            if ch == "(":
                if depth == 0:
                    self.spoken(line[start:i].replace(")", "]"))
                    start = i
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
                if depth == 0:
                    self.paren(line[start : i + 1])
                    start = i + 1
        self.spoken(line[start:].replace("(", "[").replace(")", "]"))

    def line_break(self) -> None:
        self.lines.append([])

    def markup(self) -> str:
        lines = [_SPACES.sub(" ", "".join(parts)).strip() for parts in self.lines]
        if not self.keep_blank_lines:
            lines = [line for line in lines if line]
        return "\n".join(lines).strip("\n")

    def parts(self) -> tuple[Inline, ...]:
        return parts_of(self.markup())


def parts_of(markup: str) -> tuple[Inline, ...]:
    """Parts of a markup string an importer built; a problem here is a bug in the importer."""
    parts, problems = parse_text(markup)
    if problems:
        raise ValueError(f"importer built bad markup {markup!r}: {problems[0].message}")
    return parts


def has_words(parts: Sequence[Inline]) -> bool:
    return any(isinstance(p, Text) and p.text.strip() for p in parts)


def paren_groups(text: str) -> list[str]:
    """The parenthetical(s) a stage direction gives: ``(Sits.)`` → ``Sits.``; ``(a) (b)`` → two.

    A direction that is not wholly in brackets is taken whole. Brackets left inside become
    square brackets, because a parenthetical cannot contain a parenthesis.
    """
    text = clean(text)
    groups, outside, depth, start = [], [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            start = i if depth == 0 else start
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append(text[start + 1 : i])
        elif depth == 0:
            outside.append(ch)
    whole = depth == 0 and groups and not "".join(outside).strip(" .,;:!?—–-")
    inners = groups if whole else [text]
    cleaned = [clean(g).replace("(", "[").replace(")", "]") for g in inners]
    return [g for g in cleaned if g]


GRAPHEME_JOINER = "\u034f"
"""Written by the Fountain export between a Latin vowel and its stress accent, so that NFC does
not compose the two into one letter (e + U+0301 → é, which is not a stress mark)."""


def _stress_only_after_vowels(text: str) -> str:
    """Keep U+0301 where it marks a stressed vowel; drop it anywhere else (it is not a letter)."""
    if ACUTE not in text:
        return text
    out: list[str] = []
    for ch in text:
        if ch == ACUTE and len(out) > 1 and out[-1] == GRAPHEME_JOINER and is_vowel(out[-2]):
            out.pop()
        elif ch == ACUTE and not (out and is_vowel(out[-1])):
            continue
        out.append(ch)
    return "".join(out)


# -- directions: who they name and what they do -------------------------------------------

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


def make_direction(text: str, roles: Sequence[str], loc=None, *, previous_speakers: Sequence[str] = ()) -> Direction:
    """A direction naming ``roles``; a bare "Exit" names the one who just spoke."""
    text = clean(text)
    if not roles and len(previous_speakers) == 1 and _BARE_EXIT.match(text):
        roles = tuple(previous_speakers)
    kind = direction_kind(text) if roles else "business"
    return Direction(text=text, roles=tuple(dict.fromkeys(roles)), kind=kind, loc=loc)
