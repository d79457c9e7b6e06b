"""Aligning two versions of one scene: which old item became which new item.

Two passes, both order-preserving:

1. :class:`difflib.SequenceMatcher` over exact keys finds the runs that did not change at all
   (and speeches with the same stable id, whose key is the id). These are anchors.
2. Between two anchors, old and new items that did not match exactly are paired by
   similarity with a small dynamic programme that maximises the total similarity of the
   pairs, never crossing: a reworded line pairs with its old self, not with whichever line
   happens to sit at the same position.

Items left unpaired are removed (old) or added (new); :mod:`stagecast.revisions.compare` later
pairs identical removed and added items elsewhere in the play as *moved*.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T")
Pair = tuple[int | None, int | None]
"""(old index, new index); ``None`` on one side is an item removed or added."""

MAX_REGION_CELLS = 250_000
"""Bigger unanchored regions (500 × 500 items rewritten at once) are not paired by similarity:
the quadratic search would take seconds, and such a rewrite is new text anyway."""


def align(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
          score: Callable[[T, T], float | None]) -> list[Pair]:
    """Pairs of indices covering every item of ``old`` and ``new`` once, in order.

    ``key`` gives equal values for items that are unchanged; ``score`` gives a similarity
    (higher is more alike) for two items that may be the same item edited, or ``None``.
    """
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            pairs += [(None if a is None else i1 + a, None if b is None else j1 + b)
                      for a, b in pair_similar(old[i1:i2], new[j1:j2], score)]
    return pairs


def pair_similar(old: Sequence[T], new: Sequence[T], score: Callable[[T, T], float | None]) -> list[Pair]:
    """The order-preserving pairing of ``old`` and ``new`` with the greatest total score."""
    n, m = len(old), len(new)
    if n * m == 0 or n * m > MAX_REGION_CELLS:
        return [(i, None) for i in range(n)] + [(None, j) for j in range(m)]
    scores = [[score(a, b) for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = scores[i][j]
            take = best[i + 1][j + 1] + s if s is not None else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs: list[Pair] = []
    i = j = 0
    while i < n and j < m:
        s = scores[i][j]
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs + [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
