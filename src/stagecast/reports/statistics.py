"""Production reports: who says how much, who is needed in which scene, how long it runs.

The JSON shape (``version`` 1) is documented in docs/stats.md and kept stable.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
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
        "cast": play.cast,
        "performers": [_performer(play, p.id, rates, total) for p in play.performers],
        "unassigned": _unassigned(play, total),
        "roles": [{"id": r.id, "name": r.name, "performers": [p.id for p in play.performers_of(r.id)],
                   "speeches": len(by_role[r.id]), "words": words[r.id], "share": _share(words[r.id], total),
                   "speaking_time_s": round(seconds[r.id], 1)} for r in play.roles],
        "scenes": [_scene(play, s, acts, rates) for s in play.scenes],
        "conflicts": [{"performer": c.performer, "scene": c.scene, "roles": list(c.roles), "intended": c.intended}
                      for c in conflicts(play)],
    }


def _number(value: float) -> float | int:
    """15.0 → 15, as the play wrote it; 7.5 stays."""
    return int(value) if float(value).is_integer() else value


def _share(words: int, total: int) -> float:
    return round(words / total, 4) if total else 0.0


def _performer(play: Play, performer_id: str, rates: dict[str, float], total: int) -> dict[str, Any]:
    said = _said(play, lambda scene: play.roles_in(performer_id, scene.id))
    mine = sum(word_count(s) for _, s in said)
    return {"id": performer_id, "name": play.performer(performer_id).name,
            "roles": list(play.performer(performer_id).roles), "speeches": len(said), "words": mine,
            "share": _share(mine, total), "speaking_time_s": round(sum(word_count(s) * 60.0 / rates[r]
                                                                       for r, s in said), 1)}


def _said(play: Play, roles_in: Callable[[Scene], Collection[str]]) -> list[tuple[str, Speech]]:
    """Each speech said in one of ``roles_in(scene)`` (once: a group line spoken in two of them is
    said once), with the first of those roles that speaks it (whose rate times it)."""
    out = []
    for scene in play.scenes:
        roles = roles_in(scene)
        for item in scene.items:
            role = next((r for r in item.speakers if r in roles), None) if isinstance(item, Speech) else None
            if role is not None:
                out.append((role, item))
    return out


def _unassigned(play: Play, total: int) -> dict[str, Any]:
    """The roles no one plays, and the speeches of roles no one plays in their scene."""
    roles = tuple(r.id for r in play.roles if not play.performers_of(r.id))
    said = _said(play, lambda scene: {r for r in roles_needed(scene) if not play.cast_of(r, scene.id)})
    mine = sum(word_count(s) for _, s in said)
    return {"roles": list(roles), "speeches": len(said), "words": mine, "share": _share(mine, total)}


def _scene(play: Play, scene: Scene, acts: dict[str, str], rates: dict[str, float]) -> dict[str, Any]:
    spoken = sum(word_count(i) * len(i.speakers) for i in scene.items if isinstance(i, Speech))
    needed = roles_needed(scene)
    called = {p.id for r in needed for p in play.cast_of(r, scene.id)}
    return {"id": scene.id, "title": scene.title, "act": scene.act, "act_title": acts.get(scene.act or ""),
            "words": spoken, "duration_s": round(scene_seconds(scene, rates), 1), "roles": list(needed),
            "performers": [p.id for p in play.performers if p.id in called]}
