"""Ordering scenes into rehearsal calls: who waits how long, and a heuristic that keeps it short.

The method and its measured quality are in docs/schedule.md. In short: each session is filled
greedily with the scenes that keep the people already called busy, then its order is improved
by moving one scene at a time while the total idle time falls; nobody is called when the
availability file says they cannot come.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..model import Play, Scene
from ..rules import DEFAULT_WPM, roles_needed, scene_seconds
from .availability import Availability, Session

DEFAULT_RATE = 3.0
"""Rehearsal time per scene, as a multiple of its running time (``--rate``)."""
STEP_MIN = 5
"""Rehearsal times are rounded up to whole steps of this many minutes, and are at least one step."""
_MAX_ROUNDS = 200


def performers_in(play: Play, scene: Scene) -> tuple[str, ...]:
    """Performer ids needed in ``scene``, in the play's order of performers: whoever plays a role
    that speaks there or that a direction names, in this scene (per-scene casting: ``Play.cast_of``)."""
    wanted = {p.id for role in roles_needed(scene) for p in play.cast_of(role, scene.id)}
    return tuple(p.id for p in play.performers if p.id in wanted)


def rehearsal_minutes(play: Play, rate: float, wpm_for: dict[str, float] | None = None) -> dict[str, int]:
    """Minutes to rehearse each scene: ``rate`` × its running time, rounded up to :data:`STEP_MIN`."""
    rates = wpm_for or {r.id: float(DEFAULT_WPM) for r in play.roles}
    return {s.id: max(STEP_MIN, math.ceil(rate * scene_seconds(s, rates) / 60 / STEP_MIN) * STEP_MIN)
            for s in play.scenes}


@dataclass(frozen=True)
class Call:
    """A block of scenes in one session, rehearsed back to back with the same people called."""

    day: date
    start: time
    end: time
    scenes: tuple[str, ...]
    performers: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """The proposal: calls in time order, scenes that found no place (with why), and its idle time."""

    calls: tuple[Call, ...]
    unplaced: tuple[tuple[str, str], ...]
    idle_minutes: int
    minutes: dict[str, int] = field(default_factory=dict)
    rate: float = DEFAULT_RATE


@dataclass(frozen=True)
class _Job:
    scene: str
    index: int
    minutes: int
    people: frozenset[str]


def plan_calls(play: Play, availability: Availability, rate: float = DEFAULT_RATE,
               wpm_for: dict[str, float] | None = None) -> Plan:
    """The proposed calls (docs/schedule.md, "Method"): the heuristic's, or the play's order
    where that places more scenes or keeps people waiting less (so it is never worse)."""
    plans = [_plan(play, availability, rate, wpm_for, fill) for fill in (_greedy_session, _greedy_no_pause)]
    plans.append(naive_calls(play, availability, rate, wpm_for))
    return min(plans, key=lambda plan: (len(plan.unplaced), plan.idle_minutes))


def naive_calls(play: Play, availability: Availability, rate: float = DEFAULT_RATE,
                wpm_for: dict[str, float] | None = None) -> Plan:
    """The baseline it is measured against: scenes in the play's order, each session filled in turn."""
    return _plan(play, availability, rate, wpm_for, _in_order)


def _plan(play: Play, availability: Availability, rate: float, wpm_for: dict[str, float] | None, fill) -> Plan:
    minutes = rehearsal_minutes(play, rate, wpm_for)
    jobs = [_Job(s.id, n, minutes[s.id], frozenset(performers_in(play, s))) for n, s in enumerate(play.scenes)]
    left = list(jobs)
    calls: list[Call] = []
    idle = 0
    for session in availability.sessions:
        chosen = fill(left, session, availability)
        if fill is not _in_order:
            chosen = _improve(chosen, session, availability)
        left = [j for j in left if j not in chosen]  # a pause (_GAP) is never in left
        idle += idle_of(chosen)
        calls += _calls(play, chosen, session)
    longest = max((_length(s) for s in availability.sessions), default=0)
    unplaced = tuple((j.scene, f"needs {j.minutes} min, longer than any session ({longest} min)"
                      if j.minutes > longest else "no session has room for it when all its performers are free")
                     for j in left)
    return Plan(tuple(calls), unplaced, idle, minutes, rate)


def idle_of(jobs: Sequence[_Job]) -> int:
    """Minutes performers wait in one session: from their first scene's start to their last
    scene's end, less the time they rehearse."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    busy: dict[str, int] = {}
    t = 0
    for job in jobs:
        for who in job.people:
            first.setdefault(who, t)
            last[who] = t + job.minutes
            busy[who] = busy.get(who, 0) + job.minutes
        t += job.minutes
    return sum(last[w] - first[w] - busy[w] for w in first)


def _length(session: Session) -> int:
    return _at(session, session.end)


def _at(session: Session, clock: time) -> int:
    """Minutes from the session's start to ``clock``."""
    return int((datetime.combine(session.day, clock) - datetime.combine(session.day, session.start)).seconds // 60)


def _clock(session: Session, offset: int) -> time:
    return (datetime.combine(session.day, session.start) + timedelta(minutes=offset)).time()


def _fits(job: _Job, offset: int, session: Session, availability: Availability) -> bool:
    if offset + job.minutes > _length(session):
        return False
    start, end = _clock(session, offset), _clock(session, offset + job.minutes)
    return all(availability.free(who, session.day, start, end) for who in job.people)


def _feasible(jobs: Sequence[_Job], session: Session, availability: Availability) -> bool:
    t = 0
    for job in jobs:
        if not _fits(job, t, session, availability):
            return False
        t += job.minutes
    return True


def _in_order(left: list[_Job], session: Session, availability: Availability) -> list[_Job]:
    """The play's order: the next scenes while they fit; a scene whose performer is away waits
    for a later session, and the scenes after it go on without it."""
    chosen: list[_Job] = []
    t = 0
    for job in left:
        if _fits(job, t, session, availability):
            chosen.append(job)
            t += job.minutes
        elif t + job.minutes > _length(session):
            break
    return chosen


def _greedy_no_pause(left: list[_Job], session: Session, availability: Availability) -> list[_Job]:
    """:func:`_greedy_session` that ends the session rather than pause it."""
    return _greedy_session(left, session, availability, pause=False)


def _greedy_session(left: list[_Job], session: Session, availability: Availability,
                    pause: bool = True) -> list[_Job]:
    """Fill a session one scene at a time: first the earliest scene of the play that fits, then
    always the scene that leaves fewest of the people already called waiting (per minute), ties
    to the scene with most of them in it, then to the play's order. When no scene fits now but
    one would later (its performer comes at 19:00), pause until it does (``pause``)."""
    chosen: list[_Job] = []
    called: set[str] = set()
    t = 0
    pool = list(left)
    while True:
        fitting = [j for j in pool if _fits(j, t, session, availability)]
        if not fitting:
            if not pause or not any(_fits(j, later, session, availability) for j in pool
                       for later in range(t + STEP_MIN, _length(session), STEP_MIN)):
                return _trimmed(chosen)
            chosen.append(_GAP)  # someone comes later: wait for them rather than end the session
            t += STEP_MIN
            continue
        best = min(fitting, key=lambda j: (len(called - j.people) * j.minutes, -len(called & j.people), j.index)
                   if called else j.index)
        chosen.append(best)
        pool.remove(best)
        called |= best.people
        t += best.minutes


_GAP = _Job("", -1, STEP_MIN, frozenset())
"""A pause in a session while the next scene's performers are not yet free."""


def _trimmed(jobs: list[_Job]) -> list[_Job]:
    """Without the pauses at the end, which keep nobody."""
    while jobs and jobs[-1] is _GAP:
        jobs = jobs[:-1]
    return jobs


def _improve(jobs: list[_Job], session: Session, availability: Availability) -> list[_Job]:
    """Move one scene to another place while that lowers the idle time and keeps everyone
    available; stop when no move helps (a local optimum)."""
    best, cost = list(jobs), idle_of(jobs)
    for _ in range(_MAX_ROUNDS):
        found = None
        for i in range(len(best)):
            rest = best[:i] + best[i + 1:]
            for k in range(len(best)):
                if k == i:
                    continue
                trial = rest[:k] + [best[i]] + rest[k:]
                trial_cost = idle_of(trial)
                if trial_cost < cost and _feasible(trial, session, availability):
                    found, cost = trial, trial_cost
        if found is None:
            return _trimmed(best)
        best = found
    return _trimmed(best)


def _calls(play: Play, jobs: Sequence[_Job], session: Session) -> list[Call]:
    """Consecutive scenes with the same people called make one call."""
    order = {p.id: n for n, p in enumerate(play.performers)}
    calls: list[Call] = []
    t = 0
    for job in jobs:
        if job is _GAP:
            t += job.minutes
            continue
        people = tuple(sorted(job.people, key=order.__getitem__))
        start, end = _clock(session, t), _clock(session, t + job.minutes)
        if calls and calls[-1].performers == people and calls[-1].end == start:
            last = calls.pop()
            calls.append(Call(session.day, last.start, end, (*last.scenes, job.scene), people))
        else:
            calls.append(Call(session.day, start, end, (job.scene,), people))
        t += job.minutes
    return calls
