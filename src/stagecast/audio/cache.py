"""The clip cache: one WAV per (engine, engine version, voice settings, text), found by content.

Where it lives (documented in docs/audio.md), first match wins:

1. ``--cache-dir`` / ``AudioOptions.cache_dir``;
2. ``$STAGECAST_CACHE_DIR``;
3. the platform's user cache folder: ``$XDG_CACHE_HOME/stagecast`` (default
   ``~/.cache/stagecast``) on Linux, ``~/Library/Caches/stagecast`` on macOS,
   ``%LOCALAPPDATA%\\stagecast\\Cache`` on Windows.

Clips are under ``clips/<2 hex>/<sha256>.wav``. A clip is written to a temporary file and
renamed into place, so a reader never sees half a clip; on reading, the header and the
file length are checked and anything wrong is treated as missing (and made again).
Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from .engines.base import EngineVoice, Utterance
from .pcm import HEADER, read_header, wav_header

CACHE_FORMAT = 2
"""Bump when clip processing (trimming, loudness) changes, so old clips are not reused."""


def cache_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get("STAGECAST_CACHE_DIR"):
        return Path(os.environ["STAGECAST_CACHE_DIR"])
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "stagecast"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "stagecast" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "stagecast"


def normalised_text(text: str) -> str:
    return " ".join(text.split())


def clip_key(engine: str, version: str, voice: EngineVoice, utterance: Utterance) -> str:
    payload = {"format": CACHE_FORMAT, "engine": engine, "version": version, "voice": voice.key(),
               "lang": utterance.lang, "text": normalised_text(utterance.text)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ClipCache:
    def __init__(self, root: Path):
        self.root = root
        self.clips = root / "clips"

    def path(self, key: str) -> Path:
        return self.clips / key[:2] / f"{key}.wav"

    def frames(self, key: str) -> int | None:
        """Frames of a valid cached clip, or ``None`` when it is missing, corrupt or truncated."""
        path = self.path(key)
        try:
            with open(path, "rb") as handle:
                head = handle.read(HEADER)
                size = os.fstat(handle.fileno()).st_size
        except OSError:
            return None
        frames = read_header(head)
        if not frames or size != HEADER + frames * 2:
            return None
        return frames

    def store(self, key: str, pcm: bytes) -> int:
        """Write a clip atomically; returns its frames."""
        if len(pcm) % 2:
            pcm = pcm[:-1]
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{key[:12]}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(wav_header(len(pcm) // 2))
                handle.write(pcm)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return len(pcm) // 2
