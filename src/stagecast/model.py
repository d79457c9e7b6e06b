"""The play model: immutable values, no I/O.

Every reader (YAML, Fountain, TEI) produces a :class:`Play`; every writer reads one.
Each node carries a :class:`Loc` so late failures (a missing voice, a TTS error on one
line) still point at ``file:line:column``. ``loc`` never takes part in equality, so
plays read from different sources compare by content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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
    under: bool = False
    """A sound cue that plays beneath the speeches after it (a bed) in the master, instead of
    taking its own time."""
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
    loc: Loc | None = _loc()


@dataclass(frozen=True)
class Performer:
    """A member of the company and the roles they play (doubling is normal)."""

    id: str
    name: str
    roles: tuple[str, ...] = ()
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

    def performers_of(self, role_id: str) -> tuple[Performer, ...]:
        return tuple(p for p in self.performers if role_id in p.roles)

    def speeches(self) -> tuple[Speech, ...]:
        return tuple(i for s in self.scenes for i in s.items if isinstance(i, Speech))
