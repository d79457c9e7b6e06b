"""Marked stress that is heard: eSpeak NG phoneme input built for the marked syllable.

eSpeak NG ignores U+0301 and reads a bare ``+`` as "plus", and its Russian dictionary
decides stress on its own (``замок`` is always ``zam'ok``). For a word whose marked stress
differs from eSpeak's, we take eSpeak's own phonemes for the word (its consonants,
palatalisation and glides are right), move the primary stress to the marked vowel and, for
Russian, choose every vowel again for the new stress — unstressed о/а reduce, е/я become
[ɪ] after soft consonants, е after ж/ш/ц becomes [ɨ] — then hand the word to eSpeak as
``[[...]]`` phoneme input. eSpeak's phoneme rules then apply their own allophones (the
syllable before the stress gets [ɐ], a stressed а after a soft consonant is fronted).

Checked by hand against eSpeak NG 1.52 (pinned in tests/test_audio_stress.py)::

    за́мок  → [[z|'a|m|V|k]]   spoken as z|'A|m|V|k   [ˈzamək]  (castle)
    замо́к  → [[z|V|m|'o|k]]   spoken as z|a|m|'o|k   [zɐˈmok]  (lock)

Limits (docs/audio.md): for languages other than Russian only the stress moves, vowel
qualities stay eSpeak's; a word whose vowel letters do not line up one-to-one with
eSpeak's vowels (English spelling, abbreviations, digits) keeps eSpeak's own stress and
the reason is reported.

The same move works on eSpeak's IPA (:data:`IPA`), which is what Piper's voices read: their
phonemizer is eSpeak NG and they take ``[[...]]`` IPA inside the text
(:mod:`stagecast.audio.engines.piper_marks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text import is_vowel
from .engines.base import ACUTE

RU_VOWEL_LETTERS = frozenset("аеёиоуыэюя")
STRESS_MARKS = "',"
IPA_MARKS = "ˈˌ"
_ESPEAK_VOWEL_START = frozenset("aeiouyAEIOUV@0389&")
_NONSYLLABIC = frozenset({"I^", "U^", "i^", "u^", "@-"})
"""Vowel-like phonemes that make no syllable: the glides, and ``@-``, the brief vowel eSpeak
puts before a Russian р after a consonant or at the start of a word (``s|t|@-|r|a|n|'A``)."""
_GLIDE_VOWELS = frozenset({"ja", "ju", "jo", "je"})
"""eSpeak's Russian vowels that include the [j] glide (я, ю at the start of a word or after a vowel)."""
_MARKED_WORD = re.compile(rf"(?:[^\W\d_]{ACUTE}?)+")
_NO_QUALITY_CHANGE = frozenset("иыуюё")
"""Russian vowel letters whose sound does not depend on stress (only their stress moves)."""


@dataclass(frozen=True)
class MarkedWord:
    """A word with at least one marked vowel; ``stress`` indexes ``word``, the first is primary."""

    word: str
    stress: tuple[int, ...]


def split_marked(text: str) -> list[str | MarkedWord]:
    """Split utterance text into plain runs and words carrying stress marks."""
    out: list[str | MarkedWord] = []
    pos = 0
    for match in _MARKED_WORD.finditer(text):
        if ACUTE not in match.group():
            continue
        if match.start() > pos:
            out.append(text[pos:match.start()])
        out.append(_marked(match.group()))
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _marked(raw: str) -> MarkedWord:
    letters: list[str] = []
    stress: list[int] = []
    for ch in raw:
        if ch == ACUTE:
            stress.append(len(letters) - 1)
        else:
            letters.append(ch)
    return MarkedWord("".join(letters), tuple(stress))


@dataclass(frozen=True)
class Notation:
    """How eSpeak writes a word's phonemes: its ASCII names (what eSpeak itself takes as input),
    or IPA (what Piper's voices were trained on and take as input)."""

    marks: str
    """The primary and the secondary stress mark, written before a vowel."""
    joiner: str
    """Between phonemes in the phoneme input."""
    is_vowel: Callable[[str], bool]
    russian: Callable[[str, bool], str]
    """A re-chosen Russian vowel, given as :func:`russian_vowel`'s eSpeak name, in this notation."""


def is_vowel_phoneme(token: str) -> bool:
    bare = token.lstrip(STRESS_MARKS)
    if bare in _GLIDE_VOWELS:
        return True
    return bool(bare) and bare not in _NONSYLLABIC and bare[0] in _ESPEAK_VOWEL_START


ESPEAK = Notation(STRESS_MARKS, "|", is_vowel_phoneme, lambda name, _stressed: name)


def phoneme_input(word: MarkedWord, tokens: list[str], lang: str,
                  notation: Notation = ESPEAK) -> tuple[str | None, str | None]:
    """Phonemes (eSpeak's ``tokens`` for the word, in ``notation``) that say ``word`` with its marked stress.

    Returns ``(None, None)`` when eSpeak already stresses the marked vowel, and
    ``(None, reason)`` when the mark cannot be honoured.
    """
    latin = [ch for ch in word.word if ch.isascii() and ch.isalpha()]
    if base_is_russian(lang) and latin:
        why = (f"it mixes Latin and Cyrillic letters ('{latin[0]}' is Latin)" if len(latin) < len(word.word)
               else "a word in Latin letters is read by eSpeak's English rules, with its own stress")
        return None, f"stress mark on '{word.word}' not honoured: {why}"
    letters = [i for i, ch in enumerate(word.word) if _is_vowel_letter(ch, lang) and not _glide(word.word, i, lang)]
    vowels = [i for i, tok in enumerate(tokens) if notation.is_vowel(tok)]
    order = {letter: n for n, letter in enumerate(letters)}
    if len(letters) != len(vowels):
        return None, (f"stress mark on '{word.word}' not honoured: its {len(letters)} vowel letters do not "
                      f"match eSpeak's {len(vowels)} vowels ({'|'.join(tokens)})")
    marked = [order[i] for i in word.stress if i in order]
    if not marked:
        return None, None
    current = [n for n, t in enumerate(vowels) if tokens[t].startswith(notation.marks[0])]
    if current == marked[:1] and len(marked) == 1:
        return None, None
    out = [tok.lstrip(notation.marks) if notation.is_vowel(tok) else tok for tok in tokens]
    for n, (letter, t) in enumerate(zip(letters, vowels, strict=True)):
        stressed = n in marked
        if base_is_russian(lang) and not _keeps_quality(word.word[letter], out[t]):
            out[t] = notation.russian(russian_vowel(word.word, letter, out[t], stressed), stressed)
        if stressed:
            out[t] = notation.marks[0 if n == marked[0] else 1] + out[t]
    return notation.joiner.join(out), None


def _glide(word: str, index: int, lang: str) -> bool:
    """Outside Russian, a "y" after a vowel letter closes that vowel (tengay, obey, boy): no syllable."""
    return (not base_is_russian(lang) and word[index].lower() == "y" and index > 0
            and _is_vowel_letter(word[index - 1], lang))


def _keeps_quality(letter: str, token: str) -> bool:
    """и, ы, у, ю, ё, and я/ю said with their glide, sound the same with or without stress."""
    return letter.lower() in _NO_QUALITY_CHANGE or token.lstrip(STRESS_MARKS + IPA_MARKS) in ("ja", "ju")


def base_is_russian(lang: str) -> bool:
    return lang.split("-")[0].lower() == "ru"


def _is_vowel_letter(ch: str, lang: str) -> bool:
    if base_is_russian(lang):
        return ch.lower() in RU_VOWEL_LETTERS
    return is_vowel(ch)


def russian_vowel(word: str, index: int, token: str, stressed: bool) -> str:
    """eSpeak's phoneme for the Russian vowel letter ``word[index]`` with or without stress.

    Standard (Moscow) reduction: unstressed о and а → [ə] (eSpeak ``V``; eSpeak itself turns
    it into [ɐ] in the syllable before the stress); а/е/я after a soft consonant → [ɪ]
    (``i``); е after ж, ш, ц → [ɨ] (``y``); unstressed э → ``E#``; a final unstressed а stays
    ``a`` (eSpeak writes it ``a#``) and a final я is [ə].
    """
    letter = word[index].lower()
    prev = word[index - 1].lower() if index else ""
    last = index == len(word) - 1
    if _keeps_quality(letter, token):
        return token
    if stressed:
        return {"а": "a", "о": "o", "е": "e", "я": "a", "э": "E"}[letter]
    if letter == "о":
        return "V"
    if letter == "э":
        return "E#"
    if letter == "а":
        return "i" if prev and prev in "чщ" else "a" if last or not prev else "V"
    if letter == "е":
        return "y" if prev and prev in "жшц" else "i"
    return "V" if last else "i"  # я


_IPA_VOWEL_START = frozenset("aeiouyæøœɐɑɒɔəɘɚɛɜɝɞɤɨɪɯɵɶʉʊʌʏᵻ")
_NONSYLLABIC_MARK = "\u032f"
_IPA_RUSSIAN = {"a": "a", "o": "o", "e": "e", "E": "ɛ", "E#": "ɛ", "V": "ʌ", "i": "i", "y": "y"}
"""eSpeak's IPA for the Russian vowels :func:`russian_vowel` chooses (from ``espeak_TextToPhonemes``
in IPA mode, eSpeak NG 1.52): ``V`` is [ʌ], ``E#`` [ɛ], a stressed ``a`` [ɑ]."""


def is_ipa_vowel(token: str) -> bool:
    """A syllable's vowel in eSpeak's IPA: ``ˈɑ``, ``eɪ``, ``ɚ``, Russian ``ja`` (not ``ʊ̯``, not ``j``)."""
    bare = token.lstrip(IPA_MARKS)
    if bare in _GLIDE_VOWELS:
        return True
    return bool(bare) and bare[0] in _IPA_VOWEL_START and _NONSYLLABIC_MARK not in bare


def _ipa_russian(name: str, stressed: bool) -> str:
    return "ɑ" if stressed and name == "a" else _IPA_RUSSIAN.get(name, name)


IPA = Notation(IPA_MARKS, "", is_ipa_vowel, _ipa_russian)
