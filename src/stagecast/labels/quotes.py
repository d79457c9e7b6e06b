"""A language's own quotation marks and apostrophe, for text as printed: "…" and ' typed on a
keyboard become “…” ’ in English, «…» „…“ in Russian, Ukrainian and Kazakh.

Pure functions on strings. Printed outputs (the script PDF, cue sheets, the cue list, the
rehearsal page) show text through :func:`stagecast.labels.printed_play`, which asks these;
the YAML, the Fountain export and what text-to-speech is given keep the marks as typed, so the
author's file and the keys recorded takes are matched by never change.

Each straight mark is replaced by exactly one character, so offsets into a text (a speech's
stress marks) stay valid. Whether a mark opens or closes is read from its neighbours: at the
start of a text or after a space, an opening bracket, a dash or an opening mark it opens; after a
letter or punctuation it closes. A quotation inside another takes the language's next pair
(“…‘…’…”, «…„…“…»); marks already typographic are kept and counted, so a straight quote inside
«…» becomes „…“. An apostrophe is ’: inside a word (don't, п'ять), at the end of one (goin'),
and at the start of one that is an elision ('tis, rock 'n' roll, '90s) or that no quote closes.
A language with no entry in :data:`MARKS` (Hebrew and Arabic among them, whose conventions
differ) is left exactly as typed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class Marks:
    """A language's quotation marks: ``pairs`` of (opening, closing), outermost first, each
    nested quotation taking the next; ``single``: the pair a quotation typed with ' takes at the
    outermost level (English and German keep the author's ' as ‘…’; Russian has one kind)."""

    pairs: tuple[str, ...]
    single: int = 0
    apostrophe: str = "’"


_GUILLEMETS = Marks(("«»", "„“"))
MARKS: dict[str, Marks] = {
    "en": Marks(("“”", "‘’"), single=1),
    "de": Marks(("„“", "‚‘"), single=1),
    "ru": _GUILLEMETS, "uk": _GUILLEMETS, "kk": _GUILLEMETS, "be": _GUILLEMETS,
}
"""Primary language subtag → its marks; any other language is printed as typed."""
_ONE_OF_EACH = tuple({id(marks): lang for lang, marks in MARKS.items()}.values())
"""A language of each set of marks."""

TYPOGRAPHIC = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"}
"""Each typographic mark of :data:`MARKS` → the straight one it is typed as."""

_OPENS_AFTER = frozenset("([{—–-/“‘«„‚\u00a0")
"""Characters after which a straight quote opens (besides the start of the text and a space)."""
_CLOSES_BEFORE = frozenset(",.;:!?…)]}")
"""Characters before which a straight quote closes, even after a dash ("Wait—", she said)."""
_ELISIONS = frozenset("tis twas twere twill em n cause cos til bout round fore neath gainst tween twixt kay "
                      "im er ello allo ome ave alf ere ow e".split())
"""English words that begin with an apostrophe standing for the letters left out: 'tis, 'em."""
_ELIDED_YEAR = re.compile(r"\d\d(?:s\b|\b)")
_MARK = re.compile("['\"“”‘’«»„‚]")


def marks_for(lang: str | None) -> Marks | None:
    """The marks of ``lang`` (a BCP-47 tag, by its primary subtag), ``None`` for a language without a rule."""
    if not lang:
        return None
    return MARKS.get(lang.replace("_", "-").split("-")[0].casefold())


def typographic(text: str, lang: str | None) -> str:
    """``text`` with its straight quotes and apostrophes in ``lang``'s marks."""
    return typographic_runs([(text, lang)])[0]


def typographic_runs(runs: Sequence[tuple[str, str | None]]) -> list[str]:
    """:func:`typographic` of consecutive pieces of one text, each in its own language (a speech
    with a ``[kk: …]`` span): a quotation opened in one piece is closed in another with the pair it
    opened with. A piece with language ``None`` is kept as it is, as a language without a rule."""
    texts = [text for text, _ in runs]
    if not any("'" in text or '"' in text for text in texts):  # most speeches: nothing to do
        return texts
    ends = list(accumulate(len(text) for text in texts))
    out = _converted("".join(texts), ends, [marks_for(lang) for _, lang in runs])
    return [out[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def straight(text: str) -> str:
    """Every typographic quotation mark and apostrophe of :data:`MARKS` typed straight again."""
    return text.translate(_STRAIGHT)


_STRAIGHT = str.maketrans(TYPOGRAPHIC)


def straightened_runs(runs: Sequence[tuple[str, str | None]]) -> list[str]:
    """The pieces typed straight where :func:`typographic_runs` gives them back exactly, else as
    they are: what a document stagecast printed was typed as (an import of our own PDF).

    An imported speech's language is a guess (a Russian line in an English play reads as
    English), so the pieces' own languages are tried first, then each language's marks."""
    texts = [text for text, _ in runs]
    plain = [straight(text) for text in texts]
    if plain == texts:
        return texts
    tried = [[lang for _, lang in runs], *([lang] * len(runs) for lang in _ONE_OF_EACH)]
    if any(typographic_runs(list(zip(plain, langs, strict=True))) == texts for langs in tried):
        return plain
    return texts


@dataclass
class _Open:
    kind: str
    """What opened it: ``"`` or ``'`` typed straight, or the typographic mark itself."""
    marks: Marks
    index: int

    @property
    def closing(self) -> str:
        return self.marks.pairs[self.index][1]


def _converted(text: str, ends: list[int], langs: list[Marks | None]) -> str:
    """``text`` converted, the piece ending before ``ends[n]`` in the marks ``langs[n]``."""
    out: list[str] = []
    done = 0
    stack: list[_Open] = []
    for match in _MARK.finditer(text):
        i = match.start()
        marks = langs[bisect_right(ends, i)]
        if marks is None:
            continue
        ch = text[i]
        # as converted: a mark just opened counts as an opening one
        before = (out[-1] if done == i else text[i - 1]) if i else ""
        after = text[i + 1 : i + 2]
        if ch == '"':
            new = _double(marks, stack, before, after) or ch
        elif ch == "'":
            new = _single(text, i, marks, stack, before, after)
        else:
            _follow(ch, marks, stack, before, after)
            continue
        out += [text[done:i], new]
        done = i + 1
    out.append(text[done:])
    return "".join(out)


def _opens(before: str) -> bool:
    return not before or before.isspace() or before in _OPENS_AFTER


def _double(marks: Marks, stack: list[_Open], before: str, after: str) -> str | None:
    if _opens(before) and after and not after.isspace() and after not in _CLOSES_BEFORE:
        return _push(marks, stack, '"', 0)
    if not _opens(before) or any(o.kind == '"' for o in stack):
        return _pop(stack, '"') or marks.pairs[0][1]
    return None  # a quote with a space on each side: no way to tell, kept as typed


def _single(text: str, i: int, marks: Marks, stack: list[_Open], before: str, after: str) -> str:
    if before.isalnum() and after.isalnum():
        return marks.apostrophe  # don't, п'ять
    if _opens(before) and after.isalnum():
        if _elision(text, i + 1, marks) or not _closed_later(text, i + 1, marks):
            return marks.apostrophe  # 'tis, '90s, rock 'n' roll
        return _push(marks, stack, "'", marks.single)
    if not _opens(before):
        if _dropped_g(text, i, marks) and _closed_later(text, i + 1, marks):
            return marks.apostrophe  # 'I'm goin' home': the quotation closes later
        return _pop(stack, "'") or marks.apostrophe  # the end of a quotation, else goin', the boys'
    return _pop(stack, "'") or "'"


def _elision(text: str, start: int, marks: Marks) -> bool:
    if _ELIDED_YEAR.match(text, start):
        return True
    if marks is not MARKS["en"]:
        return False
    word = re.match(r"[A-Za-z]+", text[start:])
    return bool(word) and word.group(0).casefold() in _ELISIONS


def _closed_later(text: str, start: int, marks: Marks) -> bool:
    """Whether a ' after ``start`` can close a quotation (after a letter or punctuation, before a
    non-letter); in English not one ending goin', which is a dropped g."""
    for match in re.finditer("'", text[start:]):
        at = start + match.start()
        before, after = text[at - 1], text[at + 1 : at + 2]
        if before.isspace() or after.isalnum():
            continue
        if _dropped_g(text, at, marks):
            continue
        return True
    return False


def _dropped_g(text: str, at: int, marks: Marks) -> bool:
    """An English word ending in' before a space or the end (goin', nothin')."""
    return marks is MARKS["en"] and text[at - 2 : at] == "in" and not text[at + 1 : at + 2].strip()


def _push(marks: Marks, stack: list[_Open], kind: str, outermost: int) -> str:
    if not stack:
        index = outermost
    elif stack[-1].marks is marks:
        index = (stack[-1].index + 1) % len(marks.pairs)
    else:
        index = len(stack) % len(marks.pairs)
    stack.append(_Open(kind, marks, index))
    return marks.pairs[index][0]


def _pop(stack: list[_Open], kind: str) -> str | None:
    """The closing mark of the innermost quotation opened with ``kind``, closing it (and any
    left open inside it); ``None`` when none is open."""
    for n in range(len(stack) - 1, -1, -1):
        if stack[n].kind == kind:
            closing = stack[n].closing
            del stack[n:]
            return closing
    return None


def _follow(ch: str, marks: Marks, stack: list[_Open], before: str, after: str) -> None:
    """Count a mark that is already typographic, so straight ones inside it nest."""
    if before.isalnum() and after.isalnum():
        return  # an apostrophe inside a word
    for n in range(len(stack) - 1, -1, -1):
        # ’ closes only a quotation opened with ‘: after a straight ' it is as likely the boys’ apostrophe
        if stack[n].closing == ch and (ch != marks.apostrophe or stack[n].kind not in "'\""):
            del stack[n:]
            return
    for index, pair in enumerate(marks.pairs):
        if ch == pair[0] and _opens(before):
            stack.append(_Open(ch, marks, index))
            return
