"""pyttsx3: the portable engine (SAPI5 on Windows, NSSpeechSynthesizer on macOS, eSpeak NG on Linux).

Its quirks, measured here (research/perf-anchors.md), are handled:

- one ``save_to_file`` per ``runAndWait`` (queued calls wrote only the last file), and we
  wait for the ``finished-utterance`` notification, not just for ``runAndWait`` to return;
- never a long text: stagecast gives it one speech at a time (the whole play segfaulted);
- it wrote empty WAVs under load with no error, so every clip is length-checked by the
  worker before it is cached (and retried once);
- on Linux its eSpeak driver looks for a system ``libespeak-ng.so.1``; we first load the
  one from the ``espeakng-loader`` wheel under that name and point it at the wheel's data,
  so no system package is needed (without the wheel, the driver finds a system one itself).

It cannot take phoneme input through pyttsx3's API, so marked stress is not heard with
this engine (the marks are dropped and a note says so).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
import wave
from pathlib import Path

from ..stress import MarkedWord, split_marked
from .base import Clip, EngineError, EngineVoice, Utterance, VoiceInfo

_FINISH_WAIT_S = 30.0


def _prepare_linux_espeak() -> None:
    """Make pyttsx3's eSpeak driver find the wheel's library and data instead of a system install."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    from .espeak_lib import WHEEL, find_install

    wheel = find_install()
    if wheel is None or wheel.where != WHEEL or wheel.data is None:
        return  # no wheel here: pyttsx3 looks for the system's libespeak-ng.so.1 (or libespeak.so.1) itself
    ctypes.CDLL(wheel.library, mode=ctypes.RTLD_GLOBAL)  # dlopen("libespeak-ng.so.1") finds it
    os.environ.setdefault("ESPEAK_DATA_PATH", wheel.data)


class Pyttsx3Engine:
    name = "pyttsx3"

    def __init__(self) -> None:
        self._engine = None
        self._pid = 0
        self._info: tuple[str, list[VoiceInfo]] | None = None

    def __getstate__(self) -> dict:
        return {"info": self._info}  # a live pyttsx3 engine never crosses processes

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        self._info = state["info"]

    def _tts(self):
        if self._engine is None or self._pid != os.getpid():
            try:
                _prepare_linux_espeak()
                import pyttsx3

                with contextlib.redirect_stdout(io.StringIO()):
                    self._engine = pyttsx3.init()
            except Exception as exc:  # pyttsx3 raises bare RuntimeError/OSError/ImportError from its drivers
                raise EngineError(f"pyttsx3 could not start: {exc}") from exc
            self._pid = os.getpid()
            self._finished: list[bool] = []
            self._engine.connect("finished-utterance", lambda name, completed: self._finished.append(completed))
        return self._engine

    # pyttsx3's eSpeak driver starts a synthesis thread, which a forked worker would not inherit:
    # the parent process must never start pyttsx3, so questions about it are asked in a child.
    def version(self) -> str:
        if self._info is None:
            self._info = _ask_child()
        return self._info[0]

    def list_voices(self) -> list[VoiceInfo]:
        if self._info is None:
            self._info = _ask_child()
        return self._info[1]

    def _describe(self) -> tuple[str, list[VoiceInfo]]:
        from importlib.metadata import version

        tts = self._tts()
        driver = type(tts.proxy._driver).__module__.rsplit(".", 1)[-1] if hasattr(tts, "proxy") else "?"
        voices = []
        for voice in tts.getProperty("voices"):
            languages = tuple(_lang(x) for x in (voice.languages or []) if _lang(x))
            voices.append(VoiceInfo(str(voice.id), str(voice.name or voice.id), languages,
                                    (voice.gender or "").lower() or None))
        info = f"pyttsx3 {version('pyttsx3')} {driver}"
        if sys.platform.startswith("linux"):
            from .espeak_lib import EspeakLibrary

            try:
                info += f" espeak-ng {EspeakLibrary.get().version()}"
            except OSError:
                info += " espeak"  # an old eSpeak its driver found, which our bindings do not start
        return info, voices

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        tts = self._tts()
        notes = tuple(f"stress mark on '{p.word}' not heard: pyttsx3 cannot take phoneme input"
                      for p in split_marked(utterance.text) if isinstance(p, MarkedWord))
        fd, path = tempfile.mkstemp(suffix=".wav")
        os.close(fd)
        try:
            tts.setProperty("voice", self._voice_id(tts, voice))
            tts.setProperty("rate", voice.rate or 175)
            tts.setProperty("volume", 1.0)
            self._finished.clear()
            # Its eSpeak driver prints "Audio saved to …", possibly after runAndWait() has returned.
            with contextlib.redirect_stdout(io.StringIO()):
                tts.save_to_file(utterance.plain, path)
                tts.runAndWait()
                self._wait_finished()
            return Clip(*_read_wav(Path(path)), notes=notes)
        finally:
            Path(path).unlink(missing_ok=True)

    @staticmethod
    def _voice_id(tts, voice: EngineVoice) -> str:
        """On Linux pyttsx3 speaks through eSpeak NG, which takes a variant after ``+``."""
        driver = type(tts.proxy._driver).__module__ if hasattr(tts, "proxy") else ""
        if voice.variant and driver.endswith(".espeak"):
            from .espeak import VARIANTS

            return f"{voice.id}+{VARIANTS.get(voice.variant, voice.variant)}"
        return voice.id

    def _wait_finished(self) -> None:
        deadline = time.monotonic() + _FINISH_WAIT_S
        while not self._finished and time.monotonic() < deadline:
            time.sleep(0.005)
        if not self._finished:
            raise EngineError("pyttsx3 never reported the end of the utterance")


def _describe_into(conn) -> None:
    try:
        conn.send(Pyttsx3Engine()._describe())
    except Exception as exc:  # reported in the parent as "cannot start"
        conn.send(EngineError(str(exc)))


def _ask_child() -> tuple[str, list[VoiceInfo]]:
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_describe_into, args=(child,), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(_FINISH_WAIT_S):
            raise EngineError("pyttsx3 did not start within 30 s")
        answer = parent.recv()
    except EOFError:
        raise EngineError(f"pyttsx3 crashed while starting (exit code {process.exitcode})") from None
    finally:
        process.kill()
        process.join()
    if isinstance(answer, Exception):
        raise answer
    return answer


def _read_wav(path: Path) -> tuple[bytes, int]:
    from ..pcm import standardise

    try:
        with wave.open(str(path), "rb") as wav:
            pcm = wav.readframes(wav.getnframes())
            return standardise(pcm, wav.getframerate(), wav.getnchannels(), wav.getsampwidth()), 22050
    except (wave.Error, EOFError) as exc:
        raise EngineError(f"pyttsx3 wrote an unreadable WAV: {exc}") from exc


def _lang(raw) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "ignore")
    return str(raw).strip("\x00\x01\x02\x03\x04\x05 ").lower().replace("_", "-")
