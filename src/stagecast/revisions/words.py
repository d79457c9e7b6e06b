"""Word-level differences between two strings, as a list of operations.

Tokens are words (stress accents and inner apostrophes/hyphens kept inside the word),
runs of spaces, and single punctuation marks, so "evening." → "evening," shows just the
comma. Equal text, then what was deleted, then what was inserted: joining the "equal" and
"delete" texts gives the old string back, "equal" and "insert" the new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Literal

OpKind = Literal["equal", "delete", "insert"]
Op = tuple[OpKind, str]

_TOKEN = re.compile(r"[\w\u0301]+(?:['’\-][\w\u0301]+)*|\s+|[^\w\s]")


def word_ops(old: str, new: str) -> list[Op]:
    """The operations turning ``old`` into ``new``, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(lambda t: t.isspace(), a, b, autojunk=False)
    chunks: list[list[str]] = []  # [kind, old text, new text]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = "equal" if tag == "equal" else "change"
        chunks.append([kind, "".join(a[i1:i2]), "".join(b[j1:j2])])
    return _emit(_slide(_absorb_spaces(chunks)))


def _absorb_spaces(chunks: list[list[str]]) -> list[list[str]]:
    """A lone space kept between two changes joins them: "[-speak as-]" not "[-speak-] [-as-]"."""
    out: list[list[str]] = []
    for chunk in chunks:
        if out and out[-1][0] == "change" and chunk[0] == "change":
            out[-1][1] += chunk[1]
            out[-1][2] += chunk[2]
        elif (len(out) >= 2 and chunk[0] == "change" and out[-1][0] == "equal" and out[-1][1].isspace()
              and out[-2][0] == "change"):
            space = out.pop()[1]
            out[-1][1] += space + chunk[1]
            out[-1][2] += space + chunk[2]
        else:
            out.append(list(chunk))
    return out


def _slide(chunks: list[list[str]]) -> list[list[str]]:
    """Move a pure insertion's or deletion's trailing space to its front, so it reads "a [-b-] c"."""
    for k in range(1, len(chunks) - 1):
        before, chunk, after = chunks[k - 1], chunks[k], chunks[k + 1]
        if chunk[0] != "change" or (chunk[1] and chunk[2]) or before[0] != "equal":
            continue
        text = chunk[1] or chunk[2]
        space = text[len(text.rstrip()):]
        if space and before[1].endswith(space):
            moved = space + text[: len(text) - len(space)]
            before[1] = before[2] = before[1][: len(before[1]) - len(space)]
            chunk[1 if chunk[1] else 2] = moved
            after[1] = after[2] = space + after[1]
    return chunks


def _emit(chunks: list[list[str]]) -> list[Op]:
    ops: list[Op] = []
    for kind, old, new in chunks:
        candidates: list[Op] = [("equal", old)] if kind == "equal" else [("delete", old), ("insert", new)]
        for op, text in candidates:
            if not text:
                continue
            if ops and ops[-1][0] == op:
                ops[-1] = (op, ops[-1][1] + text)
            else:
                ops.append((op, text))
    return ops


def changed(ops: list[Op]) -> bool:
    return any(op != "equal" for op, _ in ops)


def kept_share(ops: list[Op]) -> float:
    """How much of the words survived, 0–1 (difflib's ratio over words): below about a half,
    "was … / now …" reads better than a word-by-word patchwork."""
    kept = sum(len(_TOKEN.findall(t)) for op, t in ops if op == "equal" and not t.isspace())
    total = sum(len(_TOKEN.findall(t)) * (2 if op == "equal" else 1) for op, t in ops if not t.isspace())
    return 2 * kept / total if total else 1.0


def render_ops(ops: list[Op], delete: tuple[str, str], insert: tuple[str, str],
               escape: Callable[[str], str] = str, between: str = "") -> str:
    """Ops as text with markers around deletions and insertions, spaces kept outside them;
    ``between`` separates a deletion from the insertion that replaces it."""
    out: list[str] = []
    previous = ""
    for op, raw in ops:
        text = escape(raw)
        if op == "equal":
            out.append(text)
        else:
            left, right = delete if op == "delete" else insert
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            if previous == "delete" and op == "insert" and not lead and out and not out[-1][-1:].isspace():
                lead = between
            out.append(f"{lead}{left}{core}{right}{trail}" if core else text)
        previous = op
    return "".join(out)
