"""Errors and diagnostics. Library code raises these; only the CLI decides how to show them.

Exit codes (one table, also in docs/format.md and README):

====  ==========================================================
0     ok
1     the script or voices.yaml has errors (:class:`ScriptError`)
2     usage: bad option/value, unknown performer/role/scene
3     warnings under ``--strict``
4     a backend or system tool is missing or failing
5     ``build`` finished but some outputs failed
====  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal

from .model import Loc

Severity = Literal["error", "warning"]


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

    def format(self) -> str:
        return str(self)


class ScriptError(StagecastError):
    """The script or voices.yaml is wrong; carries every problem found in one pass."""

    exit_code = 1

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Errors cross process boundaries (parallel rendering): rebuild from the diagnostics.
        return (type(self), (self.diagnostics,))

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

    def __init__(self, what: str, name: str, valid: Iterable[str]):
        self.what, self.name, self.valid = what, name, tuple(valid)
        listing = ", ".join(self.valid) or "none"
        super().__init__(f"unknown {what} '{name}'; the play has: {listing}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.what, self.name, self.valid))


class PlayNotFound(StagecastError):
    """The PLAY given (or the default ./script) is not a play: a usage error, not a script error."""

    exit_code = 2

    def __init__(self, path: str, problem: str, hint: str):
        self.path, self.problem, self.hint = path, problem, hint
        super().__init__(f"{path}: error: {problem}\nhint: {hint}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.path, self.problem, self.hint))


class StrictWarnings(StagecastError):
    """Warnings were found and ``--strict`` was given."""

    exit_code = 3


class BackendError(StagecastError):
    """A backend or system tool (font, TTS engine, ffmpeg, browser) is missing or failed."""

    exit_code = 4

    def __init__(self, message: str, loc: Loc | None = None, hint: str | None = None):
        self.loc, self.message, self.hint = loc, message, hint
        text = f"{loc}: {message}" if loc else message
        super().__init__(f"{text}\nhint: {hint}" if hint else text)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.loc, self.hint))


class BuildFailed(StagecastError):
    """``build`` wrote what it could, but some outputs failed."""

    exit_code = 5
