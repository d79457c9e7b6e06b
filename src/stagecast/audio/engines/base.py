"""What every speech engine offers stagecast, and the small values passed to and from it.

An engine turns one :class:`Utterance` (a speech's words, in one language, with the
stressed vowels marked) into one :class:`Clip` of 16-bit PCM. Engines never segment text,
never touch the cache and never write files: the worker around them does that, so a
crash or hang inside an engine costs one line, not the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

ACUTE = "\u0301"
"""Stress mark carried in :attr:`Utterance.text`: U+0301 straight after the stressed vowel."""


@dataclass(frozen=True)
class Utterance:
    """Text to say. Stressed vowels are followed by U+0301 (never NFC-normalised away)."""

    text: str
    lang: str

    @property
    def plain(self) -> str:
        return self.text.replace(ACUTE, "")


@dataclass(frozen=True)
class VoiceInfo:
    """One voice an engine has installed."""

    id: str
    """What voices.yaml may write as ``voice:`` (eSpeak NG: ``gmw/en-US``)."""
    name: str
    languages: tuple[str, ...]
    """Language tags, most specific first (``en-us``); the first one's base is the voice's language."""
    gender: str | None = None

    @property
    def lang(self) -> str:
        return base_lang(self.languages[0]) if self.languages else ""


@dataclass(frozen=True)
class EngineVoice:
    """A fully resolved voice: an installed voice id plus the settings to speak with."""

    id: str
    lang: str
    variant: str | None = None
    rate: int | None = None
    pitch: int | None = None
    volume: float = 1.0
    """Applied by stagecast as a gain after loudness normalisation, not by the engine."""
    model: str | None = None
    """The model file the engine speaks with (Piper), for the worker to load."""
    model_hash: str | None = None
    """That file's content hash: in the cache key instead of its path, so a changed model is
    spoken again and a moved one is not."""
    engine: str = ""
    """The engine that speaks it (one render may use several); in the clip key with its version."""

    def key(self) -> dict[str, object]:
        """The settings that change the sound (part of every cache key)."""
        key: dict[str, object] = {"id": self.id, "variant": self.variant, "rate": self.rate, "pitch": self.pitch,
                                  "volume": self.volume}
        return {**key, "model": self.model_hash} if self.model_hash else key

    def label(self) -> str:
        """``engine:voice+variant`` in lowercase, as the timeline and ``check --verbose`` show it."""
        text = self.id + (f"+{self.variant}" if self.variant else "")
        return (f"{self.engine}:{text}" if self.engine else text).lower()


@dataclass(frozen=True)
class Clip:
    """Mono 16-bit little-endian PCM at ``rate`` Hz."""

    pcm: bytes
    rate: int
    notes: tuple[str, ...] = field(default=())
    """Things worth telling a user with ``--verbose`` (a stress mark that could not be honoured)."""


class EngineError(Exception):
    """The engine refused or failed one utterance (the worker reports it with the line's location)."""


@runtime_checkable
class Engine(Protocol):
    """The contract of a speech engine. Implementations import their libraries lazily."""

    name: str

    def version(self) -> str:
        """The engine and its library version; part of every cache key."""
        ...

    def list_voices(self) -> list[VoiceInfo]:
        ...

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        ...


def base_lang(tag: str) -> str:
    """``en-GB-scotland`` → ``en``."""
    return tag.replace("_", "-").split("-")[0].lower()
