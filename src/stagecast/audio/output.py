"""Writing a track group: the audio file(s) (WAV, MP3 from cached per-scene segments, OGG),
their captions and timelines, staged and replaced together (:mod:`.group`).

A file whose audio would not change is left alone; with ``--split scenes`` only the files of
changed scenes are rewritten, and unchanged scenes' captions are not even regenerated.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Loc, Play
from ..rules import slugs
from .assemble import PipeSink, Placement, PreviousTrack, save_manifest, write_segments, write_wav
from .cache import ClipCache
from .clips import cores
from .group import Group, holds
from .pcm import frames_to_ms
from .sidecars import TimedItem, TimedPart, srt, timeline_json, webvtt
from .timing import Chapter, SectionLayout


@dataclass
class _Staged:
    track: Path
    audio: Path | None
    """Where the new audio is staged; ``None`` when the file on disk is already identical."""
    layouts: list[SectionLayout]
    chapters: list[Chapter]
    placements: list[Placement]
    file_key: str


@dataclass(frozen=True)
class _Timing:
    """Where each section's audio starts in the file and the span it occupies (frames), and the total."""

    sections: list[tuple[int, tuple[int, int]]]
    total: int


def _pcm_timing(layouts: list[SectionLayout]) -> _Timing:
    out, offset = [], 0
    for layout in layouts:
        out.append((offset, (offset, offset + layout.frames)))
        offset += layout.frames
    return _Timing(out, offset)


def _mp3_timing(layouts: list[SectionLayout], segments: dict) -> _Timing:
    """Joined MP3 segments: each decodes to ``frames × 576`` samples, aligned with its section
    (see .mp3), which is normally exactly the section's length, so this equals the WAV's timing."""
    out, offset = [], 0
    for layout in layouts:
        length = segments[layout.key].samples
        out.append((offset, (offset, offset + length)))
        offset += length
    return _Timing(out, offset)


_SCENE_FILE = re.compile(r"^\d{2,3}-[a-z0-9-]+\.(wav|mp3|ogg)$")
"""How ``--split scenes`` names files (a slug after the scene's number), so a file of the user's
in that folder, say ``2024-poster.wav``, is not taken for one of ours."""


class TrackWriter:
    """Writes the files of one render: one track (``single_path``), or one per scene in ``folder``."""

    def __init__(self, play: Play, cache: ClipCache, fmt: str, *, split_scenes: bool, single_path: Path,
                 folder: Path, jobs: int | None):
        self.play, self.cache, self.format = play, cache, fmt
        self.split_scenes, self.single_path, self.folder, self.jobs = split_scenes, single_path, folder, jobs
        self.tracks: list[Path] = []
        self.unchanged: list[Path] = []
        """Tracks whose audio, captions and timeline were all already as they would be written."""
        self.files: list[Path] = []
        self.duration_ms = 0
        self.durations: dict[Path, int] = {}
        """Each track's length (ms)."""
        self.reused_sections = 0
        self.encoded_sections = 0
        self._relative: dict[str, str] = {}

    def write(self, layouts: list[SectionLayout]) -> None:
        files = self._files(layouts)
        segments = self._mp3_segments([lay for _, parts in files for lay in parts]) if self.format == "mp3" else {}
        group = Group(files[0][0].parent)
        try:
            staged = [self._stage(group, path, parts, segments) for path, parts in files]
            self._encode([s for s in staged if s.audio is not None and self.format == "ogg"])
            group.commit()
        except OSError as exc:
            group.discard()
            if exc.filename is None:  # a failed write() names no file: say which output it was
                where = files[0][0] if len(files) == 1 else files[0][0].parent
                raise type(exc)(exc.errno, exc.strerror or str(exc), str(where)) from exc
            raise
        except BaseException:
            group.discard()
            raise
        for entry in staged:
            if entry.audio is not None:
                save_manifest(self.cache, entry.track, entry.placements, entry.file_key)

    def _files(self, layouts: list[SectionLayout]) -> list[tuple[Path, list[SectionLayout]]]:
        """Each output file and the sections it holds (``--split scenes``: one per scene, intervals left out)."""
        if not self.split_scenes:
            return [(self.single_path, layouts)]
        names = self.scene_file_names()
        return [(self.folder / names[layout.section.id], [layout]) for layout in layouts
                if layout.section.items[0].scene is not None]

    def scene_file_names(self) -> dict[str, str]:
        """Scene id → file name with ``--split scenes``: numbered by the scene's place in the play
        (not in this render), so a one-scene or one-performer render into the same folder
        replaces the right files."""
        order = [scene.id for scene in self.play.scenes]
        # A scene named from its file, "01-platform", is not numbered twice ("01-01-platform").
        bare = [re.sub(r"^\d{1,3}-(?=.)", "", sid) for sid in order]
        names = zip(order, slugs(bare), strict=True)
        return {sid: f"{n:02d}-{name}.{self.format}" for n, (sid, name) in enumerate(names, 1)}

    def leftovers(self) -> list[Path]:
        """Scene files in the folder that this play would not write (an earlier render, before
        scenes were added, removed or renamed): pointed out, never deleted."""
        if not self.split_scenes or not self.folder.is_dir():
            return []
        ours = set(self.scene_file_names().values())
        return sorted(p for p in self.folder.glob(f"[0-9][0-9]*-*.{self.format}")
                      if _SCENE_FILE.match(p.name) and p.name not in ours)

    def _stage(self, group: Group, track: Path, layouts: list[SectionLayout], segments: dict) -> _Staged:
        """Stage one file's sidecars, and its audio when it changed (WAV and MP3 here, OGG later)."""
        timing = _mp3_timing(layouts, segments) if segments else _pcm_timing(layouts)
        items, chapters, total = self._timeline(layouts, timing)
        entry = _Staged(track, None, layouts, chapters, [], _file_key(self.format, layouts, self.play.meta.title))
        previous = PreviousTrack.load(self.cache, track)
        if previous is None or previous.file_key != entry.file_key:  # else the file on disk is exactly this
            entry.audio = group.path(track)
            if self.format == "wav":
                entry.placements, reused = write_wav(entry.audio, layouts, self.cache, previous)
                self.reused_sections += reused
            elif self.format == "mp3":
                from .mp3 import id3_tag, write_track

                tag = id3_tag(self.play.meta.title, [(c.title, c.start_ms, c.end_ms) for c in chapters])
                write_track(entry.audio, tag, [segments[lay.key] for lay in layouts])
        wrote = self._sidecars(group, track, items, frames_to_ms(total), audio_changed=entry.audio is not None)
        if entry.audio is None and not wrote:
            self.unchanged.append(track)
        self.tracks.append(track)
        self.files.append(track)
        self.duration_ms += frames_to_ms(total)
        self.durations[track] = frames_to_ms(total)
        return entry

    def _sidecars(self, group: Group, track: Path, items: list[TimedItem], total_ms: int, audio_changed: bool) -> bool:
        """Stage the captions and timeline that changed; True if any did."""
        timeline = timeline_json(self.play, items, total_ms)
        paths = {suffix: track.with_suffix(suffix) for suffix in (".vtt", ".srt", ".timeline.json")}
        self.files += paths.values()
        # Captions are made from the timeline alone: same audio and timeline, same captions.
        if (not audio_changed and holds(paths[".timeline.json"], timeline.encode("utf-8"))
                and paths[".vtt"].is_file() and paths[".srt"].is_file()):
            return False
        wrote = [group.write_text(paths[".vtt"], webvtt(self.play, items)),
                 group.write_text(paths[".srt"], srt(self.play, items)),
                 group.write_text(paths[".timeline.json"], timeline)]
        return any(wrote)

    def _mp3_segments(self, layouts: list[SectionLayout]) -> dict:
        """Every section's MP3 segment: from the cache, else encoded now, one ffmpeg per core."""
        from concurrent.futures import ThreadPoolExecutor

        from .mp3 import SegmentStore

        store = SegmentStore(self.cache)
        found = {lay.key: store.cached(lay) for lay in layouts}
        todo = list({lay.key: lay for lay in layouts if found[lay.key] is None}.values())
        todo.sort(key=lambda lay: -lay.frames)  # longest first
        workers = max(1, min(len(todo), self.jobs or cores()))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for layout, segment in zip(todo, pool.map(store.encode, todo), strict=True):
                found[layout.key] = segment
        self.encoded_sections = len(todo)
        return found

    def _encode(self, staged: list[_Staged]) -> None:
        """OGG: PCM streamed into one ffmpeg per file; with --split scenes, files are encoded in parallel."""
        if not staged:
            return

        from .encode import Encoder  # OGG only (subprocess, ffmpeg)

        def encode(entry: _Staged) -> None:
            assert entry.audio is not None
            with Encoder(entry.audio, self.format, self.play.meta.title, entry.chapters) as encoder:
                sink = PipeSink(encoder.fileno())
                for layout in entry.layouts:
                    write_segments(sink, layout.segments, self.cache)

        from concurrent.futures import ThreadPoolExecutor

        workers = max(1, min(len(staged), self.jobs or cores()))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(encode, staged))

    def _timeline(self, layouts: list[SectionLayout], timing: _Timing) -> tuple[list[TimedItem], list[Chapter], int]:
        items: list[TimedItem] = []
        chapters: list[Chapter] = []
        for layout, (audio_at, span) in zip(layouts, timing.sections, strict=True):
            for placed in layout.placed:
                at = audio_at + placed.start
                parts = tuple(TimedPart(p.lang, p.voice, frames_to_ms(at + p.start), frames_to_ms(at + p.end), p.text)
                              for p in placed.parts)
                items.append(TimedItem(placed.item, frames_to_ms(at), frames_to_ms(audio_at + placed.end),
                                       placed.voice, self._loc(placed.item.loc), parts))
            chapters.append(Chapter(layout.section.title, frames_to_ms(span[0]), frames_to_ms(span[1])))
        return items, chapters, timing.total

    def _loc(self, loc: Loc | None) -> str | None:
        """``file:line:col`` relative to the play folder (the timeline's ``source``)."""
        if loc is None:
            return None
        if loc.path not in self._relative:
            rel = os.path.relpath(os.path.abspath(loc.path), os.path.abspath(self.play.root))
            self._relative[loc.path] = Path(rel).as_posix()
        return f"{self._relative[loc.path]}:{loc.line}:{loc.column}"


def _file_key(fmt: str, layouts: list[SectionLayout], title: str) -> str:
    """What a file holds: its sections' audio and, in tagged formats, the chapter titles and the
    play's title (a WAV has no tags, so a changed title leaves it alone)."""
    if fmt == "mp3":
        from .mp3 import SEGMENT_ARGS

        codec = SEGMENT_ARGS
    elif fmt == "wav":
        codec = None
    else:
        from .encode import CODECS

        codec = CODECS[fmt]
    data = json.dumps([fmt, codec, [(lay.key, lay.section.title) for lay in layouts], title if codec else None])
    return hashlib.sha256(data.encode()).hexdigest()
