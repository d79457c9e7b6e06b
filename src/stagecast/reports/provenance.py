"""``stagecast sources``: where a verbatim play's lines come from (docs/verbatim.md).

Per role and scene, which speeches are verbatim (cited word for word), edited (cited, then
changed) and invented (no source); per interview, its lines and consent; which cited interviews
lack consent. This report is confidential by design: it names interviewees, which no public
output does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..labels import typographic
from ..model import Interview, Play, Speech
from ..rules import clock, provenance

KINDS = ("verbatim", "edited", "invented")
HEADING = "CONFIDENTIAL: names the people interviewed; keep it with the production's records."


@dataclass(frozen=True)
class SceneLines:
    """One role's speeches in one scene, by provenance (speech numbers)."""

    scene: str
    title: str
    lines: dict[str, list[int]]


def by_role(play: Play) -> list[tuple[str, list[SceneLines]]]:
    """Role id → its scenes' lines by provenance (a group speech counts for each speaker)."""
    out = []
    for role in play.roles:
        scenes = []
        for scene in play.scenes:
            lines: dict[str, list[int]] = {kind: [] for kind in KINDS}
            for item in scene.items:
                if isinstance(item, Speech) and role.id in item.speakers:
                    lines[provenance(item)].append(item.number)
            if any(lines.values()):
                scenes.append(SceneLines(scene.id, scene.title, lines))
        if scenes:
            out.append((role.id, scenes))
    return out


def citing(play: Play, interview_id: str) -> list[int]:
    """The numbers of the speeches taken from an interview."""
    return [s.number for s in play.speeches() if any(c.interview == interview_id for c in s.sources)]


def lacking_consent(play: Play) -> list[Interview]:
    """The interviews whose consent is not ``yes`` and that a speech cites."""
    return [i for i in play.interviews if i.consent != "yes" and citing(play, i.id)]


def sources_data(play: Play) -> dict[str, Any]:
    """The report as plain data: the JSON written by ``--format json``."""
    roles = [{"role": role_id, "name": play.role(role_id).name,
              "scenes": [{"scene": s.scene, "title": s.title, **s.lines} for s in scenes]}
             for role_id, scenes in by_role(play)]
    totals = {kind: sum(1 for s in play.speeches() if provenance(s) == kind) for kind in KINDS}
    interviews = [{"id": i.id, "name": i.name, "stage_name": i.stage_name, "date": i.date, "place": i.place,
                   "by": i.by, "consent": i.consent, "length": clock(i.length) if i.length is not None else None,
                   "notes": i.notes, "lines": citing(play, i.id)} for i in play.interviews]
    return {"title": play.meta.title, "confidential": True, "totals": totals, "roles": roles,
            "interviews": interviews, "lacking_consent": [i.id for i in lacking_consent(play)]}


def _numbers(numbers: list[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers) if numbers else "-"


def sources_table(play: Play) -> str:
    """The report for the terminal."""
    data = sources_data(play)
    totals = data["totals"]
    out = [f"{play.meta.title}: verbatim sources", HEADING, "",
           "Speeches: " + ", ".join(f"{totals[k]} {k}" for k in KINDS), ""]
    for role in data["roles"]:
        out.append(role["name"])
        for scene in role["scenes"]:
            out.append(f"  {scene['title']}")
            out += [f"    {kind:<9} {_numbers(scene[kind])}" for kind in KINDS if scene[kind]]
    out += ["", "Interviews" if play.interviews else "Interviews: none listed (interviews: in play.yaml)"]
    for interview in data["interviews"]:
        facts = [interview[k] for k in ("date", "place") if interview[k]]
        facts += [f"by {interview['by']}"] if interview["by"] else []
        facts += [interview["length"]] if interview["length"] else []
        name = interview["name"] or "(no name given)"
        staged = f", on stage {interview['stage_name']}" if interview["stage_name"] else ""
        out.append(f"  {interview['id']}: {name}{staged}" + (f"; {', '.join(facts)}" if facts else ""))
        out.append(f"    consent: {interview['consent']}; lines: {_numbers(interview['lines'])}")
        if interview["notes"]:
            out.append(f"    notes: {' '.join(interview['notes'].split())}")
    lacking = lacking_consent(play)
    out += ["", "Lacking consent: " + (", ".join(f"{i.id} ({i.consent})" for i in lacking) if lacking
                                       else "none: every cited interview has consent: yes")]
    return typographic("\n".join(out) + "\n", play.meta.lang)  # printed: the language's quotation marks


def sources_json(play: Play) -> str:
    return json.dumps(sources_data(play), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"table": sources_table, "json": sources_json}
"""``sources --format`` → its writer."""
