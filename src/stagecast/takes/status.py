"""``takes list``: per performer, each of their lines recorded, missing or stale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..cueing import lines_of
from ..model import Play, Speech
from .matching import TakeMatch
from .takes_yaml import Take

LineState = Literal["recorded", "stale", "missing"]


@dataclass(frozen=True)
class LineStatus:
    speech: Speech
    state: LineState
    take: Take | None
    """The take that makes it recorded (or stale)."""


@dataclass(frozen=True)
class PerformerStatus:
    performer: str
    lines: tuple[LineStatus, ...]

    def count(self, state: LineState) -> int:
        return sum(1 for line in self.lines if line.state == state)


def performer_status(play: Play, matches: Iterable[TakeMatch], performer: str) -> PerformerStatus:
    """Each of ``performer``'s lines: recorded (a current take by them, or by nobody named),
    else stale (only a stale one), else missing."""
    mine: dict[int, list[TakeMatch]] = {}
    for match in matches:
        if match.speech is not None and match.take.performer in (performer, None):
            mine.setdefault(id(match.speech), []).append(match)
    lines = []
    for speech in lines_of(play, performer):
        found = mine.get(id(speech), [])
        current = [m for m in found if m.state == "current"]
        if current:
            lines.append(LineStatus(speech, "recorded", current[-1].take))
        elif found:
            lines.append(LineStatus(speech, "stale", found[-1].take))
        else:
            lines.append(LineStatus(speech, "missing", None))
    return PerformerStatus(performer, tuple(lines))
