"""Where a recording's sound comes from: the microphone, or a WAV file through the same interface.

A :class:`Source` is opened once per recording and read in short chunks of 16-bit mono PCM at
its own rate; the recorder (:mod:`.capture`) does not know which kind it reads, so a test that
feeds a file goes through the very loop a microphone does. The microphone is PortAudio through
``sounddevice``, imported here only when ``stagecast record`` opens it (40-80 ms on our
machine, most of it PortAudio scanning the devices): no other command pays for it.
"""

from __future__ import annotations

import queue
import wave
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import BackendError, UsageError

CHUNK_SECONDS = 0.05
"""How much sound one read gives: the recorder looks for Enter and silence this often."""
NO_MICROPHONE_HINT = ("connect a microphone (or choose one with --device), or record the line elsewhere and add it "
                      "with `stagecast takes add FILE --line ID`")


class Stream(Protocol):
    rate: int

    def read(self) -> bytes | None:
        """The next chunk of 16-bit mono PCM (``b""`` when none came within a short wait);
        ``None`` once the source has ended."""
        ...


class Source(Protocol):
    live: bool
    """A microphone: the performer ends a recording (Enter, or a silence); a file ends by itself."""
    name: str

    def check(self) -> None:
        """Raise the error a recording would meet (no device, no file) before the session starts."""
        ...

    def recording(self) -> AbstractContextManager[Stream]: ...


@dataclass
class _WavStream:
    wav: wave.Wave_read
    rate: int

    def read(self) -> bytes | None:
        data = self.wav.readframes(max(1, int(self.rate * CHUNK_SECONDS)))
        return data or None


@dataclass
class WavFile:
    """A WAV file (16-bit mono), read as a microphone is, as fast as it can be read: each
    recording is the file from its start, to its end or to a silence."""

    path: Path
    live: bool = False

    @property
    def name(self) -> str:
        return str(self.path)

    def check(self) -> None:
        # Only whether it is there: the file may be a pipe, which opening would start reading.
        if not self.path.exists():
            raise UsageError(f"{self.path}: no such file", hint="give --input a WAV file (16-bit mono)")

    @contextmanager
    def recording(self) -> Iterator[Stream]:
        try:
            wav = wave.open(str(self.path), "rb")
        except (OSError, wave.Error, EOFError) as exc:
            raise UsageError(f"{self.path}: cannot read it as a WAV file: {exc}",
                             hint="give --input a WAV file (16-bit mono)") from None
        with wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise UsageError(f"{self.path}: a recording is read as 16-bit mono; this file has "
                                 f"{wav.getnchannels()} channel(s) of {wav.getsampwidth() * 8}-bit samples",
                                 hint="convert it first, e.g. sox IN.wav -b 16 -c 1 OUT.wav")
            yield _WavStream(wav, wav.getframerate())


@dataclass
class _QueueStream:
    chunks: queue.Queue[bytes]
    rate: int

    def read(self) -> bytes | None:
        try:
            return self.chunks.get(timeout=CHUNK_SECONDS * 2)
        except queue.Empty:
            return b""


@dataclass
class Microphone:
    """The system's default input device, or ``device`` (a name or number as PortAudio lists it)."""

    device: str | None = None
    live: bool = True
    _info: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self._info.get("name", self.device or "the microphone"))

    def check(self) -> None:
        sd = _library()
        device: int | str | None = int(self.device) if self.device and self.device.isdigit() else self.device
        try:
            self._info = dict(sd.query_devices(device, "input"))
        except ValueError:  # no input device of that name or number
            names = [d["name"] for d in sd.query_devices() if d["max_input_channels"] > 0]
            raise UsageError(f"no microphone '{self.device}' on this machine; input devices: "
                             f"{', '.join(names) or 'none'}", hint="choose one with --device NAME") from None
        except sd.PortAudioError:  # PortAudio has no default input device
            raise BackendError("no microphone: this machine has no audio input device", hint=NO_MICROPHONE_HINT) \
                from None
        if self._info.get("max_input_channels", 0) < 1:
            raise BackendError(f"'{self.name}' cannot record: it has no input channels", hint=NO_MICROPHONE_HINT)

    @contextmanager
    def recording(self) -> Iterator[Stream]:
        sd = _library()
        if not self._info:
            self.check()
        # The device's own rate: PortAudio would refuse a rate some devices cannot do, and a
        # take keeps its rate (tracks resample every take anyway).
        rate = int(self._info.get("default_samplerate") or 48000)
        chunks: queue.Queue[bytes] = queue.Queue()

        def heard(data: Any, frames: int, time: Any, status: Any) -> None:  # PortAudio's thread
            chunks.put(bytes(data))

        try:
            stream = sd.RawInputStream(samplerate=rate, channels=1, dtype="int16", device=self._info.get("index"),
                                       blocksize=int(rate * CHUNK_SECONDS), callback=heard)
        except sd.PortAudioError as exc:
            raise BackendError(f"cannot record from '{self.name}': {exc}", hint=NO_MICROPHONE_HINT) from None
        with stream:
            yield _QueueStream(chunks, rate)


def _library() -> Any:
    try:
        import sounddevice  # type: ignore[import-untyped]
    except ImportError:
        raise BackendError("recording needs the sounddevice package, which is not installed",
                           hint="pip install sounddevice (it comes with stagecast: reinstall it)") from None
    except OSError:  # the package is there, the PortAudio library it loads is not
        raise BackendError("recording needs the PortAudio library, which is not installed",
                           hint="apt install libportaudio2 (Debian, Ubuntu), dnf install portaudio (Fedora)") \
            from None
    return sounddevice
