"""The availability file's model: when the company meets and when a performer cannot come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..model import Loc


@dataclass(frozen=True)
class Session:
    """A block of time the company has a room (``sessions:``), in the file's timezone."""

    day: date
    start: time
    end: time
    loc: Loc | None = None


@dataclass(frozen=True)
class Absence:
    """A performer who cannot come: a whole day (``start``/``end`` None) or part of one."""

    performer: str
    day: date
    start: time | None = None
    end: time | None = None
    loc: Loc | None = None

    def covers(self, day: date, start: time, end: time) -> bool:
        """Whether this absence falls within ``start``–``end`` on ``day``."""
        if day != self.day:
            return False
        if self.start is None or self.end is None:
            return True
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Availability:
    """The whole file: its timezone (an IANA name), the sessions in time order, the absences."""

    timezone: str
    sessions: tuple[Session, ...]
    absences: tuple[Absence, ...] = ()
    source: str = ""

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def free(self, performer: str, day: date, start: time, end: time) -> bool:
        """Whether ``performer`` can be called from ``start`` to ``end`` on ``day``."""
        return not any(a.performer == performer and a.covers(day, start, end) for a in self.absences)

    def at(self, day: date, clock: time) -> datetime:
        """A wall-clock time of the file's timezone as an aware datetime."""
        return datetime.combine(day, clock, tzinfo=self.zone())
