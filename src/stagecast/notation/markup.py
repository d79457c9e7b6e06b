"""Speech parts → the markup a speech's text is written in (``(…)`` parenthetical, ``+`` before
a stressed vowel, ``++`` for a plus sign, ``[kk: …]`` a span in another language): the inverse of :func:`stagecast.text.parse_text`, so
a play written out as YAML and read back holds the same parts. The YAML writer writes every
speech with it; the reader's side of the same notation is ``parse_text``."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Inline, Paren


def markup_of(parts: Sequence[Inline]) -> str:
    """The YAML markup that :func:`stagecast.text.parse_text` reads back as ``parts``."""
    out = []
    for part in parts:
        if isinstance(part, Paren):
            out.append(f"({part.text})")
            continue
        chars = []
        for i, ch in enumerate(part.text):
            if i in part.stress:
                chars.append("+")
            chars.append("++" if ch == "+" else ch)
        out.append(f"[{part.lang}: {''.join(chars)}]" if part.lang else "".join(chars))
    return "".join(out)
