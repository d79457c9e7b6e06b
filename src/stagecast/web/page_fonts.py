"""The fonts the rehearsal page carries inside it: a subset of each face of the chain that the
page's characters need, as ``@font-face`` rules with ``data:`` WOFF2 sources.

Embedded, the page looks the same on every phone and from ``file://`` with no network; without
it a browser drew the Kazakh letters PT Serif's web fallbacks lack (Қ, ң) from another face,
mid-word. Which family draws a character is the PDF's rule (:mod:`stagecast.typefaces.families`):
PT Serif first, then each fallback family for its own script. A family's subset holds exactly
the characters given to it, so the page's ``font-family`` list in chain order makes the browser
choose the same face per character as the PDF does. A letter with a combining mark its own
face lacks goes, with the mark, to the first face that has both: browsers draw a letter and
its marks from one font when one has them all.

Subsetting costs 0.1-0.6 s a face (fontTools), so each subset is kept in the cache folder under
a hash of the font file, the characters and :data:`SUBSET_FORMAT`: a rebuild reads it back.
Hinting is dropped (it halves the size; phones and modern browsers ignore most of it), and a
variable font keeps only its weight axis from regular to bold, so bold is the font's own.
"""

from __future__ import annotations

import base64
import hashlib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import BackendError
from ..files.atomic import write_bytes
from ..files.user_cache import cache_root, temp_folder
from ..typefaces.coverage import code_points
from ..typefaces.families import CHAIN, Family, in_ranges, pick

SUBSET_FORMAT = 2
"""Bump when :func:`_subset` makes different bytes from the same input."""
PAGE_STYLES = ("regular", "italic", "bold")
"""The styles page.css uses (speeches, directions in italics, names and headings in bold)."""
_CSS_STYLE = {"regular": ("normal", "400"), "italic": ("italic", "400"), "bold": ("normal", "700")}


@dataclass(frozen=True)
class PageFace:
    """One embedded face: the CSS family it belongs to, its style and its WOFF2 bytes."""

    css_family: str
    style: str
    weights: str
    woff2: bytes


def css_name(family: Family) -> str:
    return f"Stagecast {family.label}"


def font_stack() -> str:
    """The ``font-family`` value for the page's text: our families in chain order, then the browser's."""
    return ", ".join(f'"{css_name(f)}"' for f in CHAIN) + ", Georgia, serif"


@cache
def _files(family: Family) -> dict[str, Path]:
    """A family's files, looked up once a run (the system's Georgian and Armenian ask fontconfig)."""
    return family.files()


def _covers(family: Family, text: str) -> bool:
    if family.ranges and not all(in_ranges(family.ranges, ch) or unicodedata.combining(ch) for ch in text):
        return False
    regular = _files(family).get("regular")
    return regular is not None and all(ord(ch) in code_points(regular) for ch in text)


def assign(text: str) -> dict[Family, set[str]]:
    """The characters of ``text`` each family of the chain draws (families with none are left out)."""
    out: dict[Family, set[str]] = {}
    for cluster in set(_clusters(text)):
        whole = _family_for(cluster) if len(cluster) > 1 and not _same_face(cluster) else None
        for part in [cluster] if whole else cluster:
            family = whole or _family_for(part)
            if family is not None:
                out.setdefault(family, set()).update(part)
    return out


def _family_for(text: str) -> Family | None:
    return next((f for f in CHAIN if _covers(f, text)), None)


def _same_face(cluster: str) -> bool:
    """Whether the face of a letter has every mark on it too."""
    base = _family_for(cluster[0])
    return base is None or _covers(base, cluster)


def _clusters(text: str) -> Iterable[str]:
    """Each character that has a glyph, a letter together with the combining marks after it
    (controls, direction marks among them, are drawn with no font)."""
    start = None
    for i, ch in enumerate(text):
        if unicodedata.combining(ch) and start is not None:
            continue
        if start is not None:
            yield text[start:i]
        start = None if unicodedata.category(ch)[0] == "C" else i
    if start is not None:
        yield text[start:]


def page_faces(text: str, cache: Path | None = None) -> list[PageFace]:
    """The subset faces the characters of ``text`` need, in chain order."""
    faces = []
    given = assign(text)
    for family in (f for f in CHAIN if f in given):  # in chain order, so the page's bytes never vary
        files, chars = _files(family), given[family]
        for style in PAGE_STYLES:
            picked = pick(files, style)
            if picked is None or (picked[0] != style and style != "regular"):
                continue  # the browser makes it from the regular face (bold) or keeps it upright
            woff2 = _cached_subset(files[picked[0]], "".join(sorted(chars)), cache)
            if woff2 is not None:
                weights = "400 700" if _variable(files[picked[0]]) else _CSS_STYLE[style][1]
                faces.append(PageFace(css_name(family), style, weights, woff2))
    return faces


@lru_cache(maxsize=64)
def _variable(path: Path) -> bool:
    """A variable font keeps its weight axis from 400 to 700 (:func:`_subset`): one file draws regular and bold."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return "fvar" in font and any(a.axisTag == "wght" for a in font["fvar"].axes)


def font_face_css(text: str, cache: Path | None = None) -> str:
    """``@font-face`` rules for the faces ``text`` needs, and ``--page-fonts``, the stack to use."""
    rules = []
    for face in page_faces(text, cache):
        data = base64.b64encode(face.woff2).decode("ascii")
        rules.append(f'@font-face{{font-family:"{face.css_family}";font-style:{_CSS_STYLE[face.style][0]};'
                     f"font-weight:{face.weights};src:url(data:font/woff2;base64,{data}) format(\"woff2\")}}")
    rules.append(f":root{{--page-fonts:{font_stack()}}}")
    return "\n".join(rules)


def _cached_subset(path: Path, chars: str, cache: Path | None) -> bytes | None:
    key = hashlib.sha256(f"{SUBSET_FORMAT}\0{_file_digest(path)}\0{chars}".encode()).hexdigest()
    folder = (cache or cache_root()) / "page-fonts"
    entry = folder / f"{key}.woff2"
    try:
        return entry.read_bytes()
    except OSError:
        pass
    data = _subset(path, chars)
    if data is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_bytes(entry, data, durable=False, temp_dir=temp_folder(cache or cache_root()))
        except OSError:
            pass  # a read-only cache costs the next build the subsetting again, nothing more
    return data


def _file_digest(path: Path) -> str:
    stat = path.stat()
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _subset(path: Path, chars: str) -> bytes | None:
    """WOFF2 bytes of the font at ``path`` cut down to ``chars``; ``None`` for a file fontTools cannot read."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont, TTLibError
        from fontTools.varLib import instancer
    except ImportError:  # pragma: no cover - fontTools is a dependency
        raise BackendError("the rehearsal page's fonts need fontTools, which is not installed",
                           hint="pip install fonttools brotli") from None
    options = subset.Options()
    options.hinting = False
    options.flavor = "woff2"
    try:
        font = TTFont(str(path))
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(ch) for ch in chars])
        subsetter.subset(font)
        if "fvar" in font:
            axes = {a.axisTag: a for a in font["fvar"].axes}
            limits = {tag: (max(a.minValue, 400), min(a.maxValue, 700)) if tag == "wght" else a.defaultValue
                      for tag, a in axes.items()}
            font = instancer.instantiateVariableFont(font, limits)
        font.flavor = "woff2"
        font.recalcTimestamp = False  # the font's own date, not today's: the same page bytes on every machine
        out = io.BytesIO()
        font.save(out)
    except ImportError as exc:  # WOFF2 needs the brotli module
        raise BackendError(f"cannot write the rehearsal page's fonts: {exc}", hint="pip install brotli") from None
    except (TTLibError, OSError, KeyError, ValueError, AssertionError) as exc:
        del exc  # a face fontTools cannot cut is left out: the browser draws those characters
        return None
    return out.getvalue()
