"""``takes/takes.yaml``: what each take in the play's ``takes/`` folder was recorded for.

A take keeps the words it was recorded for (its speakers and text, the speech's ``id:`` if it
had one, and its number then, which orders takes for matching), not a speech number: numbers
change whenever a speech is inserted, the words say which line it is (:mod:`.matching`).
Written by stagecast (``takes add``) atomically; read through PyYAML's node tree so a mistake
made by hand is reported at its line, every one in one pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import Diagnostic, ScriptError
from ..files.atomic import write_text
from ..model import Loc

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it: the same nodes and marks, a Hamlet-sized manifest
(380 takes) read in 30 ms instead of 130 ms."""
FOLDER = "takes"
MANIFEST = "takes.yaml"
FORMAT = 1
_KEYS = ("file", "speakers", "text", "id", "number", "performer", "recorded")
_HEADER = ("# The cast's recorded takes (docs/takes.md), written by `stagecast takes add`.\n"
           "# Each take keeps the words it was recorded for: a take whose speech was reworded is stale.\n")


@dataclass(frozen=True)
class Take:
    file: str
    """Its file's name inside ``takes/`` (no folders)."""
    speakers: tuple[str, ...]
    text: str
    """The speech's words when it was recorded (plain text, as the script prints them)."""
    speech_id: str | None = None
    number: int = 0
    """The speech's number when it was recorded: orders takes for the alignment."""
    performer: str | None = None
    """Who recorded it (a performer id), if known."""
    recorded: str = ""
    """When (ISO 8601, UTC)."""
    loc: Loc | None = None

    def to_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"file": self.file, "speakers": list(self.speakers), "text": self.text}
        if self.speech_id:
            data["id"] = self.speech_id
        data["number"] = self.number
        if self.performer:
            data["performer"] = self.performer
        data["recorded"] = self.recorded
        return data


@dataclass(frozen=True)
class Takes:
    """A play's takes (none when it has no ``takes/takes.yaml``)."""

    folder: Path
    takes: tuple[Take, ...] = ()

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def path(self, take: Take) -> Path:
        return self.folder / take.file

    def shown(self, take: Take) -> str:
        """How messages and the timeline name a take: ``takes/<file>``."""
        return f"{FOLDER}/{take.file}"

    def adding(self, take: Take) -> Takes:
        return replace(self, takes=(*self.takes, take))


_READ: dict[Path, tuple[tuple[int, int, int], Takes]] = {}
"""Manifests read in this process, by their file's size, time and inode: a process that renders
again and again (``--watch``) parses one only when it changed."""


def takes_folder(root: str | os.PathLike[str]) -> Path:
    return Path(root) / FOLDER


def load_takes(root: str | os.PathLike[str]) -> Takes:
    """The takes of the play in the folder ``root``; raises :class:`ScriptError` listing every
    problem in its manifest (an entry naming a file outside ``takes/`` among them)."""
    folder = takes_folder(root)
    path = folder / MANIFEST
    try:
        info = path.stat()
        stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
        if _READ.get(path, (None,))[0] == stamp:
            return _READ[path][1]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Takes(folder)
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError.at(Loc(str(path), 1, 1), f"cannot read the takes manifest: {exc}") from None
    takes = Takes(folder, _parse(text, str(path), folder))
    _READ[path] = (stamp, takes)
    return takes


def save_takes(takes: Takes) -> None:
    """Write the manifest whole (a temporary file renamed over the old one)."""
    body = yaml.safe_dump({"format": FORMAT, "takes": [t.to_yaml() for t in takes.takes]}, sort_keys=False,
                          allow_unicode=True, width=100)
    write_text(takes.manifest, _HEADER + body)


def _parse(text: str, path: str, folder: Path) -> tuple[Take, ...]:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1, 1)
        raise ScriptError.at(where, f"the takes manifest is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    problems: list[Diagnostic] = []
    entries = _entries(root, path, problems)
    takes = [take for node in entries if (take := _take(node, path, folder, problems)) is not None]
    if problems:
        raise ScriptError(problems, hint=f"{path} is written by `stagecast takes add`; mend or remove the entry")
    return tuple(takes)


def _at(node: yaml.Node, path: str) -> Loc:
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _entries(root: yaml.Node | None, path: str, problems: list[Diagnostic]) -> list[yaml.Node]:
    if root is None:
        return []
    listed = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    node = listed.get("takes")
    if node is None and not isinstance(root, yaml.MappingNode):
        problems.append(Diagnostic("error", _at(root, path), "the takes manifest must be a mapping with 'takes:'"))
        return []
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Diagnostic("error", _at(node, path), "'takes' must be a list of takes"))
        return []
    return list(node.value)


def _take(node: yaml.Node, path: str, folder: Path, problems: list[Diagnostic]) -> Take | None:
    where = _at(node, path)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Diagnostic("error", where, "a take must be a mapping (file, speakers, text …)"))
        return None
    values: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.value not in _KEYS:
            problems.append(Diagnostic("error", _at(key, path), f"unknown key '{key.value}' in a take; "
                                                                  f"keys: {', '.join(_KEYS)}"))
        values[key.value] = value
    before = len(problems)
    file = _scalar(values, "file", where, path, problems, required=True)
    text = _scalar(values, "text", where, path, problems, required=True)
    speakers = _speakers(values.get("speakers"), where, path, problems)
    if file is not None and not _inside(folder, file):
        problems.append(Diagnostic("error", _at(values["file"], path),
                                   f"take file '{file}' resolves outside the takes folder {folder}"))
    elif file is not None and not (folder / file).is_file():
        problems.append(Diagnostic("error", _at(values["file"], path), f"take file '{file}' is not in {folder}; "
                                   "put it back, or remove its entry"))
    number = _scalar(values, "number", where, path, problems) or "0"
    if not number.isdigit():
        problems.append(Diagnostic("error", _at(values["number"], path), f"'number' must be a whole number, not '{number}'"))
    if len(problems) > before or file is None or text is None:
        return None
    return Take(file, speakers, text, _scalar(values, "id", where, path, problems), int(number),
                _scalar(values, "performer", where, path, problems), _scalar(values, "recorded", where, path, problems)
                or "", where)


def _scalar(values: dict[str, yaml.Node], key: str, where: Loc, path: str, problems: list[Diagnostic],
            required: bool = False) -> str | None:
    node = values.get(key)
    if node is None:
        if required:
            problems.append(Diagnostic("error", where, f"a take needs '{key}'"))
        return None
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        problems.append(Diagnostic("error", _at(node, path), f"'{key}' of a take must be a single value"))
        return None
    return str(node.value)


def _speakers(node: yaml.Node | None, where: Loc, path: str, problems: list[Diagnostic]) -> tuple[str, ...]:
    if node is None:
        problems.append(Diagnostic("error", where, "a take needs 'speakers' (the roles it was recorded for)"))
        return ()
    if isinstance(node, yaml.ScalarNode) and node.value:
        return (node.value,)
    if isinstance(node, yaml.SequenceNode) and node.value and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return tuple(n.value for n in node.value)
    problems.append(Diagnostic("error", _at(node, path), "'speakers' must be a role id or a list of them"))
    return ()


def _inside(folder: Path, name: str) -> bool:
    """A take's file is a plain name in ``takes/``: no folder, no ``..``, no link leading out."""
    if name != Path(name).name or name in (".", "..", MANIFEST) or "\\" in name:
        return False
    try:
        target = (folder / name).resolve()
    except (OSError, RuntimeError):
        return False
    return target.parent == folder.resolve()
