"""Placing a plan's items in time once every clip's length is known.

Spacing: a breath (:data:`BREATH_MS`) between items; none around a pause or a silent
direction (the pause *is* the silence); a short step from a tone into its gap; each
section opens and closes with a little silence, so scenes are 1.5 s apart.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

from .pcm import ms_to_frames
from .plan import PlanItem, Section

BREATH_MS = 350
TONE_TO_GAP_MS = 100
SECTION_LEAD_MS = 700
SECTION_TAIL_MS = 800
FRAME_ALIGN = 576
"""Every section is a whole number of MPEG-2 Layer III frames long (the tail silence grows by
under 26 ms), so its MP3 segment decodes to exactly its length and an MP3's timeline is the
WAV's (see .mp3)."""


@dataclass(frozen=True)
class Segment:
    kind: str
    """``silence``, ``clip`` (a cached clip or sound) or ``tone``."""
    frames: int
    key: str | None = None


@dataclass(frozen=True)
class PartRef:
    """One language's part of a speech spoken in several (the timeline's ``parts``)."""

    lang: str
    voice: str
    start: int
    """Frames from the start of its item."""
    end: int
    text: str


@dataclass(frozen=True)
class Placed:
    item: PlanItem
    start: int
    """Frames from the start of the section."""
    end: int
    voice: str | None
    parts: tuple[PartRef, ...] = ()


@dataclass(frozen=True)
class SectionLayout:
    section: Section
    segments: tuple[Segment, ...]
    placed: tuple[Placed, ...]
    frames: int

    @property
    def key(self) -> str:
        """Content key of this section's audio: equal keys mean identical samples."""
        data = json.dumps([(s.kind, s.frames, s.key) for s in self.segments])
        return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class Chapter:
    """A section's span in a file (MP3 and OGG chapters)."""

    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class ClipRef:
    key: str
    frames: int
    voice: str | None
    parts: tuple[PartRef, ...] = ()
    """A speech in several languages: its parts, in frames from the clip's start."""


def _silent(item: PlanItem) -> bool:
    return item.kind in ("pause", "speech", "direction") and item.say is None and item.sound is None


def layout_section(section: Section, clips: dict[str, ClipRef], gap_factor: float) -> SectionLayout:
    """``clips`` maps item ids to their clip (speech, narrated direction, sound, and the gap's measured clip)."""
    segments = [Segment("silence", ms_to_frames(SECTION_LEAD_MS))]
    placed: list[Placed] = []
    pos = segments[0].frames
    previous: PlanItem | None = None
    for item in section.items:
        lead = _lead(previous, item)
        if lead:
            segments.append(Segment("silence", lead))
            pos += lead
        clip = clips.get(item.id)
        segment, voice = _segment(item, clip, gap_factor)
        segments.append(segment)
        parts = _scaled(clip.parts, segment.frames, clip.frames) if clip is not None and clip.parts else ()
        placed.append(Placed(item, pos, pos + segment.frames, voice, parts))
        pos += segment.frames
        previous = item
    tail = ms_to_frames(SECTION_TAIL_MS)
    tail += -(pos + tail) % FRAME_ALIGN
    segments.append(Segment("silence", tail))
    return SectionLayout(section, tuple(_merge(segments)), tuple(placed), pos + tail)


def _lead(previous: PlanItem | None, item: PlanItem) -> int:
    if previous is None or _silent(previous) or _silent(item):
        return 0
    if previous.kind == "tone":
        return ms_to_frames(TONE_TO_GAP_MS)
    return ms_to_frames(BREATH_MS)


def _segment(item: PlanItem, clip: ClipRef | None, gap_factor: float) -> tuple[Segment, str | None]:
    if item.kind == "gap":
        measured = clip.frames if clip is not None else ms_to_frames(item.seconds * 1000)
        return Segment("silence", round(measured * gap_factor)), clip.voice if clip else None
    if item.kind == "tone":
        return Segment("tone", ms_to_frames(item.seconds * 1000)), None
    if clip is not None:
        return Segment("clip", clip.frames, clip.key), clip.voice
    return Segment("silence", ms_to_frames(item.seconds * 1000)), None


def _scaled(parts: tuple[PartRef, ...], frames: int, clip_frames: int) -> tuple[PartRef, ...]:
    """Parts stretched to ``frames`` (a gap is its clip × the gap factor), the last ending with the item."""
    if frames == clip_frames:
        return parts
    factor = frames / clip_frames if clip_frames else 0.0
    out = [replace(p, start=round(p.start * factor), end=round(p.end * factor)) for p in parts]
    out[-1] = replace(out[-1], end=frames)
    return tuple(out)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Adjacent silences as one (fewer writes, and a key that ignores how silence was split)."""
    out: list[Segment] = []
    for segment in segments:
        if segment.frames <= 0:
            continue
        if out and segment.kind == "silence" and out[-1].kind == "silence":
            out[-1] = Segment("silence", out[-1].frames + segment.frames)
        else:
            out.append(segment)
    return out
