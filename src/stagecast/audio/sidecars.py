"""Captions and the JSON timeline written next to every track.

Timeline (documented in docs/audio.md)::

    {"version": 1, "duration_ms": 123456, "generator": "stagecast 0.1.0 (captions 3)",
     "roles": {"tatyana": "Tatyana"},
     "items": [{"id": "s12", "kind": "speech", "scene": "tatyana", "speakers": ["tatyana"],
                "who": "Tatyana", "performers": ["actor-e"], "text": "…", "voice": "espeak:gmw/en-US+f3",
                "start_ms": 5230, "end_ms": 9870, "source": "scenes/02-tatyana.yaml:14:5"}]}

A speech spoken in several languages (:mod:`.mixed`) also has ``parts``: each language's run in
order, ``{"lang", "voice", "start_ms", "end_ms", "text"}``, the first starting with the item and
the last ending with it; its captions stay one cue.

``id`` is the speech's own ``id:`` or ``s<number>`` — the same in every track of the play —
so pages and players can refer to a line; offsets are per file. Captions (WebVTT and SRT)
have one cue per item that is heard with words: speeches and narrated directions, a speech
under its ``who`` (the printed speaker: a group line's ``label:``, else the names joined). They
are made from the timeline's items alone, by the caption code the timeline's
``generator`` names, so when a file's audio and timeline are unchanged its captions are too
(a re-render relies on that to skip them).

A cue that runs right to left (a Hebrew or Arabic speech, by :func:`stagecast.typefaces.line_direction`,
the page's rule) is wrapped in RIGHT-TO-LEFT MARKs (U+200F): the first makes the cue a
right-to-left paragraph even when it begins with a Latin word, a number or (in SRT) the
speaker's name; the last keeps a full stop after a Latin word or a number at the line's left
end in players that lay out each wrapped line on its own. Marks the author typed are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .. import __version__
from ..labels import play_labels
from ..model import Play
from ..typefaces.direction import RLM, line_direction
from .plan import PlanItem

TIMELINE_VERSION = 1
CAPTIONS_FORMAT = 3
"""Bump when :func:`webvtt` or :func:`srt` change what they write: the timeline names it, and a
re-render keeps a file's captions only while its timeline is unchanged."""


@dataclass(frozen=True)
class TimedPart:
    """One language's part of a speech spoken in several: ``{"lang", "voice", "start_ms", "end_ms", "text"}``."""

    lang: str
    voice: str
    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class TimedItem:
    item: PlanItem
    start_ms: int
    end_ms: int
    voice: str | None
    source: str | None
    parts: tuple[TimedPart, ...] = ()


def timeline_json(play: Play, items: list[TimedItem], duration_ms: int) -> str:
    speakers = dict.fromkeys(r for t in items for r in t.item.speakers)
    roles = dict(zip(speakers, role_names(play, tuple(speakers)), strict=True))
    rows = [{"id": t.item.id, "kind": t.item.kind, "scene": t.item.scene, "speakers": list(t.item.speakers),
             "who": t.item.who, "performers": list(t.item.performers), "text": t.item.text, "voice": t.voice,
             "start_ms": t.start_ms, "end_ms": t.end_ms, "source": t.source,
             **({"parts": [vars(p) for p in t.parts]} if t.parts else {})} for t in items]
    # One item per line: readable and diffable, and each line is encoded by json's fast C encoder.
    body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return (f'{{"version": {TIMELINE_VERSION}, "duration_ms": {duration_ms},\n'
            f' "generator": "stagecast {__version__} (captions {CAPTIONS_FORMAT})",\n'
            f' "roles": {json.dumps(roles, ensure_ascii=False)},\n'
            f' "items": [\n{body}\n]}}\n')


def captioned(items: list[TimedItem]) -> list[TimedItem]:
    return [t for t in items if t.item.kind in ("speech", "direction") and t.voice]


def role_names(play: Play, role_ids: tuple[str, ...]) -> list[str]:
    """Printed names of roles, keeping an id the play does not know as it is."""
    names = []
    for role_id in role_ids:
        try:
            names.append(play.role(role_id).name)
        except KeyError:
            names.append(role_id)
    return names


def _who(play: Play, item: PlanItem) -> str:
    # The plan's printed speaker (the label when there is one); the names joined for an item made without it.
    return item.who or play_labels(play).group(role_names(play, item.speakers))


def _stamp(ms: int, sep: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _directed(item: PlanItem, text: str) -> str:
    """``text`` between RIGHT-TO-LEFT MARKs when ``item``'s line runs right to left."""
    lang = item.say.utterance.lang if item.say else None
    return f"{RLM}{text}{RLM}" if line_direction(item.text, lang) == "rtl" else text


def webvtt(play: Play, items: list[TimedItem]) -> str:
    out = ["WEBVTT", ""]
    for t in captioned(items):
        who = _who(play, t.item) if t.item.kind == "speech" else ""
        body = _directed(t.item, _vtt_escape(" ".join(t.item.text.split())))
        out += [t.item.id, f"{_stamp(t.start_ms, '.')} --> {_stamp(t.end_ms, '.')}",
                f"<v {_vtt_escape(who)}>{body}" if who else f"<i>{body}</i>", ""]
    return "\n".join(out)


def srt(play: Play, items: list[TimedItem]) -> str:
    out = []
    for number, t in enumerate(captioned(items), 1):
        who = _who(play, t.item) if t.item.kind == "speech" else ""
        body = " ".join(t.item.text.split())
        out += [str(number), f"{_stamp(t.start_ms, ',')} --> {_stamp(t.end_ms, ',')}",
                _directed(t.item, f"{who}: {body}" if who else f"[{body}]"), ""]
    return "\n".join(out)
