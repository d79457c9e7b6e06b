"""What changed between two versions of a play: speeches, directions and cues, by scene.

Pure: two :class:`Play` values in, a :class:`Revision` out. How identity works (see
docs/revisions.md):

- **Scenes** pair by id, title and shared content (:func:`_scene_partners`).
- **Speeches with a stable id** (``id:`` in the YAML) are the same speech wherever they are.
- **Everything else** is aligned scene by scene (:mod:`stagecast.revisions.align`): unchanged
  runs first, then edited items paired by similarity. A speech pairs with an old one when the
  speakers are the same and at least :data:`SIMILAR` of the words match, or, said by other
  speakers now, when at least :data:`REASSIGNED` match. Cues pair by kind and number, or by
  label; directions by kind and words; pauses with pauses.
- **Moved**: an item left removed in one place and added, identical, in another (same text
  and speakers for a speech) is one item that moved. A speech with an id can move and change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from ..model import Cue, Direction, Interval, Item, Pause, Play, Scene, Speech, is_cut
from ..text import words
from .align import align

SIMILAR = 0.5
"""Word-level similarity (difflib ratio, 0–1) from which a speech by the same speakers counts
as the old speech reworded: 0.5 means about half of the words are still there, in order."""
REASSIGNED = 0.9
"""Similarity needed to treat a speech now said by other speakers as the same speech."""

ChangeKind = Literal["same", "changed", "added", "removed", "moved", "cut", "restored"]
"""``cut``/``restored``: an item marked ``cut:`` now, or no longer (a production cut: still in
the text); the item's words may have changed too (:attr:`Change.edited`)."""


@dataclass(frozen=True)
class Change:
    """One item in both versions (or in one of them) and what happened to it."""

    kind: ChangeKind
    old: Item | None
    new: Item | None
    old_scene: Scene | None
    new_scene: Scene | None

    @property
    def edited(self) -> bool:
        """Its content differs (a "changed" item, or a "moved" one that was also reworded)."""
        return self.old is not None and self.new is not None and content_key(self.old) != content_key(self.new)

    @property
    def item(self) -> Item:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def what(self) -> str:
        return item_kind(self.item)


@dataclass(frozen=True)
class SceneDiff:
    """A scene in both versions (or one), with every item's fate in running order."""

    old: Scene | None
    new: Scene | None
    entries: tuple[Change, ...]
    moved: bool = False
    """The scene itself now comes at another place in the running order."""

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(e for e in self.entries if e.kind != "same")

    @property
    def scene(self) -> Scene:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def status(self) -> Literal["added", "removed", "changed", "same"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes or self.fields or self.moved else "same"

    @property
    def fields(self) -> tuple[tuple[str, str | None, str | None], ...]:
        """Scene details that changed: ("title"|"setting"|"act", old, new)."""
        if self.old is None or self.new is None:
            return ()
        names = ("title", "setting", "act")
        return tuple((n, getattr(self.old, n), getattr(self.new, n)) for n in names
                     if getattr(self.old, n) != getattr(self.new, n))


@dataclass(frozen=True)
class Recast:
    """A role whose performers changed (``old`` or ``new`` empty: a role added or cut)."""

    role: str
    name: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    """Performer names."""


@dataclass(frozen=True)
class Revision:
    """Everything that changed from ``old`` to ``new``."""

    old: Play
    new: Play
    scenes: tuple[SceneDiff, ...]
    recasts: tuple[Recast, ...]
    notes: tuple[str, ...]
    """Other differences, as sentences: title, intervals, roles renamed."""
    old_label: str = "old"
    new_label: str = "new"
    date: str | None = None
    """Date of the old version (its git commit), when known."""
    _partner: dict[int, Change] = field(default_factory=dict, compare=False, repr=False)

    def change_of(self, item: Item) -> Change | None:
        """The change entry holding ``item`` (an item of either version)."""
        return self._partner.get(id(item))

    def old_of(self, new_item: Item) -> Item | None:
        change = self.change_of(new_item)
        return change.old if change is not None and change.new is new_item else None

    def new_of(self, old_item: Item) -> Item | None:
        change = self.change_of(old_item)
        return change.new if change is not None and change.old is old_item else None

    def changes(self) -> Iterator[Change]:
        for scene in self.scenes:
            yield from scene.changes

    @property
    def since(self) -> str:
        """"HEAD~1 (2024-11-26)" — what the old version is called."""
        return f"{self.old_label} ({self.date})" if self.date else self.old_label


def item_kind(item: Item) -> str:
    if isinstance(item, Speech):
        return "speech"
    if isinstance(item, Cue):
        return f"{item.kind} cue" if item.kind != "other" else "cue"
    return "direction" if isinstance(item, Direction) else "pause"


def content_key(item: Item) -> Hashable:
    """Equal for items that print and sound the same (speech numbers, ids and cuts left out,
    and the verbatim sources, which no public output shows)."""
    if isinstance(item, Speech):
        return dataclasses.replace(item, number=0, id=None, cut=None, sources=(), edited=False)
    return dataclasses.replace(item, cut=None) if is_cut(item) else item


def _tokens(item: Item) -> list[str]:
    if isinstance(item, Speech):
        text = " ".join(p.text for p in item.parts)
    elif isinstance(item, Cue):
        text = item.label
    elif isinstance(item, Direction):
        text = item.text
    else:
        text = ""
    return [w.casefold() for w in words(text)]


def similarity(a: Item, b: Item) -> float:
    """Word-level similarity of two items' texts, 0–1 (difflib's ratio over casefolded words)."""
    return SequenceMatcher(None, _tokens(a), _tokens(b), autojunk=False).ratio()


class _Matcher:
    """Scores candidate pairs; speeches with an id in both versions pair only by id."""

    def __init__(self, shared_ids: frozenset[str]):
        self.shared_ids = shared_ids
        self._numbers: dict[Hashable, int] = {}
        self._keys: dict[int, int] = {}

    def key(self, item: Item) -> int:
        """A small int per distinct key (hashing a speech's content once, not at every compare)."""
        found = self._keys.get(id(item))
        if found is None:
            raw = ("id", item.id) if isinstance(item, Speech) and item.id in self.shared_ids else content_key(item)
            found = self._keys[id(item)] = self._numbers.setdefault(raw, len(self._numbers))
        return found

    def score(self, a: Item, b: Item) -> float | None:
        if type(a) is not type(b):
            return None
        if isinstance(a, Speech) and isinstance(b, Speech):
            return self._speech_score(a, b)
        if isinstance(a, Pause):
            return 1.0
        if isinstance(a, Cue) and isinstance(b, Cue):
            if a.kind != b.kind:
                return None
            if a.number is not None and a.number == b.number:
                return max(similarity(a, b), SIMILAR)
        if isinstance(a, Direction) and isinstance(b, Direction) and a.kind != b.kind:
            return None
        ratio = similarity(a, b)
        return ratio if ratio >= SIMILAR else None

    def _speech_score(self, a: Speech, b: Speech) -> float | None:
        if a.id in self.shared_ids or b.id in self.shared_ids:
            return 2.0 if a.id == b.id else None
        ratio = similarity(a, b)
        needed = SIMILAR if set(a.speakers) == set(b.speakers) else REASSIGNED
        return ratio if ratio >= needed else None


def compare(old: Play, new: Play, old_label: str = "old", new_label: str = "new",
            date: str | None = None) -> Revision:
    """The :class:`Revision` from ``old`` to ``new``."""
    ids_old = {s.id for s in old.speeches() if s.id}
    matcher = _Matcher(frozenset(s.id for s in new.speeches() if s.id and s.id in ids_old))
    scene_pairs, moved_scenes = _match_scenes(old, new, matcher)
    rows = [_align_scene(o, n, matcher) for o, n in scene_pairs]
    _find_moves(rows, matcher)
    scenes = tuple(SceneDiff(o, n, tuple(r for r in row if r is not None),
                             moved=(n is not None and n.id in moved_scenes))
                   for (o, n), row in zip(scene_pairs, rows, strict=True))
    partner = {id(x): c for s in scenes for c in s.entries for x in (c.old, c.new) if x is not None}
    return Revision(old, new, scenes, _recasts(old, new), _notes(old, new), old_label, new_label, date, partner)


def _match_scenes(old: Play, new: Play, matcher: _Matcher) -> tuple[list[tuple[Scene | None, Scene | None]], set[str]]:
    """Scene pairs in the new running order, cut scenes where they used to be; moved scene ids."""
    partner = _scene_partners(old, new, matcher)
    kept = {id(s) for s in partner.values()}
    after: dict[str | None, list[Scene]] = {}
    anchor: str | None = None
    for scene in old.scenes:
        if id(scene) in kept:
            anchor = next(n for n, o in partner.items() if o is scene)
        else:
            after.setdefault(anchor, []).append(scene)
    pairs: list[tuple[Scene | None, Scene | None]] = [(s, None) for s in after.get(None, [])]
    for scene in new.scenes:
        pairs.append((partner.get(scene.id), scene))
        pairs += [(s, None) for s in after.get(scene.id, [])]
    return pairs, _moved_scenes(old, new, partner)


def _scene_partners(old: Play, new: Play, matcher: _Matcher) -> dict[str, Scene]:
    """New scene id → old scene. Candidates share the id, the title, or most of their content;
    the best-scoring pairs win, so a scene renumbered after a cut pairs with its own text, not
    with whichever scene now has its old id."""
    keys = {id(s): [matcher.key(i) for i in s.items] for s in (*old.scenes, *new.scenes)}
    candidates = []
    for n, b in enumerate(new.scenes):
        for o, a in enumerate(old.scenes):
            same_id, same_title = a.id == b.id, a.title.casefold() == b.title.casefold()
            matcher_ab = SequenceMatcher(None, keys[id(a)], keys[id(b)], autojunk=False)
            if not (same_id or same_title) and matcher_ab.real_quick_ratio() < SIMILAR:
                continue
            content = matcher_ab.quick_ratio()
            if same_id or same_title or content >= SIMILAR:
                candidates.append((-(content + 0.5 * same_id + 0.5 * same_title), n, o))
    partner: dict[str, Scene] = {}
    used: set[int] = set()
    for _, n, o in sorted(candidates):
        if new.scenes[n].id not in partner and o not in used:
            partner[new.scenes[n].id] = old.scenes[o]
            used.add(o)
    return partner


def _moved_scenes(old: Play, new: Play, partner: dict[str, Scene]) -> set[str]:
    """Paired scenes outside the longest common running order."""
    old_order = [id(s) for s in old.scenes if any(s is o for o in partner.values())]
    new_order = [id(partner[s.id]) for s in new.scenes if s.id in partner]
    matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
    in_order = {new_order[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    return {n for n, o in partner.items() if id(o) not in in_order}


def _align_scene(old: Scene | None, new: Scene | None, matcher: _Matcher) -> list[Change | None]:
    old_items = old.items if old else ()
    new_items = new.items if new else ()
    row: list[Change | None] = []
    for i, j in align(old_items, new_items, matcher.key, matcher.score):
        a = old_items[i] if i is not None else None
        b = new_items[j] if j is not None else None
        if a is not None and b is not None and is_cut(a) != is_cut(b):
            kind: ChangeKind = "cut" if is_cut(b) else "restored"
        elif a is not None and b is not None:
            kind = "same" if content_key(a) == content_key(b) else "changed"
        else:
            kind = "added" if a is None else "removed"
        row.append(Change(kind, a, b, old if a is not None else None, new if b is not None else None))
    return row


def _find_moves(rows: list[list[Change | None]], matcher: _Matcher) -> None:
    """Pair a removed item with an added one of the same key elsewhere: it moved."""
    removed: dict[Hashable, list[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for k, change in enumerate(row):
            if change is not None and change.kind == "removed" and not isinstance(change.old, Pause):
                removed.setdefault(matcher.key(change.old), []).append((r, k))  # type: ignore[arg-type]
    for row in rows:
        for k, change in enumerate(row):
            if change is None or change.kind != "added" or isinstance(change.new, Pause):
                continue
            candidates = removed.get(matcher.key(change.new))  # type: ignore[arg-type]
            if candidates:
                r, at = candidates.pop(0)
                gone = rows[r][at]
                assert gone is not None
                row[k] = Change("moved", gone.old, change.new, gone.old_scene, change.new_scene)
                rows[r][at] = None


def _recasts(old: Play, new: Play) -> tuple[Recast, ...]:
    def cast(play: Play, role: str) -> tuple[str, ...]:
        return tuple(p.name for p in play.performers_of(role))

    old_roles = {r.id for r in old.roles}
    new_roles = {r.id for r in new.roles}
    out = []
    for role in [*new.roles, *(r for r in old.roles if r.id not in new_roles)]:
        before = cast(old, role.id) if role.id in old_roles else ()
        after = cast(new, role.id) if role.id in new_roles else ()
        if before != after:
            out.append(Recast(role.id, role.name, before, after))
    return tuple(out)


def _notes(old: Play, new: Play) -> tuple[str, ...]:
    notes = []
    if old.meta.title != new.meta.title:
        notes.append(f"The title changed from “{old.meta.title}” to “{new.meta.title}”.")
    old_roles = {r.id: r for r in old.roles}
    for role in new.roles:
        before = old_roles.get(role.id)
        if before is None:
            notes.append(f"New role: {role.name}.")
        elif before.name != role.name:
            notes.append(f"The role {before.name} is now called {role.name}.")
    for role in old.roles:
        if role.id not in {r.id for r in new.roles}:
            notes.append(f"Role cut: {role.name}.")
    if _intervals(old) != _intervals(new):
        notes.append(f"Intervals changed: {_describe_intervals(old)} → {_describe_intervals(new)}.")
    return tuple(notes)


def _intervals(play: Play) -> list[tuple[str | None, float, str]]:
    """Each interval with the scene before it."""
    out = []
    before: str | None = None
    for part in play.sequence:
        if isinstance(part, Interval):
            out.append((before, part.minutes, part.title))
        else:
            before = part.id
    return out


def _describe_intervals(play: Play) -> str:
    parts = [f"{minutes:g} min after {play.scene(after).title if after else 'the start'}"
             for after, minutes, _ in _intervals(play)]
    return "; ".join(parts) or "none"
