"""Speech engines, imported only when used. ``silent`` exists for tests and is not advertised."""

from __future__ import annotations

import importlib
import sys

from ...errors import BackendError
from ...voice_settings import ENGINE_NAMES
from .base import Engine

ENGINES = {
    "espeak": ("espeak", "EspeakEngine"),
    "pyttsx3": ("pyttsx3_engine", "Pyttsx3Engine"),
    "piper": ("piper_engine", "PiperEngine"),
    "rhvoice": ("rhvoice", "RHVoiceEngine"),
    "silent": ("silent", "SilentEngine"),
}
PUBLIC = ENGINE_NAMES


_told: set[str] = set()


def default_engine() -> str:
    """eSpeak NG directly on Linux (measured 2× faster); pyttsx3 (SAPI5 / NSSpeech) elsewhere,
    and on a Linux with no eSpeak NG at all (no wheel for it, no system library), where pyttsx3
    may still find an old eSpeak; then the user is told, once, what to install."""
    if not sys.platform.startswith("linux"):
        return "pyttsx3"
    from .espeak_lib import find_install, install_hint

    if find_install() is not None:
        return "espeak"
    note = f"note: eSpeak NG was not found, so trying pyttsx3; for eSpeak NG, {install_hint()}"
    if note not in _told:
        # Told here, where every command gets its engine, and on stderr, so outputs stay clean.
        _told.add(note)
        print(note, file=sys.stderr)
    return "pyttsx3"


def get_engine(name: str | Engine | None, settings: dict[str, str] | None = None) -> Engine:
    """An engine by name; ``settings``: what voices.yaml says about it (RHVoice's paths)."""
    if name is None:
        name = default_engine()
    if not isinstance(name, str):
        return name
    if name not in ENGINES:
        raise BackendError(f"unknown speech engine '{name}'", hint=f"engines: {', '.join(PUBLIC)}")
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)(**(settings or {}))
