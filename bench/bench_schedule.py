"""Measure `stagecast schedule`'s proposals: performers' idle time against the naive order.

Idle time: in each session, each performer waits from the start of their first scene to the end
of their last, less the time they rehearse (docs/schedule.md). The naive order takes the scenes
in the play's order and fills each session in turn. Plays: the sample with
tests/data/schedule/availability.yaml, and Hamlet imported from the test corpus (Bosak's XML),
cast one performer per role (as the import leaves it) and doubled (12 performers asked for; a
role that fits none of them adds one), over
``--seeds`` random sets of absences (three-hour evening sessions, enough for the play, each
performer away a whole evening with chance 8 % and for an hour of one with chance 8 %;
three evenings more than the play needs at full use).

Run: .venv/bin/python bench/bench_schedule.py [--seeds 20] [--rate 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stagecast.api import load_play  # noqa: E402
from stagecast.interchange import import_play  # noqa: E402
from stagecast.model import Performer, Play  # noqa: E402
from stagecast.rules import role_words, roles_needed  # noqa: E402
from stagecast.schedule.availability import Absence, Availability, Session  # noqa: E402
from stagecast.schedule.availability_yaml import read_availability  # noqa: E402
from stagecast.schedule.planner import (  # noqa: E402
    Plan,
    _Job,
    naive_calls,
    performers_in,
    plan_calls,
    rehearsal_minutes,
)

HAMLET = ROOT / "tests" / "data" / "corpus" / "shakespeare_en" / "bosak_hamlet.xml"


def doubled(play: Play, company: int) -> Play:
    """Roles, most words first, each given to the first of ``company`` performers who is in none
    of its scenes yet (a new performer when all are): a doubling without conflicts."""
    words = role_words(play)
    scenes_of = {r.id: {s.id for s in play.scenes if r.id in roles_needed(s)} for r in play.roles}
    cast: list[tuple[list[str], set[str]]] = []
    for role in sorted(play.roles, key=lambda r: -words[r.id]):
        for roles, busy in cast:
            if len(cast) >= company and not busy & scenes_of[role.id]:
                roles.append(role.id)
                busy |= scenes_of[role.id]
                break
        else:
            cast.append(([role.id], set(scenes_of[role.id])))
    performers = tuple(Performer(f"actor-{n}", f"Actor {n}", tuple(roles)) for n, (roles, _) in enumerate(cast, 1))
    return replace(play, performers=performers)


def evenings(play: Play, rate: float, seed: int) -> Availability:
    need = sum(rehearsal_minutes(play, rate).values())
    count = need // 180 + 3
    first = date(2027, 1, 4)
    days = [first + timedelta(days=n) for n in range(count)]
    sessions = tuple(Session(d, clock(18), clock(21)) for d in days)
    rng = random.Random(seed)
    absences = []
    for performer in play.performers:
        for day in days:
            chance = rng.random()
            if chance < 0.08:
                absences.append(Absence(performer.id, day))
            elif chance < 0.16:
                start = rng.choice([18, 19, 20])
                absences.append(Absence(performer.id, day, clock(start), clock(start + 1)))
    return Availability("Europe/London", sessions, tuple(absences))


def best_order_idle(jobs: list[_Job]) -> int:
    """The least idle time of any order of ``jobs`` (dynamic programming over the sets of scenes
    already rehearsed, as for the talent scheduling problem): scene s after the set Q keeps
    waiting, for s's minutes, everyone with a scene in Q and one still to come who is not in s."""
    people = sorted({p for j in jobs for p in j.people})
    bit = {p: 1 << n for n, p in enumerate(people)}
    masks = [sum(bit[p] for p in j.people) for j in jobs]
    full = (1 << len(jobs)) - 1
    union = [0] * (full + 1)
    for subset in range(1, full + 1):
        low = (subset & -subset).bit_length() - 1
        union[subset] = union[subset & (subset - 1)] | masks[low]
    best = [0] + [None] * full
    for done in range(full + 1):
        if best[done] is None:
            continue
        for n, job in enumerate(jobs):
            if done >> n & 1:
                continue
            rest = full & ~done & ~(1 << n)
            waiting = union[done] & union[rest] & ~masks[n]
            cost = best[done] + job.minutes * bin(waiting).count("1")
            after = done | 1 << n
            if best[after] is None or cost < best[after]:
                best[after] = cost
    return best[full]


def best_orders(play: Play, plan: Plan) -> tuple[int, int] | None:
    """The idle time of ``plan`` with each session's scenes in their best order (availability
    ignored), and the plan's own: how far the local search is from the best order of the scenes
    it chose. None when a session has more than 18 scenes."""
    by_day: dict[date, list[str]] = {}
    for call in plan.calls:
        by_day.setdefault(call.day, []).extend(call.scenes)
    total = 0
    for scenes in by_day.values():
        if len(scenes) > 18:
            return None
        total += best_order_idle([_Job(s, n, plan.minutes[s], frozenset(performers_in(play, play.scene(s))))
                                  for n, s in enumerate(scenes)])
    return total, plan.idle_minutes


def compare(name: str, play: Play, availabilities: list[Availability], rate: float) -> None:
    naive, planned, placed, took = [], [], [], []
    for availability in availabilities:
        base = naive_calls(play, availability, rate)
        started = time.perf_counter()
        plan = plan_calls(play, availability, rate)
        took.append(time.perf_counter() - started)
        naive.append(base.idle_minutes)
        planned.append(plan.idle_minutes)
        placed.append((len(play.scenes) - len(base.unplaced), len(play.scenes) - len(plan.unplaced)))
    same = [(n, p) for n, p, (a, b) in zip(naive, planned, placed, strict=True) if a == b]
    more = sum(b > a for a, b in placed)
    fewer = sum(b < a for a, b in placed)
    print(f"{name}: {len(play.scenes)} scenes, {len(play.performers)} performers, {len(availabilities)} runs")
    if same:
        mean_naive, mean_plan = statistics.mean(n for n, _ in same), statistics.mean(p for _, p in same)
        cut = (1 - mean_plan / mean_naive) * 100 if mean_naive else 0.0
        print(f"  {len(same)} runs placing as many scenes: idle minutes, naive order mean {mean_naive:.0f} "
              f"(max {max(n for n, _ in same)}), planner mean {mean_plan:.0f} (max {max(p for _, p in same)}): "
              f"{cut:.0f}% less")
    print(f"  all runs: idle minutes, naive order mean {statistics.mean(naive):.0f}, "
          f"planner mean {statistics.mean(planned):.0f}")
    print(f"  the planner placed more scenes in {more} runs, fewer in {fewer}; "
          f"all scenes placed by the planner in {sum(b == len(play.scenes) for _, b in placed)} runs")
    if len(availabilities) == 1 and not availabilities[0].absences:
        print(f"  best order of each session's scenes, their idle minutes (best, planner): "
              f"{best_orders(play, plan_calls(play, availabilities[0], rate))}")
    print(f"  planner time: median {statistics.median(took) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=3.0)
    args = parser.parse_args()
    sample = load_play(ROOT / "script")
    compare("sample, tests/data/schedule/availability.yaml", sample,
            [read_availability(ROOT / "tests" / "data" / "schedule" / "availability.yaml", sample)], args.rate)
    compare("sample, nobody away", sample, [replace(evenings(sample, args.rate, 0), absences=())], args.rate)
    compare("sample, random absences", sample, [evenings(sample, args.rate, s) for s in range(args.seeds)], args.rate)
    hamlet = import_play(HAMLET)
    for label, play in (("Hamlet, one performer per role", hamlet), ("Hamlet, doubled", doubled(hamlet, 12))):
        compare(label + ", nobody away", play, [replace(evenings(play, args.rate, 0), absences=())], args.rate)
        compare(label, play, [evenings(play, args.rate, s) for s in range(args.seeds)], args.rate)


if __name__ == "__main__":
    main()
