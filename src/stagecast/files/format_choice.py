"""Which format a file is written in, when both ``--format`` and ``-o``'s extension may say; and
the one rule for an ``-o`` whose extension names another kind of document than is written.

One rule for every command and for the library (:class:`stagecast.audio.render.AudioOptions`),
so ``-o a.mp3 --format wav`` is refused in the same words wherever it is given, and so is a
script PDF written into ``x.txt`` or a Fountain text into ``x.pdf``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from ..errors import UsageError
from .atomic import is_special, is_stdout

KINDS = frozenset({
    "pdf", "txt", "md", "html", "csv", "tsv", "json", "xml", "yaml", "fountain",  # what stagecast reads or writes
    "doc", "docx", "odt", "rtf", "pages", "epub", "tex", "xls", "xlsx", "ods",  # office documents
    "wav", "mp3", "ogg", "oga", "opus", "flac", "m4a", "m4b", "aac", "aif", "aiff", "wma", "webm", "mp4",  # sound
    "vtt", "srt", "png", "jpg", "gif", "svg", "zip",
})
"""Extensions that name a kind of document a user may mean. An -o with one of these that the
command does not write is refused; an extension not here (``-o take.v2``) is the user's own name."""
_ALIASES = {"htm": "html", "markdown": "md", "text": "txt", "yml": "yaml", "spmd": "fountain", "ftn": "fountain",
            "jpeg": "jpg"}
"""Other spellings of a kind, so ``-o sheet.htm`` is HTML like ``-o sheet.html``."""


def kind_of(path: Path | None) -> str | None:
    """The kind of document ``path``'s extension names (one of :data:`KINDS`), else ``None``."""
    if path is None:
        return None
    suffix = path.suffix.lower().lstrip(".")
    kind = _ALIASES.get(suffix, suffix)
    return kind if kind in KINDS else None


def chosen_format(fmt: str | None, output: Path | None, formats: Collection[str], default: str,
                  suffixes: Mapping[str, str] | None = None) -> str:
    """``fmt`` (``--format``), else the format ``output``'s extension names, else ``default``.
    An extension naming one of ``formats`` that ``fmt`` contradicts is a :class:`UsageError`.
    ``output``: the file to be written (``None`` for none, or for a folder); ``suffixes``: a
    format's extension where it differs from its name (``{"table": "txt"}``)."""
    by_suffix = {(suffixes or {}).get(name, name): name for name in formats}
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    named = by_suffix.get(_ALIASES.get(suffix, suffix))
    if fmt and named is not None and named != fmt.lower():
        raise UsageError(f"-o {output} is a .{suffix} file but --format is {fmt}; make them agree")
    if fmt is not None:
        return fmt
    return named or default


def refuse_other_kind(output: Path | None, written: Collection[str], says: str, right: str) -> None:
    """Raise :class:`UsageError` when ``output``'s extension names a kind of document (:data:`KINDS`)
    not among ``written`` (the extensions of what the command writes), rather than fill it with
    another kind. ``says``: what the command writes ("cue sheets are written as md, txt");
    ``right``: the extension the hint suggests instead. Standard output, pipes, devices and
    folders are not judged by their names."""
    if output is None or is_stdout(output) or is_special(output) or output.is_dir():
        return
    kind = kind_of(output)
    if kind is None or kind in {_ALIASES.get(each, each) for each in written}:
        return
    raise UsageError(f"-o {output}: {says}, not .{output.suffix.lower().lstrip('.')}",
                     hint=f"try -o {output.with_suffix(f'.{right}')}")


def folder_problem(output: Path, writes: str) -> str | None:
    """Why ``output`` cannot be the folder a command that ``writes`` several files needs: a file
    is there, or the name looks like one (``sheets.pdf``); None when it can be a folder."""
    if output.exists() and not output.is_dir():
        return f"{writes}, so -o must be a folder; {output} is a file"
    if not output.exists() and kind_of(output) is not None:
        return f"{writes}, so -o is a folder; {output} looks like a file (try -o {output.with_suffix('')}/)"
    return None
