"""RHVoice driven directly through its C API (:mod:`.rhvoice_lib`): natural Russian, Ukrainian
and English voices, one library call per line.

Voices are named in lowercase (``aleksandr``, ``slt``); RHVoice's own spelling is kept only to
call it. Stress marks reach RHVoice as U+0301 after the vowel, which it honours natively.
"""

from __future__ import annotations

from pathlib import Path

from .base import Clip, EngineError, EngineVoice, Utterance, VoiceInfo

LGPL_VOICES = ("aleksandr", "anna", "irina", "elena", "natalia", "anatol", "slt", "bdl", "clb", "alan")
"""Voices published under the LGPL like the library, in the order a language's default is taken
(the first installed one of the language); the others are for non-commercial use only, so they
are listed after these and used only when voices.yaml names them: the automatic choice never
takes one (audio/voice_pool.py)."""
NORMAL_RATE = 175
"""voices.yaml's words per minute that mean RHVoice's own rate (the same normal as eSpeak NG's)."""


class RHVoiceEngine:
    name = "rhvoice"

    def __init__(self, library: str | None = None, data: str | None = None):
        self.library, self.data = library, data
        """voices.yaml's ``rhvoice:`` paths (None: where the system puts RHVoice, or the environment says)."""

    def _lib(self):
        from .rhvoice_lib import RHVoiceLibrary

        try:
            return RHVoiceLibrary.get(self.library, self.data)
        except OSError as exc:
            raise EngineError(str(exc)) from exc

    def version(self) -> str:
        return f"rhvoice {self._lib().version()}"

    def identity(self) -> str:
        """The library and its voice and language folders (paths, sizes, times), without starting
        it: an upgraded library or a voice package added or updated changes it. "" when there is none."""
        from .rhvoice_lib import find_install

        install = find_install(self.library, self.data)
        if install is None:
            return ""
        paths = [Path(install.library)]
        data = Path(install.data)
        for top in ("voices", "languages"):
            folder = data / top
            if folder.is_dir():
                paths += [folder, *(f / "voice.info" if (f / "voice.info").is_file() else f
                                    for f in sorted(folder.iterdir()) if f.is_dir())]
        stats = [(path, path.stat()) for path in paths if path.exists()]
        return "|".join(f"{path}:{st.st_size}:{st.st_mtime_ns}" for path, st in stats)

    def list_voices(self) -> list[VoiceInfo]:
        voices = [VoiceInfo(name.casefold(), name, (f"{lang}-{country}".casefold() if country else lang,), gender)
                  for name, lang, country, gender in self._lib().voices()]
        order = {name: n for n, name in enumerate(LGPL_VOICES)}
        return sorted(voices, key=lambda v: (order.get(v.id, len(order)), v.id))

    def variants(self) -> list[str]:
        """None: RHVoice's voices are whole voices (a voices.yaml variant is an error, not ignored)."""
        return []

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        lib = self._lib()
        profile = {name.casefold(): name for name, *_ in lib.voices()}.get(voice.id.casefold())
        if profile is None:
            raise EngineError(f"RHVoice has no voice '{voice.id}'")
        rate = (voice.rate or NORMAL_RATE) / NORMAL_RATE
        pitch = 0.0 if voice.pitch is None else max(-1.0, min(1.0, (voice.pitch - 50) / 50))
        try:
            # The text keeps its U+0301 marks: RHVoice reads them as stress.
            pcm = lib.speak(utterance.text, profile, rate, pitch)
        except RuntimeError as exc:
            raise EngineError(str(exc)) from exc
        return Clip(pcm, lib.rate)
