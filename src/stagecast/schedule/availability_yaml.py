"""Reading the availability file (``schedule --availability FILE``) with located errors.

Like play.yaml, it is read through PyYAML's node tree (:class:`~stagecast.readers.yaml_nodes.Walker`)
so every problem is reported at its line and column, all in one pass.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, time
from functools import cache
from pathlib import Path

from yaml.nodes import Node, ScalarNode

from ..errors import Diagnostic, ScriptError
from ..files.display import display_path
from ..files.play_files import read_file, reason
from ..model import Loc, Play
from ..readers.suggest import did_you_mean
from ..readers.yaml_nodes import TooBig, Walker, compose
from .availability import Absence, Availability, Session

TOP_KEYS = ("timezone", "sessions", "unavailable")
SESSION_KEYS = ("date", "from", "to")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def read_availability(path: Path, play: Play) -> Availability:
    """Read and check the file against ``play``'s performers; raise :class:`ScriptError` with
    every problem found."""
    shown = display_path(path)
    diagnostics: list[Diagnostic] = []
    try:
        data = read_file(path)
    except OSError as exc:
        raise ScriptError.at(Loc(shown, 1, 1), f"cannot read the availability file: {reason(exc)}") from None
    node, text = compose(shown, data, diagnostics)
    result = Availability("UTC", (), source=shown)
    if node is not None:
        w = Walker(shown, text, diagnostics)
        try:
            result = _availability(w, node, play, shown)
        except TooBig:
            w.error(Loc(shown, 1, 1), "the document expands to too many values (YAML aliases?)")
    errors = sorted((d for d in diagnostics if d.severity == "error"), key=Diagnostic.sort_key)
    if errors:
        raise ScriptError(errors)
    return result


def _availability(w: Walker, node: Node, play: Play, shown: str) -> Availability:
    top = w.mapping(node, "the availability file") or {}
    w.check_keys(top, TOP_KEYS, "the availability file")
    where = node if isinstance(node, Node) else Loc(shown, 1, 1)
    zone_node = w.require(top, "timezone", where, "the availability file")
    zone = _timezone(w, zone_node) if zone_node is not None else None
    sessions: list[Session] = []
    sessions_node = w.require(top, "sessions", where, "the availability file")
    if sessions_node is not None:
        items = w.sequence(sessions_node, "sessions")
        if items == []:
            w.error(sessions_node, "no sessions: list at least one {date, from, to}")
        for item in items or []:
            session = _session(w, item)
            if session is not None:
                sessions.append(session)
    _overlaps(w, sorted(sessions, key=lambda s: (s.day, s.start)), "session")
    absences = _absences(w, top["unavailable"][1], play) if "unavailable" in top else []
    return Availability(zone or "UTC", tuple(sorted(sessions, key=lambda s: (s.day, s.start))), tuple(absences),
                        source=shown)


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _timezone(w: Walker, node: Node) -> str | None:
    name = w.string(node, "timezone")
    if name is None:
        return None
    if name in _zones():
        return name
    folded = {z.casefold(): z for z in _zones()}
    city = {z.rsplit("/", 1)[-1].casefold(): z for z in sorted(_zones()) if "/" in z}
    meant = folded.get(name.casefold()) or city.get(name.replace(" ", "_").casefold())
    hint = f" (did you mean '{meant}'?)" if meant else did_you_mean(name, _zones())
    w.error(node, f"unknown timezone '{name}'{hint}; give an IANA name such as Europe/London or Asia/Almaty")
    return None


def _session(w: Walker, node: Node) -> Session | None:
    fields = w.mapping(node, "a session")
    if fields is None:
        return None
    w.check_keys(fields, SESSION_KEYS, "a session")
    parts = [w.require(fields, key, node, "a session") for key in SESSION_KEYS]
    if any(p is None for p in parts):
        return None
    day, start, end = _day(w, parts[0]), _clock(w, parts[1], "from"), _clock(w, parts[2], "to")
    if day is None or start is None or end is None:
        return None
    if end <= start:
        w.error(parts[2], f"the session on {day} ends at {end:%H:%M}, not after it starts ({start:%H:%M}); "
                          "a session ends on the day it starts")
        return None
    return Session(day, start, end, w.loc(node))


def _absences(w: Walker, node: Node, play: Play) -> list[Absence]:
    out: list[Absence] = []
    for performer, (key_node, value) in (w.mapping(node, "unavailable") or {}).items():
        known = _performer(w, key_node, performer, play)
        mine: list[Absence] = []
        for item in w.sequence(value, f"the dates '{performer}' is unavailable") or []:
            absence = _absence(w, item, performer)
            if absence is not None:
                mine.append(absence)
        _overlaps(w, sorted(mine, key=lambda a: (a.day, a.start or time.min)), f"absence of '{performer}'")
        if known:
            out += mine
    return out


def _absence(w: Walker, node: Node, performer: str) -> Absence | None:
    what = f"an absence of '{performer}'"
    fields = w.mapping(node, what)
    if fields is None:
        return None
    w.check_keys(fields, SESSION_KEYS, what)
    day_node = w.require(fields, "date", node, what)
    day = _day(w, day_node) if day_node is not None else None
    if ("from" in fields) != ("to" in fields):
        given = "from" if "from" in fields else "to"
        w.error(fields[given][0], f"{what} gives '{given}' without '{'to' if given == 'from' else 'from'}'; "
                                  "give both, or neither for the whole day")
        return None
    if "from" not in fields:
        return Absence(performer, day, loc=w.loc(node)) if day else None
    start, end = _clock(w, fields["from"][1], "from"), _clock(w, fields["to"][1], "to")
    if day is None or start is None or end is None:
        return None
    if end <= start:
        w.error(fields["to"][1], f"{what} on {day} ends at {end:%H:%M}, not after it starts ({start:%H:%M})")
        return None
    return Absence(performer, day, start, end, w.loc(node))


def _performer(w: Walker, node: ScalarNode, given: str, play: Play) -> bool:
    ids = [p.id for p in play.performers]
    if given in ids:
        return True
    named = [p.id for p in play.performers if p.name.casefold() == given.casefold()]
    roles = {r.id for r in play.roles}
    if named:
        hint = f" (did you mean '{named[0]}'? '{given}' is that performer's name; the file uses their id)"
    elif given in roles:
        cast = ", ".join(p.id for p in play.performers_of(given)) or "no one yet"
        hint = f" ('{given}' is a role, played by {cast}; name the performer)"
    else:
        hint = did_you_mean(given, ids) or f" (performers: {', '.join(ids) or 'none'})"
    w.error(node, f"unknown performer '{given}'{hint}")
    return False


def _day(w: Walker, node: Node) -> date | None:
    raw = str(node.value).strip() if isinstance(node, ScalarNode) else ""
    if not _DATE.fullmatch(raw):
        shown = raw or "nothing"
        w.error(node, f"date '{shown}' must be written YYYY-MM-DD, e.g. 2026-12-08")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        w.error(node, f"date '{raw}' is not a day of the calendar; check the month and the day")
        return None


def _clock(w: Walker, node: Node, key: str) -> time | None:
    # YAML 1.1 reads an unquoted 18:30 as a number in base 60; the text written is what counts.
    raw = str(node.value).strip() if isinstance(node, ScalarNode) else ""
    found = _TIME.fullmatch(raw)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        w.error(node, f"'{key}' time '{raw or 'nothing'}' must be a 24-hour time HH:MM, e.g. 18:30")
        return None
    return time(int(found[1]), int(found[2]))


def _overlaps(w: Walker, spans: list, what: str) -> None:
    """Two sessions (or one performer's two absences) that share time: report the later one."""
    for before, after in zip(spans, spans[1:], strict=False):
        if before.day != after.day or after.loc is None:
            continue
        whole = before.start is None or after.start is None
        if whole or after.start < before.end:
            first = before.loc.line if before.loc else "?"
            w.error(after.loc, f"overlapping availability: this {what} on {after.day} overlaps the one at line "
                               f"{first}; join them into one entry")
