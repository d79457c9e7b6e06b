"""Rehearsal playback in the terminal: ``stagecast play`` (:mod:`.play_track`: a track through the
system's player, each line shown as it is heard) and ``stagecast rehearse`` (:mod:`.rehearsal`:
cue, your line, prompts; resumes where you stopped).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "Rehearsal": "rehearsal",
    "Session": "play_track",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
