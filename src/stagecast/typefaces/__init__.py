"""What every output that draws text must know about writing systems: the font chain, which
family draws which characters (:mod:`.families`), and which way a line runs (:mod:`.direction`).

Neutral ground: the PDF (``pdf/``), the rehearsal page (``web/``) and the captions (``audio/``)
import it, and it imports none of them, so no output reaches into another's internals.
Nothing here parses a font: the outputs do, each with its own library (:mod:`.coverage` only
reads a file's character map, so the PDF parses a fallback face only for a character it draws).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "CHAIN": "families",
    "Family": "families",
    "line_direction": "direction",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
