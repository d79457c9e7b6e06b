"""Scene files already read, remembered by content: after an edit to one scene, one is read.

A scene file is read on its own, given the play around it — its roles and their names,
its act, its file name and how its path is shown in messages; the checks across files
(duplicate ids, speech numbers) run afterwards on the whole play. So what a file gave can
be kept under a key made of all of that plus the file's bytes and the model's shape, and
used again while the key still matches.

Only clean reads are kept: a file with an error is read afresh every time (and so reports
it), and its warnings are kept with the scene and reported again. A scene with sound cues
is never kept, because whether its sound files exist is not written in the scene file.
Reads of a temporary copy (an old revision for ``--since``) are not kept either.

One entry per scene file (named by a hash of its absolute path, so an edit replaces the
entry rather than adding one), pickled, in ``<cache>/scenes/`` (see
:mod:`stagecast.files.user_cache`); entries a month old are removed by the cache's daily sweep.
The cache folder must be the user's own, like Python's bytecode cache: an entry is
unpickled, so whoever can write there could run code. Anything unreadable or out of date is
a miss; a folder that cannot be written only costs the next run the time it saves.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
import unicodedata
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import yaml

from .. import __version__, cueing, errors, labels, model, rules, text
from ..errors import Diagnostic
from ..files import play_files as files
from ..files import sound_header
from ..files.atomic import clean_stale, write_bytes
from ..files.user_cache import cache_root, due, temp_folder
from ..model import Cue, Scene
from ..notation import yaml_keys
from . import language_codes, suggest, yaml_interviews, yaml_nodes, yaml_scene, yaml_syntax

MEMO_FORMAT = 1
KEEP_S = 30 * 24 * 3600
"""Entries not rewritten for this long are removed (once a day, when an entry is written); a
file unchanged for a month is then read afresh once."""
SCENE_READING = (yaml_scene, yaml_nodes, yaml_syntax, yaml_keys, text, model, errors, labels, cueing, language_codes,
                 suggest, rules, files, sound_header, yaml_interviews)
"""The modules whose source is part of every key: reading a scene file runs yaml_scene and all
it imports (tests/test_scene_memo.py keeps this list complete when a module is added or split)."""


class SceneMemo:
    def __init__(self, root: Path | None = None, *, enabled: bool = True):
        self.enabled = enabled
        self._root = root

    @property
    def folder(self) -> Path:
        return (self._root or cache_root()) / "scenes"

    def key(self, data: bytes, *context: object) -> str:
        """The key of a file's bytes read in ``context`` (everything else the reading depends on)."""
        digest = hashlib.sha256(_shape().encode())
        digest.update(repr(context).encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, file: Path, key: str) -> tuple[Scene, list[Diagnostic]] | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(file), "rb") as handle:
                stored_key, scene, warnings = pickle.load(handle)
        except Exception:  # a damaged cache entry is a miss, whatever unpickling it raises
            return None
        if stored_key != key or not isinstance(scene, Scene):
            return None
        return scene, warnings

    def put(self, file: Path, key: str, scene: Scene, diagnostics: list[Diagnostic]) -> None:
        """Keep a clean read (no errors, no sound cues); anything else is left out."""
        if not self.enabled or any(d.severity == "error" for d in diagnostics) or any(
                isinstance(item, Cue) and item.file for item in scene.items):
            return
        data = pickle.dumps((key, scene, diagnostics), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_bytes(self._path(file), data, durable=False, temp_dir=temp_folder(self.folder.parent))
            _prune_if_due(self.folder)
        except (OSError, RuntimeError):  # an unwritable cache only costs the next run its time
            pass

    def _path(self, file: Path) -> Path:
        name = hashlib.sha256(os.path.abspath(file).encode()).hexdigest()[:32]
        return self.folder / f"{name}.pickle"


@lru_cache(maxsize=1)
def _shape() -> str:
    """What reading a scene depends on besides its input: stagecast's version, every model class's
    fields, and the source of the modules that read a scene (so a changed reader — in a checkout
    being worked on, with no new version number — never meets an entry of the old one)."""
    found = [obj for obj in vars(model).values() if isinstance(obj, type) and hasattr(obj, "__dataclass_fields__")]
    classes = sorted([*found, Diagnostic], key=lambda cls: cls.__name__)
    shape = ";".join(f"{c.__name__}:{','.join(f.name for f in fields(c))}" for c in classes)
    # The loader (libyaml or pure Python can place a column differently), PyYAML and Python
    # (its Unicode tables decide what a word or a space is) may differ between two installs
    # sharing one cache folder.
    tools = f"{yaml_nodes.loader_name()}|{yaml.__version__}|{sys.version}|{unicodedata.unidata_version}"
    return f"{MEMO_FORMAT}|{__version__}|{tools}|{_sources()}|{shape}"


def _prune_if_due(folder: Path) -> None:
    """Once a day (when an entry is written), remove entries not rewritten for :data:`KEEP_S`
    and temporary files of killed runs: scene files of plays long gone, and of temporary copies."""
    if not due(folder / ".pruned"):
        return
    now = time.time()
    for entry in folder.glob("*.pickle"):
        try:
            if now - entry.stat().st_mtime > KEEP_S:
                entry.unlink()
        except OSError:
            pass
    clean_stale(folder, min_age_s=3600)


def _sources() -> str:
    digest = hashlib.sha256()
    for module in SCENE_READING:
        for source in _source_files(module):
            try:
                digest.update(source.read_bytes())
            except OSError:
                digest.update(module.__name__.encode())  # no source file (a frozen or zipped install)
    return digest.hexdigest()


def _source_files(module: ModuleType) -> list[Path]:
    """The files of ``module``'s source: for a package (labels), every module in it, since its
    ``__init__`` only gathers what the others define."""
    path = Path(module.__file__ or "")
    if path.name != "__init__.py":
        return [path]
    return sorted(path.parent.rglob("*.py")) or [path]
