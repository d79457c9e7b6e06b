"""Writers: the play model → another format: our YAML play folder (:mod:`.to_yaml`) and Fountain
(:mod:`.to_fountain`); the new play ``stagecast init`` starts from (:mod:`.template`). No writer
imports a reader: syntax both sides need is shared (:mod:`stagecast.notation`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .. import lazy_exports

if TYPE_CHECKING:
    from ..model import Play


class Export(NamedTuple):
    module: str
    """The writer's module in this package, imported only when a play is exported."""
    function: str
    """Its function: (play, the play folder as seen from where the file goes, or None) → the text."""
    suffix: str
    """The file's extension, for the name ``export`` gives it."""


EXPORTS = {"fountain": Export("to_fountain", "export_fountain", "fountain")}
"""``export --to`` → its writer: a new format is a row here and its module."""


def exporter(to: str) -> Callable[[Play, str | None], str]:
    """The writer of format ``to`` (a key of :data:`EXPORTS`)."""
    export = EXPORTS[to]
    return getattr(importlib.import_module(f"{__name__}.{export.module}"), export.function)


_EXPORTS = {
    "write_folder": "to_yaml",
    "export_fountain": "to_fountain",
}
__all__ = sorted([*_EXPORTS, "EXPORTS", "exporter"])
__getattr__ = lazy_exports(__name__, _EXPORTS)
