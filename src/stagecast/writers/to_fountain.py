"""A :class:`Play` → Fountain text that screenplain (and other Fountain tools) read back with
the same speakers and lines, and that stagecast's own Fountain reader turns into an equal play
when the play came from Fountain in the first place.

What Fountain has no place for is kept where readers skip it: scene settings as synopses
(``= …``), sound/light cues, pauses and intervals as notes (``[[…]]``).
"""

from __future__ import annotations

import re

from ..model import Cue, Direction, Interval, Paren, Pause, Play, Scene, Speech, Text
from ..readers.fountain import HEADING, looks_like_name
from ..text import with_accents

_SPECIAL_START = ("!", ".", "#", "=", ">", "~", "@", "[[", "/*")
_CREDIT_KEY = re.compile(r"[:：\n]")


def export_fountain(play: Play) -> str:
    blocks = [_title_page(play)]
    current_act = None
    names = {role.id: role.name for role in play.roles}
    for part in play.sequence:
        if isinstance(part, Interval):
            blocks.append(f"[[{part.title}: {part.minutes:g} min]]")
            continue
        if part.act and part.act != current_act:
            current_act = part.act
            title = next((a.title for a in play.acts if a.id == part.act), part.act)
            blocks.append(f"# {_escape(_one_line(title))}")
        blocks += _scene(part, names)
    return "\n\n".join(b for b in blocks if b) + "\n"


def _title_page(play: Play) -> str:
    meta = play.meta
    lines = _key("Title", "\n".join(v for v in (meta.title, meta.subtitle) if v))
    for key, value in meta.credits:
        lines += _key(_CREDIT_KEY.sub(" ", key).strip().capitalize() or "Credit", value)
    if meta.company:
        lines += _key("Company", meta.company)
    lines += _key("Language", meta.lang)
    if meta.notes:
        lines += _key("Notes", meta.notes)
    return "\n".join(lines)


def _key(key: str, value: str) -> list[str]:
    values = [_escape(v.strip()) for v in value.split("\n")]
    if len(values) == 1 and values[0]:
        return [f"{key}: {values[0]}"]
    return [f"{key}:"] + [f"\t{v}" if v else "\t " for v in values]


def _scene(scene: Scene, names: dict[str, str]) -> list[str]:
    title = _escape(_one_line(scene.title))
    heading = title if HEADING.match(title) and not title.startswith(".") else f".{title}"
    number = f" #{scene.id}#" if re.fullmatch(r"[\w.\-]+", scene.id) else ""
    blocks = [heading + number]
    if scene.setting:
        blocks.append(f"= {_one_line(scene.setting)}")
    for item in scene.items:
        if isinstance(item, Speech):
            blocks.append(_speech(item, names))
        elif isinstance(item, Direction):
            blocks.append(_action(item.text))
        elif isinstance(item, Cue):
            number = f" {item.number}" if item.number else ""
            blocks.append(f"[[{item.kind} cue{number}: {_one_line(item.label)}]]")
        elif isinstance(item, Pause):
            blocks.append(f"[[pause {item.seconds:g} s]]")
    return blocks


def _action(text: str) -> str:
    text = _escape(_one_line(text))
    if text.startswith(_SPECIAL_START) or HEADING.match(text):
        return f"!{text}"
    return text


def character_cue(speech: Speech, names: dict[str, str]) -> str:
    """The cue line: the speakers' names (a group joined by " & "), forced with ``@`` unless
    the name is upper case already, then the delivery as an extension."""
    name = " & ".join(names.get(s, s) for s in speech.speakers)
    name = name.replace("(", "[").replace(")", "]").replace("^", "").strip()
    plain = name.isupper() and looks_like_name(name) and not name.startswith(_SPECIAL_START) \
        and not HEADING.match(name)
    cue = name if plain else f"@{name}"
    if speech.delivery:
        cue += f" ({speech.delivery.replace('(', '[').replace(')', ']')})"
    return cue


def dialogue_lines(speech: Speech) -> list[str]:
    """The speech as Fountain dialogue lines; parentheticals stay where they were."""
    text = "".join(f"({p.text})" if isinstance(p, Paren) else with_accents(p) for p in speech.parts
                   if isinstance(p, (Paren, Text)))
    return [_escape(line.strip()) for line in text.split("\n")]


def _speech(speech: Speech, names: dict[str, str]) -> str:
    lines = [line or "  " for line in dialogue_lines(speech)]
    return "\n".join([character_cue(speech, names), *lines])


def _escape(text: str) -> str:
    """Emphasis markers in plain text are escaped, so no Fountain reader styles them away."""
    return text.replace("*", "\\*").replace("_", "\\_")


def _one_line(text: str) -> str:
    return " ".join(text.split())
