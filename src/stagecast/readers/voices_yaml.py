"""``voices.yaml``: which voice speaks each role. Schema and lookup only; no engine here.

Voice ids are checked against the installed engine at audio time, not here.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from yaml.nodes import SequenceNode

from ..errors import Diagnostic, ScriptError
from ..files.display import display_path
from ..files.play_files import DANGLING, LOOP, read_file, reason, what_is_at
from ..model import Loc, Play
from ..voice_settings import AUTO, ENGINE_NAMES, RHVOICE_KEYS, TOP_KEYS, VOICE_KEYS, VoiceConfig, VoiceSpec
from .suggest import did_you_mean, role_hint
from .yaml_nodes import TooBig, Walker, compose

VOICE_RANGES = {"rate": (80, 500), "volume": (0, 2), "pitch": (0, 99), "pan": (-1, 1)}
"""A voice's numbers and their bounds (also the schema's, :mod:`.json_schema`)."""


def find_voices(play_path: Path, explicit: Path | None = None) -> Path | None:
    """``--voices`` if given, else voices.yaml in the play folder, else in the folder above it.

    Anything named voices.yaml counts, even when it is no file (a named pipe, a folder, a link
    loop or a link to nothing): :func:`read_voices` then says what is wrong with it, where
    skipping it would quietly give the play other voices (the default, or the folder above's)."""
    if explicit is not None:
        return explicit
    for candidate in voices_places(play_path):
        if _something_at(candidate):
            return candidate if play_path.is_absolute() else _relative(candidate)
    return None


def _something_at(path: Path) -> bool:
    try:
        return what_is_at(path) != "missing"
    except OSError:  # a folder on the way that cannot be entered: reading it says so
        return True


def voices_places(play_path: Path) -> tuple[Path, Path]:
    """Where a play's voices.yaml is looked for, in order (absolute paths)."""
    try:
        resolved = play_path.resolve()
    except RuntimeError:  # a symlink loop (up to Python 3.12); reading the play reports it
        resolved = play_path.absolute()
    folder = resolved if resolved.is_dir() else resolved.parent
    return folder / "voices.yaml", folder.parent / "voices.yaml"


def _relative(path: Path) -> Path:
    """``path`` relative to the working folder, as the play's own files are shown in messages
    when the play was named by a relative path (``../voices.yaml`` beside ``../script``)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path


def read_voices(path: Path, play: Play | None = None, *, role_ids: list[str] | None = None,
                given: bool = False) -> VoiceConfig:
    """Read and validate voices.yaml; raise :class:`ScriptError` with every problem.

    Voices for roles are checked against ``play``'s roles, else against ``role_ids`` (the roles
    play.yaml declares, when the play as a whole has errors), else not at all. ``given``: the
    file was named with ``--voices`` (the fix for one that is no file is to name another)."""
    if play is not None:
        role_ids = [r.id for r in play.roles]
    diagnostics: list[Diagnostic] = []
    shown = display_path(path)
    problem = _not_a_file(path, given)
    if problem is not None:
        raise ScriptError.at(Loc(shown, 1, 1), problem)
    try:
        data = read_file(path)  # never waits on a named pipe put there since
    except OSError as exc:  # like an unreadable play.yaml: a located error, not a failing tool
        raise ScriptError.at(Loc(shown, 1, 1), f"cannot read the file: {reason(exc)}") from None
    node, text = compose(shown, data, diagnostics)
    w = Walker(shown, text, diagnostics)
    config = VoiceConfig(source=shown)
    if node is not None:
        try:
            config = _config(w, node, role_ids, shown, path.parent)
        except TooBig:
            w.error(Loc(shown, 1, 1), "the document expands to too many values (YAML aliases?)")
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise ScriptError(errors)
    return config


def _not_a_file(path: Path, given: bool) -> str | None:
    """What is wrong with what is at ``path``, when it is no file to read voices from."""
    try:
        kind = what_is_at(path)
    except OSError:
        return None  # reading it says why
    if kind == "file":
        return None
    if kind == "missing":
        return "voices file not found"
    if given:
        fix = "give --voices the path of a voices.yaml file"
    elif kind in (LOOP, DANGLING):
        fix = "point the link at your voices file, or remove it"
    else:
        fix = "replace it with your voices file, or remove it"
    if kind == LOOP:
        return f"'{path.name}' is {LOOP}; {fix}"
    if kind == DANGLING:
        return f"'{path.name}' is {DANGLING} (it leads to '{os.readlink(path)}'); {fix}"
    return f"'{path.name}' is {kind}, not a file; {fix}"


def _config(w: Walker, node, known: list[str] | None, shown: str, folder: Path) -> VoiceConfig:
    top = w.mapping(node, "voices.yaml") or {}
    w.check_keys(top, TOP_KEYS, "voices.yaml")
    engine = _engine(w, top["engine"][1], (*ENGINE_NAMES, AUTO)) if "engine" in top else None
    default = _entry(w, top["default"][1], "the default voice", folder) if "default" in top else VoiceSpec()
    narrator = _entry(w, top["narrator"][1], "the narrator voice", folder) if "narrator" in top else None
    roles = _table(w, top, "roles", "role", folder)
    if known is not None:
        for role_id, spec in roles:
            if role_id not in known:
                hint = role_hint(role_id, dict.fromkeys(known, "")) or f" (roles: {', '.join(known)})"
                w.error(spec.loc or Loc(shown, 1, 1), f"voice for unknown role '{role_id}'{hint}")
    return VoiceConfig(default=default or VoiceSpec(), narrator=narrator, roles=roles,
                       languages=_table(w, top, "languages", "language", folder),
                       engine=None if engine == AUTO else engine, engine_loc=w.loc(top["engine"][1]) if engine else None,
                       source=shown, rhvoice=_rhvoice(w, top["rhvoice"][1], folder) if "rhvoice" in top else ())


def _rhvoice(w: Walker, node, folder: Path) -> tuple[tuple[str, str], ...]:
    """``rhvoice: {library: PATH, data: PATH}``, relative to voices.yaml's folder; a library that is no
    file or a data folder that is no folder is an error here, not a puzzle when audio is made."""
    fields = w.mapping(node, "rhvoice") or {}
    w.check_keys(fields, RHVOICE_KEYS, "rhvoice")
    out = []
    for key, want, fix in (("library", "file", "the path of libRHVoice.so.5 (RHVoice.dll, libRHVoice.dylib)"),
                           ("data", "folder", "the folder with RHVoice's voices/ and languages/")):
        given = w.string(fields[key][1], f"rhvoice {key}") if key in fields else None
        if not given:
            continue
        path = folder / Path(given).expanduser()
        if not (path.is_file() if want == "file" else path.is_dir()):
            w.error(fields[key][1], f"rhvoice {key} '{given}' is not a {want} (read from {display_path(folder)}); "
                                    f"give {fix}")
            continue
        out.append((key, str(path.resolve())))
    return tuple(out)


def _engine(w: Walker, node, names: tuple[str, ...]) -> str | None:
    engine = w.string(node, "engine")
    if engine is not None and engine not in names:
        hint = did_you_mean(engine, names) or f" (engines: {', '.join(names)})"
        w.error(node, f"unknown speech engine '{engine}'{hint}")
        return None
    return engine


def _table(w: Walker, top: dict, key: str, what: str, folder: Path) -> tuple[tuple[str, VoiceSpec], ...]:
    if key not in top:
        return ()
    out = []
    for name, (key_node, value) in (w.mapping(top[key][1], key) or {}).items():
        if key == "languages":
            name = w.language(key_node, "a language under 'languages:'") or name
        spec = _entry(w, value, f"the voice of {what} '{name}'", folder, loc=w.loc(key_node))
        if spec is not None:
            out.append((name, spec))
    return tuple(out)


def _entry(w: Walker, node, what: str, folder: Path, loc: Loc | None = None) -> VoiceSpec | None:
    """One voice, or a list of alternatives (any entry: default, narrator, a role's, a language's)."""
    if isinstance(node, SequenceNode):
        return _alternatives(w, node, what.replace("the voice of", "the voices of"), folder)
    return _voice(w, node, what, folder, loc=loc)


def _alternatives(w: Walker, node: SequenceNode, what: str, folder: Path) -> VoiceSpec | None:
    """A list of voices, tried in order: the first whose engine is installed is used."""
    specs = [spec for item in (w.sequence(node, what) or []) if (spec := _voice(w, item, what, folder)) is not None]
    if not specs:
        w.error(node, f"{what}: the list is empty; give at least one voice, e.g. - {{engine: espeak, lang: en}}")
        return None
    return replace(specs[0], others=tuple(specs[1:]))


def _voice(w: Walker, node, what: str, folder: Path, loc: Loc | None = None) -> VoiceSpec | None:
    fields = w.mapping(node, what)
    if fields is None:
        return None
    w.check_keys(fields, VOICE_KEYS, what)
    engine = _engine(w, fields["engine"][1], ENGINE_NAMES) if "engine" in fields else None
    text = {k: w.name(fields[k][1], k) for k in ("voice", "variant") if k in fields}
    model = w.string(fields["model"][1], "model (a Piper voice file)") if "model" in fields else None
    if "lang" in fields:
        text["lang"] = w.language(fields["lang"][1], "voice language")
    rate = w.number(fields["rate"][1], "rate (words per minute)", *VOICE_RANGES["rate"]) if "rate" in fields else None
    volume = w.number(fields["volume"][1], "volume", *VOICE_RANGES["volume"]) if "volume" in fields else None
    pitch = w.number(fields["pitch"][1], "pitch", *VOICE_RANGES["pitch"]) if "pitch" in fields else None
    pan = w.number(fields["pan"][1], "pan (-1 left … 1 right)", *VOICE_RANGES["pan"]) if "pan" in fields else None
    return VoiceSpec(voice=text.get("voice"), model=str(folder / Path(model).expanduser()) if model else None, lang=text.get("lang"), variant=text.get("variant"),
                     rate=int(rate) if rate else None, volume=volume,
                     pitch=int(pitch) if pitch is not None else None, engine=engine, pan=pan, loc=loc or w.loc(node))
