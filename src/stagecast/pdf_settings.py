"""The fonts and paper a play's PDFs are made with: the command line's, else play.yaml's
``pdf:``, else PT Serif on A4; and whether a font file named for them is usable. No PDF library
here, so ``check`` can ask without importing reportlab."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .files.play_files import DANGLING, LOOP, open_file, what_is_at
from .model import PdfSettings, Play

BUILTIN = "pt-serif"
"""The name that stands for the bundled PT Serif family, on the command line and in play.yaml."""
PAPERS = ("a4", "letter")

_TRUETYPE = (b"\x00\x01\x00\x00", b"true", b"ttcf")
"""How a TrueType font file (or collection) begins: the only outlines reportlab embeds."""
_OTHER = {
    b"OTTO": "an OpenType font with PostScript (CFF) outlines, which the PDF writer cannot embed; "
             "use the TrueType (.ttf) version of the font",
    b"wOFF": "a web font (WOFF); use the font's .ttf file",
    b"wOF2": "a web font (WOFF2); use the font's .ttf file",
}


def is_builtin(name: str) -> bool:
    return name.casefold() == BUILTIN


def font_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be used as a PDF font, to follow "font FILE" in a message (``None`` when
    it looks like TrueType). Only the first bytes are read: a damaged file that starts well is
    reported when it is loaded."""
    try:
        kind = what_is_at(path)
        if kind in ("missing", DANGLING):
            return "does not exist"
        if kind == LOOP:
            return f"is {LOOP}"
        if kind != "file":
            return f"is {kind}, not a font file"
        with open_file(path) as file:  # never waits on a named pipe put there since
            head = file.read(4)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if head in _TRUETYPE:
        return None
    return f"is {_OTHER[head]}" if head in _OTHER else "is not a TrueType font file (.ttf or .ttc)"


def pdf_settings(play: Play, fonts: Sequence[str] = (), paper: str | None = None) -> PdfSettings:
    """What a PDF of ``play`` is printed with. ``fonts`` and ``paper`` (a command's --font and
    --paper) win over play.yaml's; play.yaml's fonts are found from the play folder."""
    own = play.pdf
    if not fonts:
        fonts = [f if is_builtin(f) else str(Path(play.root) / f) for f in own.fonts]
    return PdfSettings(tuple(str(f) for f in fonts), (paper or own.paper or "a4").casefold())
