"""Interchange: plays in Fountain, TEI drama (DraCor), Bosak's XML and everyday documents (Word, OpenDocument, PDF, text) in; YAML folders and Fountain out.

    >>> play = import_play("rus_chekhov_chaika.xml")        # doctest: +SKIP
    >>> write_play_folder(play, "chaika")                   # doctest: +SKIP
    >>> print(export_fountain(load_play("chaika")))         # doctest: +SKIP

Mapping decisions (what becomes a role, a group speech, a parenthetical…) are in docs/import.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from .errors import PlayNotFound, ScriptError, StagecastError
from .files.display import display_path
from .model import Loc, Play
from .readers.detect import DOCUMENTS, FORMATS, detect_format, importer
from .readers.imported import Imported
from .rules import slug

MAX_IMPORT_BYTES = 50_000_000


class OutputExists(StagecastError):
    """The output folder exists and holds files; nothing was written (a usage error)."""

    exit_code = 2


def read_import(path: str | os.PathLike[str], format: str | None = None, speakers: Sequence[str] = ()) -> Imported:
    """Read ``path`` as ``format`` (guessed from content and extension when ``None``),
    returning the play and the importer's warnings. ``speakers``: the speakers' names, pinned
    (for the formats the script recogniser reads: text, Markdown, Word, OpenDocument, PDF)."""
    source = Path(path)
    shown = display_path(source)
    data = _read(source, shown)
    kind = format or detect_format(data, shown)
    if kind not in FORMATS:
        raise ValueError(f"unknown format {kind!r}; expected one of {', '.join(FORMATS)}")
    if kind in DOCUMENTS:
        return importer(kind)(data, shown, tuple(speakers))
    return importer(kind)(data, shown)


def import_play(path: str | os.PathLike[str], format: str | None = None, speakers: Sequence[str] = ()) -> Play:
    """The play in a script (Word, OpenDocument, PDF, text, Markdown), a Fountain, TEI or Bosak
    file. Raises :class:`ScriptError` for unreadable input."""
    return read_import(path, format, speakers).play


def default_folder(play: Play, source: str | os.PathLike[str] | None = None) -> Path:
    """Where ``stagecast import`` writes without ``-o``: the title's slug, in the working folder
    (the file's own name when the title has no letters a file name can carry, e.g. 映画)."""
    name = slug(play.meta.title)
    if source is not None and re.search(r"(?:^|-)u[0-9a-f]{4,}", name):
        name = slug(Path(source).stem)
    return Path(name)


def write_play_folder(play: Play, folder: str | os.PathLike[str], *, force: bool = False,
                      source: str = "", comments: dict[tuple[str, int], str] | None = None) -> Path:
    """Write ``play`` as a YAML play folder. An existing folder with files in it is refused
    (:class:`OutputExists`) unless ``force``, which replaces play.yaml and the scene files only."""
    from .readers.json_schema import schema_files
    from .writers.to_yaml import FolderNotEmpty, NotAFolder, write_folder

    try:
        return write_folder(play, folder, force=force, source=source, extra=schema_files(), comments=comments)
    except FolderNotEmpty:
        raise OutputExists(f"error: {display_path(Path(folder))}/ already exists and is not empty; nothing was "
                           "written. Choose another folder with -o, or pass --force to replace its "
                           "play.yaml and scene files (other files are left alone)") from None
    except NotAFolder as exc:
        raise OutputExists(f"error: {display_path(exc.path)} is {exc.kind}, not a folder; "
                           "choose a folder name with -o") from None


def start_play_folder(folder: str | os.PathLike[str], title: str, lang: str = "en") -> tuple[Path, list[str]]:
    """A new play folder from the template (:mod:`stagecast.writers.template`) with its editor
    schemas, and the files the user writes in; a folder that exists with files in it, or
    anything else where it would be, is refused (:class:`OutputExists`) and left as it is."""
    from .readers.json_schema import schema_files
    from .writers.template import new_play
    from .writers.to_yaml import FolderNotEmpty, NotAFolder, write_files

    own = new_play(title, lang)
    try:
        return write_files(Path(folder), {**own, **schema_files()}), list(own)
    except FolderNotEmpty:
        raise OutputExists(f"error: {display_path(Path(folder))}/ already exists and is not empty; nothing was "
                           "written (init starts a new play and never writes into one). Give the name of a new "
                           "folder, e.g. stagecast init my-play") from None
    except NotAFolder as exc:
        raise OutputExists(f"error: {display_path(exc.path)} is {exc.kind}, not a folder; nothing was written. "
                           "Give the name of a new folder, e.g. stagecast init my-play") from None


def export_play(play: Play, to: str, beside: str | os.PathLike[str] | None = None) -> str:
    """The play as text in format ``to`` (a key of :data:`stagecast.writers.EXPORTS`). ``beside``:
    the folder the file goes in (default: the working folder); when cues name sound files, the
    play folder is recorded relative to it, so ``import`` of the file finds them."""
    from .writers import exporter

    try:
        folder = Path(os.path.relpath(os.path.abspath(play.root), os.path.abspath(beside or "."))).as_posix()
    except ValueError:  # another drive (Windows): nothing relative to say
        folder = None
    return exporter(to)(play, folder)


def export_fountain(play: Play, beside: str | os.PathLike[str] | None = None) -> str:
    """The play as Fountain text (see :mod:`stagecast.writers.to_fountain`)."""
    return export_play(play, "fountain", beside)


def _read(source: Path, shown: str) -> bytes:
    where = Loc(shown, 1, 1)
    if source.is_dir():
        raise PlayNotFound(shown, "this is a folder", "stagecast import reads one Fountain or XML (TEI, Bosak) file")
    if not source.exists():
        raise PlayNotFound(shown, "no such file", "give the Fountain or XML (TEI, Bosak) file to import")
    size = source.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ScriptError.at(where, f"file is {size:,} bytes; stagecast imports files up to {MAX_IMPORT_BYTES:,} bytes")
    return source.read_bytes()
