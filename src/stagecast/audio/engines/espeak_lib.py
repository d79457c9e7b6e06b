"""ctypes bindings for eSpeak NG: the library in the ``espeakng-loader`` wheel, else a system one.

Only what stagecast needs, declared from eSpeak NG's public header (speak_lib.h):
synchronous synthesis into a Python callback, voice listing and selection, rate/pitch,
text-to-phonemes and the phoneme trace.

Where the library comes from (:func:`installs`, tried in this order): the wheel, which brings
its own data folder, so no system package is needed; then a system eSpeak NG (Homebrew's in
/opt/homebrew/lib or /usr/local/lib, MacPorts', a Linux package's libespeak-ng.so.1, the Windows
installer's), started with the data folder it was built with. The wheel is not installed where
none is published for the platform (pyproject.toml's marker), and its macOS libraries need a
newer macOS than their wheel tags say (x86-64: 13.7, arm64: 14.0), so both cases happen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from ctypes import CFUNCTYPE, POINTER, Structure, Union, c_char_p, c_int, c_short, c_size_t, c_ubyte, c_uint, c_void_p
from dataclasses import dataclass
from pathlib import Path

AUDIO_OUTPUT_SYNCHRONOUS = 2
CHARS_UTF8 = 1
PHONEMES = 0x100
"""Allow ``[[...]]`` phoneme input inside the text."""
ENDPAUSE = 0x1000
RATE, VOLUME, PITCH = 1, 2, 3
SPEAKING_VOLUME = 75
"""eSpeak NG's amplitude (0–200, linear; 100 is its default). At 75 its clips centre on −23 LUFS,
the level every clip is brought to (:mod:`..loudness`), so those already within its deadband skip
the gain pass (32 of the sample's 118; at 100 almost every clip needed it), the largest cost of
evening loudness on the fast engine."""
PHONEME_SEPARATOR = "|"
PHONEMES_IPA = 0x02
"""espeak_TextToPhonemes' phoneme mode bit for IPA (UTF-8) instead of eSpeak's ASCII names."""
EE_OK = 0
INITIALIZE_DONT_EXIT = 0x8000
"""Without it, espeak_Initialize calls exit(1) when it cannot read its data: the whole process would go."""
WHEEL = "the espeakng-loader wheel"

SYSTEM_PLACES = {
    "darwin": ("/opt/homebrew/lib/libespeak-ng.1.dylib", "/usr/local/lib/libespeak-ng.1.dylib",
               "/opt/local/lib/libespeak-ng.1.dylib"),
    "win32": (r"C:\Program Files\eSpeak NG\libespeak-ng.dll", r"C:\Program Files (x86)\eSpeak NG\libespeak-ng.dll"),
}
"""Where eSpeak NG's own installers put the library: Homebrew (Apple silicon, Intel), MacPorts, Windows."""
_LINUX_DIRS = ("/usr/lib/{multiarch}", "/lib/{multiarch}", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/lib64", "/lib")


@dataclass(frozen=True)
class EspeakInstall:
    """One eSpeak NG library that may be started."""

    library: str
    """A file, or a name the system's loader resolves (``libespeak-ng.so.1``)."""
    data: str | None
    """Its ``espeak-ng-data`` folder: given to the library when it is the wheel's; a system
    library is started with the folder it was built with (None), found here only for identity."""
    where: str
    """For messages: the wheel, or the library's path."""


def installs() -> Iterator[EspeakInstall]:
    """Every eSpeak NG that may be started, the wheel's first."""
    wheel = _wheel()
    if wheel is not None:
        yield wheel
    for library in _system_libraries(ask_the_loader=wheel is None):
        yield EspeakInstall(library, _system_data(library), library)


def _wheel() -> EspeakInstall | None:
    try:
        import espeakng_loader  # lazy: only when audio is made
    except ImportError:
        return None  # no wheel for this platform (pyproject.toml), or uninstalled
    try:
        return EspeakInstall(espeakng_loader.get_library_path(), espeakng_loader.get_data_path(), WHEEL)
    except (RuntimeError, OSError):  # its data folder is missing: a damaged install
        return None


def _system_libraries(ask_the_loader: bool) -> list[str]:
    """System libraries in the usual places; ``ask_the_loader``: when there are none, also
    where ctypes.util.find_library finds one (on Linux it runs ldconfig and gcc: 5–60 ms
    measured, too slow for identity(), asked on every run, while the wheel is there)."""
    found = [p for p in SYSTEM_PLACES.get(sys.platform, ()) if os.path.isfile(p)]
    if sys.platform.startswith("linux"):
        multiarch = getattr(sys.implementation, "_multiarch", "") or ""
        folders = [*os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep),
                   *(d.format(multiarch=multiarch) for d in _LINUX_DIRS if multiarch or "{" not in d)]
        found += [str(Path(d, "libespeak-ng.so.1")) for d in folders if d and Path(d, "libespeak-ng.so.1").is_file()]
    if not found and ask_the_loader:
        name = ctypes.util.find_library("espeak-ng")
        if name:
            found.append(name)
    return list(dict.fromkeys(found))


def _system_data(library: str) -> str | None:
    """The data folder a system library was most likely built with (for identity only)."""
    if os.environ.get("ESPEAK_DATA_PATH"):
        return os.environ["ESPEAK_DATA_PATH"]
    folder = Path(library).parent
    for candidate in (folder / "espeak-ng-data", folder.parent / "share" / "espeak-ng-data",
                      Path("/usr/share/espeak-ng-data"), Path("/usr/local/share/espeak-ng-data")):
        if (candidate / "phontab").is_file():
            return str(candidate)
    return None


def install_hint() -> str:
    """What to install for eSpeak NG on this machine."""
    if sys.platform == "darwin":
        return "install eSpeak NG with Homebrew (brew install espeak-ng), or use macOS's own voices: --engine pyttsx3"
    if sys.platform == "win32":
        return ("install eSpeak NG (its .msi from github.com/espeak-ng/espeak-ng/releases) or, with 64-bit Python, "
                "pip install espeakng-loader; or use Windows' own voices: --engine pyttsx3")
    return ("install your system's eSpeak NG: apt install espeak-ng (Debian, Ubuntu, Raspberry Pi OS), "
            "dnf install espeak-ng, apk add espeak-ng; or pip install espeakng-loader where it has a wheel")


class EspeakMissing(OSError):
    """No eSpeak NG library could be started; says what was tried."""

    def __init__(self, tried: list[str]):
        machine = f"{platform.system() or sys.platform} {platform.machine()}".strip()
        if not tried:
            what = ("eSpeak NG was not found: no espeakng-loader wheel is installed (pip installs it on Linux "
                    f"x86-64 and aarch64, macOS and 64-bit Windows; this is {machine}) and no system eSpeak NG "
                    "library (libespeak-ng) is there")
        else:
            what = "eSpeak NG could not be started: " + "; ".join(tried)
        super().__init__(what)


def find_install() -> EspeakInstall | None:
    """The first eSpeak NG that may be started, without starting it (None: there is none)."""
    return next(installs(), None)


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
        tried: list[str] = []
        for install in installs():
            problem = self._start(install)
            if problem is None:
                break
            tried.append(f"{install.where}: {problem}")
        else:
            raise EspeakMissing(tried)
        self.install = install
        self._chunks: list[bytes] = []
        self._callback = SynthCallback(self._collect)  # kept referenced: the library holds a raw pointer
        self.lib.espeak_SetSynthCallback(self._callback)
        self._voice: bytes | None = None

    def _start(self, install: EspeakInstall) -> str | None:
        """Load and initialise ``install``; what went wrong, or None."""
        try:
            self.lib = ctypes.CDLL(install.library)
        except OSError as exc:  # not there, another architecture, or built for a newer macOS
            return f"cannot be loaded ({exc})"
        self._declare()
        data = install.data.encode() if install.data else None
        # 500 ms buffers: 7× fewer Python callbacks than the 60 ms default (measured ~3% faster).
        self.rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, data, INITIALIZE_DONT_EXIT)
        used = ctypes.c_char_p()
        self.lib.espeak_Info(ctypes.byref(used))
        self.data_path = (used.value or b"").decode(errors="replace") or (install.data or "")
        if self.rate <= 0 or not os.path.isfile(os.path.join(self.data_path, "phontab")):
            return f"its voice data is missing (looked in {self.data_path or 'its built-in folder'})"
        return None

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
        self.lib.espeak_SetParameter(VOLUME, SPEAKING_VOLUME, 0)

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

    def text_to_phonemes(self, text: str, *, ipa: bool = False) -> list[str]:
        """eSpeak's own phonemes for ``text`` (ASCII mnemonics, or IPA), one list of phoneme names per clause."""
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = c_void_p(ctypes.addressof(buffer))
        mode = ord(PHONEME_SEPARATOR) << 8 | (PHONEMES_IPA if ipa else 0)
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
