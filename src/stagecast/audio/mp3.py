"""MP3 tracks from per-scene MP3 segments: encoded in parallel, cached, joined frame by frame.

Encoding is the slowest step of an MP3 track (research/perf-anchors.md: about five times
the whole synthesis for one long file). So each section (scene) is encoded on its own —
in parallel, one ffmpeg per core — and cached by the section's content key. A track is
then an ID3 tag (title, one ``CHAP`` chapter per section) followed by the segments' frames.
Editing one line re-encodes one scene; a rehearsal track shares every scene in which the
performer does not speak with the read-through, so those are never encoded twice.

Joining works because each segment is a complete MP3 stream (its first frame does not
borrow from the one before) and starts and ends in silence. Segments carry no LAME/Xing
header, so every decoder plays every sample, including the encoder's delay at the start of
each segment. So the encoder is given the section *without* its first ``delay`` samples and
its last :data:`TAIL_CUT` (both inside the section's lead and tail silence): the delay takes
the place of the samples left out, and a section that is a whole number of frames long
(:data:`.timing.FRAME_ALIGN`) then decodes to exactly its own length, aligned to the sample
(measured: within 0.5 ms). The MP3's timeline is therefore the WAV's. The timeline is still
computed from each segment's real frame count, so an encoder that framed differently would
shift it, not break it.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError
from ..files.atomic import discard, temp_path, write_text
from .assemble import PipeSink, write_segments
from .cache import ClipCache
from .encode import ffmpeg_path
from .pcm import RATE
from .timing import SectionLayout

SAMPLES_PER_FRAME = 576
"""MPEG-2 Layer III at 22,050 Hz."""
TAIL_CUT = 288
"""Samples left off each section's end: with LAME, 50–576 make it end exactly on a frame."""
SEGMENT_ARGS = ["-c:a", "libmp3lame", "-b:a", "64k", "-compression_level", "9", "-write_xing", "0",
                "-id3v2_version", "0", "-f", "mp3"]
_BITRATES = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)


@dataclass(frozen=True)
class Segment:
    path: Path
    frames: int

    @property
    def samples(self) -> int:
        return self.frames * SAMPLES_PER_FRAME


def _ffmpeg_identity(ffmpeg: str) -> str:
    stat = os.stat(ffmpeg)
    return f"{Path(ffmpeg).name}:{stat.st_size}"


class SegmentStore:
    """Cached MP3 segments under ``<cache>/mp3/``, keyed by section content, codec and ffmpeg build."""

    def __init__(self, cache: ClipCache):
        self.ffmpeg = ffmpeg_path()
        self.identity = _ffmpeg_identity(self.ffmpeg)
        self.folder = cache.root / "mp3"
        self.cache = cache
        self._delay: int | None = None

    def key(self, layout: SectionLayout) -> str:
        data = json.dumps([layout.key, SEGMENT_ARGS, self.identity, self.encoder_delay(), TAIL_CUT])
        return hashlib.sha256(data.encode()).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".mp3"), base.with_suffix(".json")

    def cached(self, layout: SectionLayout) -> Segment | None:
        audio, meta = self._paths(self.key(layout))
        try:
            info = json.loads(meta.read_text())
            if audio.stat().st_size != info["bytes"]:
                return None
        except (OSError, ValueError, KeyError):
            return None
        return Segment(audio, info["frames"])

    def encode(self, layout: SectionLayout) -> Segment:
        """Encode one section (ffmpeg reading its PCM from a pipe) and cache it."""
        audio, meta = self._paths(self.key(layout))
        audio.parent.mkdir(parents=True, exist_ok=True)
        self.cache.temp.mkdir(parents=True, exist_ok=True)
        temp = temp_path(audio, self.cache.temp)
        try:
            _run_encoder(self.ffmpeg, Path(temp), layout, self.cache, self.encoder_delay())
            frames = count_frames(Path(temp).read_bytes())
            size = os.path.getsize(temp)
            os.replace(temp, audio)
        except BaseException:
            discard(Path(temp))
            raise
        _write_json(meta, {"frames": frames, "bytes": size}, self.cache)
        return Segment(audio, frames)

    def encoder_delay(self) -> int:
        """Samples between a segment's first PCM sample and where a decoder plays it (measured once
        per ffmpeg build, then remembered in the cache)."""
        if self._delay is None:
            meta = self.folder / f"delay-{hashlib.sha256(self.identity.encode()).hexdigest()[:16]}.json"
            try:
                self._delay = int(json.loads(meta.read_text())["delay"])
            except (OSError, ValueError, KeyError):
                self._delay = measure_delay(self.ffmpeg)
                meta.parent.mkdir(parents=True, exist_ok=True)
                _write_json(meta, {"delay": self._delay}, self.cache)
        return self._delay


def _write_json(path: Path, data: dict, cache: ClipCache) -> None:
    write_text(path, json.dumps(data), durable=False, temp_dir=cache.temp)


def _run_encoder(ffmpeg: str, out: Path, layout: SectionLayout, cache: ClipCache, delay: int) -> None:
    command = [ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "s16le", "-ar", str(RATE),
               "-ac", "1", "-i", "pipe:0", *SEGMENT_ARGS, str(out)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise BackendError(f"ffmpeg could not start: {exc}", hint="use --format wav") from exc
    try:
        from .encode import _widen_pipe

        _widen_pipe(process.stdin)
        sink = PipeSink(process.stdin.fileno(), delay * 2, (layout.frames - TAIL_CUT) * 2)  # type: ignore[union-attr]
        write_segments(sink, layout.segments, cache)
        process.stdin.close()  # type: ignore[union-attr]
    except BrokenPipeError:
        pass
    except BaseException:
        process.kill()
        process.wait()
        raise
    errors = process.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
    if process.wait() != 0:
        raise BackendError(f"ffmpeg failed to encode MP3: {errors.strip()[-400:]}", hint="use --format wav")


def count_frames(data: bytes) -> int:
    """MPEG audio frames in ``data`` (which must be frames only: no tags), checking every header."""
    pos = frames = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise BackendError("ffmpeg wrote a truncated MP3 frame")
        header = struct.unpack(">I", data[pos:pos + 4])[0]
        if header >> 21 != 0x7FF or (header >> 17) & 3 != 1:
            raise BackendError(f"unexpected data in ffmpeg's MP3 output at byte {pos}")
        bitrate = _BITRATES[(header >> 12) & 15] * 1000
        rate = (22050, 24000, 16000, 0)[(header >> 10) & 3]
        if (header >> 19) & 3 != 2 or not bitrate or not rate:
            raise BackendError("ffmpeg's MP3 output is not MPEG-2 Layer III as expected")
        pos += 72 * bitrate // rate + ((header >> 9) & 1)
        frames += 1
    return frames


def measure_delay(ffmpeg: str) -> int:
    """Encode a click at a known sample, decode it, and see where it comes out."""
    at = RATE // 2
    pcm = bytearray(RATE * 2)
    for k in range(8):
        struct.pack_into("<h", pcm, (at + k) * 2, 20000 if k % 2 == 0 else -20000)
    encoded = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "s16le", "-ar", str(RATE),
                              "-ac", "1", "-i", "pipe:0", *SEGMENT_ARGS, "pipe:1"], input=bytes(pcm),
                             capture_output=True, check=False).stdout
    decoded = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "mp3", "-i", "pipe:0",
                              "-f", "s16le", "-ar", str(RATE), "-ac", "1", "pipe:1"], input=encoded,
                             capture_output=True, check=False).stdout
    samples = struct.unpack(f"<{len(decoded) // 2}h", decoded[:len(decoded) // 2 * 2])
    if not samples:
        raise BackendError("ffmpeg could not encode and decode a test MP3", hint="use --format wav")
    peak = max(range(len(samples)), key=lambda i: abs(samples[i]))
    return max(0, peak - at)


# -- the ID3 tag ----------------------------------------------------------------------
def _syncsafe(n: int) -> bytes:
    return bytes(((n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F))


def _frame(frame_id: bytes, body: bytes) -> bytes:
    return frame_id + _syncsafe(len(body)) + b"\0\0" + body


def _text(frame_id: bytes, text: str) -> bytes:
    return _frame(frame_id, b"\x03" + text.encode("utf-8"))  # 3 = UTF-8 (ID3v2.4)


def id3_tag(title: str, chapters: list[tuple[str, int, int]]) -> bytes:
    """ID3v2.4: the title, a table of contents and one CHAP frame per (title, start ms, end ms)."""
    frames = [_text(b"TIT2", title)]
    ids = [f"ch{n}".encode() for n in range(len(chapters))]
    toc = b"toc\0" + bytes((0x03, len(ids))) + b"".join(i + b"\0" for i in ids)
    frames.append(_frame(b"CTOC", toc))
    for ident, (name, start, end) in zip(ids, chapters, strict=True):
        body = ident + b"\0" + struct.pack(">IIII", start, end, 0xFFFFFFFF, 0xFFFFFFFF) + _text(b"TIT2", name)
        frames.append(_frame(b"CHAP", body))
    payload = b"".join(frames)
    return b"ID3\x04\x00\x00" + _syncsafe(len(payload)) + payload


def write_track(path: Path, tag: bytes, segments: list[Segment]) -> None:
    """The MP3 file: the tag, then every segment's frames (copied by the kernel where it can)."""
    from .assemble import _copy_range

    with open(path, "wb", buffering=0) as out:
        out.write(tag)
        for segment in segments:
            with open(segment.path, "rb", buffering=0) as src:
                _copy_range(src, out, 0, os.fstat(src.fileno()).st_size)
