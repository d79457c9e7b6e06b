"""What to tell someone whose YAML does not parse: the slip located where it is, and the fix.

PyYAML says what broke where its parser noticed, in the parser's words ("mapping values are not
allowed here"), often lines after the slip. These read the lines around it to name the usual
slips of people new to YAML — a quote never closed, a colon inside unquoted text, a list or a
key under a key that already has a value, a line indented to no column above it, a tab, an
invisible control character — and say what to type. The node walker (:mod:`.yaml_nodes`) asks
for these only when composing a file fails.
"""

from __future__ import annotations

import re

import yaml

from ..errors import Diagnostic
from ..model import Loc


def loc_of(path: str, mark: yaml.Mark | None) -> Loc:
    """The one place PyYAML's 0-based marks become 1-based locations."""
    if mark is None:
        return Loc(path, 1, 1)
    return Loc(path, mark.line + 1, mark.column + 1)


def character_diagnostic(path: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    """A character YAML refuses (NUL, other controls), located by its first occurrence: the
    loaders give its offset in bytes or in characters, depending on which one ran."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    at = max(text.find(char), 0)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic("error", Loc(path, line, column),
                      f"the file contains the control character U+{ord(char[:1] or ' '):04X}, which YAML does not "
                      "allow; delete it (it is often invisible in an editor)")


def syntax_diagnostic(path: str, exc: yaml.MarkedYAMLError, text: str = "") -> Diagnostic:
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


def report_tabs(path: str, text: str, diagnostics: list[Diagnostic]) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            diagnostics.append(Diagnostic("error", Loc(path, number, column),
                                          "tab character in indentation; YAML needs spaces"))
            found = True
    return found
