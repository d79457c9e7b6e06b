"""Characters no font can draw, reported as a user can act on them.

One error per item (a speech, a stage direction, a role's name, the title) that has such
characters, listing them (the first few by name) and located at the first one's own line and
column; at most :data:`PER_FILE` such errors per file, then one line counting the rest (a
Japanese play printed without a Japanese font is one problem, not thousands of lines); one hint
at the end, naming the option every PDF-making command has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import Diagnostic, ScriptError
from ..model import CharLocator, Loc
from .blocks import Block, Para, Ref
from .fonts import STYLES, FontSet, describe_char

PER_FILE = 20
"""Items listed per file before the rest are only counted."""
NAMED = 8
"""Characters shown in one item's message before the rest are only counted."""
HINT = ("add a font that has them: --font pt-serif --font FILE (PT Serif first, FILE for what it lacks), "
        "or for every PDF of the play, in play.yaml: pdf: {font: [pt-serif, FILE]}")
Extra = tuple[str, "str | None", "Loc | None"]
"""Another printed text to check: (what it is, the text, where it came from)."""


@dataclass
class _Item:
    what: str
    loc: Loc | None
    field: str | None
    found: dict[str, None] = field(default_factory=dict)
    """The characters, in the order met (a dict: a 2,000-character speech is checked quickly)."""

    @property
    def chars(self) -> list[str]:
        return list(self.found)


def missing_glyphs(blocks: Sequence[Block], fonts: FontSet, extras: Sequence[Extra] = (),
                   locate: CharLocator | None = None) -> ScriptError | None:
    """The error for every character of ``blocks`` (and ``extras``, checked in every style) that no
    font in ``fonts`` has, or ``None``. ``locate``: where a character is in the play's files (the
    play's :attr:`~stagecast.model.Play.locate_chars`); without it, each item is pointed at."""
    items: dict[tuple[str, Loc | None], _Item] = {}
    seen: set[str] = set()

    def add(ref: Ref | None, kind: str, chars: list[str]) -> None:
        what = _what(ref, kind)
        loc = ref.loc if ref else None
        item = items.setdefault((what, loc), _Item(what, loc, ref.field if ref else None))
        item.found.update(dict.fromkeys(chars))
        seen.update(chars)

    for block in blocks:
        if not isinstance(block, Para):
            continue
        for span in (*block.spans, *block.aside, *(block.continued or ())):
            chars = fonts.missing(span.text, span.style)
            if chars:
                add(span.ref or block.ref, block.kind, chars)
        if block.margin and (chars := fonts.missing(block.margin)):
            add(block.ref, block.kind, chars)
    for what, text, loc in extras:
        chars = [c for style in STYLES for c in fonts.missing(text or "", style) if c not in seen]
        if chars:  # e.g. the title's characters, already named on the title page, are not named again
            add(Ref(loc=loc, what=what), "text", list(dict.fromkeys(chars)))
    if not items:
        return None
    return _error(list(items.values()), fonts.labels, locate)


def _what(ref: Ref | None, kind: str) -> str:
    if ref is not None and ref.what:
        return ref.what
    if ref is not None and ref.speech:
        return f"speech {ref.speech}"
    return f"this {kind}"


def _error(items: list[_Item], tried: str, locate: CharLocator | None) -> ScriptError:
    wants = {id(item): (item.loc, item.field, next(iter(item.found))) for item in items if item.loc is not None}
    exact = locate(wants.values()) if locate is not None else {}  # only now: it reads the play's files again
    placed = [(exact.get(wants[id(item)], item.loc) if item.loc else None, item) for item in items]
    placed.sort(key=lambda p: (p[0].path, p[0].line, p[0].column) if p[0] else ("", 0, 0))
    by_file: dict[str, list[tuple[Loc | None, _Item]]] = {}
    for loc, item in placed:
        by_file.setdefault(loc.path if loc else "", []).append((loc, item))
    shown: list[Diagnostic] = []
    unlisted = 0
    for path, found in by_file.items():
        listed = found[:PER_FILE] if path else found  # texts from no file (a watermark) are few
        shown += [Diagnostic("error", loc, _message(item, tried)) for loc, item in listed]
        rest = found[len(listed):]
        if rest:
            loc, item = rest[0]
            many = len(rest) != 1
            shown.append(Diagnostic("error", loc, f"{len(rest):,} more item{'s' * many} in this file "
                                    f"{'have' if many else 'has'} characters no font has (not listed one by one); "
                                    f"the first is {item.what}, here"))
            unlisted += len(rest) - 1  # the line above stands for the first of them
    return ScriptError(shown, hint=HINT, unlisted=unlisted)


def _message(item: _Item, tried: str) -> str:
    first, rest = item.chars[0], item.chars[1:]
    if not rest:
        return f"cannot print {describe_char(first)} in {item.what}: no font has it (tried {tried})"
    named = [describe_char(first), *(_short(c) for c in rest[: NAMED - 1])]
    more = len(rest) - (NAMED - 1)
    listing = f"{', '.join(named)} or {more:,} more" if more > 0 else f"{', '.join(named[:-1])} or {named[-1]}"
    return (f"cannot print {len(item.chars):,} characters in {item.what}: no font has {listing} "
            f"(tried {tried})")


def _short(char: str) -> str:
    """A character as a list shows it: itself, or its code where it would not show (a space, a mark)."""
    return f"U+{ord(char):04X}" if unicodedata.category(char)[0] in "CZM" else char

