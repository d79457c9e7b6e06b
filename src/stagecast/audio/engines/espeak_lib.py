"""ctypes bindings for the eSpeak NG library shipped in the ``espeakng-loader`` wheel.

Only what stagecast needs, declared from eSpeak NG's public header (speak_lib.h):
synchronous synthesis into a Python callback, voice listing and selection, rate/pitch,
text-to-phonemes and the phoneme trace. No system package is used: the library and its
data folder both come from the wheel.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import tempfile
from ctypes import CFUNCTYPE, POINTER, Structure, Union, c_char_p, c_int, c_short, c_size_t, c_ubyte, c_uint, c_void_p

AUDIO_OUTPUT_SYNCHRONOUS = 2
CHARS_UTF8 = 1
PHONEMES = 0x100
"""Allow ``[[...]]`` phoneme input inside the text."""
ENDPAUSE = 0x1000
RATE, VOLUME, PITCH = 1, 2, 3
PHONEME_SEPARATOR = "|"
EE_OK = 0


class _NumberOrName(Union):
    _fields_ = [("number", c_int), ("name", c_char_p)]


class Event(Structure):
    _fields_ = [("type", c_int), ("unique_identifier", c_uint), ("text_position", c_int), ("length", c_int),
                ("audio_position", c_int), ("sample", c_int), ("user_data", c_void_p), ("id", _NumberOrName)]


class Voice(Structure):
    _fields_ = [("name", c_char_p), ("languages", c_void_p), ("identifier", c_char_p), ("gender", c_ubyte),
                ("age", c_ubyte), ("variant", c_ubyte), ("xx1", c_ubyte), ("score", c_int), ("spare", c_void_p)]


SynthCallback = CFUNCTYPE(c_int, POINTER(c_short), c_int, POINTER(Event))


class EspeakLibrary:
    """One process's eSpeak NG, initialised once (the library is not re-entrant)."""

    _instance: EspeakLibrary | None = None

    def __init__(self) -> None:
        import espeakng_loader  # lazy: only when audio is made

        self.data_path = espeakng_loader.get_data_path()
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._declare()
        # 500 ms buffers: 7× fewer Python callbacks than the 60 ms default (measured ~3% faster).
        self.rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, self.data_path.encode(), 0)
        if self.rate <= 0:
            raise OSError(f"eSpeak NG could not start with the data in {self.data_path}")
        self._chunks: list[bytes] = []
        self._callback = SynthCallback(self._collect)  # kept referenced: the library holds a raw pointer
        self.lib.espeak_SetSynthCallback(self._callback)
        self._voice: bytes | None = None

    @classmethod
    def get(cls) -> EspeakLibrary:
        if cls._instance is None or cls._instance._pid != os.getpid():
            cls._instance = cls()
            cls._instance._pid = os.getpid()
        return cls._instance

    _pid = 0

    def _declare(self) -> None:
        lib = self.lib
        lib.espeak_Initialize.argtypes = [c_int, c_int, c_char_p, c_int]
        lib.espeak_SetSynthCallback.argtypes = [SynthCallback]
        lib.espeak_Synth.argtypes = [c_void_p, c_size_t, c_uint, c_int, c_uint, c_uint, POINTER(c_uint), c_void_p]
        lib.espeak_SetVoiceByName.argtypes = [c_char_p]
        lib.espeak_SetParameter.argtypes = [c_int, c_int, c_int]
        lib.espeak_ListVoices.argtypes = [c_void_p]
        lib.espeak_ListVoices.restype = POINTER(POINTER(Voice))
        lib.espeak_Info.argtypes = [POINTER(c_char_p)]
        lib.espeak_Info.restype = c_char_p
        lib.espeak_TextToPhonemes.argtypes = [POINTER(c_void_p), c_int, c_int]
        lib.espeak_TextToPhonemes.restype = c_char_p
        lib.espeak_SetPhonemeTrace.argtypes = [c_int, c_void_p]

    def _collect(self, wav, count, _events) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def version(self) -> str:
        return (self.lib.espeak_Info(None) or b"?").decode()

    def voices(self) -> list[tuple[str, str, list[str], int]]:
        """(identifier, name, languages, gender) of every installed voice."""
        listed = self.lib.espeak_ListVoices(None)
        out = []
        index = 0
        while listed[index]:
            voice = listed[index].contents
            out.append((voice.identifier.decode(), voice.name.decode(), _languages(voice.languages), voice.gender))
            index += 1
        return out

    def set_voice(self, name: str, rate: int | None, pitch: int | None) -> None:
        wanted = name.encode()
        if wanted != self._voice:
            if self.lib.espeak_SetVoiceByName(wanted) != EE_OK:
                self._voice = None
                raise ValueError(f"eSpeak NG has no voice '{name}'")
            self._voice = wanted
        # Setting a voice resets nothing we rely on, so set both every time: cheap and explicit.
        self.lib.espeak_SetParameter(RATE, rate or 175, 0)
        self.lib.espeak_SetParameter(PITCH, 50 if pitch is None else pitch, 0)
        self.lib.espeak_SetParameter(VOLUME, 100, 0)

    def synth(self, text: str, *, phonemes: bool) -> bytes:
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        # No ENDPAUSE: the trailing silence would only be synthesised to be trimmed off again.
        flags = CHARS_UTF8 | (PHONEMES if phonemes else 0)
        result = self.lib.espeak_Synth(data, len(data), 0, 1, 0, flags, None, None)
        if result != EE_OK:
            raise RuntimeError(f"espeak_Synth returned {result}")
        pcm, self._chunks = b"".join(self._chunks), []
        return pcm

    def text_to_phonemes(self, text: str) -> list[str]:
        """eSpeak's own phonemes for ``text`` (ASCII mnemonics), one list of phoneme names per clause."""
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = c_void_p(ctypes.addressof(buffer))
        mode = ord(PHONEME_SEPARATOR) << 8
        clauses = []
        while pointer.value:
            out = self.lib.espeak_TextToPhonemes(ctypes.byref(pointer), CHARS_UTF8, mode)
            clauses.append((out or b"").decode("utf-8"))
        return clauses

    def trace(self, text: str, *, phonemes: bool) -> str:
        """The phonemes eSpeak actually speaks for ``text`` (after its own allophone rules)."""
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.fopen.restype = c_void_p
        libc.fopen.argtypes = [c_char_p, c_char_p]
        libc.fclose.argtypes = [c_void_p]
        fd, path = tempfile.mkstemp(suffix=".txt")
        os.close(fd)
        stream = libc.fopen(path.encode(), b"w")
        try:
            self.lib.espeak_SetPhonemeTrace(1 | (ord(PHONEME_SEPARATOR) << 8), stream)
            self.synth(text, phonemes=phonemes)
            self.lib.espeak_SetPhonemeTrace(0, None)
            libc.fclose(stream)
            with open(path, encoding="utf-8") as handle:
                return " ".join(handle.read().split())
        finally:
            os.unlink(path)


def _languages(address: int | None) -> list[str]:
    """Decode eSpeak's packed language list: (priority byte, tag, NUL)* then a zero byte."""
    out: list[str] = []
    while address:
        if ctypes.string_at(address, 1) == b"\0":
            break
        tag = ctypes.string_at(address + 1)
        out.append(tag.decode("ascii", "replace"))
        address += len(tag) + 2
    return out
