"""MP3 and OGG through ffmpeg, fed the track's PCM on a pipe (no temporary WAV).

ffmpeg is a system ``ffmpeg`` on PATH when there is one, else the binary of the
``imageio-ffmpeg`` wheel (a dependency, so no system package is needed). The system one
comes first because the wheel's recent build was measured spending ~40% more CPU (thread
hand-offs per MP3 frame). MP3 tracks are made in :mod:`.mp3`; OGG here, in one pass.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BackendError
from .pcm import RATE
from .timing import Chapter

CODECS = {
    # 64 kbit/s mono is plenty for speech; LAME's fastest search (-compression_level 9) halves the time
    # at no audible cost here (research/perf-anchors.md). The MP3 entry is the one-pass equivalent of
    # .mp3.SEGMENT_ARGS (the benchmark's plain-ffmpeg baseline).
    "mp3": ["-c:a", "libmp3lame", "-b:a", "64k", "-compression_level", "9", "-id3v2_version", "3"],
    # Opus rather than Vorbis: good at speech, and ffmpeg's Ogg muxer writes the title and our
    # CHAPTERnnn comments for it (not chapters for Vorbis; checked with ffmpeg 5.1). At 24 kHz
    # (Opus's rate nearest ours) and complexity 5 it encodes as fast as Vorbis did; the "voip"
    # profile and the default complexity 10 were 3-5x slower for no audible gain here.
    "ogg": ["-c:a", "libopus", "-b:a", "40k", "-ar", "24000", "-compression_level", "5"],
}


def ffmpeg_path() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        pass
    raise BackendError("ffmpeg is needed for MP3 and OGG and was not found",
                       hint="pip install imageio-ffmpeg (a stagecast dependency), install ffmpeg, "
                            "or use --format wav")


def _escape(value: str) -> str:
    value = " ".join(value.splitlines())  # a title is one line; a carriage return would end it
    for ch in "\\=;#":
        value = value.replace(ch, "\\" + ch)
    return value


def metadata_text(title: str, chapters: list[Chapter]) -> str:
    """ffmpeg's metadata file for an Ogg file: the title, and the chapters written as the
    ``CHAPTERnnn``/``CHAPTERnnnNAME`` comments players read. Given as chapters instead, ffmpeg 5.1
    rounds each start to whole seconds before adding its milliseconds: up to 1 s late."""
    lines = [";FFMETADATA1", f"title={_escape(title)}"]
    for number, chapter in enumerate(chapters):
        lines += [f"CHAPTER{number:03d}={_clock(chapter.start_ms)}", f"CHAPTER{number:03d}NAME={_escape(chapter.title)}"]
    return "\n".join(lines) + "\n"


def _clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class Encoder:
    """``with Encoder(path, fmt, title, chapters) as enc: enc.write(pcm)`` — raises BackendError on failure."""

    def __init__(self, path: Path, fmt: str, title: str, chapters: list[Chapter]):
        self.path, self.fmt = path, fmt
        self._meta = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
        self._meta.write(metadata_text(title, chapters))
        self._meta.close()
        command = [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                   "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0",
                   "-f", "ffmetadata", "-i", self._meta.name, "-map", "0:a", "-map_metadata", "1",
                   *CODECS[fmt], "-f", fmt, str(path)]
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
            _widen_pipe(self._process.stdin)
        except OSError as exc:
            Path(self._meta.name).unlink(missing_ok=True)
            raise BackendError(f"ffmpeg could not start: {exc}", hint="use --format wav") from exc

    def fileno(self) -> int:
        """The encoder's stdin, for :class:`.assemble.PipeSink`."""
        return self._process.stdin.fileno()  # type: ignore[union-attr]

    def write(self, pcm: bytes) -> None:
        try:
            self._process.stdin.write(pcm)  # type: ignore[union-attr]
        except BrokenPipeError:
            pass  # ffmpeg stopped; close() reports why

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, kind, _value, _tb) -> None:
        try:
            if kind is not None:
                self._process.kill()
                self._process.wait()
                return
            self.close()
        finally:
            Path(self._meta.name).unlink(missing_ok=True)

    def close(self) -> None:
        try:
            self._process.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        errors = self._process.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
        if self._process.wait() != 0:
            raise BackendError(f"ffmpeg failed to write {self.fmt.upper()}: {errors.strip()[-400:]}",
                               hint="use --format wav")


def _widen_pipe(pipe) -> None:
    """A 1 MB pipe instead of 64 KB: far fewer context switches while streaming 400 MB (Linux only)."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def decode_to_pcm(path: Path) -> bytes:
    """Any audio file ffmpeg can read → the track's PCM format."""
    result = subprocess.run([ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-nostdin", "-i", str(path),
                             "-f", "s16le", "-ar", str(RATE), "-ac", "1", "pipe:1"], capture_output=True)
    if result.returncode != 0:
        said = result.stderr.decode(errors="replace").strip().splitlines() or ["ffmpeg could not read it"]
        raise UnreadableAudio(said[-1].replace(f"{path}: ", "")[-300:])
    return result.stdout


class UnreadableAudio(ValueError):
    """ffmpeg could not decode a file (it is damaged, or not audio); the message is ffmpeg's last word."""
