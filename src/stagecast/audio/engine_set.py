"""The speech engines one render may use: the one named (``--engine``, voices.yaml's ``engine:``),
or, by default (``auto``), every installed one, the best for each language first.

Engines are started lazily by name, in the parent (for their version and voices, usually from the
facts memo) as in each worker process (to speak). The set crosses into worker processes as it is
(fork) or pickled (spawn): each engine keeps what it must not share to itself (Piper's models).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import BackendError
from ..model import Loc
from ..voice_settings import AUTO
from .engine_facts import EngineFacts, engine_facts
from .engines.base import Engine

AUTO_ORDER = ("piper", "rhvoice")
"""Engines preferred over the platform's own (eSpeak NG on Linux, pyttsx3 elsewhere), best first."""


class EngineSet:
    """Engines by name, each started once.

    ``overrides``: the engine named on the command line (``--engine``), which speaks everything;
    ``forced``: that, else voices.yaml's top-level ``engine:``, which speaks everything but the
    entries that name their own. Neither (``auto``): each voice from the best installed engine."""

    def __init__(self, command_line: str | Engine | None, cache_root: Path | None, config_engine: str | None = None,
                 where: Loc | None = None, settings: dict[str, dict[str, str]] | None = None):
        self.cache_root = cache_root
        self.settings = settings or {}
        """Engine name → what voices.yaml says about it (``rhvoice: {library, data}``)."""
        self._engines: dict[str, Engine] = {}
        self._facts: dict[str, EngineFacts | BackendError] = {}
        if command_line is not None and not isinstance(command_line, str):  # an engine object (tests, the API)
            self._engines[command_line.name] = command_line
            command_line = command_line.name
        self.overrides: str | None = None if command_line in (None, AUTO) else command_line
        self.forced: str | None = self.overrides or (None if config_engine in (None, AUTO) else config_engine)
        self.where = None if self.overrides else where
        """Where ``forced`` was named (voices.yaml's ``engine:``), for the message when it is missing."""

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_facts": {}}

    @property
    def label(self) -> str:
        return self.forced or AUTO

    def get(self, name: str) -> Engine:
        if name not in self._engines:
            from .engines import get_engine

            self._engines[name] = get_engine(name, self.settings.get(name))
        return self._engines[name]

    def facts(self, name: str, where: Loc | None = None) -> EngineFacts:
        """The engine's version and voices; not installed: :class:`BackendError` (exit 4) located at ``where``."""
        if name not in self._facts:
            try:
                self._facts[name] = engine_facts(self.get(name), self.cache_root)
            except BackendError as exc:
                self._facts[name] = exc
        found = self._facts[name]
        if isinstance(found, BackendError):
            if where is None:
                raise found
            raise BackendError(found.message, where, found.hint) from None
        return found

    def installed(self, name: str) -> bool:
        try:
            self.facts(name)
        except BackendError:
            return False
        return True

    def candidates(self) -> list[str]:
        """The engines voices may come from, best first: the forced one alone, else the installed ones."""
        if self.forced is not None:
            self.facts(self.forced, self.where)  # said at once, and located, when it is missing
            return [self.forced]
        found = [name for name in (*AUTO_ORDER, platform_engine()) if self.installed(name)]
        if not found:
            self.facts(platform_engine())  # none at all: the platform engine's message says what to install
        return found


def platform_engine() -> str:
    """eSpeak NG on Linux (pyttsx3 there when eSpeak NG is missing), pyttsx3 elsewhere."""
    if not sys.platform.startswith("linux"):
        return "pyttsx3"
    from .engines import default_engine

    return default_engine()
