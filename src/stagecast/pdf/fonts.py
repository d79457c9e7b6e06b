"""Fonts for stagecast PDFs: which font draws each character, how wide text is, where accents go.

The default is **PT Serif** from the ``fontpkg-pt-serif`` wheel: a ParaType family designed for
Russian and the other Cyrillic-script languages of the former USSR, so it covers Latin,
Russian, Ukrainian and Kazakh letters (ә ғ қ ң ө ұ ү һ і) and the combining acute used as a
stress mark, in real regular, italic, bold and bold italic styles (OFL licence). Shipping it as
a dependency makes a PDF look the same on every machine.

After PT Serif come the fallback families of :mod:`stagecast.typefaces.families` (Greek, Hebrew,
Arabic, Devanagari, Georgian, Armenian, combining marks, symbols), each asked about the
characters PT Serif lacks. A combining mark the base letter's font lacks is drawn from the
first font that has it, placed over (or under) the letter (:func:`place_mark`).

``--font PATH`` (repeatable) puts TrueType fonts *before* PT Serif: the first font that has a
character draws it, and PT Serif and the fallbacks follow. So ``--font X.ttf`` overrides the
look, and ``--font pt-serif --font NotoSansJP.ttf`` keeps PT Serif and adds Japanese. A font
file given this way has one style; italics are slanted and bold is stroked from it.

A character no font in the chain can draw is reported (:meth:`FontSet.missing`) instead of
printing a blank box.

Runs are cut by face (:meth:`FontSet.segments`). Latin, Cyrillic, Greek, Georgian and Armenian
runs are measured and drawn from the fonts' character widths; a line with right-to-left or
complex-script text is put in visual order (:mod:`stagecast.pdf.bidi_order`), shaped with
HarfBuzz (:mod:`stagecast.pdf.shaping`) and drawn glyph by glyph (:mod:`stagecast.pdf.shaped`).
"""

from __future__ import annotations

import copy
import hashlib
import math
import struct
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Literal

from ..errors import BackendError
from ..pdf_settings import BUILTIN, is_builtin
from ..typefaces import families as fallback
from ..typefaces.coverage import code_points
from . import bidi_order as direction
from . import shaping
from .glyphs import Contour, GlyphTable

Style = Literal["regular", "italic", "bold", "bolditalic"]
STYLES: tuple[Style, ...] = ("regular", "italic", "bold", "bolditalic")
ACUTE = "\u0301"
SYNTHETIC_SLANT = math.tan(math.radians(12))
_BUILTIN_FILES = fallback.PT_SERIF_FILES
_DOTTED = frozenset("\u0456")
"""Bases whose dot gives way to the accent (Ukrainian/Kazakh і): drawn clipped at the x-height."""


def _reportlab():
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont
    except ImportError:  # pragma: no cover - reportlab is a dependency
        raise BackendError("the PDF writer needs reportlab, which is not installed",
                           hint="pip install reportlab") from None
    return pdfmetrics, TTFont, TTFError


@dataclass(frozen=True)
class Accent:
    """How to draw a stress accent over one base letter, in font units from the base's origin."""

    dx: float
    dy: float
    contours: tuple[Contour, ...]
    units: float
    """Font units per em: outline coordinates are divided by this and multiplied by the size."""
    slant: float
    """Extra skew for a synthetic italic (x += y × slant)."""
    clip_top: float | None
    """Draw the base clipped at this height (drops the dot of і so the accent replaces it)."""


class Face:
    """One font file in one style, registered with reportlab under a stable name."""

    def __init__(self, key: str, path: Path, label: str, *, oblique: bool = False, bold: bool = False):
        pdfmetrics, TTFont, TTFError = _reportlab()
        try:
            ttf = TTFont(key, str(path))
        except (TTFError, OSError, struct.error, IndexError, KeyError) as exc:
            raise BackendError(f"cannot use the font {path}: {exc}",
                               hint="give a TrueType font (.ttf or .ttc with glyf outlines)") from None
        pdfmetrics.registerFont(ttf)
        face = ttf.face
        self.key, self.path, self.label = key, path, label
        self.synthetic_oblique, self.synthetic_bold = oblique, bold
        self.widths: dict[int, int] = face.charWidths
        self.default_width: int = face.defaultWidth
        self.cmap: dict[int, int] = face.charToGlyph
        self.covers = frozenset(chr(c) for c in self.cmap)
        """The characters this face has, for quick ``covers.issuperset(text)`` checks."""
        self.units = float(face.unitsPerEm)
        self.ascent = face.ascent / 1000.0
        self.descent = face.descent / 1000.0
        slant = math.tan(math.radians(-face.italicAngle)) if face.italicAngle else 0.0
        self.slant = SYNTHETIC_SLANT if oblique else slant
        self._face = face
        self._glyphs: GlyphTable | None = None
        self._x_height: float | None = None
        self._accents: dict[str, Accent | None] = {}

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def units_width(self, text: str) -> float:
        """Advance width in thousandths of an em (reportlab's normalised widths)."""
        widths = self.widths
        try:
            return float(sum(map(widths.__getitem__, map(ord, text))))
        except KeyError:
            default = self.default_width
            return float(sum(widths.get(ord(c), default) for c in text))

    def variant(self, *, oblique: bool, bold: bool) -> Face:
        """The same font drawn slanted and/or stroked (for a font file that has one style)."""
        clone = copy.copy(self)
        clone.synthetic_oblique, clone.synthetic_bold = oblique, bold
        clone.slant = SYNTHETIC_SLANT if oblique else self.slant
        clone._accents = {}
        return clone

    # -- accents ---------------------------------------------------------
    def glyphs(self) -> GlyphTable:
        if self._glyphs is None:
            data = self.path.read_bytes()
            self._glyphs = GlyphTable(data, self._face.table["glyf"]["offset"], self._face.glyphPos)
        return self._glyphs

    def x_height(self) -> float:
        if self._x_height is None:
            self._x_height = self._read_x_height()
        return self._x_height

    def _read_x_height(self) -> float:
        try:
            os2 = self._face.get_table("OS/2")
            if struct.unpack_from(">H", os2, 0)[0] >= 2 and len(os2) >= 88:
                value = struct.unpack_from(">h", os2, 86)[0]
                if value > 0:
                    return float(value)
        except (KeyError, struct.error):
            pass
        box = self.glyphs().box(self.cmap.get(ord("x"), 0))
        return float(box.y1) if box else self.units / 2

    def accent(self, base: str, mark: str = ACUTE, base_face: Face | None = None) -> Accent | None:
        """Placement of ``mark`` (this face's) over ``base`` drawn by ``base_face`` (default: this face)."""
        key = base if base_face is None and mark == ACUTE else f"{base}{mark}{id(base_face)}"
        if key not in self._accents:
            self._accents[key] = place_mark(base_face or self, base, self, mark)
        return self._accents[key]


def place_mark(base_face: Face, base: str, mark_face: Face, mark: str) -> Accent | None:
    """Where ``mark_face``'s ``mark`` goes on ``base`` as ``base_face`` draws it: centred on the
    letter's ink, and a mark above raised over capitals and tall letters (in the mark font's units)."""
    if ord(mark) not in mark_face.cmap or ord(base) not in base_face.cmap:
        return None
    mark_gid = mark_face.cmap[ord(mark)]
    box, letter = mark_face.glyphs().box(mark_gid), base_face.glyphs().box(base_face.cmap[ord(base)])
    if box is None or letter is None:
        return None
    k = mark_face.units / base_face.units
    x_height = base_face.x_height()
    clip_top = x_height + 0.02 * base_face.units if base in _DOTTED and mark == ACUTE else None
    top = min(letter.y1, clip_top) if clip_top is not None else letter.y1
    rise = 0.0
    if box.y0 > 0:  # a mark above: lift it by what the letter has above the x-height
        rise = max(0.0, top * k - mark_face.x_height() - 0.03 * mark_face.units)
    slant = base_face.slant
    lean = slant * (box.cy + rise - letter.cy * k)  # an italic letter leans: its top is right of its middle
    dx = letter.cx * k - box.cx + lean
    return Accent(dx, rise, mark_face.glyphs().outline(mark_gid), mark_face.units,
                  slant if base_face.synthetic_oblique or mark_face.synthetic_oblique else 0.0, clip_top)


class Font:
    """One member of the fallback chain: a family with a face per style, each loaded when first used."""

    def __init__(self, label: str, makers: dict[Style, Callable[[], Face | None]],
                 ranges: tuple[fallback.Range, ...] = (), fallback: bool = False,
                 coverage: Callable[[Style], frozenset[int]] | None = None):
        self.label = label
        self._makers = makers
        self._coverage = coverage
        """Style → the code points its file maps, read without parsing the font; ``None``: ask the face."""
        self._faces: dict[Style, Face | None] = {}
        self.ranges = ranges
        """Code point ranges this font is asked about; empty: every character."""
        self.fallback = fallback
        """One of the built-in fallback families (not named one by one in messages)."""

    def wants(self, ch: str, style: Style = "regular") -> bool:
        """Whether to ask this font's face about ``ch``: in its ranges and, for a fallback family,
        in its file's character map (so a face is parsed only when it draws something)."""
        if self.ranges and not fallback.in_ranges(self.ranges, ch):
            return False
        return self._coverage is None or ord(ch) in self._coverage(style)

    def face(self, style: Style) -> Face | None:
        """This font's face for ``style``; ``None`` for a fallback family that is not installed."""
        if style not in self._faces:
            self._faces[style] = self._makers[style]()
        return self._faces[style]


@dataclass
class FontSet:
    """The fallback chain used for one document."""

    fonts: list[Font]
    _width_cache: dict[tuple[str, Style], float] = field(default_factory=dict)

    @property
    def labels(self) -> str:
        named = ", ".join(f.label for f in self.fonts if not f.fallback)
        return f"{named} and the fallback fonts" if any(f.fallback for f in self.fonts) else named

    def face(self, ch: str, style: Style) -> Face | None:
        for font in self.fonts:
            if font.wants(ch, style):
                face = font.face(style)
                if face is not None and face.has(ch):
                    return face
        return None

    def main(self, style: Style) -> Face:
        face = self.fonts[0].face(style)
        assert face is not None  # the first font is PT Serif or a --font file, never a fallback
        return face

    def missing(self, text: str, style: Style = "regular") -> list[str]:
        """Characters of ``text`` that no font in the chain can draw in ``style`` (each once, in order)."""
        main = self.main(style).covers
        if main.issuperset(text):
            return []
        out: list[str] = []
        for ch in text:
            if ch in main or ch == "\n" or ch in out or ch in direction.CONTROLS:
                continue
            if self.face(ch, style) is None:
                out.append(ch)
        return out

    def width(self, text: str, style: Style, size: float) -> float:
        """Advance width of ``text`` in points."""
        key = (text, style)
        units = self._width_cache.get(key)
        if units is None:
            units = sum(_units(face, part) for face, part in self.segments(direction.strip_controls(text), style))
            self._width_cache[key] = units
        return units * size / 1000.0

    def segments(self, text: str, style: Style) -> list[tuple[Face, str]]:
        """``text`` cut into runs that one face draws, in logical order; a combining mark stays with
        its letter's face when that face has it, else it is a run of its own in a face that has it
        (the painter places it on the letter before). A shaping step would work on these runs."""
        main = self.main(style)
        if main.covers.issuperset(text):
            return [(main, text)]
        out: list[tuple[Face, str]] = []
        current: Face | None = None
        start = 0
        for i, ch in enumerate(text):
            keep = current is not None and current.has(ch) and unicodedata.combining(ch)
            face = current if keep else self.face(ch, style)
            face = face or main
            if face is not current:
                if current is not None:
                    out.append((current, text[start:i]))
                current, start = face, i
        if current is not None:
            out.append((current, text[start:]))
        return out


def _units(face: Face, part: str) -> float:
    """Width of one face's part in thousandths of an em: shaped where the script needs it."""
    if direction.needs_layout(part):
        return shaping.width_units(face.path, face.units, part, direction.has_rtl(part))
    return face.units_width(part)


def describe_char(ch: str) -> str:
    """``'日' (U+65E5 CJK UNIFIED IDEOGRAPH-65E5)`` — how a character is named in messages."""
    name = unicodedata.name(ch, "")
    shown = repr(ch) if unicodedata.category(ch)[0] in "CZ" else f"'{ch}'"
    return f"{shown} (U+{ord(ch):04X}{' ' + name if name else ''})"


def _builtin_font() -> Font:
    try:
        root = resources.files("fontpkg_pt_serif") / "files"
    except ModuleNotFoundError:
        raise BackendError("the built-in font PT Serif is not installed",
                           hint="pip install fontpkg-pt-serif (a stagecast dependency)") from None
    paths = {style: Path(str(root / name)) for style, name in _BUILTIN_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise BackendError(f"the built-in font file {path} is missing",
                               hint="pip install --force-reinstall fontpkg-pt-serif")
    return Font("PT Serif", {style: partial(Face, f"StagecastPTSerif-{style}", path, "PT Serif")
                             for style, path in paths.items()})


def _file_font(path: Path) -> Font:
    """A font file used for every style: loaded once, italic slanted and bold stroked when drawn."""
    if not path.is_file():
        raise BackendError(f"no font file {path}", hint="give a TrueType font file (.ttf or .ttc)")
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:10]
    regular = Face(f"StagecastFont{digest}", path, path.name)
    return Font(path.name, {style: partial(regular.variant, oblique="italic" in style, bold=style.startswith("bold"))
                            for style in STYLES})


_CACHE: dict[tuple[str, ...], FontSet] = {}
_FALLBACKS: dict[str, Font] = {}
"""The fallback families, one per process, shared by every font set (each file parsed at most once)."""


def _fallback_font(family: fallback.Family) -> Font:
    """A fallback family, its files found when a character first asks for them and each parsed
    only when its character map says it draws a character of the text."""
    if family.slug in _FALLBACKS:
        return _FALLBACKS[family.slug]
    loaded: dict[str, Face | None] = {}
    files: list[dict[str, Path]] = []

    def picked(style: Style) -> tuple[str, bool] | None:
        if not files:
            files.append(family.files())
        return fallback.pick(files[0], style)

    def coverage(style: Style) -> frozenset[int]:
        choice = picked(style)
        return code_points(files[0][choice[0]]) if choice else frozenset()

    def make(style: Style) -> Face | None:
        choice = picked(style)
        if choice is None:
            return None
        name, stroke = choice
        if name not in loaded:
            loaded[name] = Face(f"Stagecast{family.slug}-{name}", files[0][name], family.label)
        face = loaded[name]
        return face.variant(oblique=False, bold=True) if stroke and face is not None else face

    font = Font(family.label, {style: partial(make, style) for style in STYLES}, family.ranges, fallback=True,
                coverage=coverage)
    _FALLBACKS[family.slug] = font
    return font


def font_set(specs: Sequence[str | Path] = ()) -> FontSet:
    """The fallback chain for ``specs`` (paths or ``"pt-serif"``): PT Serif last of them when not
    named, then the built-in fallback families."""
    names = [str(s) for s in specs]
    if not any(map(is_builtin, names)):
        names.append(BUILTIN)
    key = tuple(names)
    if key not in _CACHE:
        fonts = [_builtin_font() if is_builtin(n) else _file_font(Path(n)) for n in names]
        _CACHE[key] = FontSet(fonts + [_fallback_font(family) for family in fallback.FAMILIES])
    return _CACHE[key]
