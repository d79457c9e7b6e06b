"""A :class:`Play` → a play folder in stagecast's YAML: ``play.yaml`` + ``scenes/NN-slug.yaml``.

The folder is meant to be edited by hand, so it reads like one a person would write: short
speech form (``- hamlet: "text"``), one scene per file, every text double-quoted (or a ``|``
block when it has line breaks) so YAML never turns a line into a number or a boolean.
Reading it back with :func:`stagecast.api.load_play` gives an equal play.

Limits of the format (documented in docs/import.md): a spoken parenthesis cannot be written
(``(…)`` is always a parenthetical), so importers turn spoken brackets into ``[…]``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from itertools import groupby
from pathlib import Path
from typing import Any

import yaml

from ..files import atomic
from ..files.play_files import what_is_at
from ..labels import play_labels
from ..model import Cast, Cue, Direction, Interval, Item, Pause, Performer, Play, Scene, Speech
from ..notation.editor_schema import modeline
from ..notation.markup import markup_of
from ..notation.yaml_keys import CUE_KINDS, DIRECTION_ROLES, RESERVED_IDS, SPEECH_KEYS
from ..rules import slug

HEADER = """\
# {title} — written by `stagecast import` from {source}.
# Edit freely: this folder is now the script. The performers below are placeholders,
# one per role ("TBC (…)"): put your cast's names in, and merge entries for doubling.
"""


_CUE_KEY = {kind: key for key, kind in CUE_KINDS.items()}
_SPEECH_KEYS_WRITTEN = sorted(SPEECH_KEYS, key=lambda key: key == "id")
"""A speech's own id goes last, after how the line is said and the name it is printed under."""


class _Key(str):
    """A mapping key or id: written plain when YAML allows it, quoted when it does not."""


class _Block(str):
    """Text with line breaks: written as a ``|`` block."""


class _Flow(list):
    """A short list of ids: written on one line, ``[a, b]``."""


def _performer(performer: Performer) -> dict[str, Any]:
    """A performer as play.yaml writes one: a role played in some scenes only as {role, scenes}."""
    limited: dict[str, list[str]] = {}
    for part in performer.parts:
        limited.setdefault(part.role, []).extend(s for s in part.scenes if s not in limited.get(part.role, ()))
    plays = [r if r not in limited else {"role": r, "scenes": _Flow(limited[r])} for r in performer.roles]
    out: dict[str, Any] = {"name": performer.name, "plays": _Flow(plays) if not limited else plays}
    if performer.intended:
        out["intended"] = {_Key(i.scene): i.reason for i in performer.intended}
    return out


def _cast(cast: Cast) -> dict[str, Any]:
    """A cast as play.yaml writes one: role → performer, or a list of {performer, scenes}."""
    out: dict[str, Any] = {}
    for role in dict.fromkeys(r.role for r in cast.recasts):  # in the order the cast gives them
        lines = [r for r in cast.recasts if r.role == role]
        out[_Key(role)] = lines[0].performer if len(lines) == 1 and lines[0].scenes is None else [
            r.performer if r.scenes is None else {"performer": r.performer, "scenes": _Flow(r.scenes)} for r in lines]
    return out


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when PyYAML has it (about 4× faster on a full-length play), else PyYAML's."""


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _key(dumper: yaml.SafeDumper, data: _Key) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data))


def _block(dumper: yaml.SafeDumper, data: _Block) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


def _mapping(dumper: yaml.SafeDumper, data: dict) -> yaml.MappingNode:
    keys = {(_Key(k) if isinstance(k, str) else k): v for k, v in data.items()}
    return dumper.represent_mapping("tag:yaml.org,2002:map", keys)


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", [_Key(x) for x in data], flow_style=True)


_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(_Flow, _flow)
_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Key, _key)
_Dumper.add_representer(_Block, _block)


def dump(data: Any) -> str:
    """YAML text; long lines stay long (an editor wraps them) instead of being folded with escapes."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False)


def _text(value: str) -> str:
    return _Block(value) if "\n" in value else value


# -- play.yaml --------------------------------------------------------------------------------

def scene_files(play: Play) -> dict[str, str]:
    """Scene id → file name inside the folder (``scenes/07-erste-szene.yaml``)."""
    width = max(2, len(str(len(play.scenes))))
    return {scene.id: f"scenes/{n:0{width}d}-{slug(scene.title)[:40].strip('-') or 'scene'}.yaml"
            for n, scene in enumerate(play.scenes, 1)}


def play_document(play: Play, files: dict[str, str]) -> dict[str, Any]:
    meta = play.meta
    interval = play_labels(play)("interval")
    doc: dict[str, Any] = {"title": meta.title}
    for key, value in (("subtitle", meta.subtitle), ("company", meta.company)):
        if value:
            doc[key] = value
    if meta.credits:
        doc["credits"] = {_Key(k): _text(v) for k, v in meta.credits}
    doc["language"] = meta.lang
    if meta.notes:
        doc["notes"] = _text(meta.notes)
    doc["roles"] = {_Key(r.id): _role(r) for r in play.roles}
    if play.performers:
        doc["performers"] = {_Key(p.id): _performer(p) for p in play.performers}
    if play.casts:
        doc["casts"] = {_Key(c.name): _cast(c) for c in play.casts}
    if play.acts:
        doc["acts"] = _acts(play, files)
    else:
        doc["scenes"] = [_entry(part, files, interval) for part in play.sequence]
    if play.pronunciations:
        doc["pronunciations"] = _pronunciations(play)
    if play.labels:
        doc["labels"] = dict(play.labels)
    return doc


def _role(role) -> dict[str, Any]:
    out: dict[str, Any] = {"name": role.name}
    if role.description:
        out["description"] = _text(role.description)
    if role.lang:
        out["lang"] = role.lang
    if role.other_langs:
        out["other_langs"] = _Flow(role.other_langs)
    if role.gender:
        out["gender"] = role.gender
    return out


def _entry(part: Scene | Interval, files: dict[str, str], default_title: str) -> Any:
    if isinstance(part, Scene):
        return files[part.id]
    out: dict[str, Any] = {"interval": _number(part.minutes)}
    if part.title != default_title:  # what the reader gives an interval without a title
        out["title"] = part.title
    return out


def _acts(play: Play, files: dict[str, str]) -> list[dict[str, Any]]:
    """Acts in running order; an interval between acts stays where it is."""
    out: list[dict[str, Any]] = []
    by_act = {act.id: act for act in play.acts}
    placed: set[str] = set()
    interval = play_labels(play)("interval")
    for act_id, parts in groupby(play.sequence, key=lambda p: p.act if isinstance(p, Scene) else None):
        parts = list(parts)
        if act_id is None:
            for part in parts:
                if isinstance(part, Scene):
                    raise ValueError(f"scene '{part.id}' belongs to no act, but the play has acts")
                out.append(_entry(part, files, interval))
            continue
        act = by_act[act_id]
        placed.add(act_id)
        out.append({"id": act.id, "title": act.title, "scenes": [files[s.id] for s in parts]})
    for act in play.acts:
        if act.id not in placed:
            out.append({"id": act.id, "title": act.title, "scenes": []})
    return out


def _pronunciations(play: Play) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for p in play.pronunciations:
        out.setdefault(_Key(p.lang or play.meta.lang), {})[_Key(p.word)] = p.spoken
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# -- scene files ------------------------------------------------------------------------------

def scene_document(scene: Scene) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": scene.id, "title": scene.title}
    if scene.setting:
        doc["setting"] = scene.setting
    doc["body"] = [item_document(item) for item in scene.items]
    return doc


def item_document(item: Item) -> dict[str, Any]:
    if isinstance(item, Speech):
        return _speech(item)
    if isinstance(item, Direction):
        out: dict[str, Any] = {"direction": item.text}
        if item.roles or item.kind != "business":
            out[DIRECTION_ROLES.get(item.kind, "roles")] = _Flow(item.roles)
        return out
    if isinstance(item, Cue):
        out = {_CUE_KEY.get(item.kind, item.kind): item.label}
        if item.number:
            out["number"] = item.number
        if item.file:
            out["file"] = item.file
        return out
    if isinstance(item, Pause):
        return {"pause": _number(item.seconds)}
    raise TypeError(f"cannot write {type(item).__name__}")


def _speech(speech: Speech) -> dict[str, Any]:
    text = _text(markup_of(speech.parts))
    short = not any(s in RESERVED_IDS or "," in s for s in speech.speakers)
    out: dict[str, Any] = {_Key(", ".join(speech.speakers)): text} if short else \
        {"speech": text, "by": _Flow(speech.speakers)}
    for key in _SPEECH_KEYS_WRITTEN:
        value = getattr(speech, key)
        if value:
            out[key] = _Flow(value) if isinstance(value, tuple) else value
    return out


# -- writing the folder -----------------------------------------------------------------------

class FolderNotEmpty(Exception):
    """The output folder holds files already; nothing was written."""


class NotAFolder(Exception):
    """Something other than a folder is where the output folder, or a folder on the way to it,
    would be (a file, a named pipe, a link loop, a link to nothing); nothing was written."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"{path} is {kind}")
        self.path, self.kind = path, kind


def render_folder(play: Play, source: str = "", comments: Mapping[tuple[str, int], str] | None = None) -> dict[str, str]:
    """Relative path → file text for the whole folder. Each file starts with the line that points
    an editor at its JSON Schema in the folder's ``.stagecast/`` (:mod:`stagecast.notation.editor_schema`).
    ``comments``: (scene id, item index, or -1 for the scene itself) → a note for the reader of the
    YAML, written as a comment there (what an importer had to guess)."""
    files = scene_files(play)
    header = HEADER.format(title=play.meta.title.replace("\n", " "), source=source or "another format")
    out = {"play.yaml": modeline("play", "play.yaml") + header + _spaced(dump(play_document(play, files)))}
    for scene in play.scenes:
        out[files[scene.id]] = modeline("scene", files[scene.id]) + _commented(dump(scene_document(scene)), scene.id,
                                                                              comments or {})
    return out


def _commented(text: str, scene_id: str, comments: Mapping[tuple[str, int], str]) -> str:
    """``text`` with each comment above its item: the body's items are the lines that start with
    ``- `` (text inside an item is indented or quoted, so no other line does)."""
    mine = {n: " ".join(note.split()) for (scene, n), note in comments.items() if scene == scene_id}
    if not mine:
        return text
    out = [f"# {mine[-1]}"] if -1 in mine else []
    n = 0
    for line in text.split("\n"):
        if line.startswith("- "):
            if n in mine:
                out.append(f"# {mine[n]}")
            n += 1
        out.append(line)
    return "\n".join(out)


def _spaced(text: str) -> str:
    """A blank line before each top-level key after the first, so the sections stand apart."""
    lines = text.removesuffix("\n").split("\n")  # not splitlines(): U+2028 and friends are text here
    out = [line if i == 0 or line[:1] in (" ", "-", "") else f"\n{line}" for i, line in enumerate(lines)]
    return "\n".join(out) + "\n"


def _sound_files(play: Play) -> dict[str, bytes]:
    """Sound-cue files the play refers to (relative to its folder), so the new folder is complete."""
    out = {}
    root = Path(play.root)
    for scene in play.scenes:
        for item in scene.items:
            if isinstance(item, Cue) and item.file and (root / item.file).is_file():
                out[item.file] = (root / item.file).read_bytes()
    return out


def write_folder(play: Play, folder: str | os.PathLike[str], *, force: bool = False, source: str = "",
                 extra: Mapping[str, str] | None = None, comments: Mapping[tuple[str, int], str] | None = None) -> Path:
    """Write the play folder, with the ``extra`` files (relative path → text: the editor schemas)
    and the ``comments`` an importer left (:func:`render_folder`).
    A new (or empty) folder appears whole or not at all; with ``force`` an existing folder gets
    its play.yaml, scene files and ``extra`` files replaced one by one, each atomically, and
    nothing else in it is touched."""
    contents: dict[str, str | bytes] = dict(render_folder(play, source, comments))
    contents.update(_sound_files(play))
    contents.update(extra or {})
    return write_files(Path(folder), contents, force=force)


def write_files(target: Path, contents: Mapping[str, str | bytes], *, force: bool = False) -> Path:
    """Write ``contents`` (relative path → text or bytes) as the folder ``target``: a new or empty
    folder appears whole or not at all (:class:`FolderNotEmpty` for one with files in it, unless
    ``force``)."""
    _check_the_way(target)
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise FolderNotEmpty(str(target))
        for name, data in contents.items():
            atomic.write_bytes(target / name, data.encode("utf-8") if isinstance(data, str) else data)
        return target
    staging = None
    try:
        there = target.is_dir()  # and empty: checked above
        target.parent.mkdir(parents=True, exist_ok=True)
        # Staged under our own prefix: a killed import's leftovers are cleaned by the next run.
        staging = atomic.staging_folder(target if there else target.parent)
        for name, data in contents.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if there:  # kept, not replaced: it may be the working folder (init .), in use by the shell too
            for entry in os.listdir(staging):
                os.replace(staging / entry, target / entry)
            staging.rmdir()
        else:
            os.replace(staging, target)
    except OSError as exc:
        _discard(staging)
        raise _naming(exc, target) from exc
    except BaseException:
        _discard(staging)
        raise
    return target


def _check_the_way(target: Path) -> None:
    """Refuse, before anything is made, what stands where a folder is needed: at ``target``
    itself or on the way to it. Looked at from the outermost folder in, since a link loop on
    the way makes every path under it a loop too."""
    for path in (*reversed(target.parents), target):
        kind = what_is_at(path)
        if kind == "missing":
            return  # the rest is made
        if kind != "a folder":
            raise NotAFolder(path, "a file" if kind == "file" else kind)


def _discard(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def _naming(exc: OSError, target: Path) -> OSError:
    """``exc`` naming the folder the user asked for instead of our staging folder inside it,
    whose name means nothing to them."""
    name = os.fsdecode(exc.filename) if exc.filename is not None else None
    if name is None or any(part.startswith(atomic.GROUP_PREFIX) for part in Path(name).parts):
        return type(exc)(exc.errno, exc.strerror or str(exc), str(target))
    return exc
