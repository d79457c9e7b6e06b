"""The YAML play reader: ``play.yaml`` (+ scene files) or a single file → :class:`Play`.

The reader object finds the play's file, has play.yaml's sections read (:mod:`.yaml_sections`),
follows the running order into each scene file (:mod:`.yaml_scene`, remembered by
:mod:`.scene_memo`), then checks what spans files (duplicate ids and cue numbers).
"""

from __future__ import annotations

import os
import shlex
from collections import Counter
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Diagnostic, PlayNotFound, ScriptError, StagecastError
from ..files.display import display_path
from ..files.play_files import LOOP, look_up, read_file, reason
from ..labels import Labels, labels_for
from ..model import Act, Interval, Loc, PdfSettings, Play, Scene
from ..rules import number_speeches
from .scene_memo import SceneMemo
from .spots import char_locations
from .yaml_casting import CastingReader
from .yaml_nodes import TooBig, Walker, compose
from .yaml_scene import SceneContext, read_scene
from .yaml_sections import read_labels, read_meta, read_pdf, read_performers, read_pronunciations, read_roles

TOP_KEYS = ("title", "subtitle", "company", "credits", "language", "notes",
            "roles", "performers", "casts", "scenes", "acts", "pronunciations", "labels", "pdf")
ACT_KEYS = ("id", "title", "scenes")
INTERVAL_KEYS = ("interval", "title")
INTERVAL_MINUTES = (0.5, 240)
"""The shortest and longest interval (also the schema's bounds, :mod:`.json_schema`)."""


def main_file(path: Path) -> Path:
    """The file a play starts from: ``play.yaml`` in a folder, or the file itself."""
    if path.is_dir():
        candidate = path / "play.yaml"
        if _missing(candidate):
            raise PlayNotFound(display_path(path), "no play.yaml in this folder",
                               "give the folder that holds play.yaml, or the play's YAML file")
        return candidate
    if _missing(path):
        raise PlayNotFound(display_path(path), "no such file or folder", _where_plays_are(path))
    return path


def _is_interval(node: Node) -> bool:
    """An entry of the running order that is an interval (``- interval: 15``), not a scene."""
    return isinstance(node, MappingNode) and any(k.value == "interval" for k, _ in node.value)


def _lists_no_scene(node: Node) -> bool:
    """A list of the running order with no scene in it (``[]``, or intervals only); anything that
    is no list is reported when it is read."""
    return isinstance(node, SequenceNode) and all(_is_interval(child) for child in node.value)


def _missing(path: Path) -> bool:
    """Nothing there. Anything else (a named pipe, a link loop, a file that may not be read) is
    said, located, when it is read."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _where_plays_are(path: Path) -> str:
    if path == Path("script") and Path("play.yaml").is_file():
        return "this folder is itself a play folder: give '.' as PLAY (e.g. stagecast check .)"
    if path == Path("script") and Path("..", "play.yaml").is_file():
        return "the folder above is a play folder: give '..' as PLAY (e.g. stagecast check ..)"
    if path == Path("script"):  # also what stagecast reads when no PLAY is given
        return ("there is no ./script here: run stagecast from the folder that holds your play folder, "
                "or give the play's folder (or its YAML file) as PLAY")
    return "give a play folder (with play.yaml) or a play's YAML file"


PLAY_ONLY_KEYS = ("roles", "performers", "scenes", "acts")


def _is_a_scene(top: dict) -> bool:
    """A file given as PLAY that is one of a play's scene files: a scene's body, and nothing
    only a play has (a single-file play keeps its scenes, bodies and all, under 'scenes:')."""
    return "body" in top and not any(key in top for key in PLAY_ONLY_KEYS)


def _play_of_scene(file: Path) -> str:
    """The hint for a scene file given as PLAY: the play folder it is most likely part of."""
    given = file
    file = file.absolute()  # 'scenes' is the name of the folder it is in, even when that is here
    for folder in (file.parent.parent, file.parent) if file.parent.name == "scenes" else (file.parent,):
        if (folder / "play.yaml").is_file():
            shown = display_path(folder) if given.is_absolute() else os.path.relpath(folder)  # '..' as given
            return (f"give the play folder, the one holding play.yaml: {shown} "
                    f"(e.g. stagecast check {shlex.quote(shown)})")
    return "give the folder of the play it belongs to (the one holding play.yaml) as PLAY"


class PlayReader:
    """Reads one play, collecting every diagnostic before deciding whether it failed."""

    def __init__(self, path: Path, *, remember: bool = True):
        self.main = main_file(path)
        self.root = self.main.parent
        self.diagnostics: list[Diagnostic] = []
        self.role_ids: frozenset[str] = frozenset()
        self.role_names: dict[str, str] = {}
        self.played: dict[str, tuple[str, ...]] = {}
        """Performers' ids and names → their roles (to point out a performer written as a role)."""
        self.labels = labels_for("en")
        """The play's labels, once its language and ``labels:`` are read (entrances, the interval)."""
        self.memo = SceneMemo(enabled=remember)
        self.listed: dict[Path, Loc | None] = {}
        """Scene files named so far, and where."""

    def read(self) -> tuple[Play, list[Diagnostic]]:
        try:
            play = self._read_main()
        except TooBig:
            raise ScriptError.at(Loc(display_path(self.main), 1, 1),
                                 "the document expands to too many values (YAML aliases?); "
                                 "write it out without anchors and aliases") from None
        errors = [d for d in self.diagnostics if d.severity == "error"]
        if errors or play is None:
            raise ScriptError(sorted(errors, key=Diagnostic.sort_key))
        return play, [d for d in self.diagnostics if d.severity == "warning"]

    def _walker(self, file: Path, data: bytes | None = None) -> tuple[Walker, Node | None]:
        shown = display_path(file)
        if data is None:
            data = self._bytes(file)
            if data is None:
                return Walker(shown, "", self.diagnostics), None
        node, text = compose(shown, data, self.diagnostics)
        return Walker(shown, text, self.diagnostics), node

    def _bytes(self, file: Path) -> bytes | None:
        try:
            return read_file(file)  # never waits on a named pipe
        except OSError as exc:
            loc = Loc(display_path(file), 1, 1)
            self.diagnostics.append(Diagnostic("error", loc, f"cannot read the file: {reason(exc)}"))
            return None

    def _read_main(self) -> Play | None:
        w, node = self._walker(self.main)
        if node is None:
            if not self.diagnostics:
                w.error(Loc(w.path, 1, 1), "the file is empty; a play needs at least a title, roles and scenes")
            return None
        top = w.mapping(node, "the play")
        if top is None:
            return None
        if self.main.name != "play.yaml" and _is_a_scene(top):
            raise PlayNotFound(w.path, "this is a scene file, not a play (it has 'body:', and no 'roles:' or "
                                       "'scenes:')", _play_of_scene(self.main))
        w.check_keys(top, TOP_KEYS, "the play")
        meta = read_meta(w, top, node)
        own_labels = read_labels(w, top, meta.lang if meta else "en")
        self.labels = labels_for(meta.lang if meta else "en", own_labels)
        roles = read_roles(w, top, node)
        self.role_ids = frozenset(r.id for r in roles)
        self.role_names = {r.id: r.name for r in roles}
        casting = CastingReader(w, self.role_names)
        performers = read_performers(w, top, casting)
        self.played = {key: p.roles for p in performers for key in (p.id, p.name)}
        casts = casting.casts(top["casts"][1], {p.id: p.name for p in performers}) if "casts" in top else []
        acts, sequence = self._structure(w, top, node)
        casting.finish([s for s in sequence if isinstance(s, Scene)])
        pronunciations = read_pronunciations(w, top)
        pdf = read_pdf(w, top["pdf"][1], self.root) if "pdf" in top else PdfSettings()
        if meta is None:
            return None
        sequence = number_speeches(sequence)
        check_unique(w, sequence)
        return Play(meta=meta, roles=tuple(roles), performers=tuple(performers), sequence=sequence,
                    acts=tuple(acts), pronunciations=tuple(pronunciations), labels=own_labels, pdf=pdf, casts=tuple(casts),
                    root=str(self.root), source=str(self.main), locate_chars=char_locations)

    # -- acts, scenes, intervals -------------------------------------------
    def _structure(self, w: Walker, top: dict, node: Node) -> tuple[list[Act], list[Scene | Interval]]:
        if "acts" in top and "scenes" in top:
            w.error(top["scenes"][0], "give either 'acts' (each with its scenes) or 'scenes', not both")
            return [], []
        if "acts" in top:
            return self._acts(w, top["acts"][1])
        scenes_node = w.require(top, "scenes", node, "the play")
        if scenes_node is None:
            return [], []
        if _lists_no_scene(scenes_node):  # every command needs a scene: say so here, not as a failed output
            w.error(scenes_node, "the play has no scenes; list at least one: a scene file, or an inline scene with "
                                 "'id:' and 'body:' (docs/format.md, Running order, acts and intervals)")
        return [], self._entries(w, scenes_node, None)

    def _acts(self, w: Walker, node: Node) -> tuple[list[Act], list[Scene | Interval]]:
        acts: list[Act] = []
        sequence: list[Scene | Interval] = []
        children = w.sequence(node, "acts")
        if children is not None and not any(isinstance(c, MappingNode) and not _is_interval(c) for c in children):
            w.error(node, "the play has no acts; give at least one act with its scenes (- id:, title:, scenes:), "
                          "or list the scenes under 'scenes:' instead (docs/format.md, Running order, acts and intervals)")
        for child in children or []:
            fields = w.mapping(child, "an act")
            if fields is None:
                continue
            if "interval" in fields:
                interval = read_interval(w, child, fields, self.labels)
                sequence += [interval] if interval else []
                continue
            w.check_keys(fields, ACT_KEYS, "an act")
            act_id = w.name(fields["id"][1], "act id") if "id" in fields else f"act-{len(acts) + 1}"
            title = w.string(fields["title"][1], "act title") if "title" in fields else None
            acts.append(Act(act_id or "", title or f"Act {len(acts) + 1}", loc=w.loc(child)))
            scenes = w.require(fields, "scenes", child, "an act")
            if scenes is not None and _lists_no_scene(scenes):
                w.error(scenes, f"act '{act_id or len(acts)}' has no scenes; list its scenes under 'scenes:', "
                                "or remove the act")
            if scenes is not None:
                sequence += self._entries(w, scenes, act_id)
        return acts, sequence

    def _entries(self, w: Walker, node: Node, act: str | None) -> list[Scene | Interval]:
        out: list[Scene | Interval] = []
        for child in w.sequence(node, "scenes") or []:
            entry = self._entry(w, child, act)
            if entry is not None:
                out.append(entry)
        return out

    def _entry(self, w: Walker, node: Node, act: str | None) -> Scene | Interval | None:
        if isinstance(node, ScalarNode):
            name = w.string(node, "scene file")
            return self._scene_file(w, node, name, act) if name else None
        if _is_interval(node):
            fields = w.mapping(node, "an interval")
            return read_interval(w, node, fields, self.labels) if fields is not None else None
        return read_scene(w, node, self._context(), None, act)

    def _scene_file(self, w: Walker, node: Node, name: str, act: str | None) -> Scene | None:
        try:
            target, kind = look_up(self.root, name)
        except OSError as exc:  # a folder on the way that cannot be read
            w.error(node, f"scene file '{name}' cannot be read: {reason(exc)}; check the folder's permissions")
            return None
        if kind == "outside":
            w.error(node, f"scene file '{name}' is outside the play folder")
            return None
        if kind == "missing":
            w.error(node, f"scene file '{name}' not found (looked for {display_path(self.root / name)})")
            return None
        if kind == LOOP:
            w.error(node, f"scene file '{name}' is {LOOP}; point the link at the scene's file, or put the file there")
            return None
        if kind != "file":
            w.error(node, f"scene file '{name}' is {kind}, not a file; give the path of the scene's YAML file")
            return None
        if target in self.listed:
            w.error(node, f"scene file '{name}' is listed twice (first at {self.listed[target]}); "
                          "a scene is played once: remove one of the two lines")
            return None
        self.listed[target] = w.loc(node)
        file = self.root / name
        data = self._bytes(file)
        if data is None:
            return None
        ctx, stem = self._context(), Path(name).stem
        key = self.memo.key(data, display_path(file), stem, act, sorted(ctx.roles), sorted(ctx.names.items()),
                            str(ctx.root), ctx.labels.lang, ctx.labels.overrides)
        remembered = self.memo.get(file, key)
        if remembered is not None:
            self.diagnostics += remembered[1]
            return remembered[0]
        before = len(self.diagnostics)
        scene = self._read_scene_file(file, data, ctx, stem, act)
        if scene is not None:
            self.memo.put(file, key, scene, self.diagnostics[before:])
        return scene

    def _read_scene_file(self, file: Path, data: bytes, ctx: SceneContext, stem: str, act: str | None
                         ) -> Scene | None:
        sw, scene_node = self._walker(file, data)
        if scene_node is None:
            if not any(d.loc and d.loc.path == sw.path for d in self.diagnostics):
                sw.error(Loc(sw.path, 1, 1), "the scene file is empty")
            return None
        return read_scene(sw, scene_node, ctx, stem, act)

    def _context(self) -> SceneContext:
        return SceneContext(roles=self.role_ids, root=self.root, names=self.role_names, performers=self.played,
                            labels=self.labels)


def read_interval(w: Walker, node: Node, fields: dict, labels: Labels) -> Interval | None:
    """An interval of the running order (``- interval: 15``), titled with the play's word for one
    unless it has a ``title``."""
    w.check_keys(fields, INTERVAL_KEYS, "an interval")
    minutes = w.number(fields["interval"][1], "interval (minutes)", *INTERVAL_MINUTES)
    default = labels("interval")
    title = w.string(fields["title"][1], "interval title") if "title" in fields else default
    return None if minutes is None else Interval(minutes, title or default, loc=w.loc(node))


def check_unique(w: Walker, sequence: tuple[Scene | Interval, ...]) -> None:
    """Scene ids, speech ids and cue numbers, each used once in the whole play."""
    scenes = [s for s in sequence if isinstance(s, Scene)]
    _duplicates(w, [(s.id, s.loc) for s in scenes], "scene id")
    items = [i for s in scenes for i in s.items]
    _duplicates(w, [(i.id, i.loc) for i in items if getattr(i, "id", None)], "speech id")
    for kind in ("sound", "light", "other"):
        numbered = [(i.number, i.loc) for i in items if getattr(i, "kind", None) == kind and i.number]
        _duplicates(w, numbered, f"{kind} cue number")


def _duplicates(w: Walker, named: list, what: str) -> None:
    counts = Counter(name for name, _ in named)
    first: dict[str, Loc | None] = {}
    for name, loc in named:
        if counts[name] < 2:
            continue
        if name not in first:
            first[name] = loc
            continue
        earlier = first[name]
        where = f" (first at {earlier})" if earlier else ""
        w.error(loc or Loc(w.path, 1, 1), f"duplicate {what} '{name}'{where}")


def declared_roles(path: str | os.PathLike[str]) -> list[str] | None:
    """The role ids play.yaml declares, read on their own (``None`` when play.yaml cannot be read
    that far): for checking voices.yaml while the rest of the play has errors."""
    try:
        reader = PlayReader(Path(path), remember=False)
    except StagecastError:
        return None
    w, node = reader._walker(reader.main)
    top = w.mapping(node, "the play") if node is not None else None
    if top is None or "roles" not in top:
        return None
    return [role.id for role in read_roles(w, top, node)]


def read(path: str | os.PathLike[str], *, remember: bool = True) -> tuple[Play, list[Diagnostic]]:
    """Read a play folder or single-file play; raise :class:`ScriptError` listing every error.

    ``remember``: keep clean reads of scene files in the cache (:mod:`.scene_memo`)."""
    return PlayReader(Path(path), remember=remember).read()
