"""Which format a file is written in, when both ``--format`` and ``-o``'s extension may say.

One rule for every command and for the library (:class:`stagecast.audio.render.AudioOptions`),
so ``-o a.mp3 --format wav`` is refused in the same words wherever it is given.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..errors import UsageError


def chosen_format(fmt: str | None, output: Path | None, formats: Collection[str], default: str) -> str:
    """``fmt`` (``--format``), else ``output``'s extension when it is one of ``formats``, else
    ``default``. An extension of ``formats`` that ``fmt`` contradicts is a :class:`UsageError`.
    ``output``: the file to be written (``None`` for none, or for a folder)."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if fmt and suffix in formats and suffix != fmt.lower():
        raise UsageError(f"-o {output} is a .{suffix} file but --format is {fmt}; make them agree")
    if fmt is not None:
        return fmt
    return suffix if suffix in formats else default
