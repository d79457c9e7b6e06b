"""Revision marks: the small, format-neutral object a revised cue sheet or script is drawn with.

Every renderer (text, Markdown, HTML, PDF) reads the same :class:`RevisionMarks`: which
speeches (by number in the new version) get an asterisk in the margin beside the line or
beside its cue, what the header says, and the short "Changed since …" list. No imports, so
any writer can take it without pulling in the diff machinery.
"""

from __future__ import annotations

from dataclasses import dataclass

MARK = "*"
"""The margin mark, as in screenplay revision pages."""


@dataclass(frozen=True)
class RevisionMarks:
    label: str
    """The old version: a git revision as given ("HEAD~1") or the old play's path."""
    date: str | None
    """The date of the old version's git commit, when known (YYYY-MM-DD)."""
    lines: frozenset[int]
    """Speech numbers whose line is new, changed or moved: mark the line."""
    cues: frozenset[int]
    """Speech numbers whose cue changed: mark the cue."""
    notes: tuple[str, ...]
    """The "Changed since …" list, one plain-text sentence each, in running order."""

    @property
    def since(self) -> str:
        """"HEAD~1 (2024-11-26)"."""
        return f"{self.label} ({self.date})" if self.date else self.label

    @property
    def heading(self) -> str:
        """The header line: "Revised HEAD~1 (2024-11-26)"."""
        return f"Revised {self.since}"

    @property
    def title(self) -> str:
        """The title of the list of changes: "Changed since HEAD~1 (2024-11-26)"."""
        return f"Changed since {self.since}"

    def marks_line(self, number: int) -> bool:
        return number in self.lines

    def marks_cue(self, number: int) -> bool:
        return number in self.cues
