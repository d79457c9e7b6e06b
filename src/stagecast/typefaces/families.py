"""The font chain every output draws text with: PT Serif, then the fallback families that draw
the characters PT Serif lacks (the PDF through :mod:`stagecast.pdf.fonts`, the rehearsal page
through :mod:`stagecast.web.page_fonts`).

PT Serif covers Latin and every Cyrillic alphabet we print (its Kazakh is the best we have), so
it stays first. For what it lacks, families installed as Python packages the way PT Serif is
(``fontpkg-*`` wheels, all under the SIL Open Font License) are tried in this order:

- **Noto Serif** (``fontpkg-noto-serif``): Greek with polytonic accents, the combining marks of
  the U+0300 block, Latin and Cyrillic letters PT Serif lacks, and common symbols;
- **Frank Ruhl Libre** (``fontpkg-frank-ruhl-libre``): Hebrew with its points;
- **Amiri** (``fontpkg-amiri``): Arabic, Persian and Urdu letters, in four real styles;
- **Noto Sans Devanagari** (``fontpkg-noto-sans-devanagari``);
- **Noto Serif Georgian** and **Noto Serif Armenian**: no package exists, so the system's copy
  (fontconfig, Debian's ``fonts-noto-core``) is used where there is one, else the OFL files
  shipped in ``stagecast/fonts/`` (with their licence);
- **Noto Sans Symbols** and **Noto Sans Math** subsets shipped in ``stagecast/fonts/``:
  arrows, technical and mathematical brackets (〈 〉 as U+2329/U+232A, ⟨ ⟩), stars and the like.

A script family is only asked about its own script's characters (``ranges``), so an Arabic
font never draws a Latin letter, and a Georgian character does not make the Arabic font load.
A family without a bold or italic file gives its regular face: stroked for bold, upright for
italic (Hebrew, Arabic, Georgian and Armenian have no italic tradition to slant towards).
Chinese, Japanese and Korean are not in the chain (tens of megabytes): ``--font`` adds them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

Range = tuple[int, int]
HEBREW: tuple[Range, ...] = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
ARABIC: tuple[Range, ...] = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                             (0xFE70, 0xFEFF))
DEVANAGARI: tuple[Range, ...] = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))
GEORGIAN: tuple[Range, ...] = ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F))
ARMENIAN: tuple[Range, ...] = ((0x0530, 0x058F), (0xFB13, 0xFB17))
SHIPPED = "fonts"
"""The folder of the stagecast package holding the font files no wheel provides."""


@dataclass(frozen=True)
class Family:
    """One fallback family: its name, how to find its files by style, and the characters it is asked about."""

    label: str
    slug: str
    files: Callable[[], dict[str, Path]]
    """Style ("regular", "italic", "bold", "bolditalic") → file; called when first needed. Empty: not installed."""
    ranges: tuple[Range, ...] = ()
    """Code point ranges the family is tried for; empty: every character."""


def _package(module: str, names: dict[str, str]) -> Callable[[], dict[str, Path]]:
    def find() -> dict[str, Path]:
        try:
            root = resources.files(module) / "files"
        except ModuleNotFoundError:
            return {}
        paths = {style: Path(str(root / name)) for style, name in names.items()}
        return {style: path for style, path in paths.items() if path.is_file()}
    return find


def _shipped(names: dict[str, str]) -> dict[str, Path]:
    root = resources.files("stagecast") / SHIPPED
    return {style: Path(str(root / name)) for style, name in names.items()}


def _system_or_shipped(family: str, names: dict[str, str]) -> Callable[[], dict[str, Path]]:
    """The system's copy of ``family`` (regular and bold) when fontconfig knows it, else ours."""
    def find() -> dict[str, Path]:
        found = _fontconfig(family)
        if "regular" in found:
            return found
        return _shipped(names)
    return find


def _fontconfig(family: str) -> dict[str, Path]:
    """The regular and bold files fontconfig lists for exactly ``family`` (TrueType only)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return {}
    try:
        listed = subprocess.run([tool, "--format", "%{style[0]}\t%{file}\n", f"{family}:fontformat=TrueType"],
                                capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    out: dict[str, Path] = {}
    for line in listed.splitlines():
        style, _, file = line.partition("\t")
        key = {"Regular": "regular", "Bold": "bold"}.get(style.strip())
        path = Path(file)
        if key and path.suffix.lower() == ".ttf" and path.is_file():
            out.setdefault(key, path)
    return out


FAMILIES: tuple[Family, ...] = (
    Family("Noto Serif", "NotoSerif", _package("fontpkg_noto_serif", {
        "regular": "NotoSerif[wdth,wght].ttf", "italic": "NotoSerif-Italic[wdth,wght].ttf"})),
    Family("Frank Ruhl Libre", "FrankRuhl", _package("fontpkg_frank_ruhl_libre", {
        "regular": "FrankRuhlLibre[wght].ttf"}), HEBREW),
    Family("Amiri", "Amiri", _package("fontpkg_amiri", {
        "regular": "Amiri-Regular.ttf", "italic": "Amiri-Italic.ttf", "bold": "Amiri-Bold.ttf",
        "bolditalic": "Amiri-BoldItalic.ttf"}), ARABIC),
    Family("Noto Sans Devanagari", "NotoDevanagari", _package("fontpkg_noto_sans_devanagari", {
        "regular": "NotoSansDevanagari[wdth,wght].ttf"}), DEVANAGARI),
    Family("Noto Serif Georgian", "NotoGeorgian", _system_or_shipped("Noto Serif Georgian", {
        "regular": "NotoSerifGeorgian-Regular.ttf", "bold": "NotoSerifGeorgian-Bold.ttf"}), GEORGIAN),
    Family("Noto Serif Armenian", "NotoArmenian", _system_or_shipped("Noto Serif Armenian", {
        "regular": "NotoSerifArmenian-Regular.ttf", "bold": "NotoSerifArmenian-Bold.ttf"}), ARMENIAN),
    Family("Noto Sans Symbols", "NotoSymbols", lambda: _shipped({"regular": "NotoSansSymbols-Subset.ttf"})),
    Family("Noto Sans Math", "NotoMath", lambda: _shipped({"regular": "NotoSansMath-Subset.ttf"})),
)


PT_SERIF_FILES = {"regular": "PT_Serif-Web-Regular.ttf", "italic": "PT_Serif-Web-Italic.ttf",
                  "bold": "PT_Serif-Web-Bold.ttf", "bolditalic": "PT_Serif-Web-BoldItalic.ttf"}
PT_SERIF = Family("PT Serif", "PTSerif", _package("fontpkg_pt_serif", PT_SERIF_FILES))
"""The first font of the chain (the PDF refuses to run without it; the page falls back to the browser's)."""
CHAIN: tuple[Family, ...] = (PT_SERIF, *FAMILIES)


def pick(files: dict[str, Path], style: str) -> tuple[str, bool] | None:
    """Which file draws ``style`` and whether it must be stroked to look bold; ``None``: no files."""
    if style in files:
        return style, False
    bold = style.startswith("bold")
    for candidate in (("bold", "italic", "regular") if style == "bolditalic" else ("regular",)):
        if candidate in files:
            return candidate, bold and not candidate.startswith("bold")
    return None


def in_ranges(ranges: tuple[Range, ...], ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ranges)
