"""Shared rules, defined once: file names, speech numbering, doubling conflicts, timing.

Every output uses these, so a cue sheet, a PDF and an audio track always agree.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Direction, Interval, Loc, Pause, Play, Scene, Speech
from .text import word_count

DEFAULT_WPM = 175
"""eSpeak NG's default rate, used for estimates when voices.yaml gives none."""
DIRECTION_PAUSE_S = 1.0
"""Silence left for a stage direction that is not read aloud."""

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i", "є": "ye", "ї": "yi", "ґ": "g", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o",
}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
_MAX_SLUG = 60


def slug(name: str) -> str:
    """A file-name-safe, stable, lowercase ASCII name for ``name``.

    Cyrillic (Russian, Ukrainian, Kazakh) is transliterated; other letters lose their
    accents; anything else left that is not ASCII is written as ``u<hex>``.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", name).lower():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c))
        if base.isascii():
            out.append(base if base.isalnum() else "-")
        elif ch.isalnum():
            out.append(f"u{ord(ch):x}-")
        else:
            out.append("-")
    text = re.sub(r"-+", "-", "".join(out)).strip("-")[:_MAX_SLUG].strip("-") or "untitled"
    return f"{text}-" if text in _WINDOWS_RESERVED else text


def role_id_problem(role_id: str) -> str | None:
    """What breaks the rule for role ids (docs/format.md, "Roles"), as "is blank" or "has …", or
    ``None``. A scene names a role by its id as a key, and a group line names several between
    commas, so an id holds no spaces or commas; it is lowercase, so 'Sasha' and 'sasha' can never
    be two roles that look the same in a script."""
    if not role_id.strip():
        return "is blank"
    capitals = sum(ch.isupper() for ch in role_id)
    found = [what for what, there in (("a capital letter" if capitals == 1 else "capital letters", capitals),
                                      ("a space", any(ch.isspace() for ch in role_id)), ("a comma", "," in role_id))
             if there]
    if not found:
        return None
    return "has " + (f"{', '.join(found[:-1])} and {found[-1]}" if len(found) > 1 else found[0])


def role_id_for(text: str) -> str:
    """The nearest id that keeps the rule (lowercase, spaces and commas as hyphens): 'Big Man' →
    'big-man', in the text's own alphabet ('Саша' → 'саша'); "" for blank text."""
    return "-".join(part for part in re.split(r"[\s,]+", text.lower()) if part)


def unique(ids: Iterable[str]) -> list[str]:
    """Make names unique in order: the second ``a`` becomes ``a-2``, the third ``a-3``."""
    seen: set[str] = set()
    result: list[str] = []
    for base in ids:
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        result.append(candidate)
    return result


def slugs(names: Sequence[str]) -> list[str]:
    """Slugs for several names, made unique in order: the second ``a`` becomes ``a-2``."""
    return unique(slug(name) for name in names)


def number_speeches(sequence: Iterable[Scene | Interval]) -> tuple[Scene | Interval, ...]:
    """Number every speech 1, 2, 3 … through the whole play, in running order.

    One scheme for the whole play (not per scene) so ``--from 42`` and the PDF's line
    numbers name one speech unambiguously.
    """
    counter = 0
    result: list[Scene | Interval] = []
    for part in sequence:
        if isinstance(part, Interval):
            result.append(part)
            continue
        items = []
        for item in part.items:
            if isinstance(item, Speech):
                counter += 1
                item = dataclasses.replace(item, number=counter)
            items.append(item)
        result.append(dataclasses.replace(part, items=tuple(items)))
    return tuple(result)


def speech_key(speech: Speech) -> str:
    """How timelines, pages and players name a speech: its own ``id``, else ``s<number>``."""
    return speech.id or f"s{speech.number}"


def roles_needed(scene: Scene) -> tuple[str, ...]:
    """Roles a scene needs: those who speak in it or are named by a direction in it, in order."""
    seen: dict[str, None] = {}
    for item in scene.items:
        if isinstance(item, Speech):
            seen.update(dict.fromkeys(item.speakers))
        elif isinstance(item, Direction):
            seen.update(dict.fromkeys(item.roles))
    return tuple(seen)


def first_needed(scene: Scene, role: str) -> Loc | None:
    """Where ``role`` first speaks or is named by a direction in ``scene``."""
    for item in scene.items:
        if (isinstance(item, Speech) and role in item.speakers) or (isinstance(item, Direction) and role in item.roles):
            return item.loc
    return None


@dataclass(frozen=True)
class Conflict:
    """A performer needed for two or more different roles in one scene (in the play's cast)."""

    performer: str
    scene: str
    roles: tuple[str, ...]
    intended: str | None = None
    """The director's reason when the doubling is meant (``intended:``): a note, not a warning."""

    def describe(self, play: Play) -> str:
        names = " and ".join(play.role(r).name for r in self.roles)
        who = play.performer(self.performer).name
        return f"{who} plays {names}, who are both in scene '{self.scene}'"


def conflicts(play: Play) -> tuple[Conflict, ...]:
    """Every doubling that cannot work: one performer, two roles needed in the same scene, in
    the cast ``play`` is seen as (:meth:`Play.with_cast`); those the play marks as intended
    carry its reason."""
    reasons = {(i.performer, i.scene): i.reason for i in play.intended}
    found: list[Conflict] = []
    for scene in play.scenes:
        needed = roles_needed(scene)
        for performer in play.performers:
            mine = tuple(r for r in needed if performer.plays(r, scene.id))
            if len(mine) > 1:
                found.append(Conflict(performer.id, scene.id, mine, reasons.get((performer.id, scene.id))))
    return tuple(found)


def uncast(play: Play) -> dict[str, tuple[str, ...]]:
    """Role id → the scenes that need it where no one plays it (in the play's cast), for roles
    someone plays elsewhere (a role no one plays at all is its own warning)."""
    out: dict[str, tuple[str, ...]] = {}
    for role in play.roles:
        if not play.performers_of(role.id):
            continue
        missing = tuple(s.id for s in play.scenes if role.id in roles_needed(s) and not play.cast_of(role.id, s.id))
        if missing:
            out[role.id] = missing
    return out


def speaking_seconds(speech: Speech, wpm: float = DEFAULT_WPM) -> float:
    """Estimated time to say a speech at ``wpm`` words per minute."""
    return word_count(speech) * 60.0 / wpm


def scene_seconds(scene: Scene, wpm_for: dict[str, float] | None = None) -> float:
    """Estimated running time of a scene: speeches at their roles' rates, pauses, directions."""
    rates = wpm_for or {}
    total = 0.0
    for item in scene.items:
        if isinstance(item, Speech):
            total += speaking_seconds(item, rates.get(item.speakers[0], DEFAULT_WPM))
        elif isinstance(item, Pause):
            total += item.seconds
        elif isinstance(item, Direction):
            total += DIRECTION_PAUSE_S
    return total


def running_seconds(play: Play, wpm_for: dict[str, float] | None = None) -> float:
    """Estimated running time of the whole play, intervals included."""
    return sum(
        part.minutes * 60 if isinstance(part, Interval) else scene_seconds(part, wpm_for)
        for part in play.sequence
    )


def total_words(play: Play) -> int:
    """Words spoken in the play: a group speech counts once per speaker, as in :func:`role_words`.

    So the roles' words always add up to this total, and a role's share is words / total.
    """
    return sum(word_count(s) * len(s.speakers) for s in play.speeches())


def role_words(play: Play) -> dict[str, int]:
    """Words per role; a group speech's words count for each of its speakers."""
    counts = {role.id: 0 for role in play.roles}
    for speech in play.speeches():
        for role_id in speech.speakers:
            counts[role_id] = counts.get(role_id, 0) + word_count(speech)
    return counts


_CLOCK = re.compile(r"^\s*(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))\s*$")


def clock_seconds(text: str) -> int | None:
    """``MM:SS`` (minutes may pass 59) or ``H:MM:SS`` → seconds; ``None`` for anything else.
    How a timestamp into an interview (``source: anna@12:30``) and its ``length:`` are written."""
    found = _CLOCK.match(text)
    if found is None:
        return None
    if found.group(1) is not None:
        return int(found.group(1)) * 60 + int(found.group(2))
    return int(found.group(3)) * 3600 + int(found.group(4)) * 60 + int(found.group(5))


def clock(seconds: int) -> str:
    """Seconds as they are written in a play: ``12:30``, or ``1:02:30`` past an hour."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


Provenance = Literal["verbatim", "edited", "invented"]


def provenance(speech: Speech) -> Provenance:
    """verbatim (a source cited, word for word), edited (cited, then changed: ``edited: true``) or
    invented (no ``source:``): docs/verbatim.md."""
    if not speech.sources:
        return "invented"
    return "edited" if speech.edited else "verbatim"


def speech_lang(play: Play, speech: Speech) -> str:
    """A speech's language: its ``lang:``, else its speakers' (when they share one), else the play's.
    The one rule the voices, the rehearsal page and the captions follow.

    A group line whose roles speak different languages is in the play's language: the one
    language they have in common on stage.
    """
    if speech.lang:
        return speech.lang
    langs = set()
    for role_id in speech.speakers:
        try:
            langs.add(play.role(role_id).lang or play.meta.lang)
        except KeyError:
            langs.add(play.meta.lang)
    return langs.pop() if len(langs) == 1 else play.meta.lang
