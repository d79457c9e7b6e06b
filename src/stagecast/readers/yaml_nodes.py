"""Reading YAML through PyYAML's composed node tree, so every value keeps its position.

The :class:`Walker` collects diagnostics instead of raising, so a reader reports every
problem of a file in one pass. It also closes YAML's traps: duplicate keys, values
that YAML silently turns into booleans/numbers/null, tabs, alias bombs. What to say about a
file that does not compose at all is :mod:`.yaml_syntax`'s.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Diagnostic
from ..model import Loc
from . import language_codes
from .suggest import did_you_mean
from .yaml_syntax import character_diagnostic, loc_of, report_tabs, syntax_diagnostic

MAX_FILE_BYTES = 5_000_000
MAX_NODES = 500_000
_STR = "tag:yaml.org,2002:str"
_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


# libyaml's loader composes the same nodes with the same marks about four times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def loader_name() -> str:
    """Which YAML loader reads plays here (libyaml's, or PyYAML's pure-Python one)."""
    return _LOADER.__name__


class TooBig(Exception):
    """The document expands beyond :data:`MAX_NODES` (an alias bomb or a runaway file)."""


class Walker:
    """Typed, located access to one YAML file's nodes; problems go to ``diagnostics``."""

    def __init__(self, path: str, text: str, diagnostics: list[Diagnostic]):
        self.path = path
        self.lines = text.splitlines()
        self.diagnostics = diagnostics
        self._visited = 0

    # -- reporting ---------------------------------------------------------
    def loc(self, node: Node) -> Loc:
        return loc_of(self.path, node.start_mark)

    def error(self, node: Node | Loc, message: str) -> None:
        where = node if isinstance(node, Loc) else self.loc(node)
        self.diagnostics.append(Diagnostic("error", where, message))

    def warning(self, node: Node | Loc, message: str) -> None:
        where = node if isinstance(node, Loc) else self.loc(node)
        self.diagnostics.append(Diagnostic("warning", where, message))

    def _visit(self) -> None:
        self._visited += 1
        if self._visited > MAX_NODES:
            raise TooBig()

    # -- shapes ------------------------------------------------------------
    def mapping(self, node: Node, what: str) -> dict[str, tuple[ScalarNode, Node]] | None:
        """Keys → (key node, value node), reporting duplicate and non-text keys."""
        self._visit()
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of 'key: value' lines, not {_shape(node)}")
            return None
        result: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            self._visit()
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} must be plain text")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.loc(result[key][0])
                self.error(key_node, f"duplicate key '{key}' in {what} (first given at line {first.line})")
                continue
            result[key] = (key_node, value_node)
        return result

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        self._visit()
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list (lines starting with '- '), not {_shape(node)}")
            return None
        return list(node.value)

    def check_keys(self, fields: dict[str, tuple[ScalarNode, Node]], allowed: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key, (key_node, _) in fields.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" (expected one of: {', '.join(allowed)})"
                self.error(key_node, f"unknown key '{key}' in {what}{hint}")

    def require(self, fields: dict[str, tuple[ScalarNode, Node]], key: str, at: Node, what: str) -> Node | None:
        if key in fields:
            return fields[key][1]
        self.error(at, f"{what} needs '{key}'")
        return None

    # -- scalars -----------------------------------------------------------
    def string(self, node: Node, what: str, *, allow_empty: bool = False, fix: str | None = None) -> str | None:
        """Text. A value YAML would read as a boolean, number, date or null is an error.
        ``fix``: what to write instead of an empty value, said after "… is empty"."""
        self._visit()
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not {_shape(node)}")
            return None
        empty = f"{what} is empty" + (f"; {fix}" if fix else "")
        if node.tag == "tag:yaml.org,2002:null" and not node.value.strip("~"):
            self.error(node, empty)
            return None
        if node.tag != _STR:
            kind = _TYPE_NAMES.get(node.tag, "not text")
            self.error(node, f"{what} '{node.value}' is read by YAML as {kind}; put it in quotes: \"{node.value}\"")
            return None
        if not allow_empty and not node.value.strip():
            self.error(node, empty)
            return None
        return node.value

    def name(self, node: Node, what: str) -> str | None:
        """Text where a plain number is also fine (cue numbers, ids): ``12`` becomes "12"."""
        self._visit()
        if isinstance(node, ScalarNode) and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return str(node.value)
        return self.string(node, what)

    def flag(self, node: Node, what: str) -> bool | None:
        """``true`` or ``false``."""
        self._visit()
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return bool(yaml.safe_load(node.value))
        shown = node.value if isinstance(node, ScalarNode) else _shape(node)
        self.error(node, f"{what} must be true or false, not '{shown}'")
        return None

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        self._visit()
        if not isinstance(node, ScalarNode) or node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            shown = node.value if isinstance(node, ScalarNode) else _shape(node)
            self.error(node, f"{what} must be a number, not '{shown}'")
            return None
        value = float(yaml.safe_load(node.value))
        if not low <= value <= high:
            self.error(node, f"{what} must be between {low:g} and {high:g}, not {value:g}")
            return None
        return value

    def language(self, node: Node, what: str) -> str | None:
        """A language code such as ``en``, ``ru``, ``kk`` or ``en-GB`` (what voices are chosen by),
        in its usual case."""
        value = self.string(node, what)
        if value is None:
            return None
        code = language_codes.normalise(value)
        if code is not None:
            return code
        meant = language_codes.suggestion(value)
        hint = f" (did you mean '{meant}'?)" if meant else ""
        if language_codes.is_country(value):
            self.error(node, f"{what} must be a language code, not the country code '{value}'{hint}")
        else:
            self.error(node, f"{what} must be a language code like en, ru, kk or uk, not '{value}'{hint}")
        return None

    def languages(self, node: Node, what: str) -> tuple[str, ...]:
        """One language code or a list of them (``other_langs: [kk, ru]``), each checked as :meth:`language`."""
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        if not nodes:
            self.error(node, f"the list of {what}s is empty; name at least one, e.g. [kk]")
        codes = (self.language(child, what) for child in nodes)
        return tuple(dict.fromkeys(code for code in codes if code))

    def names(self, node: Node, what: str, fix: str | None = None) -> list[tuple[str, Node]]:
        """One id or a list of ids, each with its node for locating later problems. ``fix``: what
        to write for an empty one (:meth:`string`)."""
        if isinstance(node, SequenceNode):
            out = []
            for child in node.value:
                value = self.string(child, what, fix=fix)
                if value is not None:
                    out.append((value.strip(), child))
            return out
        value = self.string(node, what, fix=fix)
        if value is None:
            return []
        parts = [part.strip() for part in value.split(",")]
        if not any(parts):
            self.error(node, f"'{value}' names no {what}; give the ids, separated by commas")
        elif not all(parts):
            self.error(node, f"an empty {what} in '{value}': remove the extra comma")
        return [(part, node) for part in parts if part]

    def loc_in(self, node: Node, offset: int) -> Loc:
        """The location of character ``offset`` of a scalar's value; the scalar's start where the
        value does not map onto the source that far (see :func:`value_position`)."""
        found = value_position(self.lines, node, offset) if isinstance(node, ScalarNode) else None
        return Loc(self.path, found[0] + 1, found[1] + 1) if found else self.loc(node)


_BLANK = " \t\r\n"
"""YAML's white space: what indentation, line breaks and their folding into spaces are made of."""


def value_position(lines: list[str], node: ScalarNode, offset: int) -> tuple[int, int] | None:
    """0-based (line, column) in the source of character ``offset`` of a scalar's value.

    The value's other characters are matched one by one against the source from the scalar's
    start, stepping over white space on both sides: indentation, line breaks and the spaces
    folding makes of them are all the difference between a plain, quoted or block scalar's
    value and its source, whatever its style (``|``, ``>``, wrapped over lines). ``None`` where
    that does not hold up to ``offset``: an escape (``\\n``, ``\\u65e5``) in double quotes
    before it, or ``offset`` on white space (which may be a folded line break); the caller then
    points at the scalar's start."""
    value = str(node.value)
    if not 0 <= offset < len(value) or value[offset] in _BLANK:
        return None
    line, column = node.start_mark.line, node.start_mark.column
    if node.style in ("|", ">"):
        line, column = line + 1, 0  # the text starts on the line after the | or > (and its comment)
    elif node.style in ('"', "'"):
        column += 1
    for index in range(offset + 1):
        char = value[index]
        if char in _BLANK:
            continue
        while line < len(lines) and (column >= len(lines[line]) or lines[line][column] in _BLANK):
            line, column = (line + 1, 0) if column >= len(lines[line]) else (line, column + 1)
        if line >= len(lines):
            return None
        source = lines[line]
        if node.style == "'" and char == "'" and source[column : column + 2] == "''":
            column += 1  # '' is how a single-quoted value writes '
        elif source[column] != char:
            return None
        if index == offset:
            return line, column
        column += 1
    return None


def is_null(node: Node) -> bool:
    """An empty value (``key:`` with nothing after it, or ``~``)."""
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"'{node.value}'" if isinstance(node, ScalarNode) else "something else"


def compose(path: str, data: bytes, diagnostics: list[Diagnostic]) -> tuple[Node | None, str]:
    """Decode and compose one YAML file; problems (encoding, tabs, syntax) go to ``diagnostics``."""
    if len(data) > MAX_FILE_BYTES:
        diagnostics.append(Diagnostic("error", Loc(path, 1, 1),
                                      f"file is {len(data):,} bytes; stagecast reads files up to {MAX_FILE_BYTES:,} bytes"))
        return None, ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.append(Diagnostic("error", Loc(path, line, column),
                                      "file is not UTF-8 text; save it as UTF-8 in your editor"))
        return None, ""
    if report_tabs(path, text, diagnostics):
        return None, text
    try:
        return yaml.compose(text, Loader=_LOADER), text
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(syntax_diagnostic(path, exc, text))
    except yaml.reader.ReaderError as exc:
        diagnostics.append(character_diagnostic(path, text, exc))
    except yaml.YAMLError as exc:
        diagnostics.append(Diagnostic("error", Loc(path, 1, 1), f"YAML syntax: {exc}"))
    except RecursionError:  # PyYAML's pure-Python composer (no libyaml) recurses once per level
        diagnostics.append(Diagnostic("error", Loc(path, 1, 1), "YAML nested too deeply (lists or mappings "
                                      "inside each other hundreds of levels deep); a play needs a few levels"))
    return None, text
