"""PDF → source lines, with pdfminer.six (its characters, with their font and place; no layout
analysis, which is slower and merges the columns of a script).

Characters become visual lines (by baseline), lines become paragraphs (by the space between
them, a change of indent, size or italics). A run of words set apart by a wide gap at the start
of a line (the name column of a script PDF: ``THE DIRECTOR    Good evening.``) is the paragraph's
speaker. Running heads and footers (the first or last line of the pages, at the same height on
most of them, in small type or repeating) and page numbers are left out; a paragraph cut by a
page break is joined back.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field

from .conventions import CONTINUED, MORE, is_caps
from .source_lines import SourceLine, refuse

_SAME_LINE = 2.0
"""Points: characters whose baselines differ by less are on one line (a name set smaller than
the speech beside it sits a point lower)."""


@dataclass
class _Line:
    page: int
    number: int
    top: float
    x0: float
    x1: float
    size: float
    text: str
    bold: bool
    italic: bool
    aside: str | None = None


@dataclass
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)
    asides: list[str] = field(default_factory=list)


def pdf_lines(data: bytes, path: str) -> list[SourceLine]:
    pages = _pages(data, path)
    lines = [line for page in pages for line in page]
    if not lines:
        raise refuse(path, f"found {len(pages)} page{'s' if len(pages) != 1 else ''} and no text on them: "
                     "a scanned PDF, or one whose text was turned into pictures",
                     "run it through OCR first (for example `ocrmypdf play.pdf play-text.pdf`), or export "
                     "the text from the program that made it (.docx or .txt), and import that")
    pages = _without_running_heads(pages)
    return _source_lines(_paragraphs(pages), lines)


def _pages(data: bytes, path: str) -> list[list[_Line]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    out: list[list[_Line]] = []
    try:
        for n, page in enumerate(PDFPage.get_pages(io.BytesIO(data)), 1):
            interpreter.process_page(page)
            chars = [c for c in device.get_result() if isinstance(c, LTChar)]
            out.append(_lines_of(chars, n, page.mediabox[3] - page.mediabox[1]))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise refuse(path, "this PDF is password-protected", "open it with its password and print or export it "
                     "to a PDF without one (or save the script as .docx or .txt), then import that") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise refuse(path, f"this PDF is damaged and cannot be read ({type(exc).__name__})",
                     "open it in a PDF viewer and print it to a new PDF, or export the script again "
                     "from the program that made it") from None
    return out


def printed_by_stagecast(data: bytes) -> bool:
    """Whether the PDF says stagecast made it (its Creator): then its quotation marks are ours
    (:func:`stagecast.labels.printed_play`), not the author's."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        infos = PDFDocument(PDFParser(io.BytesIO(data))).info
        return any(resolve1(info.get("Creator")) == b"stagecast" for info in infos)
    except Exception:  # noqa: BLE001 - a PDF we could read the text of, but not this: then not ours
        return False


def _lines_of(chars, page: int, height: float) -> list[_Line]:  # type: ignore[no-untyped-def]
    rows: list[list] = []  # type: ignore[type-arg]
    for char in sorted(chars, key=lambda c: (-round(c.y0, 1), c.x0)):
        if rows and abs(rows[-1][0].y0 - char.y0) < _SAME_LINE:
            rows[-1].append(char)
        else:
            rows.append([char])
    out = []
    for number, row in enumerate(rows, 1):
        row.sort(key=lambda c: c.x0)
        aside, body = _aside(_without_line_number(row))
        shown = [c for c in body if c.get_text().strip()]
        if not shown:
            continue
        out.append(_Line(page, number, height - max(c.y1 for c in row), body[0].x0, body[-1].x1,
                         statistics.median(c.size for c in shown), _text(body),
                         all("Bold" in c.fontname for c in shown),
                         all(("Italic" in c.fontname or "Oblique" in c.fontname) for c in shown), aside))
    return out


def _without_line_number(row):  # type: ignore[no-untyped-def]
    """The row without a speech number in the margin (``stagecast pdf --line-numbers``): digits in
    smaller type, set apart from what follows."""
    digits = 0
    while digits < len(row) and row[digits].get_text().isdigit():
        digits += 1
    if 0 < digits < len(row):
        after = row[digits]
        if after.x0 - row[digits - 1].x1 > 0.3 * after.size and row[0].size < after.size * 0.95 or (
                after.get_text() == " " and row[0].size < max(c.size for c in row) * 0.95):
            return [c for c in row[digits:] if c.get_text().strip() or c is not row[digits]]
    return row


def _aside(row):  # type: ignore[no-untyped-def]
    """(the name set apart at the start of a line, the rest): words before a gap much wider than a
    space (a name column), or a name in bold before the text in regular type."""
    segments = _segments(row)
    lead = _text(segments[0]) if len(segments) > 1 else ""
    if lead and len(lead.split()) <= 6 and (is_caps(lead) or CONTINUED.fullmatch(lead) or "Bold" in segments[0][0].fontname):
        return lead, [c for segment in segments[1:] for c in segment]
    for n, char in enumerate(row):
        if not char.get_text().strip():
            continue
        if "Bold" in char.fontname:
            continue
        lead = [c for c in row[:n] if c.get_text().strip()]
        name = _text(row[:n])
        if lead and char.x0 - lead[-1].x1 > 0.5 * char.size and len(name.split()) <= 6:
            return name.rstrip(":."), row[n:]
        return None, row
    return None, row


def _segments(row):  # type: ignore[no-untyped-def]
    """A line cut where a gap is much wider than a space (a column, or a name set apart)."""
    out = [[row[0]]]
    for prev, char in zip(row, row[1:], strict=False):
        if char.x0 - prev.x1 > 1.8 * max(char.size, prev.size) and prev.get_text().strip():
            out.append([char])
        else:
            out[-1].append(char)
    return out


def _text(chars) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    for prev, char in zip([None, *chars], chars, strict=False):
        if prev is not None and char.x0 - prev.x1 > 0.2 * char.size and not parts[-1].endswith(" "):
            parts.append(" ")
        parts.append(char.get_text())
    return " ".join("".join(parts).split())


def _without_running_heads(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without their running heads and footers: the first (last) line of a page, at a
    height shared by the first (last) lines of at least half the pages, in type smaller than the
    body's or with a text (digits aside) another page repeats."""
    if len(pages) < 2:
        return pages
    body = statistics.median(line.size for page in pages for line in page) if any(pages) else 0
    drop: set[int] = set()
    for pick in (0, -1):
        ends = [page[pick] for page in pages if page]
        heights = Counter(round(line.top) for line in ends)
        texts = Counter("".join(ch for ch in line.text if not ch.isdigit()) for line in ends)
        for line in ends:
            shared = sum(n for top, n in heights.items() if abs(top - round(line.top)) <= 2)
            same = texts["".join(ch for ch in line.text if not ch.isdigit())] > 1
            if shared * 2 >= len(pages) and shared > 1 and (line.size < body * 0.95 or same):
                drop.add(id(line))
    return [[line for line in page if id(line) not in drop] for page in pages]


def _paragraphs(pages: list[list[_Line]]) -> list[_Paragraph]:
    gaps = [b.top - a.top for page in pages for a, b in zip(page, page[1:], strict=False) if b.top > a.top]
    leading = statistics.median(gaps) if gaps else 14.0
    out: list[_Paragraph] = []
    for page in pages:
        for n, line in enumerate(page):
            if MORE.match(line.text) and line.aside is None:
                continue  # "(MORE)" at a page's foot: the speech goes on under "NAME (CONT’D)"
            last = out[-1].lines[-1] if out and out[-1].lines else None
            if (last is not None and n and out[-1].asides and line.aside is None and line.bold and not last.bold
                    and line.x0 < last.x0 - 5 and line.top - last.top <= leading * 1.3):
                out[-1].asides.append(line.text)  # the rest of a name longer than its speech (THE MOBILISED / MAN)
                continue
            if last is None or not _continues(last, line, leading, n == 0, bool(out[-1].asides)):
                if line.aside and last is not None and out[-1].asides and n and line.top - last.top <= leading * 1.3:
                    out[-1].asides.append(line.aside)  # the name goes on beside a new paragraph (THE DIRECTOR'S / WIFE)
                    line.aside = None
                out.append(_Paragraph(asides=_same_speaker(out[-1] if out else None, line, bool(n))))
            out[-1].lines.append(line)
            if line.aside:
                out[-1].asides.append(line.aside)
    return out


def _same_speaker(before: _Paragraph | None, line: _Line, same_page: bool) -> list[str]:
    """The speaker of a new paragraph with no name that is set as the speech above it on the
    page: another speech of the same speaker, printed under their name (stagecast's own PDFs
    print a monologue of several speeches so). Else none."""
    if line.aside is not None or not same_page or before is None or not before.asides or line.bold:
        return []
    first = before.lines[0]
    if first.bold or abs(first.x0 - line.x0) > 1 or abs(first.size - line.size) > 0.5:
        return []
    if line.italic and not line.text.startswith("("):  # a stage direction, not a delivery note
        return []
    return [CONTINUED.sub("", " ".join(before.asides)).strip()]


def _continues(last: _Line, line: _Line, leading: float, first_on_page: bool, speech: bool) -> bool:
    """``line`` goes on the paragraph that ``last`` ended so far (in a ``speech``, a line in italics
    is a parenthetical going on, not a new paragraph)."""
    if (last.italic != line.italic and not speech) or last.bold != line.bold or abs(last.size - line.size) > 0.5:
        return False
    if abs(last.x0 - line.x0) > 0.5 * line.size:
        return False
    if first_on_page:  # a paragraph cut by the page break goes on, unless it had ended
        return line.aside is None and not last.text.endswith((".", "!", "?", "…", ":", "»", '"', ")"))
    return line.aside is None or last.aside is not None and line.top - last.top <= leading * 1.3 \
        if line.top - last.top <= leading * 1.3 else False


def _source_lines(paragraphs: list[_Paragraph], lines: list[_Line]) -> list[SourceLine]:
    body = Counter(round(line.size) for line in lines for _ in line.text).most_common(1)[0][0]
    sizes = sorted({round(p.lines[0].size) for p in paragraphs if p.lines[0].bold and p.lines[0].size > body * 1.15},
                   reverse=True)
    width = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    out = []
    for paragraph in paragraphs:
        first = paragraph.lines[0]
        text = _joined([line.text for line in paragraph.lines])
        size = round(first.size)
        heading = sizes.index(size) + 1 if first.bold and size in sizes else None
        centred = len(paragraph.lines) == 1 and first.x0 > left + 30 and abs((first.x0 + first.x1) / 2 - (left + width) / 2) < 4
        speaker = " ".join(paragraph.asides) if paragraph.asides else None
        out.append(SourceLine(text, first.number, page=first.page, bold=first.bold, italic=all(
            line.italic for line in paragraph.lines), centred=centred, heading=heading, speaker=speaker,
            indent=first.x0))
    return out


def _joined(texts: list[str]) -> str:
    """Lines of a paragraph as one text; a word broken with a hyphen at a line's end is whole again."""
    out = texts[0]
    for text in texts[1:]:
        out += text if out.endswith("-") and out[-2:-1].isalpha() and text[:1].islower() else " " + text
    return out
