"""eSpeak NG driven directly through ctypes (the default engine on Linux).

Measured (research/perf-anchors.md): one library call per speech costs nothing over one
call for the whole text, and needs no system package — the library and its voices come
from the ``espeakng-loader`` wheel, or from a system eSpeak NG where the wheel is missing or
cannot load (:mod:`.espeak_lib`). Marked stress is carried as phoneme input built by
:mod:`stagecast.audio.stress`.
"""

from __future__ import annotations

from pathlib import Path

from ..stress import MarkedWord, phoneme_input, split_marked
from .base import Clip, EngineError, EngineVoice, Utterance, VoiceInfo

VARIANTS = {"female": "f3", "male": "m3"}
"""voices.yaml's portable variant words → eSpeak NG voice variants (any eSpeak variant name also works)."""
_GENDERS = {1: "male", 2: "female"}


class EspeakEngine:
    name = "espeak"

    def _lib(self):
        from .espeak_lib import EspeakLibrary, EspeakMissing

        try:
            return EspeakLibrary.get()
        except EspeakMissing as exc:
            raise EngineError(str(exc)) from exc
        except (OSError, ImportError) as exc:
            raise EngineError(f"eSpeak NG could not be loaded: {exc}") from exc

    def version(self) -> str:
        return f"espeak-ng {self._lib().version()}"

    def identity(self) -> str:
        """The libraries that may be started and the first one's voice folders, without starting
        one (see .engine_facts): a reinstalled wheel, an upgraded system eSpeak NG or a voice added
        to the data changes it. Every library counts, since which one starts is known only by
        starting it (the wheel's may not load on an older macOS); the later ones' data folders
        are left out (measured 0.7 → 3.3 ms a run with Debian's beside the wheel). "" when
        there is none."""
        from .espeak_lib import installs

        paths: list[Path] = []
        for n, install in enumerate(installs()):
            library = Path(install.library)
            paths += [library] if library.is_file() else []
            if install.data and n == 0:
                data = Path(install.data)
                paths += [data, *(f for top in ("lang", "voices") if (data / top).is_dir()
                                  for f in ((data / top), *(data / top).iterdir()) if f.is_dir())]
        stats = [(path, path.stat()) for path in paths]
        return "|".join(f"{path}:{st.st_size}:{st.st_mtime_ns}" for path, st in stats)

    def list_voices(self) -> list[VoiceInfo]:
        voices = []
        for ident, name, languages, gender in self._lib().voices():
            if ident.startswith("mb/"):
                continue  # MBROLA voices need a separate program that the wheel does not ship
            voices.append(VoiceInfo(ident, name, tuple(languages), _GENDERS.get(gender)))
        return voices

    def variants(self) -> list[str]:
        from pathlib import Path

        folder = Path(self._lib().data_path) / "voices" / "!v"
        return sorted([*VARIANTS, *(p.name for p in folder.iterdir())]) if folder.is_dir() else sorted(VARIANTS)

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        lib = self._lib()
        variant = VARIANTS.get(voice.variant or "", voice.variant)
        try:
            lib.set_voice(voice.id + (f"+{variant}" if variant else ""), voice.rate, voice.pitch)
        except ValueError as exc:
            raise EngineError(str(exc)) from exc
        text, phonemes, notes = self.engine_text(utterance)
        return Clip(lib.synth(text, phonemes=phonemes), lib.rate, tuple(notes))

    def engine_text(self, utterance: Utterance) -> tuple[str, bool, list[str]]:
        """The text handed to eSpeak (marked words as ``[[phonemes]]``), whether it has phoneme input, notes.

        The current voice must already be set: eSpeak's phonemes depend on its language.
        """
        pieces: list[str] = []
        notes: list[str] = []
        phonemes = False
        for piece in split_marked(utterance.text):
            if isinstance(piece, MarkedWord):
                said, note = self.word_phonemes(piece, utterance.lang)
                if note:
                    notes.append(note)
                phonemes |= said is not None
                pieces.append(f"[[{said}]]" if said else piece.word)
            else:
                # A literal "[[" in a speech must never switch eSpeak into phoneme input.
                pieces.append(piece.replace("[[", "[ [").replace("]]", "] ]"))
        return "".join(pieces), phonemes, notes

    def word_phonemes(self, word: MarkedWord, lang: str) -> tuple[str | None, str | None]:
        clauses = [c for c in self._lib().text_to_phonemes(word.word) if c.strip()]
        if len(clauses) != 1:
            return None, f"stress mark on '{word.word}' not honoured: eSpeak splits the word"
        return phoneme_input(word, clauses[0].strip().split("|"), lang)

    def spoken_phonemes(self, utterance: Utterance, voice: EngineVoice) -> str:
        """What eSpeak actually says (its phoneme trace), for tests and for checking by hand."""
        lib = self._lib()
        lib.set_voice(voice.id + (f"+{voice.variant}" if voice.variant else ""), voice.rate, voice.pitch)
        text, phonemes, _ = self.engine_text(utterance)
        return lib.trace(text, phonemes=phonemes)
