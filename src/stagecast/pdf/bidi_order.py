"""Writing direction: the Unicode Bidirectional Algorithm for one printed line.

A paragraph's direction is that of its first strong letter (rule P2): a Hebrew or Arabic speech
runs right to left and is right-aligned in its column, an English line quoting a Hebrew word
stays left to right. Lines are broken on the logical text (:mod:`stagecast.pdf.line_breaking`);
each line is then given its embedding levels with the paragraph's direction and its pieces are
put in visual order (rule L2) by the painter (:mod:`stagecast.pdf.shaped`).

The levels come from ``python-bidi`` (a binding of the Rust ``unicode-bidi`` crate, which knows
the isolates LRI, RLI, FSI and PDI); its public API returns only the reordered string, so the
levels are read from its debug output. Should that ever change shape, the package's own older
pure-Python algorithm (embeddings and marks, no isolates) is used instead.

Direction marks the user typed (LRM, RLM, ALM, embeddings, overrides, isolates) are kept in the
text so they steer the algorithm; they are never drawn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction control characters: honoured by the algorithm, not drawn."""
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
_COMPLEX = "\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\ua8e0-\ua8ff"
"""Scripts whose letters change shape or order by context (Indic, Tibetan, Myanmar, Khmer)."""
_NEEDS_LAYOUT = re.compile(f"[{_RTL}{_COMPLEX}{''.join(sorted(CONTROLS))}]")
_STRONG = re.compile(f"[{_RTL}]|[A-Za-z\u00c0-\u024f\u0370-\u052f\u0530-\u058f\u10a0-\u10ff\u0900-\u0dff]")
_RTL_LETTER = re.compile(f"[{_RTL}]")
_LEVELS = re.compile(r"levels: \[(.*?)\n\s*\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def needs_layout(text: str) -> bool:
    """Whether ``text`` needs bidi reordering or shaping; ``False`` for Latin, Cyrillic, Greek,
    Georgian and Armenian, which are drawn as they are (the fast common case)."""
    return not text.isascii() and _NEEDS_LAYOUT.search(text) is not None


def is_rtl(text: str) -> bool:
    """Whether a paragraph runs right to left: its first strong character is a Hebrew or Arabic
    letter or a typed RLM/ALM (rules P2, P3); text inside isolates (LRI, RLI, FSI … PDI) is skipped."""
    if text.isascii():
        return False
    depth = 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == "\u2069":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif ch in "\u200f\u061c":
            return True
        elif ch == "\u200e":
            return False
        elif _STRONG.match(ch):
            return _RTL_LETTER.match(ch) is not None
    return False


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a Hebrew or Arabic (right-to-left) letter: shaped right to left."""
    return _RTL_LETTER.search(text) is not None


def strip_controls(text: str) -> str:
    return "".join(c for c in text if c not in CONTROLS) if CONTROLS.intersection(text) else text


@lru_cache(maxsize=4096)
def levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The embedding level of each character of the line ``text`` in a paragraph of direction ``rtl``."""
    try:
        from bidi.bidi import get_display_inner
    except ImportError:  # pragma: no cover - python-bidi is a dependency
        return _legacy_levels(text, rtl)
    found = _LEVELS.search(get_display_inner(text, "R" if rtl else "L", True))
    by_byte = [int(v) for v in _LEVEL.findall(found.group(1))] if found else []
    if len(by_byte) != len(text.encode("utf-8")):
        return _legacy_levels(text, rtl)
    out, pos = [], 0
    for ch in text:
        out.append(by_byte[pos])
        pos += len(ch.encode("utf-8"))
    return tuple(out)


def _legacy_levels(text: str, rtl: bool) -> tuple[int, ...]:
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return tuple(c["level"] for c in storage["chars"])


def visual_order(item_levels: Sequence[int]) -> list[int]:
    """Indexes of items (each at one level) in the order they are drawn, left to right (rule L2:
    from the highest level down to the lowest odd one, reverse every run at that level or above)."""
    order = list(range(len(item_levels)))
    if not item_levels:
        return order
    lowest_odd = min(level for level in item_levels) | 1
    for level in range(max(item_levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if item_levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and item_levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order
