"""Word (.docx) → source lines, with python-docx: paragraphs and table rows in document order,
with the paragraph's heading style, centring, and bold/italic from its runs (or its style)."""

from __future__ import annotations

import io
import zipfile

from .source_lines import SourceLine, refuse
from .zip_guard import open_zip


def docx_lines(data: bytes, path: str) -> list[SourceLine]:
    open_zip(data, path, "Word")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise refuse(path, f"this Word file cannot be read ({type(exc).__name__}: it is damaged or not a .docx)",
                     "open it in Word or LibreOffice and save it again as .docx, then import the new file") from None
    out: list[SourceLine] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):  # a table: NAME | speech, one row each
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                if len(cells) >= 2 and cells[0] and cells[-1]:
                    out.append(SourceLine(cells[-1], len(out) + 1, speaker=cells[0]))
                elif any(cells):
                    out.append(SourceLine(" ".join(c for c in cells if c), len(out) + 1))
            continue
        line = _paragraph(block, len(out) + 1)
        if line is not None:
            out.append(line)
    return out


def _paragraph(paragraph, number: int) -> SourceLine | None:  # type: ignore[no-untyped-def]
    text = paragraph.text.strip()
    if not text:
        return None
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    heading = int(name.split()[-1]) if name.startswith("Heading") and name.split()[-1].isdigit() else None
    heading = 0 if name == "Title" else heading
    runs = [r for r in paragraph.runs if r.text.strip()]
    font = style.font if style is not None else None
    bold = [bool(r.bold if r.bold is not None else font is not None and font.bold) for r in runs]
    italic = [bool(r.italic if r.italic is not None else font is not None and font.italic) for r in runs]
    alignment = paragraph.alignment if paragraph.alignment is not None else (
        style.paragraph_format.alignment if style is not None else None)
    centred = alignment is not None and int(alignment) == 1
    if runs and bold[0] and not all(bold) and heading is None:
        # A name in bold, then the speech: the name is set apart as a speaker.
        lead = "".join(r.text for r, b in zip(runs, bold, strict=True) if b and runs.index(r) < bold.index(False))
        name_part = lead.strip().rstrip(":.").strip()
        rest = text[len(text) - len(text.lstrip()) + len(lead.strip()):].lstrip(" :.")
        if name_part and rest:
            return SourceLine(rest, number, speaker=name_part, centred=centred)
    return SourceLine(text, number, bold=bool(runs) and all(bold), italic=bool(runs) and all(italic),
                      centred=centred, heading=heading)
