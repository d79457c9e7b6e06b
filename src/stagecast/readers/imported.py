"""What the importers (Fountain, TEI, Bosak XML) share: speech markup, ids, the cast. (Text is
cleaned by :func:`stagecast.text.clean`; a direction's roles and kind are read from its words by
:mod:`stagecast.notation.direction_words`, which the Fountain export asks too.)

Every importer builds a speech's text as a *markup string* in the same language the YAML
reader understands (``(…)`` parenthetical, ``+`` stress mark, ``++`` plus sign) and turns it
into parts with :func:`stagecast.text.parse_text`. So an imported play written out as YAML and
read back gives exactly the same parts: both sides go through the one parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import Diagnostic
from ..model import Inline, Performer, Play, Role, Text
from ..notation.yaml_keys import RESERVED_IDS
from ..rules import slug, unique
from ..text import ACUTE, GRAPHEME_JOINER, SOFT_HYPHEN, clean, is_vowel, parse_text

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
    comments: dict[tuple[str, int], str] = field(default_factory=dict)
    """For the written YAML: (scene id, item index, or -1 for the scene) → what the importer guessed there."""

    @property
    def guesses(self) -> int:
        return sum(1 for w in self.warnings if w.message.startswith("guess ("))


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
