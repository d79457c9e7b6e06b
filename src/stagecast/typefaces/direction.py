"""Which way a line of text runs: right to left for Hebrew, Arabic and the like, else left to right.

A line declared in a right-to-left language (``lang: he``) that has right-to-left letters runs
right to left even when it starts with a Latin word or a number ("The form says שם משפחה …"
in a Hebrew speech). Otherwise the first letter with a strong direction decides, as Unicode's
bidirectional algorithm does for a paragraph (rules P2–P3, what a browser's ``dir="auto"``
does): a Hebrew line in an English play still runs right to left, and an English line by a
Hebrew-speaking role left to right. The page, the captions and the PDF share this rule so a
line reads the same way in each.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "nqo", "pa-arab", "ps",
                           "sd", "syr", "ug", "ur", "yi"})
"""Languages written right to left (primary subtags, and a few with their script)."""
RLM = "\u200f"
LRM = "\u200e"
_STRONG_RTL = frozenset({"R", "AL"})


def is_rtl_language(lang: str | None) -> bool:
    if not lang:
        return False
    code = lang.lower().replace("_", "-")
    return code in RTL_LANGUAGES or code.split("-")[0] in RTL_LANGUAGES


def first_strong(text: str) -> Direction | None:
    """The direction of the first character with a strong one (an RLM or LRM typed counts)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG_RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in text)


def line_direction(text: str, lang: str | None = None) -> Direction:
    """``"rtl"`` or ``"ltr"`` for a line of ``text`` in ``lang`` (see the module's rule)."""
    if is_rtl_language(lang) and has_rtl(text):
        return "rtl"
    return first_strong(text) or "ltr"
