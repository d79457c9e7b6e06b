"""Speech text: parsing inline markup once, and the shared questions about it.

Markup in a speech's text (documented in docs/format.md):

- ``(…)`` is an inline parenthetical direction: printed in italics, never spoken;
- ``+`` before a vowel, or U+0301 (combining acute) after it, marks that vowel as stressed;
- ``++`` is a literal plus sign;
- ``[kk: …]`` is a span in another language: printed as its text alone, spoken in that language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .model import Inline, Paren, Speech, Text

ACUTE = "\u0301"
GRAPHEME_JOINER = "\u034f"
"""Written by the Fountain export between a Latin vowel and its stress accent, so that NFC does
not compose the two into one letter (e + U+0301 → é, which is not a stress mark); an import
reads the three as the stressed vowel."""
SOFT_HYPHEN = "\u00ad"
VOWELS = frozenset("aeiouyáéíóúàèìòùäëïöüåæœ" "аеёиоуыэюяєїі" "әөұүі")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_SPACES = re.compile(r"[ \t]+")
_BEFORE_PUNCT = re.compile(r" +([,.;:!?…])")
_WHITESPACE = re.compile(r"\s+")


def is_vowel(ch: str) -> bool:
    return ch.lower() in VOWELS


@dataclass(frozen=True)
class TextProblem:
    """A markup problem at ``offset`` (0-based index into the raw string)."""

    offset: int
    message: str


SPAN_START = re.compile(r"\[([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*): ")
"""The start of an inline language span, ``[kk: Сәлем]``: a ``[``, a language tag, a colon and
a space. Any other ``[`` is literal text."""
SpanLang = Callable[[str], str]
"""A span's tag → the language code it names; raises ValueError with the message when it names none."""


def parse_text(raw: str, span_lang: SpanLang | None = None) -> tuple[tuple[Inline, ...], tuple[TextProblem, ...]]:
    """Split ``raw`` into spoken :class:`Text` and :class:`Paren` parts, reading stress marks.

    With ``span_lang`` (the YAML reader's), ``[kk: …]`` spans are read too, as Text parts with
    their ``lang``; without it (importers, pronunciations) a ``[`` is always literal."""
    parts: list[Inline] = []
    problems: list[TextProblem] = []
    pos = 0
    while pos < len(raw):
        open_at, span = _next_markup(raw, pos, span_lang)
        if open_at > pos:
            stray = raw.find(")", pos, open_at)
            if stray >= 0:
                problems.append(TextProblem(stray, "')' without a matching '('"))
            parts.append(_spoken(raw, pos, open_at, problems))
        if open_at >= len(raw):
            break
        if span is not None:
            assert span_lang is not None
            pos = _span(raw, span, span_lang, parts, problems)
            continue
        close_at = raw.find(")", open_at + 1)
        if close_at < 0:
            problems.append(TextProblem(open_at, "'(' is never closed; inline directions are written (like this)"))
            break
        nested = raw.find("(", open_at + 1, close_at)
        if nested >= 0:
            problems.append(TextProblem(nested, "brackets cannot be nested inside an inline direction"))
        inner = _tidy(raw[open_at + 1 : close_at])
        if inner:
            parts.append(Paren(unicodedata.normalize("NFC", inner)))
        pos = close_at + 1
    return _merge(parts), tuple(problems)


def _next_markup(raw: str, pos: int, span_lang: SpanLang | None) -> tuple[int, re.Match[str] | None]:
    """Where the next parenthetical or language span starts (``len(raw)``: none), and the span's match."""
    open_at = raw.find("(", pos)
    if open_at < 0:
        open_at = len(raw)
    if span_lang is None or raw.find("[", pos, open_at) < 0:  # most speeches have no square bracket
        return open_at, None
    span = SPAN_START.search(raw, pos, open_at)
    return (span.start(), span) if span else (open_at, None)


def _span(raw: str, span: re.Match[str], span_lang: SpanLang, parts: list[Inline],
          problems: list[TextProblem]) -> int:
    """Read the span ``span`` starts into ``parts``; the position after it."""
    start = span.end()
    close_at = raw.find("]", start)
    if close_at < 0:
        problems.append(TextProblem(span.start(), f"'[{span.group(1)}: ' is never closed; a language span is "
                                                  "written [kk: Сәлем], with ']' at its end"))
        return len(raw)
    for inner, what in (("(", "an inline direction"), ("[", "another '['")):
        found = raw.find(inner, start, close_at)
        if found >= 0:
            problems.append(TextProblem(found, f"{what} cannot be inside a language span; close the span with ']' "
                                               "first"))
            return close_at + 1
    try:
        lang = span_lang(span.group(1))
    except ValueError as error:
        problems.append(TextProblem(span.start(1), str(error)))
        return close_at + 1
    said = _spoken(raw, start, close_at, problems)
    if said.text.strip():
        parts.append(Text(said.text, said.stress, lang))
    return close_at + 1


def _spoken(raw: str, start: int, end: int, problems: list[TextProblem]) -> Text:
    if raw.find("+", start, end) < 0 and raw.find(ACUTE, start, end) < 0:
        return _normalised_text(raw[start:end], [])  # most text has no stress marks: no scan needed
    chars: list[str] = []
    stress: list[int] = []
    i = start
    while i < end:
        ch = raw[i]
        if ch == "+":
            if i + 1 < end and raw[i + 1] == "+":
                chars.append("+")
                i += 2
                continue
            if i + 1 < end and is_vowel(raw[i + 1]):
                stress.append(len(chars))
            else:
                nxt = repr(raw[i + 1]) if i + 1 < end else "the end of the text"
                problems.append(TextProblem(i, f"stress mark '+' before {nxt}, which is not a vowel (write ++ for a plus sign)"))
            i += 1
            continue
        if ch == ACUTE:
            if chars and is_vowel(chars[-1]):
                if len(chars) - 1 not in stress:
                    stress.append(len(chars) - 1)
            else:
                problems.append(TextProblem(i, "stress accent (U+0301) after a letter that is not a vowel"))
            i += 1
            continue
        chars.append(ch)
        i += 1
    return _normalised_text("".join(chars), stress)


def _normalised_text(text: str, stress: list[int]) -> Text:
    """NFC-normalise and tidy spaces, keeping stress indices pointing at the same vowels."""
    if not stress:
        return Text(_tidy_keep_edges(unicodedata.normalize("NFC", text)), ())
    marker = "\uffff"
    marked = list(text)
    for index in sorted(stress, reverse=True):
        marked.insert(index, marker)
    tidy = _tidy_keep_edges(unicodedata.normalize("NFC", "".join(marked)))
    out: list[str] = []
    new_stress: list[int] = []
    for ch in tidy:
        if ch == marker:
            new_stress.append(len(out))
        else:
            out.append(ch)
    return Text("".join(out), tuple(new_stress))


def _tidy(text: str) -> str:
    lines = text.strip().splitlines()
    if len(lines) == 1 and "  " not in lines[0] and "\t" not in lines[0]:
        return lines[0]  # the common case: one line, single spaces
    # One substitution per line, then each line trimmed.
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines)


def _close_punctuation(text: str) -> str:
    return _BEFORE_PUNCT.sub(r"\1", text)


def _tidy_keep_edges(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(_SPACES.sub(" ", line) for line in lines)


def _merge(parts: list[Inline]) -> tuple[Inline, ...]:
    """Drop empty text and trim the outer edges so rendering never starts with a space."""
    kept = [p for n, p in enumerate(parts) if not (isinstance(p, Text) and not p.text.strip())
            or _by_span(parts, n)]
    if kept and isinstance(kept[0], Text):
        kept[0] = _strip_text(kept[0], left=True)
    if kept and isinstance(kept[-1], Text):
        kept[-1] = _strip_text(kept[-1], left=False)
    return tuple(kept)


def _by_span(parts: list[Inline], n: int) -> bool:
    """Whether part ``n`` (a space) is next to a language span: kept, so the span's words stay apart."""
    near = parts[max(n - 1, 0) : n + 2]
    return any(isinstance(p, Text) and p.lang for p in near)


def _strip_text(part: Text, *, left: bool) -> Text:
    if left:
        cut = len(part.text) - len(part.text.lstrip())
        return Text(part.text[cut:], tuple(i - cut for i in part.stress), part.lang)
    return Text(part.text.rstrip(), part.stress, part.lang)


def clean(text: str) -> str:
    """Text from another format as stagecast keeps it: NFC, soft hyphens removed, every run of
    whitespace (line wrapping, no-break spaces) one space, trimmed. Every importer cleans names,
    titles and directions this way, and the Fountain export asks it what its text will read back as."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text.replace(SOFT_HYPHEN, ""))).strip()


def with_accents(part: Text) -> str:
    """The text with U+0301 after each stressed vowel, as it is printed."""
    if not part.stress:
        return part.text
    out = []
    for i, ch in enumerate(part.text):
        out.append(ch)
        if i in part.stress:
            out.append(ACUTE)
    return "".join(out)


def spoken_text(speech: Speech) -> str:
    """What is said aloud: parentheticals removed, no stress marks, spaces tidied."""
    return spoken_parts(speech.parts)


def spoken_parts(parts: tuple[Inline, ...]) -> str:
    """:func:`spoken_text` of a speech's parts."""
    joined = "".join(p.text if isinstance(p, Text) else " " for p in parts)
    return _close_punctuation(_tidy(joined))


def display_text(speech: Speech, hide: Callable[[str], str] | None = None) -> str:
    """The whole speech as printed in plain text: accents shown, parentheticals in brackets.

    ``hide`` (first letters, first words) changes the spoken pieces only: an inline direction
    such as "(to the audience)" stays readable and is not one of the words a line is learnt by."""
    show = hide or (lambda text: text)
    pieces = [show(with_accents(p)) if isinstance(p, Text) else f"({p.text})" for p in speech.parts]
    return _close_punctuation(_tidy(" ".join(pieces)))


def has_words(text: str) -> bool:
    """True when :func:`words` would find at least one word."""
    return _WORD.search(text) is not None


def words(text: str) -> list[str]:
    """Words as counted everywhere in stagecast (letters/digits with inner apostrophes or hyphens)."""
    return _WORD.findall(text)


def word_count(speech: Speech) -> int:
    """Words spoken in ``speech``: parentheticals and stress marks excluded."""
    return sum(len(words(p.text)) for p in speech.parts if isinstance(p, Text))


# -- writing systems ---------------------------------------------------------------------------
SCRIPT_OF_LANG: dict[str, str] = {
    **dict.fromkeys("ru uk kk be bg sr mk ky tt ba cv ce os tg mn ab av kv sah".split(), "Cyrillic"),
    **dict.fromkeys("en de fr es it pt nl pl cs sk sl hr bs sv no nb nn da fi et lv lt hu ro tr az uz tk "
                    "ga cy eu ca gl is mt sq vi id ms".split(), "Latin"),
    "el": "Greek", "ka": "Georgian", "hy": "Armenian", "he": "Hebrew", "yi": "Hebrew",
    **dict.fromkeys("ar fa ur ps ug sd".split(), "Arabic"),
    **dict.fromkeys("hi mr ne sa".split(), "Devanagari"),
}
"""The script a language is written in, for the languages whose script is not in doubt."""
RIGHT_TO_LEFT = frozenset({"Hebrew", "Arabic"})
_SCRIPT_NAMES = ("LATIN", "CYRILLIC", "GREEK", "GEORGIAN", "ARMENIAN", "HEBREW", "ARABIC", "DEVANAGARI")


def script_of_letter(ch: str) -> str | None:
    """``"Hebrew"`` for a Hebrew letter, and so on for the scripts of :data:`SCRIPT_OF_LANG`; ``None``
    for a digit, a mark, punctuation or a letter of another script."""
    if not ch.isalpha():
        return None
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return first.title() if first in _SCRIPT_NAMES else None


def script_mismatch(text: str, lang: str) -> str | None:
    """The script ``text`` is written in when it has no letter at all of ``lang``'s script (``lang: he``
    on Cyrillic text), else ``None``. A language whose script is not known is never questioned."""
    wanted = SCRIPT_OF_LANG.get(lang.split("-")[0].casefold())
    if wanted is None:
        return None
    counts: dict[str, int] = {}
    for ch in text:
        script = script_of_letter(ch)
        if script == wanted:
            return None
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None
