"""A performer's cue sheet as data: what every cue-sheet format prints.

Built only from the model and :func:`stagecast.cueing.cue_for`, so the Markdown, text,
HTML and PDF sheets (and the rehearsal page) always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..cueing import DEFAULT_CUE_WORDS, CueLine, LineCue, cues_for
from ..labels import Labels, labels_for, printed_play
from ..model import Cue, Direction, Item, Paren, Pause, Play, Scene, Speech
from ..rules import Conflict, conflicts
from ..text import display_text, with_accents, word_count

# A word, with the stress marks a line may carry inside it ("Алма́ты" is one word, not two)
_MARKS = "\u0300-\u036f"
_WORD = re.compile(rf"\w[\w{_MARKS}]*(?:['’\-]\w[\w{_MARKS}]*)*")
_MARK = re.compile(f"[{_MARKS}]")


@dataclass(frozen=True)
class SheetLine:
    """One of the performer's lines with its cue."""

    cue: LineCue
    roles: tuple[str, ...]
    """Which of the performer's roles say it (several for a shared group line)."""


@dataclass(frozen=True)
class SheetDirection:
    """A direction naming one of the performer's roles, shown where it happens."""

    direction: Direction


SheetEntry = SheetLine | SheetDirection


@dataclass(frozen=True)
class SheetScene:
    scene: Scene
    act_title: str | None
    entries: tuple[SheetEntry, ...]


@dataclass(frozen=True)
class CueSheet:
    play: Play
    performer: str
    scenes: tuple[SheetScene, ...]
    speeches: int
    words: int
    cue_words: int = DEFAULT_CUE_WORDS

    @property
    def roles(self) -> tuple[str, ...]:
        return self.play.performer(self.performer).roles

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        """This performer's doubling conflicts in the sheet's cast, intended ones included."""
        return tuple(c for c in conflicts(self.play) if c.performer == self.performer)


def cue_sheet(play: Play, performer: str, cue_words: int = DEFAULT_CUE_WORDS) -> CueSheet:
    """The cue sheet of one performer: all their roles, every line with its cue, in order."""
    play = printed_play(play)  # every format prints the sheet's play: the language's quotation marks
    by_speech = {id(c.speech): c for c in cues_for(play, performer, cue_words)}
    acts = {a.id: a.title for a in play.acts}
    scenes = []
    for scene in play.scenes:
        entries = _scene_entries(scene, play.roles_in(performer, scene.id), by_speech)
        if entries:
            scenes.append(SheetScene(scene, acts.get(scene.act or ""), tuple(entries)))
    mine = [c.speech for c in by_speech.values()]
    # The words this performer says: a group line they speak in two of its roles is said once.
    words = sum(word_count(s) for s in mine)
    return CueSheet(play, performer, tuple(scenes), len(mine), words, cue_words)


def _scene_entries(scene: Scene, roles: frozenset[str], by_speech: dict[int, LineCue]) -> list[SheetEntry]:
    entries: list[SheetEntry] = []
    in_a_cue = {id(item) for c in by_speech.values() if c.scene is scene for item in c.between}
    for item in scene.items:
        if isinstance(item, Speech) and id(item) in by_speech:
            entries.append(SheetLine(by_speech[id(item)], tuple(r for r in item.speakers if r in roles)))
        elif isinstance(item, Direction) and id(item) not in in_a_cue and roles & set(item.roles):
            entries.append(SheetDirection(item))
    return entries


@dataclass(frozen=True)
class Hiding:
    """How a memorising sheet hides the performer's own lines (``memorise``; ``True`` is :data:`LETTERS`)."""

    first_words: int | None = None
    """``None``: every word as its first letter; N: the first N words of each line shown, the rest as blanks."""

    def texts(self, texts: Sequence[str]) -> list[str]:
        """The text pieces of one line, hidden as one line (first words count on across pieces)."""
        if self.first_words is None:
            return [first_letters(t) for t in texts]
        out, left = [], self.first_words
        for text in texts:
            out.append(first_words(text, left))
            left = max(0, left - len(_WORD.findall(text)))
        return out


LETTERS = Hiding()


def hiding(memorise: bool | Hiding | None) -> Hiding | None:
    """``memorise`` as the renderers take it (``True``: first letters, as before first words existed)."""
    if isinstance(memorise, Hiding):
        return memorise
    return LETTERS if memorise else None


def first_letters(text: str) -> str:
    """Memorisation mode: each word becomes its first letter, punctuation kept.

    "To begin with, we went to Pavlodar." → "T b w, w w t P."
    """
    return _WORD.sub(lambda m: m.group(0)[0], text)


def cue_quote(previous: CueLine, memorise: bool | Hiding | None) -> str:
    """The words a cue quotes, as every sheet and the terminal show them: a cue that is the
    performer's own previous line (a monologue going on) is hidden as their lines are, as first
    letters when memorising, so the cue never gives their own line away."""
    return first_letters(previous.words) if memorise and previous.own else previous.words


def first_words(text: str, count: int) -> str:
    """Memorisation mode beside :func:`first_letters`: the first ``count`` words shown, each
    later word hidden as a line of its length, punctuation kept.

    ("To begin with, we went to Pavlodar.", 3) → "To begin with, __ ____ __ ________."
    """
    seen = 0

    def hide(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= count else "_" * len(_MARK.sub("", match.group(0)))

    return _WORD.sub(hide, text)


def hidden_line(speech: Speech, letters: bool, shown: int | None) -> str:
    """The speech in plain text as ``rehearse`` reveals it when hiding (``letters``:
    :func:`first_letters`; else ``shown``: :func:`first_words`), hiding only what is spoken:
    its inline directions stay as they are and are not counted, as on the rehearsal page."""
    if letters:
        return display_text(speech, first_letters)
    if shown is None:
        return display_text(speech)
    left = shown

    def hide(text: str) -> str:
        nonlocal left
        out = first_words(text, left)
        left = max(0, left - len(_WORD.findall(text)))
        return out

    return display_text(speech, hide)


def item_label(item: Item, labels: Labels | None = None) -> str:
    """How a direction, technical cue or pause is named inside a cue (in English without ``labels``)."""
    labels = labels or labels_for("en")
    if isinstance(item, Direction):
        return item.text
    if isinstance(item, Cue):
        kind = labels({"sound": "sound", "light": "light", "other": "other_cue"}[item.kind])
        number = f" {item.number}" if item.number else ""
        return f"{kind}{number}: {item.label}"
    if isinstance(item, Pause):
        return labels("pause", seconds=labels.decimal(item.seconds))
    return labels("speech")


def line_parts(speech: Speech, memorise: bool | Hiding | None) -> list[tuple[str, str]]:
    """The line as ("delivery"|"text"|"paren", string) pieces; ``memorise`` hides the words
    (first letters, or all but the first words: :class:`Hiding`).

    The delivery note comes first, printed like a parenthetical: a published script puts it at
    the start of the speech, not under the name (where a narrow name column wraps it to many lines)."""
    out = [("delivery", " ".join(speech.delivery.split()))] if speech.delivery else []
    hide = hiding(memorise)
    spoken = [p for p in speech.parts if not isinstance(p, Paren)]
    shown = dict(zip(map(id, spoken), hide.texts([p.text for p in spoken]) if hide else map(with_accents, spoken),
                     strict=True))
    for part in speech.parts:
        if isinstance(part, Paren):
            out.append(("paren", part.text))
        elif shown[id(part)].strip():
            out.append(("text", " ".join(shown[id(part)].split())))
    return out


def join_pieces(pieces: list[tuple[str, str]], render: Callable[[str, str], str]) -> str:
    """Render pieces and join them with single spaces, but none before closing punctuation."""
    out = ""
    for kind, text in pieces:
        rendered = render(kind, text)
        if out and not (kind == "text" and text[:1] in ",.;:!?…)»"):
            out += " "
        out += rendered
    return out
