"""Production reports: who says how much, who is needed in which scene, how long it runs.

The JSON shape (``version`` 1) is documented in docs/stats.md and kept stable.
"""

from __future__ import annotations

from typing import Any

from ..model import Play, Scene, Speech
from ..rules import DEFAULT_WPM, conflicts, role_words, roles_needed, running_seconds, scene_seconds, total_words
from ..text import word_count
from ..voice_settings import VoiceConfig

STATS_VERSION = 1


def _rates(play: Play, voices: VoiceConfig | None) -> dict[str, float]:
    """Words per minute per role: the role's voices.yaml rate, else eSpeak NG's default."""
    return {r.id: float((voices.rate_for(r.id) if voices else None) or DEFAULT_WPM) for r in play.roles}


def _speeches_by_role(play: Play) -> dict[str, list[Speech]]:
    found: dict[str, list[Speech]] = {r.id: [] for r in play.roles}
    for speech in play.speeches():
        for role_id in speech.speakers:
            found[role_id].append(speech)
    return found


def stats(play: Play, voices: VoiceConfig | None = None) -> dict[str, Any]:
    """Everything ``stagecast stats`` reports, as plain data (the JSON shape)."""
    rates = _rates(play, voices)
    words = role_words(play)
    by_role = _speeches_by_role(play)
    seconds = {r: sum(word_count(s) for s in by_role[r]) * 60.0 / rates[r] for r in by_role}
    total = total_words(play)
    acts = {a.id: a.title for a in play.acts}
    return {
        "version": STATS_VERSION,
        "title": play.meta.title,
        "total_words": total,
        "running_time_s": round(running_seconds(play, rates), 1),
        "intervals": [{"title": i.title, "minutes": _number(i.minutes)} for i in play.intervals],
        "performers": [_performer(play, p.id, by_role, rates, total) for p in play.performers],
        "unassigned": _unassigned(play, by_role, total),
        "roles": [{"id": r.id, "name": r.name, "performers": [p.id for p in play.performers_of(r.id)],
                   "speeches": len(by_role[r.id]), "words": words[r.id], "share": _share(words[r.id], total),
                   "speaking_time_s": round(seconds[r.id], 1)} for r in play.roles],
        "scenes": [_scene(s, acts, rates) for s in play.scenes],
        "conflicts": [{"performer": c.performer, "scene": c.scene, "roles": list(c.roles)} for c in conflicts(play)],
    }


def _number(value: float) -> float | int:
    """15.0 → 15, as the play wrote it; 7.5 stays."""
    return int(value) if float(value).is_integer() else value


def _share(words: int, total: int) -> float:
    return round(words / total, 4) if total else 0.0


def _performer(play: Play, performer_id: str, by_role: dict[str, list[Speech]], rates: dict[str, float],
               total: int) -> dict[str, Any]:
    roles = play.performer(performer_id).roles
    speeches = _their_speeches(roles, by_role)
    mine = sum(word_count(s) for s in speeches.values())
    return {"id": performer_id, "name": play.performer(performer_id).name, "roles": list(roles),
            "speeches": len(speeches), "words": mine, "share": _share(mine, total),
            "speaking_time_s": round(sum(word_count(s) * 60.0 / rates[r] for r, s in _spoken_as(speeches, roles)), 1)}


def _their_speeches(roles: tuple[str, ...], by_role: dict[str, list[Speech]]) -> dict[int, Speech]:
    """Each speech of these roles once: a group line spoken in two of them is said once."""
    return {id(s): s for r in roles for s in by_role[r]}


def _spoken_as(speeches: dict[int, Speech], roles: tuple[str, ...]) -> list[tuple[str, Speech]]:
    """Each speech with the first of ``roles`` that speaks it (whose rate times it)."""
    return [(next(r for r in s.speakers if r in roles), s) for s in speeches.values()]


def _unassigned(play: Play, by_role: dict[str, list[Speech]], total: int) -> dict[str, Any]:
    roles = tuple(r.id for r in play.roles if not play.performers_of(r.id))
    speeches = _their_speeches(roles, by_role)
    mine = sum(word_count(s) for s in speeches.values())
    return {"roles": list(roles), "speeches": len(speeches), "words": mine, "share": _share(mine, total)}


def _scene(scene: Scene, acts: dict[str, str], rates: dict[str, float]) -> dict[str, Any]:
    spoken = sum(word_count(i) * len(i.speakers) for i in scene.items if isinstance(i, Speech))
    return {"id": scene.id, "title": scene.title, "act": scene.act, "act_title": acts.get(scene.act or ""),
            "words": spoken, "duration_s": round(scene_seconds(scene, rates), 1), "roles": list(roles_needed(scene))}
