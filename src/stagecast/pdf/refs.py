"""Where a PDF's pieces of text come from, named as messages name them.

Every PDF writer builds its :class:`~stagecast.pdf.blocks.Ref` values here, so a character no
font has is blamed on the same item, in the same words, in the script, a cue sheet and the cue
list ("speech 12", "this stage direction", "role 'vera'", "the title of scene 'one'").
"""

from __future__ import annotations

from ..model import Act, Cue, Direction, Interval, Item, Pause, Performer, Play, Role, Scene, Speech
from .blocks import Ref


def item(found: Item) -> Ref:
    """A speech, stage direction, technical cue or pause."""
    if isinstance(found, Speech):
        return Ref(speech=found.number, loc=found.loc, roles=found.speakers)
    if isinstance(found, Direction):
        return Ref(loc=found.loc, roles=found.roles, what="this stage direction")
    if isinstance(found, Cue):
        return Ref(loc=found.loc, what=cue_name(found))
    assert isinstance(found, Pause)
    return Ref(loc=found.loc, what="this pause")


def cue_name(cue: Cue) -> str:
    """"sound cue S2", "this light cue"."""
    kind = {"sound": "sound", "light": "light"}.get(cue.kind, "technical")
    return f"{kind} cue {cue.number}" if cue.number else f"this {kind} cue"


def role(found: Role) -> Ref:
    return Ref(loc=found.loc, roles=(found.id,), what=f"role '{found.id}'")


def performer(found: Performer) -> Ref:
    return Ref(loc=found.loc, what=f"performer '{found.id}'")


def scene(found: Scene, field: str = "title") -> Ref:
    return Ref(loc=found.loc, what=f"the {field} of scene '{found.id}'", field=field)


def act(found: Act) -> Ref:
    return Ref(loc=found.loc, what=f"the title of act '{found.id}'", field="title")


def interval(found: Interval) -> Ref:
    return Ref(loc=found.loc, what="this interval")


def meta(play: Play, field: str = "title", what: str = "the title") -> Ref:
    """The title page's texts: play.yaml's ``title``, ``subtitle``, ``company``, ``credits``, ``notes``."""
    return Ref(loc=play.meta.loc, what=what, field=field)


def labels(play: Play) -> Ref:
    """The words stagecast prints itself: only the play's own ``labels:`` can have a character no
    font has (PT Serif, always in the chain, has every built-in label's)."""
    return Ref(loc=play.meta.loc, what="a label (labels: in play.yaml)", field="labels")
