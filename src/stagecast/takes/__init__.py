"""Takes: the cast's own recordings of their lines, kept in the play folder's ``takes/`` and
used in every track in place of the synthesised line (docs/takes.md).

:mod:`.takes_yaml` reads and writes ``takes/takes.yaml`` (what each take was recorded for);
:mod:`.matching` finds each take's speech by its speakers and words (the alignment ``diff``
uses), says which are stale, and chooses the take a track uses for a line (whose take);
:mod:`.adding` copies a new take in (a file, or a recording made by ``stagecast record``); :mod:`.status` counts, per performer, what is recorded.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "Take": "takes_yaml",
    "Takes": "takes_yaml",
    "load_takes": "takes_yaml",
    "TakeMatch": "matching",
    "match_takes": "matching",
    "takes_for_track": "matching",
    "take_warnings": "matching",
    "add_take": "adding",
    "add_recording": "adding",
    "performer_status": "status",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
