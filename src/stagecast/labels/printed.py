"""The play as printed: every text a reader sees with its language's quotation marks (:mod:`.quotes`).

Each printed output (the script PDF and marked copies, cue sheets, the cue list, the rehearsal
page) calls :func:`printed_play` on the play it was given, and reads only that; the model
the readers made, the YAML, the Fountain export, text-to-speech and the audio timelines keep the
marks as typed. Ids, numbers and locations are kept, so a printed play is looked up the same way.

A speech's words are one text across its parts (a quotation may close after an inline direction
or a ``[kk: …]`` span), each part in its own language (:func:`stagecast.rules.speech_lang`);
an inline direction, a delivery note, a title or a stage direction is a text of its own, in the
play's language. :func:`as_typed` is the way back, for an import of a document stagecast printed.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..model import Cue, Direction, Interval, Item, Paren, Play, Scene, Speech, Text
from ..rules import speech_lang
from .quotes import TYPOGRAPHIC, straightened_runs, typographic_runs


@dataclass(frozen=True)
class _Way:
    runs: Callable[[Sequence[tuple[str, str | None]]], list[str]]
    """Pieces of one text with their languages → the pieces converted."""
    marks: re.Pattern[str]
    """The characters it changes: a text without any is left as it is, unread."""


_PRINTED = _Way(typographic_runs, re.compile("['\"]"))
_TYPED = _Way(straightened_runs, re.compile(f"[{''.join(TYPOGRAPHIC)}]"))
_DIRECTION = "\ufffc"
"""An inline direction's place in its speech's one text: neither a space nor a letter, so that a
quote typed just before it ("(beat) Wait,") opens a quotation and one just after it closes one,
as a space would leave undecided (a straight mark opening, a curly one closing)."""
_made: dict[int, tuple[weakref.ref[Play], Play]] = {}
"""id(play) → (the play, as printed), while the play lives: a build prints one play many times (a
cue sheet and a marked copy per performer), and a Hamlet (1,138 speeches, ~950 straight marks)
takes about 45 ms to print, Chaika (2 marks) 5 ms."""


def printed_play(play: Play) -> Play:
    """``play`` with straight quotes and apostrophes in every printed text turned typographic."""
    made = _made.get(id(play))
    if made is not None and made[0]() is play:
        return made[1]
    printed = _converted(play, _PRINTED)
    key = id(play)
    _made[key] = (weakref.ref(play, lambda _: _made.pop(key, None)), printed)
    return printed


def as_typed(play: Play) -> Play:
    """``play`` (read from a document stagecast printed) with the marks :func:`printed_play` made
    typed straight again, wherever printing gives them back exactly; other marks stay as they are."""
    return _converted(play, _TYPED)


def _converted(play: Play, way: _Way) -> Play:
    lang = play.meta.lang

    def one(text: str | None) -> str | None:
        return way.runs([(text, lang)])[0] if text and way.marks.search(text) else text

    meta = play.meta
    meta = replace(meta, title=one(meta.title) or meta.title, subtitle=one(meta.subtitle), company=one(meta.company),
                   notes=one(meta.notes), credits=tuple((one(a) or a, one(b) or b) for a, b in meta.credits))
    return replace(
        play, meta=meta,
        roles=tuple(replace(r, name=one(r.name) or r.name, description=one(r.description)) for r in play.roles),
        performers=tuple(replace(p, name=one(p.name) or p.name) for p in play.performers),
        acts=tuple(replace(a, title=one(a.title) or a.title) for a in play.acts),
        sequence=tuple(replace(part, title=one(part.title) or part.title) if isinstance(part, Interval)
                       else _scene(play, part, one, way) for part in play.sequence))


def _scene(play: Play, scene: Scene, one: Callable[[str | None], str | None], way: _Way) -> Scene:
    def item(it: Item) -> Item:
        if isinstance(it, Speech):
            return _speech(play, it, one, way)
        if isinstance(it, Direction) and (text := one(it.text)) != it.text:
            return replace(it, text=text)
        if isinstance(it, Cue) and (label := one(it.label)) != it.label:
            return replace(it, label=label)
        return it  # unchanged items stay the same objects

    return replace(scene, title=one(scene.title) or scene.title, setting=one(scene.setting),
                   items=tuple(item(i) for i in scene.items))


def _speech(play: Play, speech: Speech, one: Callable[[str | None], str | None], way: _Way) -> Speech:
    if not any(way.marks.search(p.text) for p in speech.parts) and not (
            speech.delivery and way.marks.search(speech.delivery)) and not speech.label:
        return speech  # most speeches; the same object, so outputs that find one by identity still do
    lang = speech_lang(play, speech)
    words = way.runs([(p.text, p.lang or lang) if isinstance(p, Text) else (_DIRECTION, None) for p in speech.parts])
    parts = tuple(replace(p, text=said) if isinstance(p, Text) else Paren(one(p.text) or p.text)
                  for p, said in zip(speech.parts, words, strict=True))
    delivery = way.runs([(speech.delivery, lang)])[0] if speech.delivery else speech.delivery
    return replace(speech, parts=parts, delivery=delivery, label=one(speech.label))
