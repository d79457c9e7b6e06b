"""Cue sheets and the operators' cue list as PDF, through the shared PDF document layer."""

from __future__ import annotations

from .cuelist import CueRow
from .cuesheet import CueSheet, SheetDirection, SheetLine, line_parts
from .cuesheet_formats import cue_pieces, header_facts, line_heading
from .labels import OPENINGS, play_labels
from .model import Play
from .revision_marks import RevisionMarks


def render_pdf(sheet: CueSheet, memorise: bool = False, paper: str = "a4",
               marks: RevisionMarks | None = None) -> bytes:
    """A performer's cue sheet: header facts, then per scene each cue (italic) and line.
    ``marks``: revision marks (see :mod:`stagecast.revision_pdf`)."""
    from .pdf.document import DocumentOptions, heading, note, paragraph, render_document, space
    from .pdf.layout import Span
    from .revision_pdf import changes_blocks, header, marked

    play = sheet.play
    labels = play_labels(play)
    name = play.performer(sheet.performer).name
    blocks = [heading(f"{play.meta.title}: {labels('sheet_for', name=name)}", level=0)]
    blocks += [paragraph(marks.heading, italic=True)] if marks else []
    blocks += [paragraph(f"{key}: {value}") for key, value in header_facts(sheet)]
    blocks.append(note(labels("cue_words", n=sheet.cue_words)))
    blocks += changes_blocks(marks) if marks else []
    last_act = None
    for scene in sheet.scenes:
        if scene.act_title and scene.act_title != last_act:
            blocks.append(heading(scene.act_title, level=1))
            last_act = scene.act_title
        blocks.append(heading(scene.scene.title, level=2 if last_act else 1, loc=scene.scene.loc))
        for entry in scene.entries:
            if isinstance(entry, SheetDirection):
                blocks.append(note(entry.direction.text, loc=entry.direction.loc))
                continue
            assert isinstance(entry, SheetLine)
            cue = " · ".join(text for _, text in cue_pieces(entry, play))
            number = entry.cue.speech.number
            cue_note = note(f"{labels('cue')}: {cue}", loc=entry.cue.speech.loc)
            blocks += [space(0.5), marked(cue_note) if marks and marks.marks_cue(number) else cue_note]
            spans = [Span(f"({t})" if kind == "paren" else t, "italic" if kind == "paren" else "regular")
                     for kind, t in _spaced(line_parts(entry.cue.speech, memorise))]
            line = paragraph(spans, speaker=line_heading(entry, play), loc=entry.cue.speech.loc, highlight=True,
                             continued=labels("continued"))
            blocks.append(marked(line) if marks and marks.marks_line(number) else line)
    options = DocumentOptions(title=play.meta.title, paper=paper, header_right=header(name, marks) if marks else name,
                              lang=play.meta.lang, footer=labels.template("page_of"))
    return render_document(blocks, options)


def _spaced(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pieces with the spaces between them that the plain-text join would put there."""
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if out and not (kind == "text" and text[:1] in ",.;:!?…)»"):
            out.append(("text", " "))
        out.append((kind, text))
    return out


def render_cuelist_pdf(play: Play, rows: tuple[CueRow, ...], paper: str = "a4") -> bytes:
    """The operators' sheet: one block per cue, with its GO point."""
    from .pdf.document import DocumentOptions, heading, note, paragraph, render_document
    from .pdf.script import CUE_TAGS

    labels = play_labels(play)
    blocks = [heading(labels("cue_list", title=play.meta.title), level=0), note(labels.count("cues_note", len(rows)))]
    scene = None
    for row in rows:
        if row.scene_title != scene:
            scene = row.scene_title
            blocks.append(heading(scene, level=1))
        label = f"{row.cue.label}" + (f"  [{row.cue.file}]" if row.cue.file else "")
        tag = f"{labels(CUE_TAGS[row.cue.kind])} {row.cue.number or '—'}"
        blocks.append(paragraph(label, speaker=tag, loc=row.cue.loc, continued=labels("continued")))
        go = labels("go_" + OPENINGS[row.follows]) if row.follows in OPENINGS else labels("go_after", cue=row.follows)
        blocks.append(note(go, loc=row.cue.loc))
    return render_document(blocks, DocumentOptions(title=play.meta.title, paper=paper,
                                                   header_right=labels("cue_list_header"), lang=play.meta.lang,
                                                   footer=labels.template("page_of")))
