"""Writers: a play model → another format (our YAML folder, Fountain)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..model import Play


class Export(NamedTuple):
    module: str
    """The writer's module in this package, imported only when a play is exported."""
    function: str
    """Its function: play → the text."""
    suffix: str
    """The file's extension, for the name ``export`` gives it."""


EXPORTS = {"fountain": Export("to_fountain", "export_fountain", "fountain")}
"""``export --to`` → its writer: a new format is a row here and its module."""


def exporter(to: str) -> Callable[[Play], str]:
    """The writer of format ``to`` (a key of :data:`EXPORTS`)."""
    export = EXPORTS[to]
    return getattr(importlib.import_module(f"{__name__}.{export.module}"), export.function)
