"""Write a play as a script document in one of the conventions people use (for the import tests):
plain text and Word (python-docx), speaker and speech on one line or the speaker alone above it."""

from __future__ import annotations

from pathlib import Path

from stagecast.model import Direction, Paren, Play, Speech, Text

CONVENTIONS = ("colon", "caps-dot", "name-dot", "alone", "bold", "table")
"""``TATYANA: text``, ``TATYANA. text``, ``Tatyana. text``, the name alone above the speech,
the name in bold before the speech (Word), a table of name | speech (Word)."""
TEXT_CONVENTIONS = CONVENTIONS[:4]


def speech_text(speech: Speech) -> str:
    parts = []
    for part in speech.parts:
        if isinstance(part, Text):
            parts.append(" ".join(part.text.split()))
        elif isinstance(part, Paren):
            parts.append(f"({part.text})")
    return " ".join(p for p in parts if p)


def _name(play: Play, speech: Speech, convention: str) -> str:
    name = " & ".join(play.role(r).name for r in speech.speakers)
    return name if convention == "name-dot" else name.upper()


def _lines(play: Play, convention: str) -> list[tuple[str, str]]:
    """(kind, text): kind is title, heading, cast, direction, name, speech or line."""
    russian = play.meta.lang == "ru"
    out = [("title", play.meta.title), ("heading", "Действующие лица" if russian else "Characters")]
    out += [("cast", f"{r.name}, {' '.join(r.description.split())}" if r.description else r.name) for r in play.roles]
    for n, scene in enumerate(play.scenes, 1):
        out.append(("heading", f"{'Сцена' if russian else 'Scene'} {n}"))
        for item in scene.items:
            if isinstance(item, Direction):
                out.append(("direction", " ".join(item.text.replace("(", "[").replace(")", "]").split())))
            elif isinstance(item, Speech):
                name, text = _name(play, item, convention), speech_text(item)
                sep = ":" if convention == "colon" else "."
                if convention in ("alone", "bold", "table"):
                    out += [("name", name), ("speech", text)]
                else:
                    out.append(("line", f"{name}{sep} {text}"))
    return out


def write_text(play: Play, path: Path, convention: str) -> Path:
    lines = []
    for kind, text in _lines(play, convention):
        if kind == "direction":
            lines += ["", f"({text})", ""]
        elif kind == "heading":
            lines += ["", text, ""]
        elif kind == "name":
            lines += ["", text]
        else:
            lines.append(text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(play: Play, path: Path, convention: str) -> Path:
    import docx

    document = docx.Document()
    pending = None
    for kind, text in _lines(play, convention):
        if kind == "title":
            document.add_heading(text, 0)
        elif kind == "heading":
            document.add_heading(text, 1)
        elif kind == "direction":
            document.add_paragraph().add_run(text).italic = True
        elif kind == "name" and convention in ("bold", "table"):
            pending = text
        elif kind == "speech" and convention == "bold":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{pending}:").bold = True
            paragraph.add_run(f" {text}")
        elif kind == "speech" and convention == "table":
            cells = document.add_table(rows=1, cols=2).rows[0].cells
            cells[0].text, cells[1].text = pending, text
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path
