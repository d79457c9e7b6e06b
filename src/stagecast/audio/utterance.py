"""What is said aloud for a speech or a direction: spoken text, stress marks, pronunciations.

Inline parentheticals are never said (:func:`stagecast.text.spoken_text` decides spacing).
The play's ``pronunciations:`` table (word → spoken form, per language) is applied here and
only here, so it never reaches a printed page. Matching is whole-word; an entry written in
lowercase matches any capitalisation (and the spoken form follows it: ``Almaty`` →
``Almat+y`` keeps the capital), an entry with capitals matches exactly. A spoken form may
carry its own stress marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Direction, Play, Pronunciation, Speech, Text
from ..rules import speech_lang
from ..text import parse_text, spoken_parts, with_accents
from .engines.base import ACUTE, Utterance, base_lang
from .mixed import language_runs, one_language


def shown_text(speech: Speech) -> str:
    """What a speech says, as captions and the timeline show it: stress accents kept, no parentheticals."""
    return spoken_parts(tuple(Text(accented(p)) if isinstance(p, Text) else p for p in speech.parts))


def other_langs(play: Play, speech: Speech) -> tuple[str, ...]:
    """The languages declared for runs in another script: the speech's, then its first speaker's role's."""
    try:
        role = play.role(speech.speakers[0]).other_langs if speech.speakers else ()
    except KeyError:
        role = ()
    return (*speech.other_langs, *role)


def spoken_langs(play: Play, speech: Speech) -> list[str]:
    """Every language ``speech`` is spoken in (one for most; a mixed speech's runs' in order),
    without building what is said: the automatic voices are shared out by it (audio/voice_choice.py)."""
    lang = speech_lang(play, speech)
    if one_language(speech.parts, lang):
        return [lang]
    return list(dict.fromkeys(run_lang for run_lang, _ in language_runs(speech.parts, lang, other_langs(play, speech))))


@dataclass(frozen=True)
class SaidPart:
    """One language's run of a speech spoken in several: what is said, and what captions show."""

    utterance: Utterance
    text: str


@dataclass(frozen=True)
class Pronouncer:
    """The pronunciation entries for one language, compiled once."""

    exact: dict[str, str]
    folded: dict[str, str]
    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, entries: tuple[Pronunciation, ...], lang: str) -> Pronouncer:
        mine = [p for p in entries if p.lang is None or base_lang(p.lang) == base_lang(lang)]
        exact = {p.word: _marked(p.spoken) for p in mine if p.word != p.word.lower()}
        folded = {p.word: _marked(p.spoken) for p in mine if p.word == p.word.lower()}
        words = sorted({*exact, *(w for w in folded)}, key=len, reverse=True)
        if not words:
            return cls(exact, folded, None)
        alternatives = "|".join(re.escape(w) for w in words)
        return cls(exact, folded, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))

    def spoken(self, word: str) -> str | None:
        if word in self.exact:
            return self.exact[word]
        said = self.folded.get(word.lower())
        if said is None:
            return None
        if word.isupper() and len(word) > 1:
            return said.upper()
        return said[:1].upper() + said[1:] if word[:1].isupper() else said

    def apply(self, part: Text) -> str:
        """``part``'s text with accents after stressed vowels and pronunciations substituted."""
        if self.pattern is None:
            return accented(part)
        out: list[str] = []
        pos = 0
        for match in self.pattern.finditer(part.text):
            said = self.spoken(match.group())
            if said is None or any(match.start() <= i < match.end() for i in part.stress):
                continue  # a mark the author wrote on this very word wins over the table
            out.append(_accented(part, pos, match.start()))
            out.append(said)
            pos = match.end()
        out.append(_accented(part, pos, len(part.text)))
        return "".join(out)


def _marked(spoken: str) -> str:
    parts, _problems = parse_text(spoken)
    return " ".join(with_accents(p) for p in parts if isinstance(p, Text))


def _accented(part: Text, start: int, end: int) -> str:
    """``part.text[start:end]`` with U+0301 after each stressed vowel (fast: most text has no marks)."""
    marks = [i for i in sorted(part.stress) if start <= i < end]
    if not marks:
        return part.text[start:end]
    pieces, pos = [], start
    for index in marks:
        pieces += [part.text[pos:index + 1], ACUTE]
        pos = index + 1
    pieces.append(part.text[pos:end])
    return "".join(pieces)


def accented(part: Text) -> str:
    return _accented(part, 0, len(part.text))


class Speaker:
    """Builds utterances for one play, memoising a :class:`Pronouncer` per language."""

    def __init__(self, play: Play):
        self.play = play
        self._pronouncers: dict[str, Pronouncer] = {}

    def pronouncer(self, lang: str) -> Pronouncer:
        if lang not in self._pronouncers:
            self._pronouncers[lang] = Pronouncer.build(self.play.pronunciations, lang)
        return self._pronouncers[lang]

    def speech(self, speech: Speech) -> Utterance:
        """What ``speech`` says, whole (in the language of its one run when it has one)."""
        return self.in_languages(speech)[0]

    def in_languages(self, speech: Speech) -> tuple[Utterance, tuple[SaidPart, ...]]:
        """The speech whole, and its runs in their languages when it is spoken in more than one
        (:func:`.mixed.language_runs`; none for a speech in one language, which is most)."""
        lang = speech_lang(self.play, speech)
        if one_language(speech.parts, lang):  # most speeches: as fast as before speeches could mix
            table = self.pronouncer(lang)
            return Utterance(spoken_parts(tuple(Text(table.apply(p)) if isinstance(p, Text) else p
                                                for p in speech.parts)), lang), ()
        runs = language_runs(speech.parts, lang, self._others(speech))
        said = [Utterance(spoken_parts(tuple(Text(self.pronouncer(run_lang).apply(p)) if isinstance(p, Text) else p
                                             for p in parts)), run_lang) for run_lang, parts in runs]
        if len(said) == 1:
            return said[0], ()
        shown = [spoken_parts(tuple(Text(accented(p)) if isinstance(p, Text) else p for p in parts))
                 for _, parts in runs]
        return (Utterance(" ".join(u.text for u in said), lang),
                tuple(SaidPart(u, text) for u, text in zip(said, shown, strict=True)))

    def _others(self, speech: Speech) -> tuple[str, ...]:
        return other_langs(self.play, speech)

    def said_and_shown(self, speech: Speech) -> tuple[Utterance, str, tuple[SaidPart, ...]]:
        """:meth:`in_languages` and :func:`shown_text` together (they are the same text when no
        pronunciation applies to the speech's language, which is most plays)."""
        said, parts = self.in_languages(speech)
        if not parts and self.pronouncer(said.lang).pattern is None:
            return said, said.text, parts
        return said, shown_text(speech), parts

    def direction(self, direction: Direction) -> Utterance:
        return self.words(direction.text)

    def words(self, text: str) -> Utterance:
        """Narrator text (directions, scene titles) in the play's language."""
        lang = self.play.meta.lang
        return Utterance(self.pronouncer(lang).apply(Text(" ".join(text.split()))), lang)
