"""Painting laid-out pages onto a reportlab canvas. No layout decisions are made here.

Each page is painted back to front: watermark, highlight bands, text, accents, cue underlines
and boxes, then the running header and the "page X of Y" footer. Text is written in reading
order (rows top to bottom, left to right) so copying text out of the PDF gives the script in
order. A stress accent is written into the text as an invisible U+0301 right after its vowel
(so copied text keeps it) and drawn visibly from the font's own accent outline, centred over
the vowel — see :meth:`stagecast.pdf.fonts.Face.accent`. A combining mark the letter's font lacks
comes as a run of its own in a font that has it (:meth:`~stagecast.pdf.fonts.FontSet.segments`)
and is drawn the same way, placed on the letter before it.

A line with right-to-left or complex-script text (or a right-to-left paragraph's line) goes to
:func:`stagecast.pdf.shaped.draw_line` instead: bidi-ordered, shaped glyphs drawn as outlines and
its logical text written invisibly over them. Other lines are drawn as before, from the fonts'
characters, which keeps the common case fast.

Output is deterministic: ``invariant=1`` leaves out the creation date and the random file id.
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass

from . import bidi_order as direction
from . import shaped
from .fonts import ACUTE, Face, FontSet, Style
from .pages import Page, PageProfile, Rect

HIGHLIGHT = (1.0, 0.94, 0.62)
MARK = (0.80, 0.30, 0.05)
GREY = (0.45, 0.45, 0.45)
WATERMARK = (0.86, 0.86, 0.86)
_INVISIBLE, _FILL, _FILL_STROKE = 3, 0, 2


@dataclass(frozen=True)
class Chrome:
    """What every page carries besides its content."""

    title: str
    running_prefix: str = ""
    """Left header text; a page's running text (scene) is appended after " — "."""
    header_right: str | None = None
    watermark: str | None = None
    header_on_first_page: bool = True
    """False for a title page: the first page then carries no running header and no page number."""
    author: str | None = None
    subject: str | None = None
    lang: str | None = None
    footer: str = "page {page} of {pages}"


@dataclass
class _Accent:
    face: Face
    """The face whose mark is drawn."""
    base: str
    x: float
    y: float
    size: float
    mark: str = ACUTE
    base_face: Face | None = None
    """The face that drew ``base`` when it is not ``face``."""


class _TextWriter:
    """Writes runs into as few PDF text objects as possible, tracking font changes.

    Text goes out through reportlab's ``_textOut``, which encodes for the font subset without
    re-measuring the string (the layout already did): ``textOut`` would measure every run again.
    """

    def __init__(self, canvas, fonts: FontSet, accents: list[_Accent]):
        self.canvas, self.fonts, self.accents = canvas, fonts, accents
        self.text = None
        self.font: tuple[str, float] | None = None
        self.mode = _FILL

    def close(self) -> None:
        if self.text is not None:
            self.canvas.drawText(self.text)
            self.text, self.font, self.mode = None, None, _FILL

    def _open(self):
        if self.text is None:
            self.text = self.canvas.beginText()
        return self.text

    def draw(self, text: str, style: Style, size: float, x: float, y: float) -> None:
        """Draw ``text`` with its baseline at PDF point ``(x, y)``."""
        if direction.needs_layout(text):
            shaped.draw_line(self, [(text, style)], size, x, y, direction.is_rtl(text))
            return
        segments = self.fonts.segments(text, style)
        last = len(segments) - 1
        for i, (face, part) in enumerate(segments):
            if i and face is not segments[i - 1][0] and all(map(unicodedata.combining, part)):
                x = self._foreign_marks(segments[i - 1], face, part, size, x, y)
            else:
                x = self._part(face, part, size, x, y, i < last)

    def _foreign_marks(self, before: tuple[Face, str], face: Face, marks: str, size: float, x: float,
                       y: float) -> float:
        """Marks ``face`` draws over the last letter of the run ``before`` (which ends at ``x``):
        written invisibly (so copied text keeps them) and drawn from their outlines on the letter."""
        base_face, run = before
        letters = run.rstrip("".join(ch for ch in run if unicodedata.combining(ch)))
        scale = size / 1000.0
        if not letters:
            return self._part(face, marks, size, x, y, True)
        base = letters[-1]
        base_x = x - base_face.units_width(run[len(letters) - 1:]) * scale
        self._start(face, size, x, y)
        self.text.setTextRenderMode(_INVISIBLE)
        for mark in marks:
            self.text._textOut(mark)
            self.accents.append(_Accent(face, base, base_x, y, size, mark, base_face))
            x += face.units_width(mark) * scale
        self.text.setTextRenderMode(self.mode)
        return x

    def _start(self, face: Face, size: float, x: float, y: float) -> None:
        t = self._open()
        if self.font != (face.key, size):
            t.setFont(face.key, size)
            self.font = (face.key, size)
        if face.synthetic_oblique:
            t.setTextTransform(1, 0, face.slant, 1, x, y)
        else:
            t.setTextOrigin(x, y)
        mode = _FILL_STROKE if face.synthetic_bold else _FILL
        if mode != self.mode:
            t.setTextRenderMode(mode)
            self.mode = mode

    def _part(self, face: Face, part: str, size: float, x: float, y: float, more: bool) -> float:
        """Draw one face's part of a run; return the end x when ``more`` parts follow."""
        scale = size / 1000.0
        self._start(face, size, x, y)
        if ACUTE not in part:
            self.text._textOut(part)
            return x + face.units_width(part) * scale if more else x
        pieces = part.split(ACUTE)
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            if not last and piece and (accent := face.accent(piece[-1])) is not None:
                x = self._accented(face, piece, size, x, y, accent.clip_top)
                self.text._textOut(ACUTE)  # keeps the accent in copied text; drawn visibly later
                self.text.setTextRenderMode(self.mode)
                x += face.units_width(ACUTE) * scale
                continue
            if piece:
                self.text._textOut(piece)
                x += face.units_width(piece) * scale
            if not last:  # an accent the font cannot place: let the font draw it where it falls
                self.text._textOut(ACUTE)
                x += face.units_width(ACUTE) * scale
        return x

    def _accented(self, face: Face, piece: str, size: float, x: float, y: float, clip_top: float | None) -> float:
        """Draw ``piece`` whose last letter is stressed; leave the pen after it in invisible mode."""
        scale = size / 1000.0
        head, base = piece[:-1], piece[-1]
        if head:
            self.text._textOut(head)
            x += face.units_width(head) * scale
        base_width = face.units_width(base) * scale
        if clip_top is None:
            self.text._textOut(base)
        else:  # the dot of і gives way to the accent: draw the letter clipped at the x-height
            self.close()
            c = self.canvas
            c.saveState()
            path = c.beginPath()
            path.rect(x - size, y + face.descent * size, base_width + 2 * size,
                      clip_top / face.units * size - face.descent * size)
            c.clipPath(path, stroke=0, fill=0)
            self._start(face, size, x, y)
            self.text._textOut(base)
            self.close()
            c.restoreState()
            self._start(face, size, x + base_width, y)
        self.accents.append(_Accent(face, base, x, y, size))
        self.text.setTextRenderMode(_INVISIBLE)
        return x + base_width


def _draw_accent(canvas, accent: _Accent) -> None:
    placement = accent.face.accent(accent.base, accent.mark, accent.base_face)
    if placement is None:
        return
    scale = accent.size / placement.units
    ox = accent.x + placement.dx * scale
    oy = accent.y + placement.dy * scale

    def point(px: float, py: float) -> tuple[float, float]:
        return ox + (px + py * placement.slant) * scale, oy + py * scale

    path = shaped.outline_path(canvas, placement.contours, point)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # nonzero winding, as TrueType


def paint(pages: list[Page], profile: PageProfile, fonts: FontSet, chrome: Chrome) -> bytes:
    """Render ``pages`` to PDF bytes."""
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller, and ASCII85 in pure Python costs ~0.1 s per 100 pages
    try:
        return _paint(pages, profile, fonts, chrome)
    finally:
        rl_config.useA85 = saved


def _paint(pages: list[Page], profile: PageProfile, fonts: FontSet, chrome: Chrome) -> bytes:
    from reportlab.pdfgen import canvas as rl_canvas

    out = io.BytesIO()
    c = rl_canvas.Canvas(out, pagesize=(profile.width, profile.height), invariant=1, pageCompression=1,
                         lang=chrome.lang)
    c.setTitle(chrome.title)
    c.setCreator("stagecast")
    if chrome.author:
        c.setAuthor(chrome.author)
    if chrome.subject:
        c.setSubject(chrome.subject)
    for page in pages:
        _paint_page(c, page, len(pages), profile, fonts, chrome)
        c.showPage()
    if any(page.anchors for page in pages):
        c.showOutline()
    c.save()
    return out.getvalue()


def _paint_page(c, page: Page, total: int, profile: PageProfile, fonts: FontSet, chrome: Chrome) -> None:
    height = profile.height
    _rects(c, [r for r in page.rects if r.kind == "highlight"], height)
    if chrome.watermark:  # over the highlight bands, under the text
        _watermark(c, chrome.watermark, profile, fonts)
    accents: list[_Accent] = []
    writer = _TextWriter(c, fonts, accents)
    for line in sorted(page.lines, key=lambda ln: (round(ln.y, 1), ln.x)):
        if line.rtl or (line.runs and direction.needs_layout(line.text)):
            shaped.draw_line(writer, [(run.text, run.style) for run in line.runs], line.runs[0].size,
                             line.runs[0].x, height - line.y, line.rtl)
            continue
        for run in line.runs:
            writer.draw(run.text, run.style, run.size, run.x, height - line.y)
    writer.close()
    for accent in accents:
        _draw_accent(c, accent)
    _rects(c, [r for r in page.rects if r.kind != "highlight"], height)
    _chrome(c, page, total, profile, fonts, chrome)
    for anchor, y in page.anchors:
        c.bookmarkHorizontal(anchor.key, 0, height - y + profile.size)
        c.addOutlineEntry(anchor.title, anchor.key, anchor.level, closed=False)
    for key, rect in page.links:
        c.linkRect("", key, (rect.x, height - rect.y - rect.h, rect.x + rect.w, height - rect.y), relative=0,
                   thickness=0)


def _rects(c, rects: list[Rect], height: float) -> None:
    for rect in rects:
        y = height - rect.y - rect.h
        if rect.kind == "highlight":
            c.setFillColorRGB(*HIGHLIGHT)
            c.rect(rect.x, y, rect.w, rect.h, stroke=0, fill=1)
        elif rect.kind == "mark":
            c.setFillColorRGB(*MARK)
            c.rect(rect.x, y, rect.w, rect.h, stroke=0, fill=1)
        elif rect.kind == "strike":
            c.setFillColorRGB(0, 0, 0)
            c.rect(rect.x, y, rect.w, rect.h, stroke=0, fill=1)
        elif rect.kind == "box":
            c.setStrokeColorRGB(*GREY)
            c.setLineWidth(0.6)
            c.rect(rect.x, y, rect.w, rect.h, stroke=1, fill=0)
        elif rect.kind == "rule":
            c.setFillColorRGB(*GREY)
            c.rect(rect.x, y, rect.w, rect.h, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def _fit(text: str, style: Style, size: float, room: float, fonts: FontSet) -> str:
    """``text`` shortened with "…" to fit ``room`` points."""
    if fonts.width(text, style, size) <= room:
        return text
    while text and fonts.width(text + "…", style, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _chrome(c, page: Page, total: int, profile: PageProfile, fonts: FontSet, chrome: Chrome) -> None:
    size = profile.size * 0.8
    accents: list[_Accent] = []
    writer = _TextWriter(c, fonts, accents)
    c.setFillColorRGB(*GREY)
    if page.number > 1 or chrome.header_on_first_page:
        y = profile.height - profile.top + profile.header_gap
        right = chrome.header_right or ""
        right_width = fonts.width(right, "bold", size) if right else 0.0
        if right:
            writer.draw(right, "bold", size, profile.right - right_width, y)
        left = chrome.running_prefix or chrome.title
        if page.running:
            left = f"{left} — {page.running}"
        room = profile.right - profile.left - right_width - 2 * profile.size
        writer.draw(_fit(left, "regular", size, room, fonts), "regular", size, profile.left, y)
        writer.close()
        c.setStrokeColorRGB(*GREY)
        c.setLineWidth(0.4)
        c.line(profile.left, y - 5, profile.right, y - 5)
        footer = chrome.footer.format(page=page.number, pages=total)  # a title page has neither, as in print
        width = fonts.width(footer, "regular", size)
        writer.draw(footer, "regular", size, (profile.left + profile.right - width) / 2,
                    profile.margin_bottom - profile.footer_gap)
    writer.close()
    for accent in accents:
        _draw_accent(c, accent)
    c.setFillColorRGB(0, 0, 0)


def _watermark(c, text: str, profile: PageProfile, fonts: FontSet) -> None:
    angle = math.degrees(math.atan2(profile.height, profile.width))
    diagonal = math.hypot(profile.width, profile.height)
    size = min(96.0, 0.7 * diagonal / max(fonts.width(text, "bold", 1.0), 1e-6))
    width = fonts.width(text, "bold", size)
    c.saveState()
    c.setFillColorRGB(*WATERMARK)
    c.translate(profile.width / 2, profile.height / 2)
    c.rotate(angle)
    accents: list[_Accent] = []
    writer = _TextWriter(c, fonts, accents)
    writer.draw(text, "bold", size, -width / 2, -size * 0.35)
    writer.close()
    for accent in accents:
        _draw_accent(c, accent)
    c.restoreState()
