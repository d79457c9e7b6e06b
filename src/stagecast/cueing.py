"""The one cue rule every output uses (cue sheets, PDF marked copy, audio cues mode, rehearse).

The cue of a line is the speech just before it in the same scene, shown as its speakers
and its last N words — marked as the performer's own ("(you) …") when they said it —
plus every direction, sound or light cue and pause between that speech and the line.
With no earlier speech in the scene, the cue is those items and "scene opens" (or
"after the interval" for a scene that follows one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .model import Cue, Direction, Interval, Item, Pause, Play, Scene, Speech, Text
from .text import with_accents

DEFAULT_CUE_WORDS = 8
SCENE_OPENS = "scene opens"
AFTER_INTERVAL = "after the interval"


@dataclass(frozen=True)
class CueLine:
    """The speech a line answers."""

    speech: Speech
    words: str
    """Its last N words (prefixed with "…" when cut), accents shown, parentheticals left out."""
    own: bool
    """True when the performer said it themselves (a monologue continuing)."""


@dataclass(frozen=True)
class LineCue:
    """A performer's line with everything needed to come in on time."""

    scene: Scene
    speech: Speech
    previous: CueLine | None
    between: tuple[Direction | Cue | Pause, ...]
    opening: str | None
    """"scene opens" or "after the interval" when no speech precedes the line in its scene."""


def last_words(speech: Speech, count: int) -> str:
    """The last ``count`` words of what a speech says (the whole speech if shorter)."""
    spoken = " ".join(with_accents(p) for p in speech.parts if isinstance(p, Text))
    tokens = spoken.split()
    if len(tokens) <= count:
        return " ".join(tokens)
    return "…" + " ".join(tokens[-count:])


def _is_own(speech: Speech, roles: frozenset[str]) -> bool:
    return any(r in roles for r in speech.speakers)


def _places(play: Play) -> Iterator[tuple[Scene, int, Item, bool]]:
    """Every item with its scene, its index there, and whether the scene follows an interval."""
    after_interval = False
    for part in play.sequence:
        if isinstance(part, Interval):
            after_interval = True
            continue
        for index, item in enumerate(part.items):
            yield part, index, item, after_interval
        after_interval = False


def _locate(play: Play, speech: Speech) -> tuple[Scene, int, bool]:
    """Where ``speech`` is. Identity is tried first (cheap, and what callers holding the play's
    own speeches need); an equal speech from a copy of the play is found by value."""
    for same in (lambda item: item is speech, lambda item: item == speech):
        for scene, index, item, after_interval in _places(play):
            if same(item):
                return scene, index, after_interval
    raise KeyError(f"speech {speech.number} is not in this play")


def _cue_at(scene: Scene, index: int, after_interval: bool, roles: frozenset[str], words: int) -> LineCue:
    speech = scene.items[index]
    assert isinstance(speech, Speech)
    between: list[Direction | Cue | Pause] = []
    for item in reversed(scene.items[:index]):
        if isinstance(item, Speech):
            previous = CueLine(item, last_words(item, words), _is_own(item, roles))
            return LineCue(scene, speech, previous, tuple(reversed(between)), None)
        between.append(item)
    opening = AFTER_INTERVAL if after_interval else SCENE_OPENS
    return LineCue(scene, speech, None, tuple(reversed(between)), opening)


def cue_for(play: Play, speech: Speech, performer: str | None = None,
            words: int = DEFAULT_CUE_WORDS) -> LineCue:
    """The cue for ``speech``, as seen by ``performer`` (default: its own speakers). "(you)" marks
    the cue only when the performer plays one of its speakers in this scene (:meth:`Play.roles_in`):
    a role shared scene by scene never cues one performer from the other's line."""
    scene, index, after_interval = _locate(play, speech)
    roles = play.roles_in(performer, scene.id) if performer else frozenset(speech.speakers)
    return _cue_at(scene, index, after_interval, roles, words)


def lines_of(play: Play, performer: str) -> tuple[Speech, ...]:
    """Every speech a performer says (in the roles they play in its scene, group speeches
    included), in order."""
    out: list[Speech] = []
    for scene in play.scenes:
        roles = play.roles_in(performer, scene.id)
        out += [item for item in scene.items if isinstance(item, Speech) and _is_own(item, roles)]
    return tuple(out)


def cues_for(play: Play, performer: str, words: int = DEFAULT_CUE_WORDS) -> tuple[LineCue, ...]:
    """:func:`cue_for` for each of a performer's lines, in order (one pass over the play)."""
    roles_in: dict[str, frozenset[str]] = {}
    out = []
    for scene, index, item, after_interval in _places(play):
        if scene.id not in roles_in:
            roles_in[scene.id] = play.roles_in(performer, scene.id)
        if isinstance(item, Speech) and _is_own(item, roles_in[scene.id]):
            out.append(_cue_at(scene, index, after_interval, roles_in[scene.id], words))
    return tuple(out)
