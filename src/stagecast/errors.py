"""Errors and diagnostics. Library code raises these; only the CLI decides how to show them.

Each error class carries its exit code (``exit_code``); the table users read is the README's
"Exit codes" (docs/format.md repeats it): 1 :class:`ScriptError`, 2 :class:`UsageError` and
:class:`NotFoundError`, 4 :class:`BackendError`, 5 :class:`BuildFailed`; 3 is ``--strict`` with
warnings, 70 a bug in stagecast, 130 Ctrl-C (:mod:`stagecast.cli.report` decides the last two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal

from .model import Loc

Severity = Literal["error", "warning", "note"]

# A line that is already a diagnostic: "error: …", or "<file>:<line>[:<col>]: error: …" ("?" when a
# line has no location). The location must carry a line number so that a message which merely
# quotes a tool ("ffmpeg failed: error: …") is not mistaken for one.
_DIAGNOSTIC = re.compile(r"(?:.+?:\d+(?::\d+)?: |\?: )?(?:error|warning): ")


def is_diagnostic(line: str) -> bool:
    """Whether ``line`` already reads ``[location: ]error: …`` (or ``warning:``)."""
    return _DIAGNOSTIC.match(line) is not None


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input."""

    severity: Severity
    loc: Loc | None
    message: str

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}{self.severity}: {self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        if self.loc is None:
            return ("", 0, 0)
        return (self.loc.path, self.loc.line, self.loc.column)


class StagecastError(Exception):
    """Root of every error stagecast raises on purpose."""

    exit_code: ClassVar[int] = 1
    preformatted: ClassVar[bool] = False
    """The message is already printed as it should be (diagnostics, a summary count, or
    ``[location: ]error: …`` with its hint): :meth:`format` adds nothing."""
    in_the_play: ClassVar[bool] = False
    """Editing the play (or voices.yaml) is what fixes it: ``--watch`` waits for that save."""

    def format(self) -> str:
        """How the CLI prints it: ``error: <message>``, like every other error."""
        text = str(self)
        return text if self.preformatted or is_diagnostic(text) else f"error: {text}"


class ScriptError(StagecastError):
    """The script or voices.yaml is wrong; carries every problem found in one pass."""

    exit_code = 1
    in_the_play = True

    def __init__(self, diagnostics: Iterable[Diagnostic], hint: str | None = None, unlisted: int = 0):
        self.diagnostics = tuple(diagnostics)
        self.hint = hint
        """One ``hint:`` line after the list, for what every problem in it needs (a font)."""
        self.unlisted = unlisted
        """Errors found but left out of a capped list (a line in it says how many)."""
        lines = [str(d) for d in self.diagnostics] + ([f"hint: {hint}"] if hint else [])
        super().__init__("\n".join(lines))

    @property
    def count(self) -> int:
        """How many errors were found, listed or not: the CLI's closing "N errors found"."""
        return sum(1 for d in self.diagnostics if d.severity == "error") + self.unlisted

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Errors cross process boundaries (parallel rendering): rebuild from the diagnostics.
        return (type(self), (self.diagnostics, self.hint, self.unlisted))

    preformatted = True  # the diagnostics, each already "location: error: …", or a closing count

    @classmethod
    def summary_only(cls, message: str) -> ScriptError:
        """An error whose diagnostics were already shown; only a closing line remains."""
        err = cls([])
        err.args = (message,)
        return err

    @classmethod
    def at(cls, loc: Loc | None, message: str) -> ScriptError:
        return cls([Diagnostic("error", loc, message)])


class NotFoundError(StagecastError):
    """A performer, role or scene named on the command line does not exist (a usage error)."""

    exit_code = 2

    def __init__(self, what: str, name: str, valid: Iterable[str], note: str = ""):
        self.what, self.name, self.valid, self.note = what, name, tuple(valid), note
        listing = ", ".join(self.valid) or "none"
        if note and not self.valid:  # the note says why there are none: "the play has: none" adds nothing
            super().__init__(f"unknown {what} '{name}': {note}")
            return
        said = f" ({note})" if note else ""
        super().__init__(f"unknown {what} '{name}'{said}; the play has: {listing}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.what, self.name, self.valid, self.note))


class PlayNotFound(StagecastError):
    """The PLAY given (or the default ./script) is not a play: a usage error, not a script error."""

    exit_code = 2
    preformatted = True  # "<path>: error: …" and a hint

    def __init__(self, path: str, problem: str, hint: str):
        self.path, self.problem, self.hint = path, problem, hint
        super().__init__(f"{path}: error: {problem}\nhint: {hint}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.path, self.problem, self.hint))


class StrictWarnings(StagecastError):
    """Warnings were found and ``--strict`` was given."""

    exit_code = 3
    preformatted = True  # a count closing the warnings printed above it


class HintedError(StagecastError):
    """An error with an optional location and a ``hint:`` line saying what to do about it.

    Shown as ``[location: ]error: message`` then ``hint: …``. A message that gathers located
    problems, one diagnostic per line (clips that failed), keeps those lines as they are and
    ends with its own summary line, which is the one given ``error:``."""

    preformatted = True

    def __init__(self, message: str, loc: Loc | None = None, hint: str | None = None):
        self.loc, self.message, self.hint = loc, message, hint
        super().__init__(_hinted(message, loc, hint))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.loc, self.hint))


def _hinted(message: str, loc: Loc | None, hint: str | None) -> str:
    lines = message.split("\n")
    if is_diagnostic(lines[0]):
        if len(lines) > 1 and not is_diagnostic(lines[-1]):
            lines[-1] = f"error: {lines[-1]}"
        text = "\n".join(lines)
    else:
        text = f"{loc}: error: {message}" if loc else f"error: {message}"
    return f"{text}\nhint: {hint}" if hint else text


class UsageError(HintedError):
    """What was asked cannot be done with these inputs: a usage error (exit 2), e.g. ``--since
    REV`` for a play that is not in a git repository, or a revision git does not know."""

    exit_code = 2


class BackendError(HintedError):
    """A backend or system tool (font, TTS engine, ffmpeg, browser, git) is missing or failed."""

    exit_code = 4


class OutputBusy(HintedError):
    """Another stagecast run is writing the same outputs and ``--no-wait`` was given: like a
    file that may not be written now (exit 4), and nothing was changed."""

    exit_code = 4


class BuildFailed(StagecastError):
    """``build`` wrote what it could, but some outputs failed."""

    exit_code = 5
    preformatted = True  # each failed output with its own error, then a count
    in_the_play = True  # a line the engine cannot say, a sound file that cannot be read
