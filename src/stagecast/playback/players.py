"""Finding something that can play a WAV file on this machine, at run time.

Command-line players cannot pause or seek, so callers play short segments (one timeline
item at a time) and stop a segment by ending its process: pause, skip and back then work
with any player.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError

# name -> arguments before the file; tried in this order where the platform has them
COMMANDS: dict[str, list[str]] = {
    "pw-play": ["pw-play"],
    "paplay": ["paplay"],
    "aplay": ["aplay", "-q"],
    "afplay": ["afplay"],
    "ffplay": ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"],
}
LIBRARIES = ("simpleaudio", "winsound")


@dataclass
class Player:
    """Plays one WAV file at a time; :meth:`start` returns at once, :meth:`stop` cuts it short."""

    name: str
    argv: list[str] | None = None
    _process: subprocess.Popen[bytes] | None = None
    _handle: object | None = None

    def start(self, wav: Path) -> None:
        self.stop()
        if self.argv is not None:
            self._process = subprocess.Popen([*self.argv, str(wav)], stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elif self.name == "simpleaudio":
            import simpleaudio  # type: ignore[import-not-found]

            self._handle = simpleaudio.WaveObject.from_wave_file(str(wav)).play()
        elif self.name == "winsound":  # pragma: no cover - Windows only
            import winsound  # type: ignore[import-not-found]

            winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_ASYNC)

    def busy(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        if self._handle is not None:
            return bool(self._handle.is_playing())  # type: ignore[attr-defined]
        return False

    def wait(self) -> None:
        if self._process is not None:
            self._process.wait()
        elif self._handle is not None:
            self._handle.wait_done()  # type: ignore[attr-defined]

    def play(self, wav: Path) -> None:
        """Play to the end (blocking)."""
        self.start(wav)
        self.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait()
        if self._handle is not None:
            self._handle.stop()  # type: ignore[attr-defined]
        self._process = self._handle = None


def has_audio_device() -> bool:
    """Whether this machine seems to have somewhere to send sound (servers and CI do not)."""
    if sys.platform in ("win32", "darwin"):
        return True
    runtime = Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"))
    sockets = [runtime / "pulse" / "native", runtime / "pipewire-0"]
    return Path("/dev/snd").is_dir() or bool(os.environ.get("PULSE_SERVER")) or any(p.exists() for p in sockets)


def available() -> list[str]:
    """Players installed here, best first."""
    found = [name for name in COMMANDS if shutil.which(COMMANDS[name][0])]
    found += [name for name in LIBRARIES if importlib.util.find_spec(name) is not None]
    return found


def detect(preferred: str | None = None) -> Player | None:
    """The player to use: ``preferred`` if given (trusted as is), else the best one found
    when the machine has an audio device; ``None`` means text-only mode."""
    if preferred:
        return _player(preferred)
    if not has_audio_device():
        return None
    names = available()
    return _player(names[0]) if names else None


def _player(name: str) -> Player:
    command = COMMANDS[name][0] if name in COMMANDS else name
    if (importlib.util.find_spec(name) is None) if name in LIBRARIES else shutil.which(command) is None:
        # asked for by name: said now, not as "with sound through …" and then silence or a failure mid-scene
        found = available()
        raise BackendError(f"audio player '{name}' not found",
                           hint=(f"players found here: {', '.join(found)}; " if found else "")
                           + "or --no-sound for text only")
    if name in LIBRARIES:
        return Player(name)
    if name in COMMANDS:
        return Player(name, [shutil.which(COMMANDS[name][0]) or COMMANDS[name][0], *COMMANDS[name][1:]])
    return Player(Path(name).name, [name])
