"""Casting beyond a list of roles: a role played only in some scenes (``{role: boy, scenes:
[platform]}`` in ``plays:``), named alternate casts (``casts:``) and the doubling a director
means (``intended:`` of a performer).

Scene ids are named before the running order is read, so each is remembered with its node and
checked by :meth:`CastingReader.finish` once the scenes are known: an unknown id (with the
nearest), or a scene the role never appears in, is an error where it is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, SequenceNode

from ..model import Cast, Intended, Part, Recast, Scene
from ..rules import roles_needed
from .suggest import did_you_mean, role_hint
from .yaml_nodes import Walker

PART_KEYS = ("role", "scenes")
RECAST_KEYS = ("performer", "scenes")


@dataclass(frozen=True)
class _SceneRef:
    """A scene id written in the casting, to check once the scenes are read."""

    node: Node
    scene: str
    role: str | None
    """The role that must appear in the scene (``None``: any scene will do)."""
    whose: str


class CastingReader:
    """Reads the casting parts of play.yaml for one :class:`Walker`; ``roles``: the declared
    role ids and their names."""

    def __init__(self, w: Walker, roles: dict[str, str]):
        self.w, self.roles = w, roles
        self.refs: list[_SceneRef] = []

    def plays(self, performer_id: str, node: Node, fix: str) -> tuple[list[tuple[str, Node]], list[Part]]:
        """``plays:``: role ids, and ``{role, scenes}`` items for a role played only in those
        scenes. Returns every role named (with its node) and the per-scene parts."""
        if not isinstance(node, SequenceNode):
            return self.w.names(node, "role", fix=fix), []
        named: list[tuple[str, Node]] = []
        parts: list[Part] = []
        plain: set[str] = set()
        for child in node.value:
            if not isinstance(child, MappingNode):
                found = self.w.names(child, "role", fix=fix)
                named += found
                plain.update(r for r, _ in found)
                continue
            part = self._part(performer_id, child)
            if part is not None:
                named.append((part[0].role, part[1]))
                parts.append(part[0])
        for part in parts:
            if part.role in plain:
                self.w.error(part.loc or node, f"performer '{performer_id}' plays role '{part.role}' in every scene "
                             "and in some scenes: keep one (a plain role id means every scene)")
        return named, parts

    def _part(self, performer_id: str, node: MappingNode) -> tuple[Part, Node] | None:
        what = f"a role of performer '{performer_id}'"
        fields = self.w.mapping(node, what)
        if fields is None:
            return None
        self.w.check_keys(fields, PART_KEYS, what)
        role_node = self.w.require(fields, "role", node, what)
        scenes_node = self.w.require(fields, "scenes", node, what)
        role = self.w.name(role_node, "role") if role_node is not None else None
        if role is None or scenes_node is None:
            return None
        scenes = self._scenes(scenes_node, role if role in self.roles else None, f"performer '{performer_id}'")
        return (Part(role, scenes, loc=self.w.loc(node)), role_node) if scenes else None

    def _scenes(self, node: Node, role: str | None, whose: str) -> tuple[str, ...]:
        found = self.w.names(node, "scene", fix="write the ids of the scenes, e.g. scenes: [platform]")
        self.refs += [_SceneRef(at, scene, role, whose) for scene, at in found]
        return tuple(dict.fromkeys(scene for scene, _ in found))

    def intended(self, performer_id: str, node: Node) -> list[Intended]:
        """``intended: {SCENE: REASON}``: the doubling of this performer in those scenes is meant."""
        out = []
        for scene, (key_node, value) in (self.w.mapping(node, f"intended of performer '{performer_id}'") or {}).items():
            reason = self.w.string(value, f"reason for the intended doubling in scene '{scene}'",
                                   fix="say why, e.g. intended: {platform: offstage voice}")
            self.refs.append(_SceneRef(key_node, scene, None, f"performer '{performer_id}'"))
            if reason is not None and reason.strip():
                out.append(Intended(performer_id, scene, reason.strip(), loc=self.w.loc(key_node)))
        return out

    def casts(self, node: Node, performers: dict[str, str]) -> list[Cast]:
        """``casts: {NAME: {ROLE: PERFORMER or [PERFORMER or {performer, scenes}]}}``;
        ``performers``: the performers' ids and names."""
        out = []
        for name, (key_node, value) in (self.w.mapping(node, "casts") or {}).items():
            fields = self.w.mapping(value, f"cast '{name}'")
            if fields is None:
                continue
            if not fields:
                self.w.warning(key_node, f"cast '{name}' recasts no role; give ROLE: PERFORMER lines, "
                                         "e.g. understudy: {artur: actor-b}")
            recasts = []
            for role, (role_node, who) in fields.items():
                if role not in self.roles:
                    hint = role_hint(role, self.roles) or f" (roles: {', '.join(sorted(self.roles))})"
                    self.w.error(role_node, f"cast '{name}' recasts unknown role '{role}'{hint}")
                    continue
                recasts += self._recasts(name, role, who, performers)
            out.append(Cast(name, tuple(recasts), loc=self.w.loc(key_node)))
        return out

    def _recasts(self, cast: str, role: str, node: Node, performers: dict[str, str]) -> list[Recast]:
        children = node.value if isinstance(node, SequenceNode) else [node]
        out = []
        for child in children:
            scenes: tuple[str, ...] | None = None
            who_node: Node | None = child
            if isinstance(child, MappingNode):
                what = f"role '{role}' in cast '{cast}'"
                fields = self.w.mapping(child, what) or {}
                self.w.check_keys(fields, RECAST_KEYS, what)
                who_node = self.w.require(fields, "performer", child, what)
                scenes = self._scenes(fields["scenes"][1], role, f"cast '{cast}'") if "scenes" in fields else None
            who = self.w.name(who_node, "performer") if who_node is not None else None
            if who is None:
                continue
            if who not in performers:
                known = [f"{i} ({n})" if n != i else i for i, n in performers.items()]
                hint = did_you_mean(who, list(performers)) or f" (performers: {', '.join(known) or 'none yet'})"
                self.w.error(who_node, f"cast '{cast}' gives role '{role}' to unknown performer '{who}'{hint}")
                continue
            out.append(Recast(role, who, scenes, loc=self.w.loc(child)))
        return out

    def finish(self, scenes: list[Scene]) -> None:
        """Check every scene id the casting named, now that the running order is read."""
        known = {s.id: s for s in scenes}
        for ref in self.refs:
            scene = known.get(ref.scene)
            if scene is None and known:
                hint = did_you_mean(ref.scene, list(known)) or f" (scenes: {', '.join(known)})"
                self.w.error(ref.node, f"{ref.whose} names unknown scene '{ref.scene}'{hint}")
            elif scene is not None and ref.role is not None and ref.role not in roles_needed(scene):
                where = [s.id for s in scenes if ref.role in roles_needed(s)]
                self.w.error(ref.node, f"{ref.whose} casts role '{ref.role}' in scene '{ref.scene}', where it never "
                             "appears" + (f"; it appears in {', '.join(where)}" if where else ""))

