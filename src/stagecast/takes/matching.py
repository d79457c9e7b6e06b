"""Which speech each take is for, whether it is stale, and which take a track uses for a line.

A take is matched by the words it was recorded for, with the alignment ``diff`` uses
(:func:`stagecast.revisions.align.align`): unchanged speeches anchor it, a speech with the same
``id:`` is the same speech, and between anchors a speech by the same speakers with at least
half of the words (:data:`~stagecast.revisions.compare.SIMILAR`) is the recorded one reworded.
So inserting or moving speeches never puts a take on another line. A matched take whose words
(or speakers) differ from its speech's is *stale*; a take no speech matches is *unmatched*:
reported, never deleted.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from ..errors import Diagnostic
from ..model import Play, Speech, Text
from ..revisions.align import align
from ..revisions.compare import SIMILAR
from ..rules import speech_key
from ..text import words
from .takes_yaml import Take, Takes

State = Literal["current", "stale", "unmatched"]
STALE_CHOICES = ("skip", "use")
"""``--stale-takes``: a stale take is left out (the synthesised line is used), or used."""


@dataclass(frozen=True)
class TakeMatch:
    take: Take
    speech: Speech | None
    state: State


def speech_text(speech: Speech) -> str:
    """A speech's words as a take records them: its text parts (not its directions), spaced once."""
    return " ".join("".join(p.text if isinstance(p, Text) else " " for p in speech.parts).split())


@dataclass(frozen=True)
class _Recorded:
    """The words one or more takes were recorded for."""

    speakers: tuple[str, ...]
    text: str
    speech_id: str | None
    number: int


def match_takes(play: Play, takes: Takes) -> tuple[TakeMatch, ...]:
    """Every take with its speech (or none) and its state, in the manifest's order."""
    if not takes.takes:
        return ()
    speeches = play.speeches()
    groups = sorted({_Recorded(t.speakers, _spaced(t.text), t.speech_id, t.number) for t in takes.takes},
                    key=lambda g: (g.number, g.text))
    ids = {s.id for s in speeches if s.id} & {g.speech_id for g in groups if g.speech_id}
    texts = {id(s): speech_text(s) for s in speeches}  # each speech's words once, not at every comparison
    pairs = align(groups, speeches, lambda x: _key(x, ids, texts), lambda a, b: _score(a, b, ids, texts))
    found: dict[_Recorded, Speech] = {groups[i]: speeches[j] for i, j in pairs if i is not None and j is not None}
    _moved(groups, speeches, found, texts)
    out = []
    for take in takes.takes:
        speech = found.get(_Recorded(take.speakers, _spaced(take.text), take.speech_id, take.number))
        if speech is None:
            out.append(TakeMatch(take, None, "unmatched"))
        else:
            same = speech.speakers == take.speakers and texts[id(speech)] == _spaced(take.text)
            out.append(TakeMatch(take, speech, "current" if same else "stale"))
    return tuple(out)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _key(item: _Recorded | Speech, ids: set[str], texts: dict[int, str]) -> Hashable:
    if isinstance(item, Speech):
        return ("id", item.id) if item.id in ids else (item.speakers, texts[id(item)])
    return ("id", item.speech_id) if item.speech_id in ids else (item.speakers, item.text)


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in words(text)]


def _score(recorded: _Recorded, speech: Speech, ids: set[str], texts: dict[int, str]) -> float | None:
    if recorded.speech_id in ids or speech.id in ids:
        return 2.0 if recorded.speech_id == speech.id else None
    if set(recorded.speakers) != set(speech.speakers):
        return None
    ratio = SequenceMatcher(None, _tokens(recorded.text), _tokens(texts[id(speech)]), autojunk=False).ratio()
    return ratio if ratio >= SIMILAR else None


def _moved(groups: list[_Recorded], speeches: tuple[Speech, ...], found: dict[_Recorded, Speech],
           texts: dict[int, str]) -> None:
    """A take whose exact words are now elsewhere (a moved speech) follows them, as ``diff``'s moves do."""
    taken = {id(s) for s in found.values()}
    free: dict[Hashable, list[Speech]] = {}
    for speech in speeches:
        if id(speech) not in taken:
            free.setdefault((speech.speakers, texts[id(speech)]), []).append(speech)
    for group in groups:
        if group not in found and free.get((group.speakers, group.text)):
            found[group] = free[(group.speakers, group.text)].pop(0)


def takes_for_track(play: Play, matches: Iterable[TakeMatch], performer: str | None = None,
                    stale: str = "skip") -> dict[str, Take]:
    """The take each line uses (by speech key, as the plan names items), for a track of
    ``performer`` (None: the read-through). Whose take: the track's performer's own, if they
    play a speaker of the line; then one by a performer who plays a speaker (cast-list order);
    then any take of the line; the latest recorded first within each."""
    usable: dict[str, list[TakeMatch]] = {}
    for match in matches:
        if match.speech is not None and (match.state == "current" or stale == "use"):
            usable.setdefault(speech_key(match.speech), []).append(match)
    chosen = {}
    for key, found in usable.items():
        speech = found[0].speech
        assert speech is not None
        cast = [p.id for p in play.speakers_of(speech)]
        order = ([performer] if performer in cast else []) + cast

        def rank(m: TakeMatch, order: list[str] = order) -> tuple[int, int, str]:
            who = order.index(m.take.performer) if m.take.performer in order else len(order)
            return (who, m.state != "current", _negated(m.take.recorded))

        chosen[key] = min(found, key=rank).take
    return chosen


def _negated(text: str) -> str:
    """Sorts later timestamps first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def take_warnings(takes: Takes, matches: Iterable[TakeMatch]) -> tuple[Diagnostic, ...]:
    """``check``'s findings: a stale take at its speech, a take matching no speech at its entry."""
    out = []
    for match in matches:
        shown = takes.shown(match.take)
        if match.state == "stale" and match.speech is not None:
            out.append(Diagnostic("warning", match.speech.loc,
                                  f"stale take: {shown} was recorded for other words (\"{_short(match.take.text)}\"); "
                                  "record the line again, or use it anyway with --stale-takes use"))
        elif match.state == "unmatched":
            out.append(Diagnostic("warning", match.take.loc,
                                  f"take {shown} matches no speech now (recorded for \"{_short(match.take.text)}\"); "
                                  "it is kept, unused"))
    return tuple(out)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
