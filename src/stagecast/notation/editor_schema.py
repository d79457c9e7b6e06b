"""Where a play folder keeps the JSON Schemas of its own files, and the comment that points an
editor at them.

Editors that speak YAML through the YAML language server (VS Code's YAML extension, Neovim,
Helix, Zed, Emacs' lsp-mode …) read a first-line comment ``# yaml-language-server:
$schema=PATH``, where a relative PATH is taken from the YAML file's own folder. So a play folder
carries its schemas in ``.stagecast/`` and each file names them relatively: it works offline, in
a copy of the folder anywhere, and with the stagecast version that wrote them. The schemas
themselves are made by :mod:`stagecast.readers.json_schema`; the YAML writer and ``stagecast
init`` need only the names here.
"""

from __future__ import annotations

from pathlib import PurePosixPath

SCHEMA_FOLDER = ".stagecast"
KINDS = ("play", "scene", "voices")
"""The files a schema is made for: play.yaml (or a single-file play), a scene file, voices.yaml."""
MODELINE = "# yaml-language-server: $schema="


def schema_file(kind: str) -> str:
    """The schema's path inside a play folder (``.stagecast/scene.schema.json``)."""
    return f"{SCHEMA_FOLDER}/{kind}.schema.json"


def modeline(kind: str, file: str) -> str:
    """The first line of the YAML file at ``file`` (relative to the play folder, e.g.
    ``scenes/01-prologue.yaml``): the schema for ``kind``, named relative to that file's folder."""
    depth = len(PurePosixPath(file).parts) - 1
    return f"{MODELINE}{'../' * depth}{schema_file(kind)}\n"
