"""Marked stress for Piper voices: a marked word reaches the voice as IPA phoneme input.

A Piper voice whose phonemizer is eSpeak NG (``"phoneme_type": "espeak"`` in its ``.onnx.json``:
the packaged ``joe``, and the Russian, Ukrainian and Kazakh voices of Piper's collection) was
trained on eSpeak's IPA and reads ``[[...]]`` in its text as IPA. For a word whose marked stress
differs from eSpeak's, we ask eSpeak NG (stagecast's own, the same 1.52 that Piper's phonemizer is
built from) for the word's IPA in the voice's eSpeak voice, move the stress to the marked vowel
(for Russian also choosing the vowels again: :func:`stagecast.audio.stress.phoneme_input`) and
put it in the text as ``[[...]]``::

    за́мок (castle), eSpeak zamˈok  →  [[zˈɑmʌk]]
    reco\u0301rd, eSpeak ɹˈɛkɚd        →  [[ɹɛkˈɚd]]

A voice with another phonemizer (``text``, ``pinyin``, …) takes no phoneme input: the mark is
not heard and the clip's note says so, as it does for a word whose letters do not line up with
eSpeak's vowels.
"""

from __future__ import annotations

import re
import unicodedata

from ..stress import IPA, MarkedWord, phoneme_input, split_marked
from .base import ACUTE

ESPEAK_PHONEMIZER = "espeak"
_PUNCTUATION = re.compile(r"[.,?!;:]+")
"""What Piper's voices have as phonemes of their own (clause and sentence ends)."""


def piper_text(text: str, phoneme_type: str, espeak_voice: str) -> tuple[str, list[str]]:
    """The text a Piper voice is given for ``text`` (marked words as ``[[IPA]]``), and notes."""
    parts: list[str | MarkedWord] = split_marked(text)
    pieces: list[str] = []
    notes: list[str] = []
    for n, part in enumerate(parts):
        if isinstance(part, str):
            # Piper reads any "[[...]]" as phonemes: a literal one in a speech must stay text.
            pieces.append(part.replace(ACUTE, "").replace("[[", "[ [").replace("]]", "] ]"))
            continue
        said, note = word_ipa(part, phoneme_type, espeak_voice)
        notes += [note] if note else []
        if said is None:
            pieces.append(part.word)
            continue
        # Piper's phonemizer drops the punctuation straight after a [[...]] block (and with it
        # the sentence's end), and the space beside a block that touches a quote or a bracket:
        # the block carries its punctuation, and is kept apart from what touches it by spaces.
        following = parts[n + 1] if n + 1 < len(parts) else ""
        stop = _PUNCTUATION.match(str(following))
        rest = str(following)[stop.end():] if stop else str(following)
        if n + 1 < len(parts):
            parts[n + 1] = (" " if rest and not rest[0].isspace() else "") + rest
        apart = " " if pieces and pieces[-1] and not pieces[-1][-1].isspace() else ""
        pieces.append(f"{apart}[[{said}{stop.group() if stop else ''}]]")
    return "".join(pieces), notes


def word_ipa(word: MarkedWord, phoneme_type: str, espeak_voice: str) -> tuple[str | None, str | None]:
    """The IPA that says ``word`` with its marked stress, ``(None, None)`` when the voice's own
    reading already has it, ``(None, reason)`` when the mark cannot be heard."""
    if phoneme_type != ESPEAK_PHONEMIZER:
        return None, (f"stress mark on '{word.word}' not heard: this Piper voice's phonemizer ({phoneme_type}) "
                      "takes no phoneme input")
    try:
        from .espeak_lib import EspeakLibrary

        lib = EspeakLibrary.get()
        lib.set_voice(espeak_voice, None, None)
    except (OSError, ImportError, ValueError) as exc:  # EspeakMissing is an OSError
        return None, f"stress mark on '{word.word}' not heard: eSpeak NG, which places it for Piper, failed: {exc}"
    clauses = [c for c in lib.text_to_phonemes(word.word, ipa=True) if c.strip()]
    if len(clauses) != 1:
        return None, f"stress mark on '{word.word}' not honoured: eSpeak splits the word"
    said, note = phoneme_input(word, clauses[0].strip().split("|"), espeak_voice, IPA)
    # NFD, as Piper's own phonemizer gives it: each combining mark is a phoneme of its own.
    return (unicodedata.normalize("NFD", said) if said else None), note
