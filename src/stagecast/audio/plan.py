"""The track plan (pure): play + mode + performer → sections of timeline items, no audio yet.

Modes (docs/audio.md):

- ``full``: every speech in its role's voice;
- ``rehearsal`` (the default with a performer): the performer's lines — all their roles,
  group speeches included — become a ``gap`` of silence as long as the line takes to say
  in its voice × the gap factor, optionally preceded by a soft ``tone`` item;
- ``cues``: for each of the performer's lines, the speech :func:`stagecast.cueing.cue_for`
  names (and the directions, sounds and pauses between), then the gap.

Stage directions are a short silence, or read by the narrator with ``narrate`` (which also
announces scene titles). Pauses are honoured; sound cues play at their place; light and
other cues make no sound. A group speech is read in its first speaker's voice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from ..labels import play_labels, speaker_label
from ..model import Cue, Direction, Interval, Loc, Pause, Play, Scene, Speech
from ..rules import DIRECTION_PAUSE_S, speech_key
from ..text import has_words
from .engines.base import Utterance
from .utterance import SaidPart, Speaker

Kind = Literal["speech", "gap", "tone", "direction", "sound", "pause"]
Mode = Literal["full", "rehearsal", "cues"]
MODES: tuple[Mode, ...] = ("full", "rehearsal", "cues")
INTERVAL_S = 5.0
"""An interval is a short pause in a track, not its real length."""
TONE_MS = 150
WORDLESS_S = 1.0
"""A speech without words (an ellipsis, a dash) is held for this long."""


@dataclass(frozen=True)
class Say:
    """A clip to synthesise: ``role`` None means the narrator."""

    utterance: Utterance
    role: str | None
    parts: tuple[SaidPart, ...] = ()
    """A speech in more than one language: its runs in order, each its own clip (:mod:`.mixed`);
    ``utterance`` is then their text joined, in the speech's language."""


@dataclass(frozen=True)
class PlanItem:
    id: str
    kind: Kind
    scene: str | None
    speakers: tuple[str, ...]
    performers: tuple[str, ...]
    text: str
    loc: Loc | None
    say: Say | None = None
    """speech / narrated direction: the clip played; gap: the clip measured (never played)."""
    seconds: float = 0.0
    """Fixed length of a pause, a silent direction or a tone."""
    sound: str | None = None
    """Sound file, relative to the play folder."""
    who: str | None = None
    """A speech, gap or tone: its printed speaker by the one rule (:func:`stagecast.labels.speaker_label`:
    the ``label:`` when there is one, else the names joined), as captions show it."""


@dataclass(frozen=True)
class Section:
    """A scene (or an interval) of the track: one chapter, one file with ``--split scenes``."""

    id: str
    title: str
    items: tuple[PlanItem, ...]
    number: int = 0


@dataclass(frozen=True)
class PlanOptions:
    mode: Mode = "full"
    performer: str | None = None
    scene: str | None = None
    tone: bool = True
    narrate: bool = False


def plan_track(play: Play, options: PlanOptions) -> tuple[Section, ...]:
    """The sections of a track, in running order; ``options.performer`` is a performer id."""
    if options.mode != "full" and not options.performer:
        raise ValueError(f"mode '{options.mode}' needs a performer")
    return _Planner(play, options).sections()


class _Planner:
    def __init__(self, play: Play, options: PlanOptions):
        self.play, self.options = play, options
        self.speaker = Speaker(play)
        self.own = _own_lines(play, options.performer)
        self.numbers = _item_numbers(play)
        self._cast_of: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def sections(self) -> tuple[Section, ...]:
        out: list[Section] = []
        intervals = 0
        for number, part in enumerate(self.play.sequence, 1):
            if isinstance(part, Interval):
                intervals += 1
                if self.options.scene is None and self.options.mode != "cues":
                    out.append(self._interval(part, intervals, number))
                continue
            if self.options.scene not in (None, part.id):
                continue
            items = self._cue_items(part) if self.options.mode == "cues" else self._scene_items(part)
            if items:
                out.append(Section(part.id, part.title, tuple(_unique(items)), number))
        return tuple(out)

    # -- items -------------------------------------------------------------
    def _scene_items(self, scene: Scene) -> list[PlanItem]:
        items = [self._title(scene)] if self.options.narrate else []
        for item in scene.items:
            items += self._item(scene, item)
        return items

    def _cue_items(self, scene: Scene) -> list[PlanItem]:
        from ..cueing import cue_for  # a performer's tracks only (a read-through needs no cues)

        items: list[PlanItem] = []
        for speech in (i for i in scene.items if isinstance(i, Speech) and id(i) in self.own):
            cue = cue_for(self.play, speech, self.options.performer)
            emitted = {it.id for it in items}
            if cue.previous and not cue.previous.own and self._speech_id(cue.previous.speech) not in emitted:
                items += self._item(scene, cue.previous.speech)
            for between in cue.between:
                if self._item_id(between) not in emitted:
                    items += self._item(scene, between)
            items += self._item(scene, speech)
        return items

    def _item(self, scene: Scene, item) -> list[PlanItem]:
        if isinstance(item, Speech):
            return self._speech(scene, item)
        if isinstance(item, Direction):
            return [self._direction(scene, item)]
        if isinstance(item, Pause):
            return [PlanItem(self._item_id(item), "pause", scene.id, (), (), "", item.loc, seconds=item.seconds)]
        if isinstance(item, Cue) and item.kind == "sound" and item.file:
            return [PlanItem(self._item_id(item), "sound", scene.id, (), (), item.label, item.loc, sound=item.file)]
        return []

    def _speech(self, scene: Scene, speech: Speech) -> list[PlanItem]:
        sid = self._speech_id(speech)
        utterance, text, parts = self.speaker.said_and_shown(speech)
        # A speech with no words ("…", "—") is a held beat: silence, nothing to synthesise.
        say = Say(utterance, speech.speakers[0], parts) if has_words(utterance.plain) else None
        seconds = 0.0 if say else WORDLESS_S
        performers = self._performers(scene.id, speech.speakers)
        who = speaker_label(self.play, speech)
        if id(speech) not in self.own or self.options.mode == "full":
            return [PlanItem(sid, "speech", scene.id, speech.speakers, performers, text, speech.loc, say, seconds,
                             who=who)]
        gap = PlanItem(sid, "gap", scene.id, speech.speakers, performers, text, speech.loc, say, seconds, who=who)
        if not self.options.tone:
            return [gap]
        tone = PlanItem(f"{sid}.tone", "tone", scene.id, speech.speakers, performers, "", speech.loc,
                        seconds=TONE_MS / 1000, who=who)
        return [tone, gap]

    def _direction(self, scene: Scene, direction: Direction) -> PlanItem:
        performers = self._performers(scene.id, direction.roles)
        if self.options.narrate:
            say = Say(self.speaker.direction(direction), None)
            return PlanItem(self._item_id(direction), "direction", scene.id, direction.roles, performers,
                            say.utterance.plain, direction.loc, say)
        return PlanItem(self._item_id(direction), "direction", scene.id, direction.roles, performers,
                        direction.text, direction.loc, seconds=DIRECTION_PAUSE_S)

    def _title(self, scene: Scene) -> PlanItem:
        say = Say(self.speaker.words(scene.title), None)
        return PlanItem(f"{scene.id}.title", "direction", scene.id, (), (), scene.title, scene.loc, say)

    def _interval(self, interval: Interval, count: int, number: int) -> Section:
        text = f"{interval.title} ({play_labels(self.play).count('minutes', interval.minutes)})"
        item = PlanItem(f"i{count}", "pause", None, (), (), text, interval.loc, seconds=INTERVAL_S)
        return Section(f"interval-{count}", interval.title, (item,), number)

    # -- ids and people ----------------------------------------------------
    def _speech_id(self, speech: Speech) -> str:
        return speech_key(speech)

    def _item_id(self, item) -> str:
        if isinstance(item, Speech):
            return self._speech_id(item)
        prefix = {Direction: "d", Pause: "p", Cue: "c"}[type(item)]
        return f"{prefix}{self.numbers[id(item)]}"

    def _performers(self, scene: str, roles: tuple[str, ...]) -> tuple[str, ...]:
        """Who plays any of ``roles`` in the scene, in cast-list order (worked out once per set)."""
        if (scene, roles) not in self._cast_of:
            ids = {p.id for r in roles for p in self.play.cast_of(r, scene)}
            self._cast_of[scene, roles] = tuple(p.id for p in self.play.performers if p.id in ids)
        return self._cast_of[scene, roles]


def _own_lines(play: Play, performer: str | None) -> frozenset[int]:
    """The performer's speeches (by identity); none for a read-through, which needs no cue rule."""
    if performer is None:
        return frozenset()
    from ..cueing import lines_of

    return frozenset(id(speech) for speech in lines_of(play, performer))


def _item_numbers(play: Play) -> dict[int, int]:
    """Directions, pauses and cues numbered through the play, each kind on its own (d1, p1, c1…)."""
    counters: dict[type, int] = {}
    numbers: dict[int, int] = {}
    for scene in play.scenes:
        for item in scene.items:
            if isinstance(item, (Direction, Pause, Cue)):
                counters[type(item)] = counters.get(type(item), 0) + 1
                numbers[id(item)] = counters[type(item)]
    return numbers


def _unique(items: list[PlanItem]) -> list[PlanItem]:
    """Make ids unique within a track (an author's speech id could equal a generated one)."""
    seen: set[str] = set()
    out = []
    for item in items:
        ident, n = item.id, 2
        while ident in seen:
            ident, n = f"{item.id}-{n}", n + 1
        seen.add(ident)
        out.append(item if ident == item.id else replace(item, id=ident))
    return out
