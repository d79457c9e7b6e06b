"""The master: the audio play for listeners, in stereo, at a programme loudness.

Two passes over the same mix (:mod:`.mixdown`), streamed into ffmpeg both times (no temporary
file, memory flat whatever the play's length):

1. ffmpeg's ``ebur128`` filter measures the mix's integrated loudness (ITU-R BS.1770: K-weighting,
   400 ms blocks, the −70 LUFS and relative gates);
2. the mix again, through ``volume`` (target − measured) and ``alimiter`` (a look-ahead
   limiter, its delay compensated), into the file: WAV (16-bit, stereo), MP3 or OGG with the
   scenes as chapters and the play's title and credits.

Why ffmpeg and not a K-filter of our own: a BS.1770 meter in Python costs two biquads per
sample — minutes for a three-hour play — while ``ebur128`` measures an hour of stereo in about
a second of CPU. Its true-peak mode (4× oversampling) costs five times that, so the true peak
is held by the limiter instead: its ceiling sits :data:`PEAK_MARGIN_DB` under the −1 dBTP
target, which covers the overshoot between samples and the codec's (tests/test_audio_master.py
measures the true peak of each format). Mixing twice costs less than writing and reading back
a temporary stereo file.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError
from ..model import Play
from ..voice_settings import VoiceConfig
from .cache import ClipCache
from .encode import _escape, _widen_pipe, ffmpeg_path, metadata_text
from .mixdown import CHANNELS, RoomTone, Voice, mix_section, role_pans, section_voices
from .pcm import RATE, frames_to_ms
from .plan import Section
from .timing import Chapter, ClipRef, SectionLayout, layout_section

DEFAULT_LOUDNESS = -16.0
"""LUFS: the level podcast and audiobook platforms ask for (EBU R128 broadcast is −23)."""
TRUE_PEAK_DB = -1.0
PEAK_MARGIN_DB = 1.0
CODECS = {
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "96k", "-compression_level", "9", "-id3v2_version", "3", "-f", "mp3"],
    "ogg": ["-c:a", "libopus", "-b:a", "64k", "-ar", "24000", "-compression_level", "5", "-f", "ogg"],
}
"""A listener's file: stereo at the clips' rate (22,050 Hz: the voices hold nothing above it).
MP3 at 96 kbit/s (MPEG-2's joint stereo), Opus at 64 kbit/s."""
CODEC_TRIM_DB = {"mp3": 0.5}
"""What a format's round trip loses, added back: LAME at 22,050 Hz (any bit rate, cutoff or
stereo mode) decodes 0.4–0.6 LU quieter, measured on this mix, on pink noise and on speech
low-passed at 5 kHz; Opus and PCM within 0.1."""
_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS", re.S)


@dataclass(frozen=True)
class MasterSection:
    layout: SectionLayout
    voices: list[Voice]


Mix = Callable[[Callable[[bytes], object]], None]


def section_mix(sections: list[MasterSection], cache: ClipCache) -> Mix:
    """The whole mix, written through any ``write(bytes)``; the same bytes each time it is called."""
    def mix(write: Callable[[bytes], object]) -> None:
        room = RoomTone()
        for section in sections:
            mix_section(section.layout, section.voices, cache, room, write)
    return mix


def _ffmpeg(args: list[str]) -> subprocess.Popen:
    # With a second input (the metadata file) ffmpeg 5 reads the pipe in a thread through an
    # 8-packet queue and naps 10 ms whenever it is empty: measured 7.7 s instead of 0.3 s for
    # 8 minutes of stereo. A deep queue keeps it fed.
    command = [ffmpeg_path(), "-hide_banner", "-nostdin", "-nostats", "-y", "-thread_queue_size", "4096",
               "-f", "s16le", "-ar", str(RATE), "-ac", str(CHANNELS), "-i", "pipe:0", *args]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise BackendError(f"ffmpeg could not start: {exc}") from exc
    _widen_pipe(process.stdin)
    return process


def _feed(process: subprocess.Popen, mix: Mix, what: str) -> str:
    """Stream the mix into ``process``; its stderr, or BackendError if it failed."""
    import threading

    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()  # read while writing: a chatty ffmpeg must never block on a full stderr pipe
    try:
        mix(process.stdin.write)  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]
    except BrokenPipeError:
        pass  # ffmpeg stopped: its own message says why
    except BaseException:
        process.kill()
        raise
    finally:
        reader.join()
    said = b"".join(errors).decode(errors="replace")
    if process.wait() != 0:
        raise BackendError(f"ffmpeg failed while {what}: {said.strip()[-400:]}", hint="use --format wav")
    return said


def measure(mix: Mix) -> float:
    """The mix's integrated loudness (LUFS) by ffmpeg's ebur128; ``-inf`` for silence."""
    said = _feed(_ffmpeg(["-af", "ebur128=framelog=verbose", "-f", "null", "-"]), mix, "measuring loudness")
    found = _INTEGRATED.search(said)
    if found is None:
        raise BackendError("ffmpeg's ebur128 filter gave no integrated loudness", hint="update ffmpeg")
    return float(found.group(1))


def write_master(path: Path, fmt: str, mix: Mix, play: Play, chapters: list[Chapter], loudness: float) -> float:
    """Measure, then write the master to ``path``; returns the gain applied (dB)."""
    measured = measure(mix)
    gain = 0.0 if measured == float("-inf") else loudness - measured
    ceiling = 10 ** ((TRUE_PEAK_DB - PEAK_MARGIN_DB) / 20)
    meta = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    try:
        with meta:
            meta.write(metadata(play, chapters, fmt))
        args = ["-f", "ffmetadata", "-i", meta.name, "-map", "0:a", "-map_metadata", "1",
                "-af", f"volume={gain + CODEC_TRIM_DB.get(fmt, 0.0):.2f}dB,alimiter=limit={ceiling:.4f}:level=false:latency=true",
                *CODECS[fmt], str(path)]
        _feed(_ffmpeg(args), mix, f"writing the {fmt.upper()} master")
    finally:
        Path(meta.name).unlink(missing_ok=True)
    return gain


def metadata(play: Play, chapters: list[Chapter], fmt: str) -> str:
    """ffmpeg's metadata file: the play's title, credits and company; the scenes as chapters
    (Ogg: the CHAPTERnnn comments players read, as the tracks have; MP3: ID3 CHAP frames)."""
    text = metadata_text(play.meta.title, chapters if fmt == "ogg" else [])
    lines = [f"album={_escape(play.meta.title)}", "genre=Audio drama"]
    names = [name for _, name in play.meta.credits]
    if names:
        lines.append(f"artist={_escape(', '.join(names))}")
    if play.meta.company:
        lines.append(f"publisher={_escape(play.meta.company)}")
    if play.meta.subtitle:
        lines.append(f"comment={_escape(play.meta.subtitle)}")
    text += "\n".join(lines) + "\n"
    if fmt == "mp3":
        for chapter in chapters:
            text += (f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={chapter.start_ms}\nEND={chapter.end_ms}\n"
                     f"title={_escape(chapter.title)}\n")
    return text


def master_sections(play: Play, voices: VoiceConfig, sections: tuple[Section, ...], clips: dict[str, ClipRef],
                    gap_factor: float) -> list[MasterSection]:
    """The read-through laid out for the master: beds (``under: true``) take no time in it, and
    sound from their place beneath what follows."""
    beds = {item.id: clips[item.id] for s in sections for item in s.items if item.under and item.id in clips}
    plain = {ident: clip for ident, clip in clips.items() if ident not in beds}
    pans = role_pans(play, voices)
    out = []
    for section in sections:
        layout = layout_section(section, plain, gap_factor)
        out.append(MasterSection(layout, section_voices(layout, plain, beds, pans)))
    return out


def chapters_of(sections: list[MasterSection]) -> list[Chapter]:
    out, at = [], 0
    for section in sections:
        end = at + section.layout.frames
        out.append(Chapter(section.layout.section.title, frames_to_ms(at), frames_to_ms(end)))
        at = end
    return out
