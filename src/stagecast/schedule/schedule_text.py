"""The calls as a Markdown table, for a noticeboard, an e-mail or a chat."""

from __future__ import annotations

from ..model import Play
from .availability import Availability
from .planner import Plan


def call_rows(play: Play, plan: Plan) -> list[tuple[str, str, str, str]]:
    """(date, time, scenes, called) for each call, as printed in the table and the PDF."""
    rows = []
    for call in plan.calls:
        scenes = ", ".join(f"{play.scene(s).title} ({plan.minutes[s]} min)" for s in call.scenes)
        called = ", ".join(play.performer(p).name for p in call.performers) or "nobody (no performer cast)"
        rows.append((f"{call.day:%a %Y-%m-%d}", f"{call.start:%H:%M}–{call.end:%H:%M}", scenes, called))
    return rows


def summary_lines(play: Play, plan: Plan, availability: Availability) -> list[str]:
    """What the table is, and what did not fit."""
    out = [f"Times in {availability.timezone}; each scene rehearsed for {plan.rate:g}× its running time, "
           f"rounded up to 5 minutes. Performers wait {plan.idle_minutes} min in all between their calls."]
    out += [f"Not scheduled: {play.scene(s).title}: {why}." for s, why in plan.unplaced]
    return out


def render_md(play: Play, plan: Plan, availability: Availability) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [f"# {play.meta.title} — rehearsal calls", ""]
    out += [line + "\n" for line in summary_lines(play, plan, availability)]
    out += ["| date | time | scenes | called |", "|---|---|---|---|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in call_rows(play, plan)]
    return "\n".join(out) + "\n"
