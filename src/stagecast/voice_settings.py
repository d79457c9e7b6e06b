"""The voices.yaml model: which voice speaks each role, as plain values (no engine, no file).

Read by :mod:`stagecast.readers.voices_yaml`; used by the audio, the stats (speaking rates) and
the summary, which never need to know how the file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Loc

TOP_KEYS = ("engine", "default", "narrator", "roles", "languages", "rhvoice")
RHVOICE_KEYS = ("library", "data")
"""``rhvoice: {library: PATH, data: PATH}``: where RHVoice is, when not where the system puts it."""
VOICE_KEYS = ("engine", "voice", "model", "lang", "variant", "rate", "volume", "pitch", "pan")
ENGINE_NAMES = ("espeak", "pyttsx3", "rhvoice", "piper")
"""Speech engines a voices.yaml may name (the registry lives in :mod:`stagecast.audio.engines`)."""
AUTO = "auto"
"""The engine setting meaning "the best installed engine for each role and language" (the default)."""


@dataclass(frozen=True)
class VoiceSpec:
    """One voice setting; ``None`` means "the engine's default"."""

    voice: str | None = None
    """Engine voice id (eSpeak NG: a voice name such as ``ru``; pyttsx3: a voice id)."""
    model: str | None = None
    """A Piper voice file (``.onnx``), as a path: relative ones are read from the voices.yaml folder."""
    lang: str | None = None
    variant: str | None = None
    rate: int | None = None
    """Words per minute."""
    volume: float | None = None
    """0.0–2.0, 1.0 is normal."""
    pitch: int | None = None
    """0–99 (eSpeak NG), 50 is normal."""
    pan: float | None = None
    """The role's place in the stereo master: -1 left … 1 right (``None``: spread by default)."""
    engine: str | None = None
    """The engine this entry's voice belongs to; ``None``: the one chosen for the whole play, else automatic."""
    others: tuple[VoiceSpec, ...] = ()
    """A role's further alternatives (its entry was a list): the first whose engine is installed is used."""
    loc: Loc | None = field(default=None, compare=False)

    def alternatives(self) -> tuple[VoiceSpec, ...]:
        return (self, *self.others)

    def fixes_voice(self) -> bool:
        """Whether the entry says which voice to use (else the voice is chosen automatically)."""
        return bool(self.voice or self.model or self.lang or self.variant or self.engine)


@dataclass(frozen=True)
class VoiceConfig:
    default: VoiceSpec = VoiceSpec()
    narrator: VoiceSpec | None = None
    roles: tuple[tuple[str, VoiceSpec], ...] = ()
    languages: tuple[tuple[str, VoiceSpec], ...] = ()
    engine: str | None = None
    """The engine named for the whole play (``None``: automatic, the best installed per language)."""
    engine_loc: Loc | None = field(default=None, compare=False)
    source: str | None = None
    rhvoice: tuple[tuple[str, str], ...] = ()
    """``rhvoice:``'s ``library`` and ``data`` paths (absolute), as given in voices.yaml."""

    def engine_settings(self) -> dict[str, dict[str, str]]:
        """Settings each engine is started with (engine name → keyword arguments)."""
        return {"rhvoice": dict(self.rhvoice)} if self.rhvoice else {}

    def for_role(self, role_id: str) -> VoiceSpec:
        return dict(self.roles).get(role_id, self.default)

    def for_language(self, lang: str) -> VoiceSpec | None:
        return dict(self.languages).get(lang)

    def rate_for(self, role_id: str) -> int | None:
        return self.for_role(role_id).rate or self.default.rate
