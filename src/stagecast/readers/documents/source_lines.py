"""What a document reader hands the script recogniser: one line (a paragraph) with its look and place."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ScriptError
from ...model import Loc


@dataclass(frozen=True)
class SourceLine:
    """One paragraph of the source (a line of a text file, a Word paragraph, a PDF paragraph).

    ``speaker``: a name the document sets apart from the text beside it (the name column of a
    script PDF, the first cell of a table row); the recogniser takes it as the speaker.
    ``heading``: the document's own heading level (1 = the largest), when its styles say so.
    """

    text: str
    line: int
    page: int | None = None
    bold: bool = False
    italic: bool = False
    centred: bool = False
    heading: int | None = None
    speaker: str | None = None
    indent: float | None = None
    """Where the paragraph's text starts (a PDF's x, in points): a screenplay's action is set
    further left than its dialogue."""
    follows: bool = False
    """The line goes on the paragraph above (a text file's lines with no blank line between)."""

    def where(self) -> str:
        """How a message names the place: ``page 3, line 12`` in a paged document, ``line 12`` otherwise."""
        return f"page {self.page}, line {self.line}" if self.page is not None else f"line {self.line}"


def refuse(path: str, found: str, hint: str) -> ScriptError:
    """A document that cannot be read: what was found, and what to try (exit 1)."""
    return ScriptError.at(Loc(path, 1, 1), f"{found}\nhint: {hint}")
