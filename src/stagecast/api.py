"""The library entry points the CLI (and users) call: load, check, look things up, and the
renderers that also take a path.

Outputs take a :class:`Play` and never read one; what reads a play, voices.yaml or an old
version of a play from a path is here (and in the readers it calls). The renderers here load
what they were not given and hand it to the output; the outputs themselves are imported only
when called, so ``check`` never loads the PDF or audio libraries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, ScriptError
from .lookup import find_performer, find_role, find_scene, in_cast
from .model import Play, Text
from .readers import yaml_play
from .readers.voices_yaml import find_voices, read_voices
from .rules import conflicts, first_needed, roles_needed, uncast
from .text import SCRIPT_OF_LANG, script_mismatch
from .voice_settings import VoiceConfig

if TYPE_CHECKING:
    from .audio.render import AudioOptions, AudioResult, AudioSession, Progress
    from .pdf.script import ScriptPdfOptions
    from .revisions.compare import Revision

__all__ = ["DEFAULT_PLAY", "CheckReport", "as_cast", "casting_diagnostics", "check_play", "find_performer", "find_role", "find_scene",
           "in_cast", "load_play",
           "load_voices", "play_warnings", "render_audio", "render_script_pdf", "revision_since"]

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
    return read_voices(found, play, role_ids=role_ids, given=voices is not None) if found else VoiceConfig()


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
        diagnostics += reader_warnings + list(play_warnings(play)) + list(_take_findings(play))
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
    """What is legal but probably a mistake: unassigned roles, impossible doubling, unused roles;
    and, as notes, the doubling the play says is intended. Casting is checked in the main cast
    and in each alternate cast (a cast's finding that the main cast has too is said once)."""
    out = []
    used = {r for scene in play.scenes for r in roles_needed(scene)}
    for role in play.roles:
        if not play.performers_of(role.id):
            out.append(Diagnostic("warning", role.loc, f"role '{role.id}' has no performer; "
                                                       "add it to a performer's 'plays'"))
        if role.id not in used:
            out.append(Diagnostic("warning", role.loc, f"role '{role.id}' never speaks or appears in any scene"))
    return (*out, *casting_diagnostics(play), *_language_warnings(play))


def casting_diagnostics(play: Play) -> tuple[Diagnostic, ...]:
    """Doubling conflicts (warnings; notes when intended) and scenes where a role is played by no
    one, in the main casting and in each alternate cast (a cast's finding that the main casting
    has too is said once), and ``intended`` entries that match no conflict."""
    out = []
    said: set[tuple] = set()
    meant: set[tuple[str, str]] = set()
    for cast in (None, *(c.name for c in play.casts)):
        for key, diagnostic in _casting_findings(play.with_cast(cast), meant):
            if key not in said:
                said.add(key)
                out.append(diagnostic)
    for intended in play.intended:
        if (intended.performer, intended.scene) not in meant:
            out.append(Diagnostic("warning", intended.loc, f"performer '{intended.performer}' has no doubling "
                                  f"conflict in scene '{intended.scene}' in any cast; remove this 'intended' entry"))
    return tuple(out)


def _casting_findings(play: Play, meant: set[tuple[str, str]]) -> list[tuple[tuple, Diagnostic]]:
    """Conflicts and scenes left uncast in the cast ``play`` is seen as, each with what it is
    about (the same in every cast); adds to ``meant`` the (performer, scene) of each conflict."""
    out = []
    where_cast = f" in cast '{play.cast}'" if play.cast else ""
    for conflict in conflicts(play):
        meant.add((conflict.performer, conflict.scene))
        performer = play.performer(conflict.performer)
        scene = play.scene(conflict.scene)
        # At the line where the second role comes in: that is where the doubling breaks.
        where = first_needed(scene, conflict.roles[1]) or scene.loc
        key = (conflict.performer, conflict.scene, conflict.roles)
        if conflict.intended is not None:
            out.append((key, Diagnostic("note", where, f"intended doubling{where_cast}: {conflict.describe(play)} "
                                        f"({conflict.intended})")))
            continue
        out.append((key, Diagnostic("warning", where, f"doubling conflict{where_cast}: {conflict.describe(play)}"
                              f" ({performer.id} is cast at {performer.loc}; if it is meant, say so with "
                              f"intended: {{{scene.id}: REASON}} under the performer)")))
    for role_id, scenes in uncast(play).items():
        names = ", ".join(f"'{s}'" for s in scenes)
        out.append(((role_id, scenes), Diagnostic(
            "warning", play.role(role_id).loc, f"role '{role_id}' is played by no one{where_cast} in "
            f"scene{'s' * (len(scenes) > 1)} {names}; add it, for those scenes, to a performer's 'plays' "
            "({role: ID, scenes: [SCENE IDS]})")))
    return out


def _language_warnings(play: Play) -> tuple[Diagnostic, ...]:
    """A speech whose declared language (its ``lang:`` or its role's) is written in a script the
    speech has no letter of: voices, fonts and direction would all follow the wrong language."""
    out = []
    for speech in play.speeches():
        role = play.role(speech.speakers[0]) if speech.speakers else None
        lang = speech.lang or (role.lang if role else None)
        if not lang:
            continue
        text = "".join(part.text for part in speech.parts if type(part) is Text and not part.lang)
        found = script_mismatch(text, lang)
        if found:
            whose = "" if speech.lang else f" (from role '{role.id}')"
            wanted = SCRIPT_OF_LANG[lang.split("-")[0].casefold()]
            out.append(Diagnostic("warning", speech.loc, f"speech {speech.number} is in '{lang}'{whose}, written in "
                                  f"{wanted}, but its letters are {found}; correct its lang:"))
    return tuple(out)


def _take_findings(play: Play) -> tuple[Diagnostic, ...]:
    """Stale takes (at their speech) and takes no speech matches, or what is wrong with the
    takes manifest; nothing is imported for a play without a ``takes/`` folder."""
    if not (Path(play.root) / "takes").is_dir():
        return ()
    from .takes.matching import match_takes, take_warnings
    from .takes.takes_yaml import load_takes

    try:
        takes = load_takes(play.root)
    except ScriptError as exc:
        return tuple(exc.diagnostics)
    return take_warnings(takes, match_takes(play, takes))


def render_script_pdf(play: Play | str | os.PathLike[str], options: ScriptPdfOptions | None = None,
                      path: str | os.PathLike[str] | None = None) -> bytes:
    """The script as PDF bytes (:func:`stagecast.pdf.script.render_script_pdf`), of a play or of
    the play at a path; also written atomically to ``path`` when given."""
    from .pdf.script import render_script_pdf as render

    return render(play if isinstance(play, Play) else load_play(play), options, path)


def render_audio(play: Play, options: AudioOptions | None = None, voices: VoiceConfig | None = None,
                 progress: Progress | None = None, session: AudioSession | None = None) -> AudioResult:
    """A track group for ``play`` (:func:`stagecast.audio.render.render_audio`); without
    ``voices``, the play's voices.yaml (``options.voices``, else the one beside the play)."""
    from .audio.render import AudioOptions
    from .audio.render import render_audio as render

    options = options or AudioOptions()
    if voices is None:
        voices = load_voices(Path(play.root), play, options.voices)
    return render(play, options, voices, progress, session)


def revision_since(since: str, play_path: str | os.PathLike[str], new: Play, cast: str | None = None) -> Revision:
    """What changed from ``--since REV|PATH`` (a git revision of the play, or an old copy of it)
    to the play ``new`` read from ``play_path``; ``cast``: both seen as that alternate cast
    (:func:`as_cast`)."""
    from .readers.old_version import resolve_since
    from .revisions.compare import compare

    old = resolve_since(since, play_path)
    return compare(as_cast(old.play, cast), new, old.label, str(play_path), old.date)


def as_cast(play: Play, cast: str | None) -> Play:
    """An old version of a play as the alternate cast ``cast`` plays it, if that version has it
    (a cast added since is compared with the main casting it started from)."""
    return play.with_cast(cast) if cast and any(c.name == cast for c in play.casts) else play
