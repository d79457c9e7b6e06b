"""stagecast's own notes in a Fountain file: what Fountain has no syntax for, kept where every
Fountain app skips it, so a play exported to Fountain comes back whole (docs/import.md).

- **The block**, one boneyard comment ``/* stagecast … */``: play.yaml's own sections that the
  title page and the text cannot carry (``roles``, ``performers``, ``casts``,
  ``pronunciations``, ``labels``; a title-page value the title page cannot give exactly) and
  ``folder``, the play folder the sound files are in, relative to the Fountain file.
- **Notes** ``[[stagecast: {…}]]``, each on a line of its own, holding a YAML mapping written as
  in stagecast's scene files. A cue (``sound``, ``light``, ``cue``), ``pause`` or ``interval``
  stands where the note is; any other note gives the keys of the element right after it that
  the Fountain text cannot say: a speech's ``by``, ``label``, ``lang``, ``other_langs``, ``id``,
  ``delivery``, ``cut`` and ``text`` (its markup, for language spans); a direction's
  ``roles``/``enter``/``exit`` and ``cut``; a scene's ``id``, ``title``, ``setting``; an act's
  ``id`` and ``title``. A cut speech or direction is inside a boneyard comment its note opens.

Where notes and the block sit, and the keys each may hold, are Fountain notation, shared with
the writer (:mod:`stagecast.notation.fountain_notes_syntax`). What they say is read here through
the YAML reader's own code (:class:`Walker`, the play.yaml section readers, :func:`read_item`),
so a note is checked exactly as the same keys in a play folder would be, and every message
points into the Fountain file.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Diagnostic
from ..files.play_files import look_up, reason
from ..labels import Labels, labels_for
from ..model import Cast, Direction, Inline, Interval, Item, Loc, Performer, Pronunciation, Role, Scene, Speech, Text
from ..notation.fountain_notes_syntax import BLOCK_KEYS, ITEM_KEYS, TARGET_KEYS, Note
from ..notation.markup import markup_of
from ..text import parse_text
from .language_codes import span_lang
from .suggest import role_hint
from .yaml_casting import CastingReader
from .yaml_nodes import Walker, compose, value_position
from .yaml_play import check_unique, read_interval
from .yaml_scene import AUTOMATIC_ID, SceneContext, read_cut, read_item, sound_problem
from .yaml_sections import read_credits, read_labels, read_performers, read_pronunciations, read_roles

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".aif", ".aiff",
                            ".wma", ".webm"})
"""Sound files an import copies: audio only, so a note can never pull any other file into a play folder."""


@dataclass(frozen=True)
class Block:
    """What the block holds; ``None`` for a section it does not give."""

    meta: dict[str, object]
    """Title-page values given exactly: Meta field name → value."""
    roles: tuple[Role, ...] | None
    performers: tuple[Performer, ...] | None
    pronunciations: tuple[Pronunciation, ...]
    labels: tuple[tuple[str, str], ...]
    folder: str | None
    casts: tuple[Cast, ...] = ()
    casting: CastingReader | None = None
    """Checks the scene ids the casting names, once the scenes are read (:meth:`CastingReader.finish`)."""


@dataclass(frozen=True)
class Parsed:
    """One note, read: an item or interval standing where it is, or keys for the next element."""

    kind: Literal["item", "interval", "fields"]
    walker: _At
    node: MappingNode
    fields: dict[str, tuple[ScalarNode, Node]]


class _At(Walker):
    """A walker over a note's own text whose locations are where that text sits in the file."""

    def __init__(self, path: str, note: Note, diagnostics: list[Diagnostic]):
        super().__init__(path, note.text, diagnostics)
        self.note = note

    def loc(self, node: Node) -> Loc:
        return shifted(Loc(self.path, node.start_mark.line + 1, node.start_mark.column + 1), self.note)

    def loc_in(self, node: Node, offset: int) -> Loc:
        found = value_position(self.lines, node, offset) if isinstance(node, ScalarNode) else None
        return shifted(Loc(self.path, found[0] + 1, found[1] + 1), self.note) if found else self.loc(node)


def shifted(loc: Loc, note: Note) -> Loc:
    """A location in a note's text → the same place in the Fountain file."""
    column = loc.column + (note.column - 1 if loc.line == 1 else 0)
    return Loc(loc.path, note.line + loc.line - 1, column)


def _compose(path: str, note: Note, diagnostics: list[Diagnostic]) -> Node | None:
    found: list[Diagnostic] = []
    node, _ = compose(path, note.text.encode("utf-8"), found)
    if found:  # again where the text sits in the file, so that lines a message names are the file's
        found = []
        node, _ = compose(path, ("\n" * (note.line - 1) + " " * (note.column - 1) + note.text).encode("utf-8"), found)
        diagnostics += found
    return node


def read_block(path: str, note: Note, lang: str, diagnostics: list[Diagnostic]) -> Block | None:
    """The block's sections, checked as play.yaml's are; ``lang`` is the title page's language."""
    w = _At(path, note, diagnostics)
    node = _compose(path, note, diagnostics)
    if node is None:  # empty (or broken: reported)
        return Block({}, None, None, (), (), None)
    top = w.mapping(node, "the stagecast block")
    if top is None:
        return None
    w.check_keys(top, BLOCK_KEYS, "the stagecast block")
    meta: dict[str, object] = {k: w.string(top[k][1], k) for k in ("title", "subtitle", "company", "notes") if k in top}
    if "language" in top:
        meta["lang"] = w.language(top["language"][1], "language")
    if "credits" in top:
        meta["credits"] = read_credits(w, top["credits"][1])
    meta = {k: v for k, v in meta.items() if v is not None}
    roles = tuple(read_roles(w, top, node)) if "roles" in top else None
    names = {r.id: r.name for r in roles or ()}
    casting = CastingReader(w, names)
    performers = tuple(read_performers(w, top, casting)) if "performers" in top else None
    casts = casting.casts(top["casts"][1], {p.id: p.name for p in performers or ()}) if "casts" in top else []
    folder = w.string(top["folder"][1], "folder") if "folder" in top else None
    labels = read_labels(w, top, str(meta.get("lang", lang)))
    return Block(meta, roles, performers, tuple(read_pronunciations(w, top)), labels, folder, tuple(casts), casting)


class NoteReader:
    """Reads a file's notes: first their YAML (:meth:`parse`), then, once the roles are known,
    what each one means for the element it belongs to."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]):
        self.path = path
        self.diagnostics = diagnostics
        self.warnings: list[Diagnostic] = []
        self.roles: dict[str, str] = {}
        self.labels: Labels = labels_for("en")
        self.root = Path(".")
        """Where the cues' sound files are: the play root of the imported play."""
        self.folders: list[Path] = [self.root]

    def parse(self, note: Note) -> Parsed | None:
        w = _At(self.path, note, self.diagnostics)
        node = _compose(self.path, note, self.diagnostics)
        if node is None:
            if not any(d.loc and d.loc.line >= note.line for d in self.diagnostics):
                w.error(shifted(Loc(self.path, 1, 1), note), "empty stagecast note; delete it, or write a YAML "
                        "mapping such as [[stagecast: {lang: kk}]]")
            return None
        fields = w.mapping(node, "a stagecast note")
        if fields is None:
            return None
        assert isinstance(node, MappingNode)
        kind: Literal["item", "interval", "fields"] = (
            "interval" if "interval" in fields else "item" if set(fields) & set(ITEM_KEYS) else "fields")
        return Parsed(kind, w, node, fields)

    def setup(self, roles: dict[str, str], labels: Labels, parsed: list[Parsed], folders: list[Path]) -> None:
        """Know the roles (id → name) and labels, and find the folder the cues' sound files are
        in: the first of ``folders`` that holds one of them."""
        self.roles, self.labels = roles, labels
        names = [str(p.fields["file"][1].value) for p in parsed
                 if p.kind == "item" and "file" in p.fields and isinstance(p.fields["file"][1], ScalarNode)]
        audio = [n for n in names if Path(n).suffix.lower() in AUDIO_SUFFIXES]
        self.root = next((f for f in folders for n in audio if _sound_check(f, n) is None), folders[-1])
        self.folders = folders

    @staticmethod
    def raw_names(node: Node) -> list[str]:
        """The role ids a ``by``/``roles`` value lists, unchecked (for a first look, before the roles are known)."""
        values = [n.value for n in node.value if isinstance(n, ScalarNode)] if isinstance(node, SequenceNode) \
            else str(node.value).split(",") if isinstance(node, ScalarNode) else []
        return [str(v).strip() for v in values if str(v).strip()]

    # -- notes that stand for themselves --------------------------------------
    def item(self, parsed: Parsed) -> Item | None:
        """A cue or pause, read as in a scene file. A sound file that is not there (or not
        audio) is left out with a warning, so the cue still comes in."""
        file = parsed.fields.get("file")
        if file is not None and isinstance(file[1], ScalarNode) and file[1].tag.endswith(":str"):
            name = str(file[1].value)
            problem = self._sound_problem(name)
            if problem:
                self.warnings.append(Diagnostic("warning", parsed.walker.loc(file[1]), problem))
                parsed.node.value = [(k, v) for k, v in parsed.node.value  # a bed needs its file: under goes too
                                     if k is not file[0] and not (isinstance(k, ScalarNode) and k.value == "under")]
        ctx = SceneContext(roles=frozenset(self.roles), root=self.root, names=self.roles, labels=self.labels)
        return read_item(parsed.walker, parsed.node, ctx)

    def interval(self, parsed: Parsed) -> Interval | None:
        return read_interval(parsed.walker, parsed.node, parsed.fields, self.labels)

    def check_unique(self, sequence: list[Scene | Interval]) -> None:
        """Speech ids and cue numbers once each, as play.yaml's reader checks them (a line
        duplicated in another app duplicates its note too)."""
        check_unique(Walker(self.path, "", self.diagnostics), tuple(sequence))

    def _sound_problem(self, name: str) -> str | None:
        if Path(name).suffix.lower() not in AUDIO_SUFFIXES:
            return (f"sound file '{name}' is not an audio file ({', '.join(sorted(AUDIO_SUFFIXES))}); "
                    "imported the cue without it")
        problem = _sound_check(self.root, name)
        if problem is None:
            return None
        if problem != "missing":
            return f"sound file '{name}' {problem}; imported the cue without it"
        places = " or ".join(_shown(f) for f in dict.fromkeys(self.folders))
        return (f"sound file '{name}' not found in {places}; imported the cue without it\n"
                f"hint: copy the file into the new play folder and add file: {name} to the cue")

    # -- notes that give the next element keys --------------------------------
    def fits(self, parsed: Parsed, kind: str) -> bool:
        """Whether the note's keys are for an element of ``kind``; a note meant for another
        kind of element (one was deleted in another app?) is left out with a warning."""
        keys = set(parsed.fields)
        if keys <= set(TARGET_KEYS[kind]):
            return True
        meant = [k for k, allowed in TARGET_KEYS.items() if keys <= set(allowed)]
        if not meant:
            every = tuple(dict.fromkeys(k for allowed in TARGET_KEYS.values() for k in allowed))
            parsed.walker.check_keys(parsed.fields, (*every, "interval", *ITEM_KEYS), "a stagecast note")
            return False
        self.unused(parsed, f"it gives a {meant[0]}'s keys, but a {kind} follows it")
        return False

    def unused(self, parsed: Parsed, why: str) -> None:
        self.warnings.append(Diagnostic("warning", parsed.walker.loc(parsed.node),
                                        f"stagecast note left out: {why}"))

    def speech(self, parsed: Parsed, speech: Speech) -> Speech:
        w, f = parsed.walker, parsed.fields
        changes: dict[str, object] = {k: w.string(f[k][1], k) for k in ("label", "delivery") if k in f}
        if "lang" in f:
            changes["lang"] = w.language(f["lang"][1], "speech language")
        if "other_langs" in f:
            changes["other_langs"] = w.languages(f["other_langs"][1], "other language")
        changes["cut"] = self._cut(parsed, "speech")
        if "text" in f:
            changes["parts"] = self._text(parsed, speech)
        if "id" in f:
            changes["id"] = w.name(f["id"][1], "speech id")
            if changes["id"] is not None and AUTOMATIC_ID.match(str(changes["id"])):
                w.error(f["id"][1], f"speech id '{changes['id']}' has the form of the ids stagecast gives lines "
                        "without one (s12 for speech 12), so it could name another line; choose a name")
        if "by" in f:
            speakers = self._roles(w, f["by"][1])
            if speakers:  # none: the cue's names decide
                changes["speakers"] = speakers
        return dataclasses.replace(speech, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]

    def direction(self, parsed: Parsed, direction: Direction) -> Direction:
        w, f = parsed.walker, parsed.fields
        direction = dataclasses.replace(direction, cut=self._cut(parsed, "stage direction"))
        groups = {k: self._roles(w, f[k][1]) for k in ("roles", "enter", "exit") if k in f}
        if not groups or any(g is None for g in groups.values()):
            return direction
        kind = "entrance" if "enter" in groups else "exit" if "exit" in groups else "business"
        roles = tuple(dict.fromkeys(r for ids in groups.values() for r in ids or ()))
        return dataclasses.replace(direction, roles=roles, kind=kind)

    def _cut(self, parsed: Parsed, what: str) -> str | None:
        """The note's ``cut:``; opening a boneyard comment, the note marks what is inside as cut
        (every other app skips it), so one that says no ``cut:`` reads as ``cut: true``, with a warning."""
        cut = read_cut(parsed.walker, parsed.fields, what)
        if cut is None and parsed.walker.note.opens_cut and "cut" not in parsed.fields:
            self.warnings.append(Diagnostic("warning", parsed.walker.loc(parsed.node), f"this {what} is inside "
                                            "a boneyard comment opened by a stagecast note, which marks a cut, but the "
                                            "note says no cut:; read as cut\nhint: write cut: true (or the reason) in "
                                            "the note, or move the note out of the comment to restore the line"))
            return ""
        return cut

    def _text(self, parsed: Parsed, speech: Speech) -> tuple[Inline, ...] | None:
        """The speech's parts as the note's ``text`` writes them (with language spans), if that
        is the dialogue's text; edited in another app since, the dialogue decides (a warning)."""
        w, node = parsed.walker, parsed.fields["text"][1]
        raw = w.string(node, "speech text")
        if raw is None:
            return None
        parts, problems = parse_text(raw, span_lang)
        for problem in problems:
            w.error(w.loc_in(node, problem.offset), problem.message)
        if problems:
            return None
        if markup_of(_without_spans(parts)) != markup_of(speech.parts):
            self.warnings.append(Diagnostic("warning", w.loc(node), "stagecast note's text left out: the "
                                            "dialogue under it says something else (changed in another app?), "
                                            "so its language spans are lost\nhint: mark them again in the play "
                                            "folder, [kk: …] (docs/format.md)"))
            return None
        return parts

    def fields(self, parsed: Parsed, what: str) -> dict[str, str]:
        """A scene's or an act's keys (id, title, setting) as text."""
        w, f = parsed.walker, parsed.fields
        got = {k: w.name(f[k][1], f"{what} id") if k == "id" else w.string(f[k][1], f"{what} {k}") for k in f}
        return {k: v for k, v in got.items() if v is not None}

    def _roles(self, w: Walker, node: Node) -> tuple[str, ...] | None:
        """Role ids a note names. One the play does not have makes the note's roles unusable:
        a warning, and the Fountain text decides (the block may have been lost)."""
        named = w.names(node, "role")
        unknown = [(r, at) for r, at in named if r not in self.roles]
        for role_id, at in unknown:
            hint = role_hint(role_id, self.roles) or f" (roles: {', '.join(self.roles)})"
            self.warnings.append(Diagnostic("warning", w.loc(at), f"stagecast note names unknown role "
                                            f"'{role_id}'{hint}; left out, the Fountain text decides"))
        if unknown:
            return None
        return tuple(dict.fromkeys(r for r, _ in named))


def _without_spans(parts: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(dataclasses.replace(p, lang=None) if isinstance(p, Text) else p for p in parts)


def _sound_check(folder: Path, name: str) -> str | None:
    """``None`` when ``name`` inside ``folder`` is a sound file the scene reader takes; else
    ``missing`` (nothing there, or a path outside the folder), or what is wrong with what is
    there, in the scene reader's words ("is a named pipe, not a file; …")."""
    try:
        target, kind = look_up(folder, name)
    except OSError as exc:  # a folder on the way that cannot be entered
        return f"cannot be read: {reason(exc)}"
    if kind in ("missing", "outside"):
        return "missing"
    return sound_problem(name, target, kind, kind != "file" or os.access(target, os.R_OK), folder)


def _shown(folder: Path) -> str:
    text = os.path.normpath(folder)
    return "the folder of the Fountain file" if text == "." else f"{text}/"
