"""The clip cache: one WAV per (engine, engine version, voice settings, text), found by content.

Where it lives: :func:`stagecast.files.user_cache.cache_root` (documented in docs/audio.md).

Clips are under ``clips/<2 hex>/<sha256>.wav``. A clip is written to a temporary file (in
``tmp/<host>/``, :func:`~stagecast.files.user_cache.temp_folder`) and renamed into place, so a reader
never sees half a clip; when two processes make the same clip at once, the first one stored
is kept and both use it (:meth:`ClipCache.store`); on reading, the header and the file length are checked and anything wrong is treated as
missing (and made again). Deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from ..files.atomic import clean_once, clean_stale, write_bytes, write_new
from ..files.user_cache import due, temp_folder
from .engines.base import ACUTE, EngineVoice, Utterance
from .pcm import HEADER, read_header, wav_header

_BINARY = getattr(os, "O_BINARY", 0)
_PREAD = hasattr(os, "pread")  # not on Windows

CACHE_FORMAT = 4
"""Bump when clip processing (trimming, loudness) changes, so old clips are not reused.
3: loudness measured as BS.1770 integrated loudness (every clip's level changes); 4: at −23 LUFS,
with eSpeak NG speaking at volume 75 (3 was briefly on main at −20 LUFS)."""
STRESS_VERSION = 3
"""Bump when marked stress is carried to the engine differently (:mod:`.stress`): only the clips
of lines with marks are made again. 2: eSpeak's brief vowel before р is no syllable; 3: outside
Russian, a "y" after a vowel letter is no syllable."""
ENGINE_STRESS = {"piper": 1}
"""Per engine, bumped when only that engine's way of taking marks changes (in the key of its
marked lines as ``engine_stress``, so other engines' clips stay): piper 1: marks are heard, as
IPA phoneme input (before, they were dropped)."""


def normalised_text(text: str) -> str:
    return " ".join(text.split())


def clip_key(engine: str, version: str, voice: EngineVoice, utterance: Utterance) -> str:
    """sha256 of the sorted-key JSON of everything that changes the sound (for a line with
    marked stress, also how marks are carried to the engine: :data:`STRESS_VERSION` and
    :data:`ENGINE_STRESS`)."""
    stress = STRESS_VERSION if ACUTE in utterance.text else None
    before, after = _key_frame(engine, version, voice, utterance.lang, stress,
                               ENGINE_STRESS.get(engine) if stress is not None else None)
    text = json.dumps(normalised_text(utterance.text), ensure_ascii=False)
    return hashlib.sha256(f"{before}{text}{after}".encode()).hexdigest()


_TEXT = "\x00text\x00"


@functools.lru_cache(maxsize=256, typed=True)
def _key_frame(engine: str, version: str, voice: EngineVoice, lang: str, stress: int | None,
               engine_stress: int | None) -> tuple[str, str]:
    """The JSON around the text, made once per voice (a warm re-render computes a key per line)."""
    payload = {"format": CACHE_FORMAT, "engine": engine, "version": version, "voice": voice.key(),
               "lang": lang, "text": _TEXT, **({"stress": stress} if stress is not None else {}),
               **({"engine_stress": engine_stress} if engine_stress is not None else {})}
    before, after = json.dumps(payload, sort_keys=True, ensure_ascii=False).split(json.dumps(_TEXT), 1)
    return before, after


class ClipCache:
    def __init__(self, root: Path):
        self.root = root
        self.clips = root / "clips"
        self.temp = temp_folder(root)

    def path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        return os.path.join(self.clips, key[:2], f"{key}.wav")

    def frames(self, key: str) -> int | None:
        """Frames of a valid cached clip, or ``None`` when it is missing, corrupt or truncated."""
        # A raw descriptor and one pread: a warm re-render checks every clip of the play this way.
        try:
            fd = os.open(self._file(key), os.O_RDONLY | _BINARY)
        except OSError:
            return None
        try:
            head = os.pread(fd, HEADER, 0) if _PREAD else os.read(fd, HEADER)
            size = os.fstat(fd).st_size
        except OSError:
            return None
        finally:
            os.close(fd)
        frames = read_header(head)
        if not frames or size != HEADER + frames * 2:
            return None
        return frames

    def notes(self, key: str) -> tuple[str, ...]:
        """What synthesis noted about a clip (a stress mark it could not honour), kept beside it."""
        try:
            text = Path(self._file(key)).with_suffix(".notes").read_text(encoding="utf-8")
        except (OSError, ValueError):
            return ()
        return tuple(line for line in text.split("\n") if line)

    def store_notes(self, key: str, notes: tuple[str, ...]) -> None:
        """Keep ``notes`` beside the clip, so a run that finds it made tells them again."""
        if notes:
            write_bytes(Path(self._file(key)).with_suffix(".notes"), "\n".join(notes).encode("utf-8"), durable=False,
                        temp_dir=self.temp)

    def store(self, key: str, pcm: bytes) -> int:
        """Cache a clip, whole; returns the frames of the clip now in the cache for ``key``.

        When another run made the same clip meanwhile (two builds sharing the cache), its clip
        stays and is the one returned: a line synthesised twice comes out a few samples longer
        or shorter (eSpeak carries state from line to line), and a run that had laid its track
        out with the length of a clip another run then replaced would find it too short."""
        if len(pcm) % 2:
            pcm = pcm[:-1]
        frames = len(pcm) // 2
        if write_new(self.path(key), wav_header(frames) + pcm, temp_dir=self.temp):
            return frames
        there = self.frames(key)
        if there is not None:
            return there
        write_bytes(self.path(key), wav_header(frames) + pcm, durable=False, temp_dir=self.temp)  # a damaged one
        return frames

    def sweep_if_due(self) -> None:
        """Remove the temporary files that killed runs on this machine left in the cache (a
        SIGKILL or a power cut in the middle of writing a clip): one small folder, every run.
        Once a day, also those of other machines sharing the cache, and those older stagecast
        versions left beside the clips (their pids judged here, and an hour old)."""
        clean_once(self.temp)
        if not due(self.root / ".swept"):
            return
        folders = [self.root / name for name in ("tracks", "engines", "mp3")]
        folders += [p for p in (self.root / "tmp").glob("*") if p.is_dir() and p != self.temp]
        for parent in (self.clips, self.root / "mp3"):
            folders += [p for p in parent.glob("??") if p.is_dir()]
        for folder in folders:
            clean_stale(folder, min_age_s=3600)  # an hour: no clip takes that long to write
