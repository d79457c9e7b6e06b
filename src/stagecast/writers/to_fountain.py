"""A :class:`Play` → Fountain text that screenplain (and other Fountain tools) read back with
the same speakers and lines, and that stagecast's Fountain reader turns back into an equal play.

What Fountain has no syntax for travels in stagecast's own notes, where Fountain apps skip it
(:mod:`stagecast.notation.fountain_notes_syntax`, docs/import.md): a ``/* stagecast … */`` block at the
end holds the cast (and alternate casts), role ids, descriptions and languages, pronunciations
and labels; a ``[[stagecast: {…}]]`` note stands for each cue, pause and interval, and gives a
speech, direction, scene or act the keys its Fountain cannot say (a speech's language spans as
its ``text``). A cut speech or direction is a boneyard comment its note opens: removed text, to
every other app. A note is written only where the
Fountain text alone would read back differently: the writer asks how each line will be read
of the same functions the reader reads it with (:mod:`stagecast.notation`). Scene settings are also synopses (``= …``), for people.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import yaml

from ..labels import play_labels
from ..model import Act, Cue, Direction, Interval, Paren, Pause, Play, Scene, Speech, Text
from ..notation.direction_words import Mentions, make_direction
from ..notation.fountain_notes_syntax import BLOCK_MARK, NOTE_MARK, ZWSP
from ..notation.fountain_syntax import (
    HEADING,
    cue_of,
    heading_of,
    looks_like_name,
    read_title_page,
    role_index,
    speakers_of,
    unemphasize,
)
from ..notation.markup import markup_of
from ..rules import slug, unique
from ..text import ACUTE, GRAPHEME_JOINER, with_accents
from .to_yaml import dump, item_document, play_document, scene_files

_SPECIAL_START = ("!", ".", "#", "=", ">", "~", "@", "[[", "/*")
_CREDIT_KEY = re.compile(r"[:：\n]")
_TITLE_PAGE_OWN = ("title", "subtitle", "company", "language", "notes")
"""Title-page keys the reader takes for something else than a credit."""
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*")
_CUE_BRACKETS = str.maketrans({"(": "[", ")": "]", "（": "[", "）": "]", "^": ""})
"""In a cue, brackets would read as an extension and a final ^ as dual dialogue."""
_BRACKETS = re.compile(r"\[(?=\[)|\](?=\])")
_STRESSED = re.compile("(.)\u0301")
_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_BLOCK_HEADER = "# For `stagecast import`: what Fountain has no place for (docs/import.md). Other Fountain apps skip this."


def export_fountain(play: Play, folder: str | None = None) -> str:
    """The play as Fountain. ``folder``: the play folder as seen from where the Fountain file
    goes, recorded when cues name sound files so that ``stagecast import`` finds them."""
    return _Writer(play).render(folder)


class _Writer:
    def __init__(self, play: Play):
        self.play = play
        self.names = {role.id: role.name for role in play.roles}
        self.index = role_index(play.roles)
        self.mentions = Mentions({r.id: [r.name] for r in play.roles})
        self.interval_title = play_labels(play)("interval")
        self.act_ids: list[str] = []

    def render(self, folder: str | None) -> str:
        title_page = _title_page(self.play)
        blocks = [title_page]
        current_act = None
        for part in self.play.sequence:
            if isinstance(part, Interval):
                fields: dict[str, Any] = {"interval": _number(part.minutes)}
                if part.title != self.interval_title:
                    fields["title"] = part.title
                blocks.append(note(fields))
                continue
            if part.act and part.act != current_act:
                current_act = part.act
                blocks += self._act(next((a for a in self.play.acts if a.id == part.act), Act(part.act, part.act)))
            blocks += self._scene(part)
        blocks.append(self._block(title_page, folder))
        return "\n\n".join(b for b in blocks if b) + "\n"

    def _act(self, act: Act) -> list[str]:
        line = f"# {_escape(_one_line(act.title))}"
        read = unemphasize(line.lstrip("#").strip())
        guess = unique([*self.act_ids, slug(read)])[-1]  # the id the reader gives the act
        self.act_ids.append(act.id)
        fields = {"id": act.id} if guess != act.id else {}
        if read != act.title:
            fields["title"] = act.title
        return [note(fields), line]

    def _scene(self, scene: Scene) -> list[str]:
        title = _escape(_one_line(scene.title))
        heading = title if HEADING.match(title) and not title.startswith(".") else \
            f". {title}" if title.startswith(".") else f".{title}"  # ".." is no heading
        heading += f" #{scene.id}#" if re.fullmatch(r"[\w.\-]+", scene.id) else ""
        read = heading_of(heading)
        fields: dict[str, Any] = {}
        if read is None or read[1] != scene.id:
            fields["id"] = scene.id
        if read is None or read[0] != scene.title:
            fields["title"] = scene.title
        synopses = []  # one a line, each a paragraph ("=" for an empty line): a reader may take two lines for dialogue
        if scene.setting:
            lines = scene.setting.split("\n")
            synopses = [f"= {_escape(line.strip())}".rstrip() for line in lines]
            if "\n".join(line.strip() for line in lines) != scene.setting:
                fields["setting"] = scene.setting
        blocks = [note(fields), heading, *synopses]
        speakers: tuple[str, ...] = ()
        for item in scene.items:
            if isinstance(item, Speech):
                blocks += self._speech(item)
                speakers = item.speakers
            elif isinstance(item, Direction):
                blocks += self._direction(item, speakers)
            elif isinstance(item, (Cue, Pause)):
                blocks.append(note(item_document(item)))
        return blocks

    def _speech(self, speech: Speech) -> list[str]:
        cue = character_cue(speech, self.names)
        read = cue_of(cue)
        fields: dict[str, Any] = {}
        if speech.label or read is None or speakers_of(read[0], self.index) != speech.speakers:
            fields["by"] = list(speech.speakers)
        for key in ("label", "delivery", "lang", "other_langs", "id"):
            value = getattr(speech, key)
            if value and (key != "delivery" or read is None or read[1] != value):
                fields[key] = value
        if any(isinstance(p, Text) and p.lang for p in speech.parts):  # spans: the dialogue prints their text only
            fields["text"] = markup_of(speech.parts)
        lines = [line or "  " for line in dialogue_lines(speech)]
        return _maybe_cut(speech, fields, "\n".join([cue, *lines]))

    def _direction(self, direction: Direction, speakers: tuple[str, ...]) -> list[str]:
        text = _one_line(direction.text)
        guess = make_direction(text, self.mentions.find(text), previous_speakers=speakers)
        fields = {}
        if (guess.roles, guess.kind) != (direction.roles, direction.kind):
            fields[{"entrance": "enter", "exit": "exit"}.get(direction.kind, "roles")] = list(direction.roles)
        return _maybe_cut(direction, fields, _action(direction.text))

    def _block(self, title_page: str, folder: str | None) -> str:
        """play.yaml's sections that Fountain cannot carry, and any title-page value the title
        page does not give back exactly."""
        play, meta = self.play, self.play.meta
        doc = play_document(play, scene_files(play))
        block: dict[str, Any] = {}
        if folder and any(isinstance(i, Cue) and i.file for s in play.scenes for i in s.items):
            block["folder"] = folder
        read = read_title_page(title_page)
        given = {"title": (read.title or "", meta.title), "subtitle": (read.subtitle, meta.subtitle),
                 "company": (read.company, meta.company), "credits": (read.credits, meta.credits),
                 "language": (read.language, meta.lang), "notes": (read.notes, meta.notes)}
        for key, (back, value) in given.items():
            if back != value and key in doc:
                block[key] = doc[key]
        block["roles"] = doc["roles"]
        block["performers"] = doc.get("performers", {})
        block.update({k: doc[k] for k in ("casts", "pronunciations", "labels") if k in doc})
        text = dump(block)
        if "/*" in text or "*/" in text:  # would open or close a boneyard: JSON (also YAML), with * escaped
            text = _safe(json.dumps(block, ensure_ascii=False, indent=1)).replace("*", "\\u002a") + "\n"
        return f"{BLOCK_MARK}\n{_BLOCK_HEADER}\n{text}*/"


def _maybe_cut(item: Speech | Direction, fields: dict[str, Any], text: str) -> list[str]:
    """The element's note and Fountain; a production cut inside a boneyard comment opened by its
    note, as Fountain keeps removed text: every other app skips it (a cut line printed there would
    read as performed), and stagecast reads it back, cut (docs/import.md)."""
    if item.cut is None:
        return [note(fields), text]
    text = text.replace("\\*/", f"\\*{ZWSP}/")  # "\\*/" would end the comment: kept apart, taken out on reading
    return [f"/* {note({**fields, 'cut': item.cut or True})}\n\n{text}\n*/"]


def _title_page(play: Play) -> str:
    meta = play.meta
    lines = _key("Title", "\n".join(v for v in (_one_line(meta.title), meta.subtitle) if v))
    for key, value in meta.credits:
        written = _CREDIT_KEY.sub(" ", key).strip()
        lines += _key(_escape(written) if written and written.lower() not in _TITLE_PAGE_OWN else "Credit", value)
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


def note(fields: dict[str, Any]) -> str:
    """A ``[[stagecast: {…}]]`` note holding ``fields`` as a one-line YAML mapping ("" for none)."""
    if not fields:
        return ""
    return f"[[{NOTE_MARK} {{{', '.join(f'{k}: {_flow(v)}' for k, v in fields.items())}}}]]"


def _flow(value: Any) -> str:
    if isinstance(value, bool):  # before int, which it is too
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(_number(value))
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(_flow(v) for v in value)}]"
    text = str(value)
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    # JSON's string is YAML's double-quoted one; escaped too: what would end the note or open a boneyard
    quoted = _safe(json.dumps(text, ensure_ascii=False))
    return quoted.replace("]]", "]\\u005d").replace("/*", "/\\u002a").replace("*/", "\\u002a/")


def _safe(text: str) -> str:
    """Characters YAML refuses or reads as line breaks, escaped."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _action(text: str) -> str:
    text = _escape(_one_line(text))
    if text.startswith(_SPECIAL_START) or HEADING.match(text):
        return f"!{text}"
    return text


def character_cue(speech: Speech, names: dict[str, str]) -> str:
    """The cue line: a group speech's label, or the speakers' names (a group joined by " & "),
    forced with ``@`` unless upper case already, then the delivery as an extension."""
    name = speech.label or " & ".join(names.get(s, s) for s in speech.speakers)
    # "*" escaped ("/*" would open a boneyard), "_" not: Fountain readers keep "\\_" in a name
    name = _escape(_one_line(name.translate(_CUE_BRACKETS)), underscore=False)
    plain = name.isupper() and looks_like_name(name) and not name.startswith(_SPECIAL_START) \
        and not HEADING.match(name)
    cue = name if plain else f"@{name}"
    if cue_of(cue) is None:  # nothing left that reads as a name ("^"): a stand-in, the note names the speakers
        cue = "@?"
    if speech.delivery:
        cue += f" ({_escape(_one_line(speech.delivery.translate(_CUE_BRACKETS)), underscore=False)})"
    return cue


def dialogue_lines(speech: Speech) -> list[str]:
    """The speech as Fountain dialogue lines; parentheticals stay where they were; stress as
    combining accents (after a joiner where the vowel and accent would compose: é is no stress)."""
    text = "".join(f"({p.text})" if isinstance(p, Paren) else with_accents(p) for p in speech.parts
                   if isinstance(p, (Paren, Text)))
    if ACUTE in text:
        text = _STRESSED.sub(lambda m: m.group(1) + (GRAPHEME_JOINER if len(unicodedata.normalize(
            "NFC", m.group())) == 1 else "") + ACUTE, text)
    return [_escape(line.strip()) for line in text.split("\n")]


def _escape(text: str, underscore: bool = True) -> str:
    """Emphasis markers in plain text are escaped, so no Fountain reader styles them away; a
    zero-width space goes between two brackets, so none takes the text for a note (the
    reader takes it out again: :func:`stagecast.notation.fountain_syntax.unemphasize`)."""
    text = text.replace("*", "\\*")
    text = text.replace("_", "\\_") if underscore else text
    return _BRACKETS.sub(lambda m: f"{m.group()}{ZWSP}", text) if "[[" in text or "]]" in text else text


def _one_line(text: str) -> str:
    return " ".join(text.split())
