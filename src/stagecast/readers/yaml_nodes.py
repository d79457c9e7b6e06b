"""Reading YAML through PyYAML's composed node tree, so every value keeps its position.

The :class:`Walker` collects diagnostics instead of raising, so a reader reports every
problem of a file in one pass. It also closes YAML's traps: duplicate keys, values
that YAML silently turns into booleans/numbers/null, tabs, alias bombs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Diagnostic
from ..model import Loc
from . import language_codes
from .suggest import did_you_mean

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


def loc_of(path: str, mark: yaml.Mark | None) -> Loc:
    """The one place PyYAML's 0-based marks become 1-based locations."""
    if mark is None:
        return Loc(path, 1, 1)
    return Loc(path, mark.line + 1, mark.column + 1)


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
    def string(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        """Text. A value YAML would read as a boolean, number, date or null is an error."""
        self._visit()
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not {_shape(node)}")
            return None
        if node.tag == "tag:yaml.org,2002:null" and not node.value.strip("~"):
            self.error(node, f"{what} is empty")
            return None
        if node.tag != _STR:
            kind = _TYPE_NAMES.get(node.tag, "not text")
            self.error(node, f"{what} '{node.value}' is read by YAML as {kind}; put it in quotes: \"{node.value}\"")
            return None
        if not allow_empty and not node.value.strip():
            self.error(node, f"{what} is empty")
            return None
        return node.value

    def name(self, node: Node, what: str) -> str | None:
        """Text where a plain number is also fine (cue numbers, ids): ``12`` becomes "12"."""
        self._visit()
        if isinstance(node, ScalarNode) and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return str(node.value)
        return self.string(node, what)

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

    def names(self, node: Node, what: str) -> list[tuple[str, Node]]:
        """One id or a list of ids, each with its node for locating later problems."""
        if isinstance(node, SequenceNode):
            out = []
            for child in node.value:
                value = self.string(child, what)
                if value is not None:
                    out.append((value.strip(), child))
            return out
        value = self.string(node, what)
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
    if _report_tabs(path, text, diagnostics):
        return None, text
    try:
        return yaml.compose(text, Loader=_LOADER), text
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(_syntax_diagnostic(path, exc, text))
    except yaml.reader.ReaderError as exc:
        diagnostics.append(_character_diagnostic(path, text, exc))
    except yaml.YAMLError as exc:
        diagnostics.append(Diagnostic("error", Loc(path, 1, 1), f"YAML syntax: {exc}"))
    except RecursionError:  # PyYAML's pure-Python composer (no libyaml) recurses once per level
        diagnostics.append(Diagnostic("error", Loc(path, 1, 1), "YAML nested too deeply (lists or mappings "
                                      "inside each other hundreds of levels deep); a play needs a few levels"))
    return None, text


def _character_diagnostic(path: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    """A character YAML refuses (NUL, other controls), located by its first occurrence: the
    loaders give its offset in bytes or in characters, depending on which one ran."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    at = max(text.find(char), 0)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic("error", Loc(path, line, column),
                      f"the file contains the control character U+{ord(char[:1] or ' '):04X}, which YAML does not "
                      "allow; delete it (it is often invisible in an editor)")


def _syntax_diagnostic(path: str, exc: yaml.MarkedYAMLError, text: str = "") -> Diagnostic:
    """PyYAML's message, located where the broken construct starts when that is known, with a
    hint when a quote opened on a line nearby is never closed (the most common slip)."""
    problem = " ".join(str(exc.problem or "invalid YAML").split())
    unclosed = _unclosed_quote(text, exc)
    if unclosed is not None:
        return Diagnostic("error", Loc(path, unclosed[0], unclosed[1]),
                          "a quote opened here is never closed on this line; add the closing \" "
                          f"(YAML syntax: {problem})")
    lines = text.splitlines()
    if "mapping values are not allowed" in problem and exc.problem_mark is not None:
        under = _under_a_value(lines, exc.problem_mark.line, exc.problem_mark.column, problem)
        if under is not None:
            return Diagnostic("error", loc_of(path, exc.problem_mark), under)
        return Diagnostic("error", loc_of(path, exc.problem_mark),
                          "a colon and a space inside unquoted text start a new key; put the whole text in "
                          f"double quotes, e.g. {_quoted_example(lines, exc.problem_mark.line)} (YAML syntax: {problem})")
    misplaced = _misindented(lines, exc.problem_mark.line) if exc.problem_mark is not None else None
    if misplaced is not None:
        line, column, want, like = misplaced
        said = f"{problem} {exc.context}" if exc.context else problem
        return Diagnostic("error", Loc(path, line, column),
                          f"this line is indented to column {column}, which lines up with nothing above it; indent "
                          f"it to column {want}, like line {like} (YAML syntax: {said})")
    if exc.context and exc.context_mark is not None:
        return _in_context(path, problem, exc, lines)
    return Diagnostic("error", loc_of(path, exc.problem_mark), f"YAML syntax: {problem}")


def _in_context(path: str, problem: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> Diagnostic:
    """PyYAML names two places: where the construct it was reading starts, and where it found the
    problem. The location is where the problem is, and the message names the other place, so the
    two never seem to disagree; but a construct still open when the file ends (a '[' never closed)
    is located where it starts, since the end of the file says nothing about where to look."""
    start = loc_of(path, exc.context_mark)
    found = loc_of(path, exc.problem_mark) if exc.problem_mark is not None else start
    if found == start:
        return Diagnostic("error", start, f"YAML syntax: {problem} {exc.context}")
    opener = _char_at(lines, start)
    if opener in _CLOSERS and _only_blank_after(lines, found.line - 1, found.column - 1):
        return Diagnostic("error", start, f"YAML syntax: {problem} {exc.context} that starts here; the file ends "
                                          f"before it is closed: add the closing {_CLOSERS[opener]}")
    return Diagnostic("error", found, f"YAML syntax: {problem} {exc.context} that starts at line {start.line}, "
                                      f"column {start.column}")


_CLOSERS = {"[": "]", "{": "}", '"': '"', "'": "'"}
"""What closes a construct that may run over many lines (a flow list or mapping, quoted text)."""


def _char_at(lines: list[str], loc: Loc) -> str:
    line = lines[loc.line - 1] if 0 < loc.line <= len(lines) else ""
    return line[loc.column - 1] if 0 < loc.column <= len(line) else ""


def _only_blank_after(lines: list[str], index: int, column: int) -> bool:
    """True when nothing but spaces and comments follows line ``index``, column ``column`` (0-based)."""
    rest = [lines[index][column:]] if 0 <= index < len(lines) else []
    return not any(_holds_yaml(line) for line in rest + lines[index + 1:])


def _value_above(lines: list[str], index: int) -> tuple[int, str, str] | None:
    """(line, key, value) of the ``key: value`` line that line ``index`` is indented under, when
    that value is plain text (so YAML takes the indented line for more of it)."""
    if not 0 <= index < len(lines):
        return None
    for number in range(index - 1, -1, -1):
        above = lines[number]
        if not _holds_yaml(above):
            continue
        key, colon, value = above.strip().removeprefix("- ").partition(": ")
        deeper = _indent(lines[index])[0] > _indent(above)[0]
        plain = value.strip() and not value.startswith(("'", '"', "|", ">", "{", "["))
        return (number + 1, key, value.strip()) if colon and plain and deeper else None
    return None


def _under_a_value(lines: list[str], index: int, column: int, problem: str) -> str | None:
    """The hint for a list, or a key, put under a key that already has a value on its line."""
    above = _value_above(lines, index)
    if above is None or ": " in lines[index][:column]:
        return None
    number, key, value = above
    raw = lines[index]
    if _indent(raw)[1]:
        return (f"line {number} already gives '{key}' a value ('{value}'), so the list under it cannot be its value "
                f"too: remove '{value}' from line {number}, or put the list under a key of its own (in a scene, "
                f"'body:') (YAML syntax: {problem})")
    if _indent(lines[number - 1])[1] or not re.fullmatch(r"[\w.-]+", raw[len(raw) - len(raw.lstrip()):column]):
        return None  # text wrapped onto the next line (a speech's): it wants quotes
    example = f" (for a role: name: {value})" if _under_key(lines, number - 1, "roles") else ""
    return (f"line {number} already gives '{key}' a value ('{value}'), so this line cannot add keys to it: "
            f"put the value under a key of its own too{example}, each key on its own line (YAML syntax: {problem})")


def _under_key(lines: list[str], index: int, key: str) -> bool:
    """True when line ``index`` sits inside the block of a ``key:`` line above it."""
    column = _indent(lines[index])[0]
    for number in range(index - 1, -1, -1):
        line = lines[number]
        if _holds_yaml(line) and _indent(line)[0] < column:
            return line.strip() == f"{key}:"
    return False


def _quoted_example(lines: list[str], index: int) -> str:
    """The offending line's value in quotes (``- sasha: "Иду: уже иду"``), as a hint shows it."""
    line = lines[index].strip() if 0 <= index < len(lines) else ""
    above = _value_above(lines, index)
    if above is not None:  # wrapped text: the whole value, from the line it starts on
        start = lines[above[0] - 1].strip()
        line = f"{start} {line}"
    key, _, value = line.partition(": ")
    if not value or value.startswith(('"', "'")):
        return '- role: "text: more text"'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{escaped}"'


def _holds_yaml(line: str) -> bool:
    """Not blank and not a comment: a line whose indentation means something."""
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _indent(line: str) -> tuple[int, bool]:
    """(column where the content starts, 1-based; whether it is a list item ``- …``)."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) + 1, stripped.startswith("- ") or stripped == "-"


def _key_columns(line: str) -> list[int]:
    """Columns where a key starts on ``line``: its start, or, for a list item, after each ``- ``."""
    column, is_item = _indent(line)
    out = [] if is_item else [column]
    rest = line.lstrip(" ")
    while is_item:
        rest = rest[1:]
        spaces = len(rest) - len(rest.lstrip(" "))
        column += 1 + spaces
        rest = rest.lstrip(" ")
        out.append(column)
        is_item = rest.startswith("- ")
    return out


def _misindented(lines: list[str], index: int) -> tuple[int, int, int, int] | None:
    """For a line YAML stumbled on: (line, column, the column it should have, a line that has it),
    1-based, when its indentation matches no line above of the same kind (list item or key)."""
    if not 0 <= index < len(lines) or not _holds_yaml(lines[index]):
        return None
    column, is_item = _indent(lines[index])
    seen: list[tuple[int, int]] = []  # (column, line number) of the lines above, nearest first
    for number in range(index - 1, -1, -1):
        above = lines[number]
        if not _holds_yaml(above):
            continue
        columns = [_indent(above)[0]] if is_item and _indent(above)[1] else [] if is_item else _key_columns(above)
        seen += [(c, number + 1) for c in columns]
    if not seen or any(c == column for c, _ in seen):
        return None
    want, like = min(seen, key=lambda seen_at: abs(seen_at[0] - column))
    return index + 1, column, want, like


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """(line, column), 1-based, of a value's opening double quote left unclosed on its line,
    among the few lines before the error."""
    marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not text or not marks:
        return None
    lines = text.splitlines()
    last = min(max(m.line for m in marks), len(lines) - 1)
    for number in range(max(0, min(m.line for m in marks) - 3), last + 1):
        line = lines[number]
        start = _value_quote(line)
        if start is not None and line.count('"') - line.count('\\"') == 1:
            return number + 1, start + 1
    return None


def _value_quote(line: str) -> int | None:
    """Index of a double quote that opens a value (``key: "…`` or ``- "…``), if any."""
    match = re.search(r'(?:^\s*-\s+|:\s+)"', line)
    return match.end() - 1 if match else None


def _report_tabs(path: str, text: str, diagnostics: list[Diagnostic]) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            diagnostics.append(Diagnostic("error", Loc(path, number, column),
                                          "tab character in indentation; YAML needs spaces"))
            found = True
    return found
