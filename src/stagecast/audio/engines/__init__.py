"""Speech engines, imported only when used. ``silent`` exists for tests and is not advertised."""

from __future__ import annotations

import importlib
import sys

from ...errors import BackendError
from ...voices_config import ENGINE_NAMES
from .base import Engine

ENGINES = {
    "espeak": ("espeak", "EspeakEngine"),
    "pyttsx3": ("pyttsx3_engine", "Pyttsx3Engine"),
    "silent": ("silent", "SilentEngine"),
}
PUBLIC = ENGINE_NAMES


def default_engine() -> str:
    """eSpeak NG directly on Linux (measured 2× faster); pyttsx3 (SAPI5 / NSSpeech) elsewhere."""
    return "espeak" if sys.platform.startswith("linux") else "pyttsx3"


def get_engine(name: str | Engine | None) -> Engine:
    if name is None:
        name = default_engine()
    if not isinstance(name, str):
        return name
    if name not in ENGINES:
        raise BackendError(f"unknown speech engine '{name}'", hint=f"engines: {', '.join(PUBLIC)}")
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)()
