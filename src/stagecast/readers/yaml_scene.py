"""Scenes and their items (speeches, directions, cues, pauses) from YAML nodes."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from ..files.play_files import LOOP, look_up, open_file, reason
from ..files.sound_header import NotAudio, audio_format
from ..labels import Labels
from ..model import Cue, Direction, Item, Pause, Scene, Speech, Text
from ..notation.yaml_keys import (
    CUE_KINDS,
    CUT_KEY,
    DIRECTION_KEYS,
    DIRECTION_ROLES,
    ITEM_WORDS,
    LONG_SPEECH_KEYS,
    SCENE_KEYS,
    SOUND_CUE_KEYS,
    SPEECH_KEYS,
)
from ..rules import role_id_problem
from ..text import parse_text
from .language_codes import span_lang
from .suggest import did_you_mean, role_hint, special_role_hint
from .yaml_interviews import read_edited, read_sources
from .yaml_nodes import Walker

AUTOMATIC_ID = re.compile(r"^[sdpci]\d+$")
"""Ids stagecast makes for items without one (timeline, captions, the rehearsal page)."""
_NULL = "tag:yaml.org,2002:null"
PAUSE_SECONDS = (0.1, 600)
"""The shortest and longest pause (also the schema's bounds, :mod:`.json_schema`)."""
_FIXES = {
    "delivery": "write how the line is said (e.g. delivery: quietly), or remove 'delivery:'",
    "label": "write the name to print instead of the speakers' (e.g. label: ALL), or remove 'label:'",
}
"""What to write for a speech's empty ``delivery:`` or ``label:``."""
_CUE_EXAMPLES = {"sound": "sound: Rain on the roof", "light": "light: Slow fade to blue", "cue": "cue: Curtain"}


@dataclass(frozen=True)
class SceneContext:
    """What item readers need to know about the play around them."""

    roles: frozenset[str]
    root: Path
    """The play folder; sound files must resolve inside it."""
    names: dict[str, str] = field(default_factory=dict)
    """Role id → printed name, for directions stagecast writes itself."""
    performers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Performers' ids and names → the roles they play, to point out a performer named as a role."""
    labels: Labels = field(default_factory=Labels)
    """The play's labels: the words of the entrances and exits stagecast writes."""


def read_scene(w: Walker, node: Node, ctx: SceneContext, default_id: str | None, act: str | None) -> Scene | None:
    fields = w.mapping(node, "a scene")
    if fields is None:
        return None
    w.check_keys(fields, SCENE_KEYS, "a scene")
    scene_id = _scene_id(w, fields, node, default_id)
    title = w.string(fields["title"][1], "scene title") if "title" in fields else None
    setting = w.string(fields["setting"][1], "scene setting") if "setting" in fields else None
    body = w.require(fields, "body", node, "a scene")
    items: list[Item] = []
    if body is not None:
        for child in w.sequence(body, "a scene's body") or []:
            item = read_item(w, child, ctx)
            if item is not None:
                items.append(item)
        if isinstance(body, SequenceNode) and not body.value:
            w.error(body, "scene has no speeches, directions or cues")
    if scene_id is None:
        return None
    return Scene(id=scene_id, title=title or scene_id, items=tuple(items), setting=setting, act=act, loc=w.loc(node))


def _scene_id(w: Walker, fields: dict, node: Node, default_id: str | None) -> str | None:
    if "id" in fields:
        return w.name(fields["id"][1], "scene id")
    if default_id is None:
        w.error(node, "an inline scene needs an 'id'")
    return default_id


def read_item(w: Walker, node: Node, ctx: SceneContext) -> Item | None:
    fields = w.mapping(node, "a scene item")
    if fields is None:
        return None
    if not fields:
        w.error(node, "empty scene item")
        return None
    keys = set(fields)
    if "speech" in keys:
        return _long_speech(w, node, fields, ctx)
    if keys & {"direction", "enter", "exit"}:
        return _direction(w, node, fields, ctx)
    if "pause" in keys:
        return _pause(w, node, fields)
    if "interval" in keys and "interval" not in ctx.roles:
        key_node, value = fields["interval"]
        written = value.value.strip() if isinstance(value, ScalarNode) and value.tag != _NULL else ""
        # Quote what was written; with nothing to quote, an example, said to be one.
        what = f"'- interval: {written}'" if written else "it (with its length in minutes, e.g. '- interval: 15')"
        w.error(key_node, f"an interval goes between scenes, not inside one: move {what} to the play's "
                          "'scenes:' list between two scenes, or between two acts in 'acts:' (docs/format.md, "
                          "Running order, acts and intervals)")
        return None
    for kind in CUE_KINDS:
        if kind in keys:
            return _cue(w, node, fields, kind, ctx)
    return _short_speech(w, node, fields, ctx)


def _short_speech(w: Walker, node: Node, fields: dict, ctx: SceneContext) -> Speech | None:
    """``- tatyana: "text"`` (with optional sibling keys); ``- man, maria: "…"`` for a group."""
    who = [k for k in fields if k not in SPEECH_KEYS]
    if len(who) != 1:
        extra = who[1] if len(who) > 1 else next(iter(fields))
        hint = did_you_mean(extra, ITEM_WORDS + SPEECH_KEYS)
        w.error(fields[extra][0], f"a speech names its speaker once, then its text; "
                                  f"'{extra}' is not understood here{hint}")
        return None
    key_node, text_node = fields[who[0]]
    speakers = _roles(w, _speakers(w, who[0], key_node, ctx), ctx, as_key=True)
    return _speech(w, node, fields, speakers, text_node)


def _speakers(w: Walker, key: str, key_node: Node, ctx: SceneContext) -> list[tuple[str, Node]]:
    """The role ids a short speech's key names (``man`` or ``man, maria``), each with the key's node;
    a blank key, or an empty place between commas, is an error (a speech is never dropped quietly)."""
    parts = [part.strip() for part in key.split(",")]
    if not any(parts):
        w.error(key_node, f"the speaker of this speech is blank; a speech starts with the id of the role who says "
                          f'it, e.g. - {_example_role(ctx)}: "…"')
        return []
    if not all(parts):
        w.error(key_node, f"an empty role in the group '{key}': remove the extra comma")
    return [(part, key_node) for part in parts if part]


def _example_role(ctx: SceneContext) -> str:
    """A role id of the play, for an example in a message."""
    return _first_good_id(ctx.roles)


@functools.lru_cache(maxsize=4)
def _first_good_id(roles: frozenset[str]) -> str:
    # Asked for every direction and long speech (their messages are written in advance): once per play.
    return min((r for r in roles if role_id_problem(r) is None), default="tatyana")


def _long_speech(w: Walker, node: Node, fields: dict, ctx: SceneContext) -> Speech | None:
    w.check_keys(fields, LONG_SPEECH_KEYS, "a speech")
    by = w.require(fields, "by", node, "a speech written with 'speech:'")
    fix = f"write the ids of the roles who say it, e.g. by: [{_example_role(ctx)}]"
    speakers = _roles(w, _named(w, by, "speaker", fix=fix) if by is not None else [], ctx)
    return _speech(w, node, fields, speakers, fields["speech"][1])


def _speech(w: Walker, node: Node, fields: dict, speakers: list[str], text_node: Node) -> Speech | None:
    raw = w.string(text_node, "speech text", allow_empty=True) if isinstance(text_node, ScalarNode) else None
    if not isinstance(text_node, ScalarNode):
        w.error(text_node, "speech text must be text; for delivery or language write them as sibling keys")
    opts = {k: w.string(fields[k][1], k, fix=_FIXES[k]) for k in ("delivery", "label") if k in fields}
    if "lang" in fields:
        opts["lang"] = w.language(fields["lang"][1], "speech language")
    other_langs = w.languages(fields["other_langs"][1], "other language") if "other_langs" in fields else ()
    speech_id = w.name(fields["id"][1], "speech id") if "id" in fields else None
    if speech_id is not None and AUTOMATIC_ID.match(speech_id):
        w.error(fields["id"][1], f"speech id '{speech_id}' has the form of the ids stagecast gives lines without "
                                 "one (s12 for speech 12, d3, p1, c2, i1), so it could name another line; "
                                 "choose a name, e.g. 'tat-leaving'")
        speech_id = None
    sources = read_sources(w, fields["source"][1]) if "source" in fields else ()
    edited = read_edited(w, fields["edited"][1]) if "edited" in fields else False
    if edited and "source" not in fields:
        w.error(fields["edited"][0], "edited: true says a line was changed from its source, but it names none; "
                                     "add source: ID (the interview), or remove edited:")
    cut = read_cut(w, fields, "speech")
    if raw is None:
        return None
    parts, problems = parse_text(raw, span_lang)
    for problem in problems:
        w.error(w.loc_in(text_node, problem.offset), problem.message)
    if not any(isinstance(p, Text) for p in parts) and not problems:
        w.error(text_node, "empty speech: it has no words to say"
                + (" (text in brackets is a direction; make it a 'direction:' item)" if parts else ""))
        return None
    if not speakers or problems:
        return None
    return Speech(speakers=tuple(speakers), parts=parts, id=speech_id, delivery=opts.get("delivery"),
                  lang=opts.get("lang"), label=opts.get("label"), other_langs=other_langs, loc=w.loc(node),
                  cut=cut, sources=sources, edited=edited)


def _named(w: Walker, node: Node, what: str, needed: bool = True, fix: str | None = None) -> list[tuple[str, Node]]:
    """:meth:`Walker.names`; when ``needed``, an empty list (``by: []``, a bare ``enter: []``) is an
    error too: a speech or an entrance with no one in it would otherwise vanish without a word."""
    if needed and isinstance(node, SequenceNode) and not node.value:
        w.error(node, f"the list of {what}s is empty; name at least one role")
    return w.names(node, what, fix=fix)


def _roles(w: Walker, named: list[tuple[str, Node]], ctx: SceneContext, as_key: bool = False) -> list[str]:
    """The roles ``named`` (empty when one is not a role, or is named twice: an error each)."""
    found = []
    for role_id, at in named:
        if role_id in found:
            group = ", ".join(r for r, _ in named)
            w.error(at, f"role '{role_id}' is named twice in '{group}'; name each role once")
        elif role_id in ctx.roles:
            found.append(role_id)
        else:
            w.error(at, _unknown_role(role_id, ctx, as_key))
    return found if len(found) == len(named) else []


def _unknown_role(role_id: str, ctx: SceneContext, as_key: bool) -> str:
    names = {r: ctx.names.get(r, "") for r in sorted(ctx.roles)}
    sure = special_role_hint(role_id, names, ctx.performers)
    if as_key and not sure:
        # For a key, the closest of the roles and the item words: 'dirctor' is director, not direction.
        closest = did_you_mean(role_id, [*ctx.roles, *ITEM_WORDS], cutoff=0.7)  # ghost is no light
        if closest and closest != did_you_mean(role_id, ctx.roles):
            return f"unknown role or item '{role_id}'{closest}"
    hint = sure or role_hint(role_id, names) or f" (roles: {', '.join(names)})"
    return f"unknown role '{role_id}'{hint}"


def _direction(w: Walker, node: Node, fields: dict, ctx: SceneContext) -> Direction | None:
    w.check_keys(fields, DIRECTION_KEYS, "a stage direction")
    vanishes = "direction" not in fields  # a bare entrance or exit with no one in it would have no text
    example = _example_role(ctx)
    fixes = {"roles": f"write the ids of the roles it concerns (e.g. roles: [{example}]), or remove 'roles:'",
             "enter": f"write who enters, by role id, e.g. enter: {example}",
             "exit": f"write who leaves, by role id, e.g. exit: {example}"}
    groups = {k: _roles(w, _named(w, fields[k][1], "role", vanishes and k != "roles", fixes[k]), ctx)
              for k in ("roles", "enter", "exit") if k in fields}
    roles = list(dict.fromkeys(r for ids in groups.values() for r in ids))
    kind = next((kind for kind, key in DIRECTION_ROLES.items() if key in groups), "business")  # enter before exit
    if "direction" in fields:
        text = w.string(fields["direction"][1], "stage direction")
    else:
        named = [ctx.names.get(r, r) for r in groups.get("enter") or groups.get("exit") or []]
        text = _generated(kind, named, ctx.labels)
    cut = read_cut(w, fields, "stage direction")
    if text is None:
        return None
    return Direction(text=" ".join(text.split()), roles=tuple(roles), kind=kind, loc=w.loc(node), cut=cut)


def _generated(kind: str, names: list[str], labels: Labels) -> str | None:
    """Text for a bare ``enter:``/``exit:`` item, in the play's language: "Enter Tatyana." /
    "Exit Man and Maria." / "Входят Саша и Вера."."""
    if not names:
        return None
    return labels.number("enter" if kind == "entrance" else "exit", names)


def _pause(w: Walker, node: Node, fields: dict) -> Pause | None:
    w.check_keys(fields, ("pause", CUT_KEY), "a pause")
    seconds = w.number(fields["pause"][1], "pause (seconds)", *PAUSE_SECONDS)
    cut = read_cut(w, fields, "pause")
    return None if seconds is None else Pause(seconds, loc=w.loc(node), cut=cut)


def _cue(w: Walker, node: Node, fields: dict, kind: str, ctx: SceneContext) -> Cue | None:
    allowed = SOUND_CUE_KEYS if kind == "sound" else (kind, "number", CUT_KEY)
    w.check_keys(fields, allowed, f"a {kind} cue")
    label = w.string(fields[kind][1], f"{kind} cue label", fix=f"write what the cue is, e.g. {_CUE_EXAMPLES[kind]}")
    number = w.name(fields["number"][1], "cue number") if "number" in fields else None
    file = _sound_file(w, fields["file"][1], ctx) if "file" in fields else None
    under = w.flag(fields["under"][1], "under (true: the sound plays beneath the speeches after it)") \
        if "under" in fields else False
    if "under" in fields and "file" not in fields:
        w.error(fields["under"][0], "'under' needs a sound 'file' to play beneath the speeches")
    cut = read_cut(w, fields, f"{kind} cue")
    if label is None:
        return None
    return Cue(kind=CUE_KINDS[kind], label=label, number=number, file=file, under=bool(under),  # type: ignore[arg-type]
               loc=w.loc(node), cut=cut)


def read_cut(w: Walker, fields: dict, what: str) -> str | None:
    """An item's ``cut:``: ``true`` → "" (cut, no reason given), a reason → itself, ``false`` or
    none → None (performed). Anything else is an error, and the item is read as performed."""
    if CUT_KEY not in fields:
        return None
    node = fields[CUT_KEY][1]
    fix = (f"write cut: true to cut this {what}, or the reason in quotes (cut: \"too long for the tour\"), "
           "or remove 'cut:' to keep it")
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return "" if yaml.safe_load(node.value) else None
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        return " ".join(node.value.split())
    shown = (f"'{node.value}'" if node.value.strip() else "empty") if isinstance(node, ScalarNode) \
        else "a list" if isinstance(node, SequenceNode) else "a mapping"
    w.error(node, f"cut: is {shown}; {fix}")
    return None


def _sound_file(w: Walker, node: Node, ctx: SceneContext) -> str | None:
    name = w.string(node, "sound file")
    if name is None:
        return None
    try:
        target, kind = look_up(ctx.root, name)
        readable = kind != "file" or os.access(target, os.R_OK)
    except OSError as exc:  # a folder on the way that cannot be read
        w.error(node, f"sound file '{name}' cannot be read: {reason(exc)}; check the folder's permissions")
        return None
    problem = sound_problem(name, target, kind, readable, ctx.root)
    if problem is not None:
        w.error(node, f"sound file '{name}' {problem}")
        return None
    return Path(os.path.relpath(target, ctx.root.resolve())).as_posix()


def sound_problem(name: str, target: Path, kind: str, readable: bool, root: Path) -> str | None:
    """What is wrong with the sound file ``name`` (what follows "sound file 'x' " in the message)."""
    if kind == "outside":
        return f"is outside the play folder; keep sounds inside {root}"
    if kind == "missing":
        return f"not found in {'the play folder' if str(root) in ('', '.') else root}"
    if kind == LOOP:
        return f"is {LOOP}; point the link at the sound's file, or put the file there"
    if kind != "file":
        return f"is {kind}, not a file; give the path of the sound's audio file"
    if not readable:
        return "cannot be read (permission denied); check the file's permissions"
    try:
        with open_file(target) as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return "is empty (0 bytes); copy or export it again"
            audio_format(handle)
    except NotAudio as exc:
        return f"cannot be read as audio: {exc.what}; {exc.fix}"
    except OSError as exc:
        return f"cannot be read: {reason(exc)}"
    return None
