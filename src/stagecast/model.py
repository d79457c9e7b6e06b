"""The play model: immutable values, no I/O.

Every reader (YAML, Fountain, TEI) produces a :class:`Play`; every writer reads one.
Each node carries a :class:`Loc` so late failures (a missing voice, a TTS error on one
line) still point at ``file:line:column``. ``loc`` never takes part in equality, so
plays read from different sources compare by content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal


@dataclass(frozen=True)
class Loc:
    """A 1-based position in a source file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def _loc() -> Loc | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


CharWant = tuple[Loc, "str | None", str]
"""One character to point at: (its item's location, the key holding the item's text or None
for any, the character)."""
CharLocator = Callable[[Iterable[CharWant]], dict[CharWant, Loc]]
"""Where characters are in the files a play was read from, for those that can be found."""


@dataclass(frozen=True)
class Text:
    """Spoken text. ``stress`` holds indices into ``text`` of vowels marked as stressed.
    ``lang``: the language of an inline span (``[kk: Сәлем]``); ``None`` follows the speech."""

    text: str
    stress: tuple[int, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class Paren:
    """An inline parenthetical direction: printed, never spoken."""

    text: str


Inline = Text | Paren


@dataclass(frozen=True)
class Speech:
    """One speech by one or more roles (a group or "ALL" line is one speech)."""

    speakers: tuple[str, ...]
    parts: tuple[Inline, ...]
    number: int = 0
    """Speech number in the whole play, 1-based, document order (see :mod:`stagecast.rules`)."""
    id: str | None = None
    """Optional stable id written by the author (survives rewording)."""
    delivery: str | None = None
    lang: str | None = None
    label: str | None = None
    """Printed speaker label for a group speech (e.g. "ALL"); ``None`` names the speakers."""
    other_langs: tuple[str, ...] = ()
    """Languages a run of another script in this speech is in (``other_langs:``), before its roles'."""
    loc: Loc | None = _loc()


DirectionKind = Literal["entrance", "exit", "business"]


@dataclass(frozen=True)
class Direction:
    """A stage direction, naming the roles it concerns."""

    text: str
    roles: tuple[str, ...] = ()
    kind: DirectionKind = "business"
    loc: Loc | None = _loc()


CueKind = Literal["sound", "light", "other"]


@dataclass(frozen=True)
class Cue:
    """A technical cue with the stage manager's number."""

    kind: CueKind
    label: str
    number: str | None = None
    file: str | None = None
    """Sound file, relative to the play folder."""
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Pause:
    """An explicit silence."""

    seconds: float
    loc: Loc | None = _loc()


Item = Speech | Direction | Cue | Pause


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    items: tuple[Item, ...]
    setting: str | None = None
    act: str | None = None
    """Id of the act this scene belongs to, if the play has acts."""
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Interval:
    """A break between scenes or acts."""

    minutes: float
    title: str = "Interval"
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Act:
    id: str
    title: str
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str | None = None
    lang: str | None = None
    other_langs: tuple[str, ...] = ()
    """Other languages the role slips into mid-speech (``other_langs:``): what a run of another
    script in its speeches is read as (stagecast.audio.mixed)."""
    gender: str | None = None
    """``female`` or ``male`` when the play says: the automatic voice choice matches it."""
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Part:
    """A role played only in some scenes (``{role: boy, scenes: [platform]}`` in ``plays:``)."""

    role: str
    scenes: tuple[str, ...]
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Intended:
    """A doubling conflict the director means (an offstage voice, a rehearsed quick change):
    reported as a note, never a warning."""

    performer: str
    scene: str
    reason: str
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Performer:
    """A member of the company and the roles they play (doubling is normal).

    ``roles``: every role they play somewhere; a role with entries in ``parts`` is theirs only in
    those parts' scenes, any other role in every scene. Ask :meth:`Play.plays` rather than
    reading these, so every output agrees on who plays whom where."""

    id: str
    name: str
    roles: tuple[str, ...] = ()
    loc: Loc | None = _loc()
    parts: tuple[Part, ...] = ()
    intended: tuple[Intended, ...] = ()
    """Their doubling conflicts the director means (``intended:``)."""

    def plays(self, role: str, scene: str) -> bool:
        """Whether this performer plays ``role`` in scene ``scene``."""
        if role not in self.roles:
            return False
        limited = [p for p in self.parts if p.role == role]
        return not limited or any(scene in p.scenes for p in limited)


@dataclass(frozen=True)
class Recast:
    """One line of a named cast: ``performer`` plays ``role`` in ``scenes`` (``None``: in every
    scene) instead of whoever the main casting gives it there."""

    role: str
    performer: str
    scenes: tuple[str, ...] | None = None
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Cast:
    """A named alternate cast (``casts:`` in play.yaml): an understudy cast, a Tuesday cast."""

    name: str
    recasts: tuple[Recast, ...]
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Pronunciation:
    """How TTS should say a word; never printed."""

    word: str
    spoken: str
    lang: str | None = None
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str | None = None
    company: str | None = None
    credits: tuple[tuple[str, str], ...] = ()
    lang: str = "en"
    notes: str | None = None
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class PdfSettings:
    """How the play's PDFs are printed (``pdf:`` in play.yaml); a command's --font and --paper win."""

    fonts: tuple[str, ...] = ()
    """TrueType font files tried before the built-in PT Serif, as written: relative to the play
    folder unless absolute; ``pt-serif`` names the built-in."""
    paper: str | None = None
    """"a4" or "letter"; ``None``: A4."""
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Play:
    """A whole play. ``sequence`` is the running order of scenes and intervals."""

    meta: Meta
    roles: tuple[Role, ...]
    performers: tuple[Performer, ...]
    sequence: tuple[Scene | Interval, ...]
    acts: tuple[Act, ...] = ()
    pronunciations: tuple[Pronunciation, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    """The play's own wording of labels stagecast prints (``labels:``; see :mod:`stagecast.labels`)."""
    pdf: PdfSettings = PdfSettings()
    """The play's own PDF settings (``pdf:``)."""
    casts: tuple[Cast, ...] = ()
    """Named alternate casts (``casts:``); :meth:`with_cast` gives the play as one of them plays it."""
    cast: str | None = None
    """The alternate cast this play is seen as (:meth:`with_cast`); ``None``: the main casting."""
    root: str = field(default=".", compare=False)
    """The play folder: sound-cue files are relative to it."""
    source: str = field(default="", compare=False)
    """The file the play was read from."""
    locate_chars: CharLocator | None = field(default=None, compare=False, repr=False)
    """Given by the reader, which alone knows the files' syntax: where one character of an
    item's text is in them (an item keeps only its own location, so reading stays fast). An
    output with one character to point at (a PDF's missing glyph) calls it; ``None``: it
    points at the item."""

    @property
    def scenes(self) -> tuple[Scene, ...]:
        return tuple(s for s in self.sequence if isinstance(s, Scene))

    @property
    def intervals(self) -> tuple[Interval, ...]:
        return tuple(s for s in self.sequence if isinstance(s, Interval))

    def role(self, role_id: str) -> Role:
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    def performer(self, performer_id: str) -> Performer:
        for performer in self.performers:
            if performer.id == performer_id:
                return performer
        raise KeyError(performer_id)

    def scene(self, scene_id: str) -> Scene:
        for scene in self.scenes:
            if scene.id == scene_id:
                return scene
        raise KeyError(scene_id)

    @property
    def intended(self) -> tuple[Intended, ...]:
        """Every doubling conflict the play says is meant."""
        return tuple(i for p in self.performers for i in p.intended)

    def performers_of(self, role_id: str) -> tuple[Performer, ...]:
        """Everyone who plays ``role_id`` in some scene."""
        return tuple(p for p in self.performers if role_id in p.roles)

    # -- who plays whom where: the one answer every output uses -------------------------------
    def plays(self, performer_id: str, role_id: str, scene_id: str) -> bool:
        """Whether the performer plays the role in the scene (in this play's cast)."""
        return self.performer(performer_id).plays(role_id, scene_id)

    def cast_of(self, role_id: str, scene_id: str) -> tuple[Performer, ...]:
        """Who plays ``role_id`` in scene ``scene_id`` (in this play's cast), in performers' order."""
        return tuple(p for p in self.performers if p.plays(role_id, scene_id))

    def roles_in(self, performer_id: str, scene_id: str) -> frozenset[str]:
        """The roles the performer plays in the scene."""
        performer = self.performer(performer_id)
        return frozenset(r for r in performer.roles if performer.plays(r, scene_id))

    def says(self, performer_id: str, speech: Speech, scene_id: str) -> bool:
        """Whether the performer says ``speech`` (of scene ``scene_id``), as one of its speakers."""
        performer = self.performer(performer_id)
        return any(performer.plays(r, scene_id) for r in speech.speakers)

    def speakers_of(self, speech: Speech) -> tuple[Performer, ...]:
        """Who says ``speech``: the performers of its speakers in its scene (in performers' order)."""
        scene = next((s for s in self.scenes if any(i is speech for i in s.items)), None) \
            or next((s for s in self.scenes if speech in s.items), None)
        if scene is None:
            return ()
        return tuple(p for p in self.performers if any(p.plays(r, scene.id) for r in speech.speakers))

    def with_cast(self, name: str | None) -> Play:
        """The play as the alternate cast ``name`` plays it (``None``: the main casting): each of
        the cast's lines takes its role, in its scenes, from whoever plays it there otherwise.
        An unknown name is a KeyError (:func:`stagecast.lookup.find_cast` says it to a user)."""
        if name is None:
            return self
        cast = next((c for c in self.casts if c.name == name), None)
        if cast is None:
            raise KeyError(name)
        every = tuple(s.id for s in self.scenes)
        performers = self.performers
        for role in dict.fromkeys(r.role for r in cast.recasts):
            lines = [r for r in cast.recasts if r.role == role]
            performers = tuple(_recast(p, role, lines, every) for p in performers)
        return replace(self, performers=performers, cast=name)

    def speeches(self) -> tuple[Speech, ...]:
        return tuple(i for s in self.scenes for i in s.items if isinstance(i, Speech))


def _recast(performer: Performer, role: str, lines: list[Recast], every: tuple[str, ...]) -> Performer:
    """``performer`` once a cast's ``lines`` for ``role`` have taken it, in the scenes they name,
    from whoever played it there, and given it to their own performers (several lines naming
    one scene: each of their performers plays it there, alternating)."""
    covered = {s for line in lines for s in (line.scenes if line.scenes is not None else every)}
    own = {s for line in lines if line.performer == performer.id
           for s in (line.scenes if line.scenes is not None else every)}
    before = tuple(s for s in every if performer.plays(role, s))
    after = tuple(s for s in every if s in own or (s in before and s not in covered))
    if after == before:
        return performer
    parts = tuple(p for p in performer.parts if p.role != role)
    roles = performer.roles if role in performer.roles else (*performer.roles, role)
    if not after:
        roles = tuple(r for r in roles if r != role)
    elif after != every:
        parts += (Part(role, after, lines[0].loc),)
    return replace(performer, roles=roles, parts=parts)
