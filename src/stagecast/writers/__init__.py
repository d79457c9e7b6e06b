"""Writers: the play model → another format: our YAML play folder (:mod:`.to_yaml`) and Fountain
(:mod:`.to_fountain`). No writer imports a reader: syntax both sides need is shared, not borrowed.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "write_folder": "to_yaml",
    "export_fountain": "to_fountain",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
