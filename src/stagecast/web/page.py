"""Writing the self-contained rehearsal page.

Browsers refuse to fetch JSON from ``file://``, so everything the page needs to show text
and timing is inlined in it; only audio files are referenced (relatively). The page's
script and style live beside this module and are inlined too: no CDN, no server, no build
step.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..cueing import DEFAULT_CUE_WORDS
from ..cuesheets.sheet import first_letters, item_label
from ..labels import play_labels, printed_play, speaker_label
from ..model import Cue, Direction, Interval, Pause, Play, Speech, Text
from ..playback import drill
from ..playback.rehearsal import PROMPT_FIRST, PROMPT_NEXT
from ..rules import speech_key, speech_lang
from ..text import with_accents
from ..typefaces.direction import line_direction
from .page_fonts import font_face_css

PAGE_VERSION = 1


@dataclass(frozen=True)
class Track:
    """An audio track the page can play, with its timeline (the audio sidecar's JSON)."""

    key: str
    """``read-through`` or a performer id."""
    label: str
    audio: str
    """Path of the audio file relative to the page."""
    timeline: dict[str, Any]


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    group: str = "Documents"


@dataclass(frozen=True)
class PageInput:
    play: Play
    tracks: tuple[Track, ...] = ()
    links: tuple[Link, ...] = ()
    performer_links: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    font_cache: Path | None = None
    """The cache folder the page's font subsets are kept in; ``None``: the user's (:mod:`.page_fonts`)."""


speech_id = speech_key


def _speech(play: Play, speech: Speech, scene: str) -> dict[str, Any]:
    # t: the words as shown; f: as first letters, the same words at the same places (the page
    # hides or gives them word by word, and cuts short cues from t as cueing.last_words does).
    parts = [{"t": " ".join(with_accents(p).split()), "f": " ".join(first_letters(p.text).split())}
             if isinstance(p, Text) else {"p": p.text} for p in speech.parts]
    lang = speech_lang(play, speech)
    spoken = " ".join(p.text for p in speech.parts if isinstance(p, Text))
    return {"kind": "speech", "id": speech_id(speech), "n": speech.number, "who": speaker_label(play, speech),
            "roles": list(speech.speakers), "delivery": speech.delivery, "lang": lang,
            "dir": line_direction(spoken, lang), "parts": parts,
            # who says it here (per-scene casting): the page marks a line as the chosen performer's by this
            "performers": [p.id for p in play.performers if any(p.plays(r, scene) for r in speech.speakers)]}


def _item(play: Play, item: Speech | Direction | Cue | Pause, scene: str) -> dict[str, Any]:
    if isinstance(item, Speech):
        return _speech(play, item, scene)
    if isinstance(item, Direction):
        text, kind = item.text, "direction"
    else:
        text, kind = item_label(item, play_labels(play)), "cue" if isinstance(item, Cue) else "direction"
    return {"kind": kind, "text": text, "dir": line_direction(text, play.meta.lang)}


def page_data(data: PageInput) -> dict[str, Any]:
    play = data.play
    acts = {a.id: a.title for a in play.acts}
    labels = play_labels(play)
    intervals = _intervals_before(play)
    return {
        "version": PAGE_VERSION,
        "title": play.meta.title,
        "subtitle": play.meta.subtitle,
        "lang": play.meta.lang,
        "cast": play.cast,
        "performers": [{"id": p.id, "name": p.name, "roles": list(p.roles),
                        "links": [{"label": k.label, "href": k.href} for k in data.performer_links.get(p.id, ())]}
                       for p in play.performers],
        "roles": {r.id: r.name for r in play.roles},
        "scenes": [{"id": s.id, "title": s.title, "act": acts.get(s.act or ""), "setting": s.setting,
                    "interval": intervals.get(s.id), "items": [_item(play, i, s.id) for i in s.items]}
                   for s in play.scenes],
        "tracks": [{"key": t.key, "label": t.label, "audio": t.audio,
                    "items": [_timeline_item(i) for i in t.timeline.get("items", [])]} for t in data.tracks],
        "links": [{"label": k.label, "href": k.href, "group": k.group} for k in data.links],
        "labels": {key: labels(key, **{f: "{" + f + "}" for f in _FILLED_IN}) for key in _SCRIPT_LABELS},
        # the ladder's rules, from the terminal's own (docs/rehearse.md), so both behave alike
        "prompt": {"first": PROMPT_FIRST, "next": PROMPT_NEXT},
        "drill": {"top": drill.TOP_BOX, "new": drill.NEW_BOX, "again": drill.AGAIN_AFTER,
                  "max_again": drill.MAX_AGAIN},
        "cue_words": DEFAULT_CUE_WORDS,
    }


_SCRIPT_LABELS = ("line_shown", "line_hidden", "no_audio", "now", "your_line", "everyone",
                  "rec_record", "rec_stop", "rec_keep", "rec_saved", "rec_failed", "rec_needs_serve",
                  "phase_listen", "phase_say", "phase_check", "looping", "drill_count", "drill_count_again", "drill_hear_cue",
                  "drill_show", "drill_next", "drill_again", "weakest", "prompts_needed", "no_prompts", "cue",
                  "scene_opens", "after_interval", "prompt_button")
"""The labels the page's scripts show (the values in braces are filled in there)."""
_FILLED_IN = ("who", "why", "n", "total", "from", "to")


def _page_labels(play: Play) -> dict[str, str]:
    """The page's own words as HTML for its template; the keys line gets its <kbd> keys."""
    labels = play_labels(play)
    keys = {"space": _escape(labels("space_key")), "arrows": "←</kbd>/<kbd>→", "r": "R", "enter": "Enter",
            "p": "P"}
    plain = ("performer", "scene", "first_letters", "choose_performer", "jump_to_scene", "rehearsal_track", "documents",
             "mode", "mode_learn", "mode_check", "mode_perform", "mode_drill", "prompt_button", "first_words",
             "short_cues", "all_words", "speed", "loop_a", "loop_b", "loop_scene", "loop_clear", "options")
    return {"l_rehearsal": _escape(labels("rehearsal", title=play.meta.title)),
            "l_keys": labels.html("keys", **{k: f"<kbd>{v}</kbd>" for k, v in keys.items()}),
            **{f"l_{key}": _escape(labels(key)) for key in plain},
            # the speeds as the play's language writes numbers: 0,75× in Russian
            **{f"l_speed_{int(n * 100)}": labels.decimal(n) + "×" for n in (0.75, 1, 1.25, 1.5)}}


def _intervals_before(play: Play) -> dict[str, str]:
    """Scene id → "Interval (15 minutes)" for each scene that an interval comes just before."""
    out: dict[str, str] = {}
    before = None
    for part in play.sequence:
        if isinstance(part, Interval):
            before = f"{part.title} ({play_labels(play).count('minutes', part.minutes)})"
        else:
            if before is not None:
                out[part.id] = before
            before = None
    return out


def _timeline_item(item: dict[str, Any]) -> dict[str, Any]:
    out = {"id": item.get("id"), "kind": item.get("kind"), "scene": item.get("scene"),
           "start": item.get("start_ms"), "end": item.get("end_ms")}
    # a speech in several languages: each part's times and length, so the drill can start a
    # short cue (its last N words) about where they are said
    parts = item.get("parts")
    if isinstance(parts, list) and parts:
        out["parts"] = [{"start": p.get("start_ms"), "end": p.get("end_ms"), "chars": len(str(p.get("text", "")))}
                        for p in parts if isinstance(p, dict)]
    return out


PAGE_SCRIPTS = ("page.js", "page_store.js", "page_ladder.js", "page_prompt.js", "page_loop.js", "page_drill.js",
                "page_start.js", "page_install.js")
"""The page's scripts, inlined in this order (each its own file beside this module)."""


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def assets_digest() -> str:
    """A hash of the page's own template, style and scripts: a build keys its page by it, so a
    page made by a changed script is rebuilt even when stagecast's version number is the same."""
    names = ("page.html", "page.css", *PAGE_SCRIPTS)
    return hashlib.sha256("\x1f".join(_asset(name) for name in names).encode("utf-8")).hexdigest()[:20]


def _inline_json(value: Any) -> str:
    """JSON safe inside a <script> element (no "</script>" or "<!--" can end it early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_page(data: PageInput) -> str:
    """The whole page as one HTML string."""
    play = printed_play(data.play)  # the text it shows with the language's quotation marks; ids and timings as they were
    data = replace(data, play=play)
    script = "\n".join(_asset(name) for name in PAGE_SCRIPTS)
    values = {"lang": _escape(play.meta.lang), "title": _escape(play.meta.title), "style": _asset("page.css"),
              "data": _inline_json(page_data(data)), "script": script, "fonts": "", **_page_labels(play)}
    # One pass, so text from the play can never be mistaken for a placeholder.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _asset("page.html"))
    # Every character the page can show is in it (the play's text, the labels, the script's
    # own strings), so its fonts are cut to the page without fonts.
    values["fonts"] = font_face_css(page, data.font_cache)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _asset("page.html"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
