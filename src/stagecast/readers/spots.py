"""Where one character of an item's text is in the play's files, worked out when a message needs it.

The model keeps the location of every item, not of every character: reading a play stays as
fast as it is, and only a writer that has a character to point at (a PDF's missing glyph) pays
for it, through the play's :attr:`~stagecast.model.Play.locate_chars` (the YAML reader gives
it :func:`char_locations`; the writer never imports a reader). Then the item's file is read
again, the item found by its location, and the character's line and column worked out inside
the item's text (:func:`value_position`).

A file that changed since the play was read, or a play read from something other than YAML,
simply gives no answer: the caller points at the item, as it would have anyway.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import CharWant, Loc
from .yaml_nodes import compose, value_position

_NESTED = frozenset({"body", "roles", "performers", "scenes", "acts", "labels", "pronunciations", "pdf"})
"""Keys whose values are items of their own (a scene's body, play.yaml's roles): a character
found in them is not in the item itself."""
_Scope = tuple["ScalarNode | None", Node]
"""An item as found at a location: a list entry or a whole file (no key), or a key and its value."""


def char_locations(wanted: Iterable[CharWant]) -> dict[CharWant, Loc]:
    """The exact location of each wanted character, for those that can be found."""
    by_path: dict[str, list[CharWant]] = {}
    for want in wanted:
        by_path.setdefault(want[0].path, []).append(want)
    found: dict[CharWant, Loc] = {}
    for path, wants in by_path.items():
        composed = _compose(Path(path))
        if composed is None:
            continue
        root, lines = composed
        scopes = _scopes(root)
        for want in wants:
            loc, field, char = want
            scope = scopes.get((loc.line - 1, loc.column - 1))
            spot = _find(scope, field, char, lines) if scope is not None else None
            if spot is not None:
                found[want] = Loc(path, spot[0] + 1, spot[1] + 1)
    return found


def _compose(path: Path) -> tuple[Node, list[str]] | None:
    if path.suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    root, text = compose(str(path), data, [])  # it read cleanly before: a problem now means it changed since
    return (root, text.splitlines()) if root is not None else None


def _scopes(root: Node) -> dict[tuple[int, int], _Scope]:
    """0-based (line, column) → the item starting there. Several nodes can start at one place (a
    list entry and its first key; a file and its first key): a list entry wins, then the file,
    then a key with its value (a role, a performer) — the ways the readers locate items."""
    found: dict[tuple[int, int], tuple[int, _Scope]] = {}

    def offer(node: Node, rank: int, scope: _Scope) -> None:
        at = (node.start_mark.line, node.start_mark.column)
        if at not in found or found[at][0] < rank:
            found[at] = (rank, scope)

    offer(root, 2, (None, root))
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    offer(key, 1, (key, value))
                stack.append(value)
        elif isinstance(node, SequenceNode):
            for child in node.value:
                offer(child, 3, (None, child))
                stack.append(child)
    return {at: scope for at, (_, scope) in found.items()}


def _find(scope: _Scope, field: str | None, char: str, lines: list[str]) -> tuple[int, int] | None:
    """0-based (line, column) of ``char`` in the first of the item's texts that has it."""
    key, value = scope
    texts = list(_texts(value, field))
    if key is not None and field is None:
        texts.append(key)  # a role written as a bare id is printed from its key
    for node in texts:
        spot = _spot(node, char, lines)
        if spot is not None:
            return spot
    return None


def _texts(node: Node, field: str | None) -> Iterator[ScalarNode]:
    """The scalars of an item that hold its printed text: values in document order, then keys
    (a speech's speaker key is an id, not what is printed); ``field`` only that key's value."""
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for child in node.value:
            yield from _texts(child, None)
    elif isinstance(node, MappingNode):
        keys = [key for key, _ in node.value if isinstance(key, ScalarNode)]
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if (field is None and name not in _NESTED) or (field is not None and name == field):
                yield from _texts(value, None)
        if field is None:
            yield from (key for key in keys if key.value not in _NESTED)


def _spot(node: ScalarNode, char: str, lines: list[str]) -> tuple[int, int] | None:
    value = str(node.value)
    start = (node.start_mark.line, node.start_mark.column)
    # Printed text may be upper-cased (a speaker's name) or composed (NFC) from what was typed.
    for variant in (value, value.upper()):
        if char in variant and len(variant) == len(value):
            return value_position(lines, node, variant.index(char)) or start
    if char in value.upper() or char in unicodedata.normalize("NFC", value):
        return start
    return None
