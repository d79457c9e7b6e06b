"""Speeches in several languages: a speech's parts → runs, each in one language (pure).

The rules (docs/format.md, "Speeches in several languages"):

- a ``[kk: …]`` span is in its own language;
- elsewhere, a run of letters in the other script than the speech's language is in another
  language: Cyrillic in a Latin-script speech is Kazakh when the run has a Kazakh letter
  (ә ғ қ ң ө ұ ү һ, or і outside a Ukrainian one), else the first Cyrillic-script language the
  speech or its role declares in ``other_langs:``, else Russian; Latin in a Cyrillic-script speech is
  the first declared Latin-script language, else English;
- punctuation, digits and spaces stay with the run before them (those opening a speech, with the first);
- one Latin word inside a sentence of a Cyrillic-script speech stays in the speech's language
  ("Instagram" inside a Russian sentence is read by the Russian voice as Russians say it), unless
  it is a sentence of its own; Cyrillic is never read by a Latin-script voice (it cannot say it),
  so even one Cyrillic word in an English sentence is read in its own language.

Most speeches are in one script: :func:`language_runs` finds that with one regular-expression
search per text part and returns the speech whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Inline, Paren, Text
from ..text import words
from .engines.base import base_lang

CYRILLIC_LANGS = frozenset("ru uk kk be bg sr mk ky tt ba cv ce os tg mn ab av kv sah".split())
"""Languages written in Cyrillic; any other language of a speech counts as Latin-script."""
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_KAZAKH_ONLY = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")
_KAZAKH_OR_UKRAINIAN = frozenset("іІ")
_SENTENCE_END = tuple(".!?…")
_FOREIGN: dict[str, Callable[[str], object]] = {}
"""A speech language → the search for a letter of the other script."""

Run = tuple[str, tuple[Inline, ...]]
"""A language and the parts said in it."""


def script_of(lang: str) -> str:
    return "cyrillic" if base_lang(lang) in CYRILLIC_LANGS else "latin"


def one_language(parts: Sequence[Inline], lang: str) -> bool:
    """True when ``parts`` have no span and no letter of the other script: said whole in ``lang``."""
    search = _FOREIGN.get(lang) or _foreign(lang)
    for part in parts:  # a plain loop: this runs for every speech of every render
        if type(part) is Text and (part.lang or search(part.text)):
            return False
    return True


def _foreign(lang: str) -> Callable[[str], object]:
    _FOREIGN[lang] = (_LATIN if base_lang(lang) in CYRILLIC_LANGS else _CYRILLIC).search
    return _FOREIGN[lang]


def language_runs(parts: Sequence[Inline], lang: str, others: Sequence[str] = ()) -> list[Run]:
    """``parts`` as runs in order, each in one language; one run when the speech is in one."""
    if one_language(parts, lang):
        return [(lang, tuple(parts))]
    pieces: list[tuple[str | None, Inline]] = []  # (language, part); None: a parenthetical, with its neighbours
    for part in parts:
        if isinstance(part, Paren):
            pieces.append((None, part))
        elif part.lang:
            pieces.append((part.lang, Text(part.text, part.stress)))
        else:
            pieces += _by_script(part, lang, others)
    return _joined(pieces, lang)


def _by_script(part: Text, lang: str, others: Sequence[str]) -> list[tuple[str | None, Inline]]:
    """A text part cut where its letters change script, each piece with its language."""
    own = script_of(lang)
    cuts: list[tuple[int, str]] = []  # (start, script) of each piece
    for i, ch in enumerate(part.text):
        script = "cyrillic" if _CYRILLIC.match(ch) else "latin" if _LATIN.match(ch) else None
        if script is None or (cuts and cuts[-1][1] == script):
            continue
        cuts.append((0 if not cuts else i, script))
    if not cuts:
        return [(lang, part)]
    out: list[tuple[str | None, Inline]] = []
    for n, (start, script) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(part.text)
        text = part.text[start:end]
        piece = Text(text, tuple(i - start for i in part.stress if start <= i < end))
        out.append((lang if script == own else _foreign_lang(script, text, others), piece))
    latin_in_cyrillic = own == "cyrillic"  # a Russian voice reads a Latin name; an English one cannot read Cyrillic
    for n, (piece_lang, piece) in enumerate(out):  # a lone Latin word inside a sentence stays in the speech's language
        if latin_in_cyrillic and piece_lang != lang and len(words(piece.text)) == 1 and not _own_sentence(out, n):
            out[n] = (lang, piece)
    return out


def _foreign_lang(script: str, text: str, others: Sequence[str]) -> str:
    declared = [o for o in others if script_of(o) == script]
    if script == "latin":
        return declared[0] if declared else "en"
    letters = set(text)
    if letters & _KAZAKH_ONLY:
        return "kk"
    if letters & _KAZAKH_OR_UKRAINIAN and not (declared and base_lang(declared[0]) == "uk"):
        return "kk"
    return declared[0] if declared else "ru"


def _own_sentence(pieces: list[tuple[str | None, Inline]], n: int) -> bool:
    """Whether piece ``n`` stands as a sentence: at the start or after a sentence's end, and
    ending one (or the text)."""
    before = pieces[n - 1][1].text.rstrip() if n else ""
    after_ok = n + 1 == len(pieces) or pieces[n][1].text.rstrip().endswith(_SENTENCE_END)
    return (not before or before.endswith(_SENTENCE_END)) and after_ok


def _joined(pieces: list[tuple[str | None, Inline]], lang: str) -> list[Run]:
    """Neighbouring pieces of one language as one run; what says no word (a parenthetical,
    punctuation) joins the run before it."""
    runs: list[tuple[str, list[Inline]]] = []
    for piece_lang, part in pieces:
        said = bool(isinstance(part, Text) and words(part.text))
        if runs and (not said or runs[-1][0] == piece_lang):
            runs[-1][1].append(part)
        elif runs and not any(isinstance(p, Text) and words(p.text) for p in runs[-1][1]):
            runs[-1] = (piece_lang or lang, [*runs[-1][1], part])  # nothing said before: one run
        else:
            runs.append((piece_lang or lang, [part]))
    return [(run_lang, tuple(run_parts)) for run_lang, run_parts in runs]
