"""The library entry points the CLI (and users) call: load, check, look things up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, NotFoundError, ScriptError
from .model import Performer, Play, Role, Scene
from .readers import yaml_play
from .readers.voices_yaml import find_voices, read_voices
from .rules import conflicts, first_needed, roles_needed
from .voice_settings import VoiceConfig

DEFAULT_PLAY = Path("script")


def load_play(path: str | os.PathLike[str] = DEFAULT_PLAY, *, remember: bool = True) -> Play:
    """Read a play (folder with play.yaml, or one YAML file). Raises :class:`ScriptError`, or
    :class:`PlayNotFound` when ``path`` is not a play. ``remember``: keep clean reads of scene
    files in the user cache, so the next read after an edit reads only the edited file."""
    play, _warnings = yaml_play.read(path, remember=remember)
    return play


def load_voices(play_path: str | os.PathLike[str], play: Play | None = None,
                voices: str | os.PathLike[str] | None = None, *, role_ids: list[str] | None = None) -> VoiceConfig:
    """The play's voices.yaml (see :func:`voices_file`), or an empty config if there is none."""
    found = voices_file(play_path, voices)
    return read_voices(found, play, role_ids=role_ids) if found else VoiceConfig()


def voices_file(play_path: str | os.PathLike[str], voices: str | os.PathLike[str] | None = None) -> Path | None:
    """Which voices.yaml :func:`load_voices` reads for the play: ``voices`` if given, else the one
    in the play folder or the folder above it; None if there is none. A build fingerprints its
    stats and tracks by this file's bytes, so it asks the same question load_voices does."""
    return find_voices(Path(play_path), Path(voices) if voices else None)


@dataclass(frozen=True)
class CheckReport:
    play: Play | None
    voices: VoiceConfig | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def check_play(path: str | os.PathLike[str] = DEFAULT_PLAY, voices: str | os.PathLike[str] | None = None) -> CheckReport:
    """Everything wrong with a play and its voices.yaml, in one pass. Never raises ScriptError."""
    diagnostics: list[Diagnostic] = []
    play = None
    try:
        play, reader_warnings = yaml_play.read(path)
        diagnostics += reader_warnings + list(play_warnings(play))
    except ScriptError as exc:
        diagnostics += exc.diagnostics
    config = None
    try:
        # With errors in the play, voices are still checked against the roles play.yaml declares.
        config = load_voices(path, play, voices, role_ids=None if play else yaml_play.declared_roles(path))
    except ScriptError as exc:
        diagnostics += exc.diagnostics
    return CheckReport(play, config, tuple(sorted(diagnostics, key=Diagnostic.sort_key)))


def play_warnings(play: Play) -> tuple[Diagnostic, ...]:
    """What is legal but probably a mistake: unassigned roles, impossible doubling, unused roles."""
    out = []
    used = {r for scene in play.scenes for r in roles_needed(scene)}
    for role in play.roles:
        if not play.performers_of(role.id):
            out.append(Diagnostic("warning", role.loc, f"role '{role.id}' has no performer; "
                                                       "add it to a performer's 'plays'"))
        if role.id not in used:
            out.append(Diagnostic("warning", role.loc, f"role '{role.id}' never speaks or appears in any scene"))
    for conflict in conflicts(play):
        performer = play.performer(conflict.performer)
        scene = play.scene(conflict.scene)
        # At the line where the second role comes in: that is where the doubling breaks.
        where = first_needed(scene, conflict.roles[1]) or scene.loc
        out.append(Diagnostic("warning", where, f"doubling conflict: {conflict.describe(play)}"
                              f" ({performer.id} is cast at {performer.loc})"))
    return tuple(out)


def _match(kind: str, name: str, options: list[tuple[str, str]]) -> str:
    """Find an id by id or display name, case-insensitively; unknown → :class:`NotFoundError`."""
    wanted = name.casefold().strip()
    for ident, display in options:
        if wanted in (ident.casefold(), display.casefold()):
            return ident
    raise NotFoundError(kind, name, [f"{i} ({d})" if d != i else i for i, d in options])


def find_performer(play: Play, name: str) -> Performer:
    try:
        return play.performer(_match("performer", name, [(p.id, p.name) for p in play.performers]))
    except NotFoundError as exc:
        try:
            role = find_role(play, name)
        except NotFoundError:
            raise exc from None
        cast = " and ".join(p.name for p in play.performers_of(role.id)) or "no one yet"
        raise NotFoundError("performer", name, exc.valid, f"{role.name} is a role, played by {cast}") from None


def find_role(play: Play, name: str) -> Role:
    return play.role(_match("role", name, [(r.id, r.name) for r in play.roles]))


def find_scene(play: Play, name: str) -> Scene:
    return play.scene(_match("scene", name, [(s.id, s.title) for s in play.scenes]))
