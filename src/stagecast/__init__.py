"""stagecast: one structured play script → cue sheets, script PDFs, rehearsal audio.

Attributes are loaded lazily so ``import stagecast`` (and ``stagecast --help``) stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_play": "api",
    "load_voices": "api",
    "check_play": "api",
    "find_performer": "api",
    "find_role": "api",
    "find_scene": "api",
    "Play": "model",
    "ScriptError": "errors",
    "PlayNotFound": "errors",
    "StagecastError": "errors",
    "slug": "rules",
    "conflicts": "rules",
    "import_play": "interchange",
    "write_play_folder": "interchange",
    "export_fountain": "interchange",
    "render_script_pdf": "api",
    "ScriptPdfOptions": "pdf",
    "render_audio": "api",
    "AudioOptions": "audio.render",
    "plan_track": "audio.plan",
    "list_voices": "audio.voice_choice",
}

__all__ = sorted(_EXPORTS)


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A package's ``__getattr__`` that imports ``name`` from the module ``exports`` names for it
    only when it is first used: a package can list its API without importing its heavy modules
    (reportlab, the audio engines) for callers that need none of it."""

    def attribute(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f".{module}", package), name)

    return attribute


__getattr__ = lazy_exports(__name__, _EXPORTS)
