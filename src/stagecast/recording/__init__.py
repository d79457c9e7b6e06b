"""Recording takes in the terminal: ``stagecast record`` (:mod:`.line_by_line`: hear the cue, record
the line, listen, redo or keep), reading sound from a :mod:`.sources` source (the microphone
through PortAudio, or a WAV file through the same interface) with :mod:`.capture` (until Enter,
a silence, or the end). Kept takes are saved by :func:`stagecast.takes.add_recording`.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "RecordSession": "line_by_line",
    "Microphone": "sources",
    "WavFile": "sources",
    "Recording": "capture",
    "record": "capture",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
