"""``stats`` as a terminal table (with the rehearsal-call grid), JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..labels import typographic
from ..model import Direction, Play, Speech
from ..rules import roles_needed
from .summary import format_duration

SPEAKS, APPEARS, ABSENT = "●", "○", "·"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def call_grid(play: Play) -> list[str]:
    """Rows of the scene × role chart: ● speaks, ○ named by a direction only, · not needed."""
    scenes = play.scenes
    width = max([len(_role_cell(play, r.id)) for r in play.roles] + [10])
    out = [f"{'':{width}}  " + " ".join(f"{n:>2}" for n in range(1, len(scenes) + 1))]
    for role in play.roles:
        marks = []
        for scene in scenes:
            speaks = any(isinstance(i, Speech) and role.id in i.speakers for i in scene.items)
            named = any(isinstance(i, Direction) and role.id in i.roles for i in scene.items)
            marks.append(SPEAKS if speaks else APPEARS if named else ABSENT)
        out.append(f"{_role_cell(play, role.id):{width}}  " + " ".join(f"{m:>2}" for m in marks))
    out.append("")
    out += [f"  {n:>2}  {s.title}" for n, s in enumerate(scenes, start=1)]
    return out


def _role_cell(play: Play, role_id: str) -> str:
    """The role and who plays it; one who plays it in some of its scenes only says which (their
    numbers in the chart): "The Boy (Actor A in 1, Actor B in 2)"."""
    numbered = [(n, s.id) for n, s in enumerate(play.scenes, start=1) if role_id in roles_needed(s)]
    names = []
    for performer in play.performers_of(role_id):
        mine = [str(n) for n, scene in numbered if performer.plays(role_id, scene)]
        names.append(performer.name if len(mine) == len(numbered) else f"{performer.name} in {', '.join(mine) or '-'}")
    return f"{play.role(role_id).name} ({', '.join(names) or 'unassigned'})"


def _share_note(data: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """What SHARE is a share of, and why the performers' shares may add up to more than 100%."""
    note = f"SHARE: of the play's {data['total_words']:,} words (a group line counted for each speaker)"
    summed = sum(p["share"] for p in rows)
    if summed > 1.005:
        note += (f"; they add up to {_percent(summed)}: a role that alternates between performers counts in "
                 "full for each of them")
    return note + "."


def render_table(play: Play, data: dict[str, Any]) -> str:
    out = [f"{data['title']} — {data['total_words']:,} words, "
           f"about {format_duration(data['running_time_s'])} with intervals"
           + (f" — cast: {data['cast']}" if data.get("cast") else ""), ""]
    rows = data["performers"] + ([{"name": "(unassigned)", "roles": data["unassigned"]["roles"], **data["unassigned"],
                                   "speaking_time_s": 0}] if data["unassigned"]["roles"] else [])
    name_w = max([len(p["name"]) + 2 for p in rows] + [14])
    out.append(f"{'PERFORMER':<{name_w}}{'ROLES':<40}{'SPEECHES':>9}{'WORDS':>7}{'SHARE':>7}{'TIME':>7}")
    for p in rows:
        roles = ", ".join(play.role(r).name for r in p["roles"])
        out.append(f"{p['name']:<{name_w}}{_cut(roles, 39):<40}{p['speeches']:>9}{p['words']:>7}"
                   f"{_percent(p['share']):>7}{_clock(p['speaking_time_s']):>7}")
    out.append(_share_note(data, rows))
    role_w = max([len(r["name"]) + 2 for r in data["roles"]] + [28])
    out += ["", f"{'ROLE':<{role_w}}{'PLAYED BY':<26}{'SPEECHES':>9}{'WORDS':>7}{'SHARE':>7}"]
    for r in data["roles"]:
        by = ", ".join(play.performer(p).name for p in r["performers"]) or "unassigned"
        out.append(f"{r['name']:<{role_w}}{_cut(by, 25):<26}{r['speeches']:>9}{r['words']:>7}{_percent(r['share']):>7}")
    scene_w = max([len(s["title"]) + 2 for s in data["scenes"]] + [28])
    out += ["", f"{'SCENE':<{scene_w}}{'ACT':<14}{'WORDS':>7}{'DURATION':>10}"]
    for s in data["scenes"]:
        out.append(f"{s['title']:<{scene_w}}{_cut(s['act_title'] or '', 13):<14}{s['words']:>7}"
                   f"{_clock(s['duration_s']):>10}")
    for interval in data["intervals"]:
        out.append(f"{interval['title']:<{scene_w + 14}}{'':>7}{_clock(interval['minutes'] * 60):>10}")
    out += ["", f"REHEARSAL CALLS  ({SPEAKS} speaks, {APPEARS} on stage without speaking, {ABSENT} not needed)"]
    out += call_grid(play)
    out += ["", "DOUBLING CONFLICTS"]
    out += [f"  {play.performer(c['performer']).name}: "
            f"{' and '.join(play.role(r).name for r in c['roles'])} in scene '{play.scene(c['scene']).title}'"
            + (f" (intended: {c['intended']})" if c["intended"] else "")
            for c in data["conflicts"]] or ["  none"]
    # Printed text: the language's quotation marks (one character for one, so the columns stay).
    return typographic("\n".join(out) + "\n", play.meta.lang)


def _cut(text: str, width: int) -> str:
    """``text`` fitted to a column: cut with "…" rather than running into the next one."""
    return text if len(text) <= width else text[: width - 1] + "…"


def render_json(play: Play, data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(play: Play, data: dict[str, Any]) -> str:
    """One tidy table: a row per performer, role and scene, told apart by ``section``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "id", "name", "roles", "speeches", "words", "share", "seconds"])
    for p in data["performers"]:
        writer.writerow(["performer", p["id"], p["name"], " ".join(p["roles"]), p["speeches"], p["words"],
                         p["share"], p["speaking_time_s"]])
    for r in data["roles"]:
        writer.writerow(["role", r["id"], r["name"], r["id"], r["speeches"], r["words"], r["share"],
                         r["speaking_time_s"]])
    for s in data["scenes"]:
        writer.writerow(["scene", s["id"], s["title"], " ".join(s["roles"]), "", s["words"], "", s["duration_s"]])
    writer.writerow(["total", "", data["title"], "", "", data["total_words"], 1, data["running_time_s"]])
    return buffer.getvalue()


RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv}
