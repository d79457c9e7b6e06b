"""ctypes bindings for RHVoice's C API (``libRHVoice.so.5``), declared from its public header RHVoice.h (1.8).

Only what stagecast needs: start one engine per process, list its voices, and synthesise one
message synchronously into a Python callback (``RHVoice_speak`` returns when the audio is all
delivered), so a line costs a library call, never a subprocess.

Where the library comes from (:func:`find_install`): ``STAGECAST_RHVOICE_LIBRARY`` (a file), else
where distributions put it (Debian's ``librhvoice5``: /usr/lib/<multiarch>/libRHVoice.so.5; a
build from source: /usr/local/lib). Its voice data is ``STAGECAST_RHVOICE_DATA``, else the
``share/RHVoice`` beside the library's prefix; its configuration /etc/RHVoice (or the prefix's).
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int, c_short, c_uint, c_void_p
from dataclasses import dataclass
from pathlib import Path

LIBRARY_ENV = "STAGECAST_RHVOICE_LIBRARY"
DATA_ENV = "STAGECAST_RHVOICE_DATA"
MESSAGE_TEXT = 0
"""RHVoice_message_text: plain UTF-8 (never SSML, so a '<' in a speech is only a character)."""
_GENDERS = {1: "male", 2: "female"}
_NAMES = {"linux": ("libRHVoice.so.5",), "darwin": ("libRHVoice.dylib",), "win32": ("RHVoice.dll",)}
_LINUX_DIRS = ("/usr/lib/{multiarch}", "/lib/{multiarch}", "/usr/lib64", "/usr/lib", "/usr/local/lib")
_OTHER_DIRS = ("/opt/homebrew/lib", "/usr/local/lib", r"C:\Program Files\RHVoice\lib")


@dataclass(frozen=True)
class RHVoiceInstall:
    library: str
    data: str
    config: str


def install_hint() -> str:
    """What to install for RHVoice on this machine."""
    if sys.platform == "win32":
        return ("RHVoice's Windows installers add SAPI voices: install the voices from rhvoice.org and use "
                f"--engine pyttsx3, or set {LIBRARY_ENV} to an RHVoice.dll")
    if sys.platform == "darwin":
        return f"build RHVoice from source (github.com/RHVoice/RHVoice) and set {LIBRARY_ENV} to its libRHVoice.dylib"
    return ("install RHVoice's library and voices: apt install librhvoice5 rhvoice-russian rhvoice-english "
            "(Debian: in the non-free component; Ubuntu: multiverse); or set "
            f"{LIBRARY_ENV} to a libRHVoice.so.5")


def _library_paths(library: str | None = None) -> list[str]:
    """The environment variable's library, else voices.yaml's (``library``), else the system's."""
    given = os.environ.get(LIBRARY_ENV) or library
    if given:
        return [given]  # named explicitly: only that one, so a wrong path is reported, not bypassed
    platform_key = "linux" if sys.platform.startswith("linux") else sys.platform
    names = _NAMES.get(platform_key, ())
    if platform_key == "linux":
        multiarch = getattr(sys.implementation, "_multiarch", "") or ""
        folders = [*os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep),
                   *(d.format(multiarch=multiarch) for d in _LINUX_DIRS if multiarch or "{" not in d)]
    else:
        folders = list(_OTHER_DIRS)
    return list(dict.fromkeys(str(Path(d, n)) for d in folders if d for n in names if Path(d, n).is_file()))


def find_install(library: str | None = None, data_folder: str | None = None) -> RHVoiceInstall | None:
    """The RHVoice library and its data and config folders, without loading it (None: not found);
    ``library``, ``data_folder``: voices.yaml's ``rhvoice:`` paths (the environment variables win)."""
    libraries = _library_paths(library) if library else _library_paths()
    if not libraries:
        return None
    library = Path(libraries[0])
    prefixes = [p for p in (library.parent.parent, library.parent.parent.parent, Path("/usr"), Path("/usr/local"))]
    data = os.environ.get(DATA_ENV) or data_folder or next(
        (str(p / "share" / "RHVoice") for p in prefixes if (p / "share" / "RHVoice").is_dir()),
        str(prefixes[0] / "share" / "RHVoice"))
    config = next((str(p) for p in (Path("/etc/RHVoice"), *(q / "etc" / "RHVoice" for q in prefixes)) if p.is_dir()),
                  "")
    return RHVoiceInstall(str(library), data, config)


class RHVoiceMissing(OSError):
    pass


SampleRateCallback = CFUNCTYPE(c_int, c_int, c_void_p)
SpeechCallback = CFUNCTYPE(c_int, POINTER(c_short), c_uint, c_void_p)


class Callbacks(Structure):
    # Unused optional callbacks must be NULL (the header says so): plain pointers left at 0.
    _fields_ = [("set_sample_rate", SampleRateCallback), ("play_speech", SpeechCallback),
                ("process_mark", c_void_p), ("word_starts", c_void_p), ("word_ends", c_void_p),
                ("sentence_starts", c_void_p), ("sentence_ends", c_void_p), ("play_audio", c_void_p),
                ("done", c_void_p)]


class InitParams(Structure):
    _fields_ = [("data_path", c_char_p), ("config_path", c_char_p), ("resource_paths", POINTER(c_char_p)),
                ("callbacks", Callbacks), ("options", c_uint)]


class VoiceInfoStruct(Structure):
    _fields_ = [("language", c_char_p), ("name", c_char_p), ("gender", c_int), ("country", c_char_p)]


class SynthParams(Structure):
    _fields_ = [("voice_profile", c_char_p), ("absolute_rate", c_double), ("absolute_pitch", c_double),
                ("absolute_volume", c_double), ("relative_rate", c_double), ("relative_pitch", c_double),
                ("relative_volume", c_double), ("punctuation_mode", c_int), ("punctuation_list", c_char_p),
                ("capitals_mode", c_int), ("flags", c_int)]


class RHVoiceLibrary:
    """One process's RHVoice engine, started once (a worker process starts its own)."""

    _instance: RHVoiceLibrary | None = None
    _pid = 0

    def __init__(self, library: str | None = None, data: str | None = None) -> None:
        install = find_install(library, data)
        if install is None:
            raise RHVoiceMissing("RHVoice was not found: no libRHVoice.so.5 in the system's library folders"
                                 if sys.platform.startswith("linux") else "RHVoice was not found")
        if (os.environ.get(LIBRARY_ENV) or library) and not os.path.isfile(install.library):
            named = LIBRARY_ENV if os.environ.get(LIBRARY_ENV) else "voices.yaml's rhvoice: library:"
            raise RHVoiceMissing(f"{named} names {install.library}, which is not a file")
        try:
            self.lib = ctypes.CDLL(install.library)
        except OSError as exc:
            raise RHVoiceMissing(f"RHVoice could not be loaded from {install.library}: {exc}") from exc
        self.install = install
        self._declare()
        self.rate = 0
        self._chunks: list[bytes] = []
        # Kept referenced: the library holds raw pointers to them for the engine's life.
        self._rate_callback = SampleRateCallback(self._set_rate)
        self._speech_callback = SpeechCallback(self._collect)
        self._params = InitParams(install.data.encode(), install.config.encode(), None,
                                  Callbacks(self._rate_callback, self._speech_callback), 0)
        self.engine = self.lib.RHVoice_new_tts_engine(ctypes.byref(self._params))
        if not self.engine:
            raise RHVoiceMissing(f"RHVoice could not start with its data in {install.data}")

    _where: tuple[str | None, str | None] = (None, None)

    @classmethod
    def get(cls, library: str | None = None, data: str | None = None) -> RHVoiceLibrary:
        """This process's engine; started again only if voices.yaml points elsewhere than last time."""
        if cls._instance is None or cls._instance._pid != os.getpid() or cls._instance._where != (library, data):
            cls._instance = cls(library, data)
            cls._instance._pid = os.getpid()
            cls._instance._where = (library, data)
        return cls._instance

    def _declare(self) -> None:
        lib = self.lib
        lib.RHVoice_get_version.restype = c_char_p
        lib.RHVoice_get_version.argtypes = []
        lib.RHVoice_new_tts_engine.restype = c_void_p
        lib.RHVoice_new_tts_engine.argtypes = [POINTER(InitParams)]
        lib.RHVoice_get_number_of_voices.restype = c_uint
        lib.RHVoice_get_number_of_voices.argtypes = [c_void_p]
        lib.RHVoice_get_voices.restype = POINTER(VoiceInfoStruct)
        lib.RHVoice_get_voices.argtypes = [c_void_p]
        lib.RHVoice_new_message.restype = c_void_p
        lib.RHVoice_new_message.argtypes = [c_void_p, c_char_p, c_uint, c_int, POINTER(SynthParams), c_void_p]
        lib.RHVoice_speak.restype = c_int
        lib.RHVoice_speak.argtypes = [c_void_p]
        lib.RHVoice_delete_message.restype = None
        lib.RHVoice_delete_message.argtypes = [c_void_p]

    def _set_rate(self, rate: int, _user: object) -> int:
        self.rate = rate
        return 1

    def _collect(self, samples, count: int, _user: object) -> int:
        if count:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 1  # 0 would stop the synthesis

    def version(self) -> str:
        return (self.lib.RHVoice_get_version() or b"?").decode()

    def voices(self) -> list[tuple[str, str, str, str | None]]:
        """(name as RHVoice spells it, language, country, gender) of every installed voice."""
        count = self.lib.RHVoice_get_number_of_voices(self.engine)
        listed = self.lib.RHVoice_get_voices(self.engine)
        out = []
        for index in range(count):
            voice = listed[index]
            out.append(((voice.name or b"").decode(), (voice.language or b"").decode(),
                        (voice.country or b"").decode(), _GENDERS.get(voice.gender)))
        return out

    def speak(self, text: str, profile: str, rate: float, pitch: float) -> bytes:
        """16-bit PCM at :attr:`rate` Hz. ``rate`` is relative (1.0 normal), ``pitch`` absolute in [-1, 1]."""
        params = SynthParams(profile.encode(), 0.0, pitch, 0.0, rate, 1.0, 1.0, 0, None, 0, 0)
        data = text.encode("utf-8")
        self._chunks = []
        message = self.lib.RHVoice_new_message(self.engine, data, len(data), MESSAGE_TEXT, ctypes.byref(params), None)
        if not message:
            raise RuntimeError(f"RHVoice refused the text for voice '{profile}'")
        try:
            if not self.lib.RHVoice_speak(message):
                raise RuntimeError(f"RHVoice failed to speak with voice '{profile}'")
        finally:
            self.lib.RHVoice_delete_message(message)
        pcm, self._chunks = b"".join(self._chunks), []
        return pcm
