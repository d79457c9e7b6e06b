"""Files stagecast reads and writes, safely.

:mod:`.atomic` writes outputs whole or not at all (and into pipes and devices, never over them);
:mod:`.locking` lets one run at a time write a folder; :mod:`.user_cache` is the cache folder;
:mod:`.play_files` says what is at a path a play names (a file, a pipe, a link loop …) and
reads it without blocking; :mod:`.sound_header` tells an audio file from anything else;
:mod:`.display` shows paths as messages do ("wrote …" too); :mod:`.output_place` is where
commands write without -o (``build/``).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "write_bytes": "atomic",
    "write_text": "atomic",
    "cache_root": "user_cache",
    "display_path": "display",
    "BUILD_FOLDER": "output_place",
    "default_output": "output_place",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
