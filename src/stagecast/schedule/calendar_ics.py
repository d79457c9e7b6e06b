"""The calls as an iCalendar file (RFC 5545) that phones' and desktop calendars import.

Written by hand, not with a library: a dozen properties, and the three rules importers are
strict about are kept here — CRLF line ends, lines folded at 75 octets (never inside a UTF-8
character), and times in UTC (``…Z``), which every importer reads the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..model import Play
from ..rules import slug
from .availability import Availability
from .planner import Call, Plan

PRODID = "-//stagecast//rehearsal schedule//EN"
_LIMIT = 75


def render_ics(play: Play, plan: Plan, availability: Availability, stamp: datetime | None = None) -> bytes:
    """One VEVENT per call: the performers called as ATTENDEEs (their names as CN), the scenes'
    titles in the description. ``stamp``: the DTSTAMP (now, unless given)."""
    made = _utc(stamp or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_text(play.meta.title + ' — rehearsals')}"]
    for call in plan.calls:
        lines += _event(play, call, availability, made)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(play: Play, call: Call, availability: Availability, made: str) -> list[str]:
    titles = [play.scene(s).title for s in call.scenes]
    start = _utc(availability.at(call.day, call.start))
    end = _utc(availability.at(call.day, call.end))
    names = [play.performer(p).name for p in call.performers]
    description = "Scenes: " + "; ".join(titles) + ("\nCalled: " + ", ".join(names) if names else "")
    # Sessions never overlap, so the play and the start name a call: a calendar that updates
    # events by UID replaces the call at that time when a revised schedule is imported.
    out = ["BEGIN:VEVENT", f"UID:{slug(play.meta.title)}-{call.day:%Y%m%d}T{call.start:%H%M}@stagecast",
           f"DTSTAMP:{made}", f"DTSTART:{start}", f"DTEND:{end}",
           f"SUMMARY:{_text(play.meta.title + ': ' + ', '.join(titles))}", f"DESCRIPTION:{_text(description)}"]
    for performer in call.performers:
        name = play.performer(performer).name
        out.append(f"ATTENDEE;CN={_param(name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:"
                   f"urn:stagecast:performer:{slug(performer)}")
    return [*out, "END:VEVENT"]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _param(value: str) -> str:
    """A parameter value (§3.2): quoted when it holds : ; or ,; a double quote cannot be written
    in one at all, so it becomes a single quote; control characters are dropped."""
    value = "".join(ch for ch in value.replace('"', "'") if ch >= " " and ch != "\x7f")
    return f'"{value}"' if any(ch in value for ch in ":;,") else value


def fold(line: str) -> str:
    """Fold a content line (§3.1): no line longer than 75 octets, each continuation starting with
    one space, never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= _LIMIT:
        return line
    parts: list[str] = []
    start, limit = 0, _LIMIT
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, _LIMIT - 1  # the leading space counts towards the next line's 75
    return "\r\n ".join(parts)
