"""Reports on a play: who says how much, who is needed in which scene, how long it runs.

:mod:`.statistics` counts (``stagecast stats``, the JSON of docs/stats.md), :mod:`.stats_formats`
prints them as a table, JSON or CSV, :mod:`.summary` is what ``check`` prints for a clean play.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "stats": "statistics",
    "RENDERERS": "stats_formats",
    "sources_data": "provenance",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
