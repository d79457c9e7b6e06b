"""What the script recogniser collects while it reads: the roles (from the cast list, the
pinned names and the speakers met) and the scenes, acts and intervals; and how they become a
:class:`Play` with the guesses located (for the report and the YAML's comments)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import Diagnostic
from ...model import Act, Interval, Item, Loc, Meta, Play, Role, Scene
from ...notation.yaml_keys import RESERVED_IDS
from ...rules import number_speeches, slug, unique
from ..imported import placeholder_cast
from .conventions import display_name, name_key
from .source_lines import SourceLine


@dataclass
class RoleDraft:
    id: str
    name: str
    description: str | None
    line: SourceLine | None
    listed: bool
    """In the cast list or pinned by the user: not a guess."""


class Cast:
    """Roles by name key; a speaker named by one word of exactly one listed name is that role
    (``Аркадина`` → ``Ирина Николаевна Аркадина``)."""

    def __init__(self) -> None:
        self.roles: dict[str, RoleDraft] = {}

    def add(self, name: str, description: str | None, line: SourceLine | None, listed: bool) -> RoleDraft:
        key = name_key(name)
        if key in self.roles:
            return self.roles[key]
        base = slug(display_name(name)) or "role"
        base = f"{base}-role" if base in RESERVED_IDS else base
        role_id = unique([*(r.id for r in self.roles.values()), base])[-1]
        self.roles[key] = RoleDraft(role_id, display_name(name), description, line, listed)
        return self.roles[key]

    def find(self, name: str) -> RoleDraft | None:
        key = name_key(name)
        if key in self.roles:
            return self.roles[key]
        words = key.split()
        within = [r for k, r in self.roles.items() if r.listed and len(words) < len(k.split())
                  and _contains(k.split(), words)]
        return within[0] if len(within) == 1 else None

    def listed(self, name: str) -> bool:
        found = self.find(name)
        return found is not None and found.listed


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


@dataclass
class SceneDraft:
    title: str
    act: str | None
    line: SourceLine | None
    setting: str | None = None
    items: list[Item] = field(default_factory=list)
    from_heading: bool = True


@dataclass
class Guess:
    line: SourceLine
    message: str
    item: object | None = None
    """The item (or :class:`SceneDraft`) the guess is about, so the YAML gets its comment there."""


@dataclass(frozen=True)
class Recognised:
    """A recognised play, the guesses as located notes, and the comments for the written YAML:
    (scene id, item index or -1 for the scene itself) → the guess."""

    play: Play
    guesses: tuple[Diagnostic, ...]
    comments: dict[tuple[str, int], str]


@dataclass
class Collected:
    path: str
    cast: Cast = field(default_factory=Cast)
    acts: list[Act] = field(default_factory=list)
    parts: list[SceneDraft | Interval] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)

    def loc(self, line: SourceLine | None) -> Loc:
        return Loc(self.path, line.line if line else 1, 1)

    def finish(self, meta: Meta) -> Recognised:
        drafts = [p for p in self.parts if not isinstance(p, Interval) and p.items]
        ids = _scene_ids(drafts, self.acts)
        sequence: list[Scene | Interval] = []
        comments: dict[tuple[str, int], str] = {}
        where: dict[int, tuple[str, int]] = {}
        for part in self.parts:
            if isinstance(part, Interval):
                if sequence and not isinstance(sequence[-1], Interval):
                    sequence.append(part)
                continue
            if not part.items:
                continue
            scene_id = ids[id(part)]
            where[id(part)] = (scene_id, -1)
            where.update({id(item): (scene_id, n) for n, item in enumerate(part.items)})
            sequence.append(Scene(scene_id, part.title, tuple(part.items), part.setting, part.act, loc=self.loc(part.line)))
        while sequence and isinstance(sequence[-1], Interval):
            sequence.pop()
        guesses = []
        for guess in self.guesses:
            guesses.append(Diagnostic("warning", self.loc(guess.line), f"guess ({guess.line.where()}): {guess.message}"))
            if id(guess.item) in where:
                key = where[id(guess.item)]
                comments[key] = "; ".join(filter(None, [comments.get(key), f"guess: {guess.message}"]))
        used = {a for s in sequence if isinstance(s, Scene) for a in [s.act] if a}
        roles = tuple(Role(r.id, r.name, r.description, loc=self.loc(r.line)) for r in self.cast.roles.values())
        play = Play(meta=meta, roles=roles, performers=placeholder_cast(roles), sequence=number_speeches(sequence),
                    acts=tuple(a for a in self.acts if a.id in used), source=self.path)
        return Recognised(play, tuple(guesses), comments)


def _scene_ids(drafts: list[SceneDraft], acts: list[Act]) -> dict[int, str]:
    """``act.scene`` (``2.3``) in a play with acts, the scene's position otherwise."""
    if not acts:
        return {id(d): str(n) for n, d in enumerate(drafts, 1)}
    counts: dict[str | None, int] = {}
    out = {}
    for draft in drafts:
        counts[draft.act] = counts.get(draft.act, 0) + 1
        out[id(draft)] = f"{draft.act}.{counts[draft.act]}" if draft.act else str(counts[draft.act])
    return out
