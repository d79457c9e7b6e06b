"""`stagecast voices`: every installed engine's voices, with the licence and quality tier of each,
as text lines or JSON objects.

An engine that is not installed is left out of the whole listing (and says why only when named
with ``--engine``). On Linux ``pyttsx3`` speaks eSpeak NG's own voices, so beside a working
``espeak`` it would list every one of them twice; it is listed there only when named.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import BackendError
from .engines.base import VoiceInfo

TIERS: dict[str, tuple[int, str]] = {
    "piper": (1, "neural"),
    "rhvoice": (2, "natural"),
    "espeak": (3, "basic"),
    "pyttsx3": (3, "basic"),
}
"""Quality tier of each engine's voices, 1 the best (PRODUCT.md §6: neural > RHVoice > eSpeak NG).
pyttsx3 is eSpeak NG on Linux, and on Windows and macOS the system's voices, unknown to us."""

ESPEAK_LICENCE = "GPL-3.0-or-later"
RHVOICE_LGPL = "LGPL-2.1-or-later"
RHVOICE_OTHERS = "non-commercial"
"""RHVoice's voices outside its LGPL list are for non-commercial use only (Debian's copyright
file names CC-BY-NC-ND-4.0 for several; we do not claim one licence for all of them)."""
PIPER_LICENCES = {"en_us-joe-medium": "CC0-1.0"}
"""Packaged Piper voices whose licence we know (their wheels' metadata describe the package, not the voice)."""


def _rhvoice_licence(voice: str) -> str:
    from .engines.rhvoice import LGPL_VOICES

    return RHVOICE_LGPL if voice in LGPL_VOICES else RHVOICE_OTHERS


LICENCES: dict[str, Callable[[str], str | None]] = {
    "espeak": lambda _voice: ESPEAK_LICENCE,
    "rhvoice": _rhvoice_licence,
    "piper": PIPER_LICENCES.get,
    "pyttsx3": lambda _voice: None,  # the operating system's voices: their licences are not ours to know
}


@dataclass(frozen=True)
class ListedVoice:
    """One voice as `stagecast voices` shows it."""

    engine: str
    info: VoiceInfo
    licence: str | None
    tier: int
    tier_name: str

    def as_json(self) -> dict[str, object]:
        """``voice`` is exactly what voices.yaml's ``voice:`` takes beside ``engine:``."""
        return {"engine": self.engine, "voice": self.info.id.lower(), "name": self.info.name,
                "languages": list(self.info.languages), "gender": self.info.gender, "licence": self.licence,
                "tier": self.tier, "quality": self.tier_name}


def listed(engine: str, voices: list[VoiceInfo]) -> list[ListedVoice]:
    tier, tier_name = TIERS.get(engine, (max(t for t, _ in TIERS.values()), "basic"))
    licence = LICENCES.get(engine, lambda _voice: None)
    return [ListedVoice(engine, voice, licence(voice.id), tier, tier_name) for voice in voices]


def engines_to_list(engine: str | None) -> list[str]:
    """The engine named, else every public engine worth listing here, best tier first."""
    from .engines import PUBLIC

    if engine is not None:
        return [engine]
    names = sorted(PUBLIC, key=lambda name: TIERS.get(name, (9, ""))[0])
    if sys.platform.startswith("linux"):
        from .engines.espeak_lib import find_install

        if find_install() is not None:
            names.remove("pyttsx3")  # the same eSpeak NG voices again (module docstring)
    return names


def every_voice(engine: str | None, lang: str | None = None) -> list[ListedVoice]:
    """The voices of ``engine``, or of every installed engine (best tier first, then language
    and name), optionally only those for ``lang``. A named engine that cannot start is a
    :class:`BackendError` (exit 4); unnamed ones that cannot are skipped, unless none can:
    then the platform's default engine's error says what to install."""
    from .voice_choice import list_voices

    found: list[ListedVoice] = []
    names = engines_to_list(engine)
    started = 0
    for name in names:
        try:
            voices = list_voices(name, lang)
        except BackendError:
            if engine is not None:
                raise
            continue
        started += 1
        found += listed(name, voices)
    if not started:
        list_voices(None, lang)  # raises the default engine's own message and hint
    return sorted(found, key=lambda v: (v.tier, v.info.lang, v.engine, v.info.id))
