"""JSON Schemas (draft 2020-12) of play.yaml, a scene file and voices.yaml, for editors.

Made at run time from the very lists the readers check keys against (``TOP_KEYS``,
``SCENE_KEYS``, ``VOICE_KEYS`` …), the readers' bounds and language codes, and the meanings in
:mod:`.schema_words`, so the schema cannot drift from what ``check`` accepts; tests/test_schema.py
holds it to the sample and to every golden error case.

A schema says what the shape of a file can say: keys, types, bounds, the form of ids and
language codes. What needs the whole play (an unknown role in a speech, a duplicate id, a
missing sound file, text markup) stays ``check``'s.

Only keywords draft-07 tools know too are used (no ``unevaluatedProperties``, no
``prefixItems``), because VS Code's YAML extension validates with draft-07 rules; ``$ref``
siblings are limited to descriptions. ``errorMessage`` and ``patternErrorMessage`` are that
extension's own wording of a failed check, which other validators ignore.

To add a key: put it in the reader's list, give it a shape in the table of its object below
(``_play``, ``_scene_defs``, ``_voices`` …) and a meaning in :mod:`.schema_words`.
"""

from __future__ import annotations

import json
from itertools import combinations
from typing import Any

from .. import __version__
from ..labels import COUNTED, FIELDS, FORMS, NAMED
from ..notation.editor_schema import KINDS, schema_file
from ..notation.yaml_keys import CUE_KINDS, DIRECTION_KEYS, LONG_SPEECH_KEYS, SCENE_KEYS, SPEECH_KEYS
from ..pdf_settings import PAPERS
from ..voice_settings import AUTO, ENGINE_NAMES, RHVOICE_KEYS, VOICE_KEYS
from ..voice_settings import TOP_KEYS as VOICES_KEYS
from .language_codes import ISO_639_1
from .schema_words import MEANINGS
from .voices_yaml import VOICE_RANGES
from .yaml_casting import PART_KEYS, RECAST_KEYS
from .yaml_play import ACT_KEYS, INTERVAL_KEYS, INTERVAL_MINUTES
from .yaml_play import TOP_KEYS as PLAY_KEYS
from .yaml_scene import AUTOMATIC_ID, PAUSE_SECONDS
from .yaml_sections import GENDERS, PDF_KEYS, PERFORMER_KEYS, ROLE_KEYS

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _capitals() -> str:
    """A character class of the capital letters of the Latin, Greek and Cyrillic alphabets (and
    the Cyrillic letters of Ukrainian and Kazakh), which a role id may not hold. Written out, not
    ``\\p{Lu}``: Python's and some editors' regular expressions lack Unicode classes."""
    spans = [(0x41, 0x5A), (0xC0, 0xDE), (0x391, 0x3AB), (0x400, 0x42F)]
    singles = "ҐҒҚҢҮҰҺӘӨІЇЄ"
    chars = sorted({chr(c) for lo, hi in spans for c in range(lo, hi + 1) if chr(c).isupper()} | set(singles))
    out, start = [], 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or ord(chars[i]) != ord(chars[i - 1]) + 1:
            run = chars[start:i]
            out.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
            start = i
    return "".join(out)


_ID = rf"[^\s,{_capitals()}]+"
"""A role id: no white space, comma or capital letter (:func:`stagecast.rules.role_id_problem`)."""
_GROUP = rf"^\s*{_ID}(?:\s*,\s*{_ID})*\s*$"
"""One role id, or several between commas (``man, maria``)."""


def _language_pattern() -> str:
    """A language tag as :func:`.language_codes.normalise` takes it, in any case: an ISO 639-1
    code or any three letters, then subtags."""
    by_first: dict[str, list[str]] = {}
    for code in sorted(ISO_639_1):
        by_first.setdefault(code[0], []).append(code[1])
    two = "|".join(f"[{a}{a.upper()}][{''.join(b)}{''.join(b).upper()}]" for a, b in by_first.items())
    return rf"^\s*(?:{two}|[A-Za-z]{{3}})(?:-[A-Za-z0-9]{{2,8}})*\s*$"


def _number(bounds: tuple[float, float]) -> Schema:
    return {"type": "number", "minimum": bounds[0], "maximum": bounds[1]}


def _object(section: str, shapes: dict[str, Schema], keys: tuple[str, ...], required: tuple[str, ...] = ()
            ) -> Schema:
    """An object with exactly ``keys`` (the reader's list), each with its shape and meaning."""
    out: Schema = {"type": "object", "properties": {
        key: {**shapes.get(key, {}), "description": MEANINGS[section].get(key, "")} for key in keys},
        "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def _common_defs() -> dict[str, Schema]:
    return {
        "text": {"type": "string", "pattern": r"\S", "patternErrorMessage": "text may not be blank",
                 "description": "Text. Quote it when YAML would read it as a number, yes/no, a date or nothing."},
        "name": {"type": ["string", "number"], "pattern": r"\S", "patternErrorMessage": "may not be blank"},
        "language": {"type": "string", "pattern": _language_pattern(),
                     "patternErrorMessage": "a language code such as en, ru, kk, uk or en-GB"},
        "role-id": {"type": "string", "pattern": f"^{_ID}$",
                    "patternErrorMessage": "a role id is lowercase, with no spaces or commas (big-man)"},
        "names": {"anyOf": [ref("name"), {"type": "array", "items": ref("name"), "minItems": 1}]},
        "role-ids": {"anyOf": [{"type": "string", "pattern": _GROUP,
                                "patternErrorMessage": "role ids, separated by commas"},
                               {"type": "array", "items": ref("role-id")}]},
    }


def _play_defs() -> dict[str, Schema]:
    role = _object("role", {"name": ref("text"), "description": ref("text"), "lang": ref("language"),
                            "other_langs": _languages(), "gender": {"enum": list(GENDERS)}}, ROLE_KEYS)
    part = _object("part", {"role": ref("role-id"), "scenes": ref("names")}, PART_KEYS, PART_KEYS)
    plays = {"anyOf": [ref("role-ids"), {"type": "array", "items": {"anyOf": [ref("role-id"), part]}}]}
    performer = _object("performer", {"name": ref("text"), "plays": plays,
                                      "intended": {"type": "object", "additionalProperties": ref("text")}},
                        PERFORMER_KEYS)
    recast = _object("recast", {"performer": ref("name"), "scenes": ref("names")}, RECAST_KEYS, ("performer",))
    cast = {"type": "object", "propertyNames": ref("role-id"), "additionalProperties": {
        "anyOf": [ref("name"), {"type": "array", "items": {"anyOf": [ref("name"), recast]}}]}}
    interval = _object("interval", {"interval": _number(INTERVAL_MINUTES), "title": ref("text")},
                       INTERVAL_KEYS, ("interval",))
    entry = {"if": {"type": "string"}, "then": ref("text"),
             "else": {"if": {"type": "object", "required": ["interval"]}, "then": ref("interval"),
                      "else": ref("inline-scene")}}
    running = {"type": "array", "items": ref("entry"), "contains": {"not": {"type": "object", "required": ["interval"]}},
               "errorMessage": "list at least one scene: a scene file, or an inline scene with id and body"}
    act = _object("act", {"id": ref("name"), "title": ref("text"), "scenes": ref("running-order")},
                  ACT_KEYS, ("scenes",))
    return {"role": {"anyOf": [ref("text"), role]}, "performer": performer, "cast": cast, "interval": interval,
            "entry": entry, "running-order": running, "act": act,
            "inline-scene": {"allOf": [ref("scene")], "required": ["id"]}}


def _label_keys() -> list[str]:
    keys = []
    for name in FIELDS:
        forms = FORMS if name in COUNTED else ("one", "other") if name in NAMED else ()
        keys += [name, *(f"{name}.{form}" for form in forms)]
    return keys


def _play() -> Schema:
    acts = {"type": "array", "items": {"if": {"type": "object", "required": ["interval"]}, "then": ref("interval"),
                                       "else": ref("act")},
            "contains": {"not": {"type": "object", "required": ["interval"]}},
            "errorMessage": "give at least one act with its scenes"}
    shapes = {
        "title": ref("text"), "subtitle": ref("text"), "company": ref("text"), "notes": ref("text"),
        "credits": {"type": "object", "additionalProperties": ref("text")},
        "language": ref("language"),
        "roles": {"type": "object", "propertyNames": ref("role-id"), "additionalProperties": ref("role")},
        "performers": {"type": "object", "additionalProperties": ref("performer")},
        "casts": {"type": "object", "additionalProperties": ref("cast")},
        "scenes": ref("running-order"), "acts": acts,
        "pronunciations": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": ref("text")}},
        "labels": {"type": "object", "propertyNames": {"enum": _label_keys()}, "additionalProperties": ref("text")},
        "pdf": _object("pdf", {"font": {"anyOf": [ref("text"), {"type": "array", "items": ref("text")}]},
                               "paper": {"type": "string", "pattern": _any_case(PAPERS),
                                         "patternErrorMessage": " or ".join(PAPERS)}}, PDF_KEYS),
    }
    out = _object("play", shapes, PLAY_KEYS, ("title", "roles"))
    out["oneOf"] = [{"required": ["scenes"]}, {"required": ["acts"]}]
    out["errorMessage"] = "give the running order as scenes or as acts (one of them, not both)"
    return out


def _languages() -> Schema:
    """One language code or a list of them (``other_langs: [kk, ru]``)."""
    return {"anyOf": [ref("language"), {"type": "array", "items": ref("language"), "minItems": 1}]}


def _any_case(words: tuple[str, ...]) -> str:
    return r"^\s*(?:" + "|".join("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in w) for w in words) + r")\s*$"


def _speech_shapes() -> dict[str, Schema]:
    return {"speech": ref("text"), "by": {"allOf": [ref("role-ids")], "minItems": 1},
            "delivery": ref("text"), "lang": ref("language"), "other_langs": _languages(), "label": ref("text"),
            "id": {"allOf": [ref("name")], "not": {"type": "string", "pattern": AUTOMATIC_ID.pattern},
                   "errorMessage": "s12, d3, p1, c2, i1 … are the ids stagecast gives lines: choose a name"}}


def _short_speech() -> Schema:
    """``- tatyana: "text"`` with optional speech keys: exactly one key that is none of them (the
    speaker, or speakers between commas), whose value is the text."""
    shapes = _speech_shapes()
    keys = SPEECH_KEYS
    one_speaker = [{"required": list(some), "maxProperties": len(some) + 1}
                   for n in range(len(keys) + 1) for some in combinations(keys, n)]
    return {"type": "object", "minProperties": 1,
            "properties": {k: {**shapes[k], "description": MEANINGS["speech"][k]} for k in keys},
            "propertyNames": {"anyOf": [{"enum": list(keys)}, {"pattern": _GROUP}]},
            "additionalProperties": ref("text"),
            "not": {"propertyNames": {"enum": list(keys)}},
            "anyOf": one_speaker,
            "errorMessage": "a speech names its speaker once, then its text: - tatyana: \"…\", with "
                            f"{', '.join(keys)} beside it"}


def _scene_defs() -> dict[str, Schema]:
    roles = ref("role-ids")
    direction = _object("direction", {"direction": ref("text"), "roles": roles, "enter": roles, "exit": roles},
                        DIRECTION_KEYS)
    direction["if"] = {"not": {"required": ["direction"]}}  # a bare entrance or exit names someone
    direction["then"] = {"properties": {"enter": {"minItems": 1}, "exit": {"minItems": 1}}}
    branches: list[tuple[Schema, Schema]] = [
        ({"required": ["speech"]}, _object("speech", _speech_shapes(), LONG_SPEECH_KEYS, ("speech", "by"))),
        ({"anyOf": [{"required": [k]} for k in ("direction", "enter", "exit")]}, direction),
        ({"required": ["pause"]}, _object("pause", {"pause": _number(PAUSE_SECONDS)}, ("pause",))),
    ]
    for kind in CUE_KINDS:
        keys = (kind, "number", "file") if kind == "sound" else (kind, "number")
        branches.append(({"required": [kind]}, _object("cue", {kind: ref("text"), "number": ref("name"),
                                                               "file": ref("text")}, keys)))
    dispatch = _short_speech()
    for condition, then in reversed(branches):  # the reader's order: the first key found decides
        dispatch = {"if": condition, "then": then, "else": dispatch}
    every = {key: {"description": MEANINGS[section][key]} for section in ("speech", "direction", "cue", "pause")
             for key in MEANINGS[section]}
    item = {"type": "object", "minProperties": 1, "properties": every, "allOf": [dispatch]}
    scene = _object("scene", {"id": ref("name"), "title": ref("text"), "setting": ref("text"),
                              "body": {"type": "array", "minItems": 1, "items": ref("item")}}, SCENE_KEYS, ("body",))
    return {"item": item, "scene": scene}


def _voices() -> Schema:
    entry = {"anyOf": [ref("voice"), {"type": "array", "minItems": 1, "items": ref("voice")}]}  # or alternatives
    shapes = {"engine": {"enum": [*ENGINE_NAMES, AUTO]}, "default": entry, "narrator": entry,
              "roles": {"type": "object", "propertyNames": ref("role-id"), "additionalProperties": entry},
              "languages": {"type": "object", "propertyNames": ref("language"), "additionalProperties": entry},
              "rhvoice": _object("rhvoice", {"library": ref("text"), "data": ref("text")}, RHVOICE_KEYS)}
    return _object("voices", shapes, VOICES_KEYS)


def _voice() -> Schema:
    shapes = {"engine": {"enum": list(ENGINE_NAMES)}, "voice": ref("name"), "model": ref("text"),
              "lang": ref("language"), "variant": ref("name"),
              **{key: _number(bounds) for key, bounds in VOICE_RANGES.items()}}
    return _object("voice", shapes, VOICE_KEYS)


_TITLES = {"play": "stagecast play (play.yaml)", "scene": "stagecast scene file", "voices": "stagecast voices.yaml"}


def schema(kind: str = "play") -> Schema:
    """The JSON Schema of ``kind`` (one of :data:`~stagecast.notation.editor_schema.KINDS`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "voices":
        defs = {**_common_defs(), "voice": _voice()}
        root = _voices()
    else:
        defs = {**_common_defs(), **_scene_defs()}
        if kind == "play":
            defs.update(_play_defs())
        root = _play() if kind == "play" else defs["scene"]
    return {"$schema": DRAFT, "title": _TITLES[kind],
            "$comment": f"Made by stagecast {__version__}; remake with: stagecast schema {kind} -o "
                        f"{schema_file(kind)} (docs/format.md, Editor support)",
            **root, "$defs": defs}


def schema_text(kind: str = "play") -> str:
    """:func:`schema` as the JSON file an editor reads."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """A play folder's schema files: relative path (``.stagecast/play.schema.json``) → text."""
    return {schema_file(kind): schema_text(kind) for kind in KINDS}
