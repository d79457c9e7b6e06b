"""Cue sheets and the operators' cue list as PDF, through the shared PDF document layer.

Each piece of text carries where it came from (:mod:`stagecast.pdf.refs`), so a character no
font has is blamed on its own item: the line a cue quotes, not the line it cues. Imported only
to make a PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..labels import OPENINGS, play_labels, printed_play, speaker_label
from ..model import Play
from ..pdf import refs
from ..pdf.blocks import Ref, Span
from ..pdf.document import DocumentOptions, heading, note, paragraph, render_document, sourced, space
from ..pdf.script import CUE_TAGS
from ..pdf_settings import pdf_settings
from ..revisions.marks import RevisionMarks
from ..revisions.marks_pdf import changes_blocks, header, marked
from .cue_list import CueRow, go_opening, go_point
from .sheet import CueSheet, Hiding, SheetDirection, SheetLine, cue_quote, item_label, line_parts
from .sheet_text import header_facts, line_heading


def render_pdf(sheet: CueSheet, memorise: bool | Hiding = False, paper: str | None = None,
               marks: RevisionMarks | None = None, fonts: Sequence[str] = ()) -> bytes:
    """A performer's cue sheet: header facts, then per scene each cue (italic) and line.
    ``marks``: revision marks (see :mod:`stagecast.revisions.marks_pdf`); ``paper`` and ``fonts``:
    as the command line gives them (play.yaml's ``pdf:`` otherwise)."""
    play = sheet.play
    labels = play_labels(play)
    performer = play.performer(sheet.performer)
    name = performer.name
    title = f"{play.meta.title}: {labels('sheet_for', name=name)}"
    blocks = [heading(sourced(title, "bold", [(play.meta.title, refs.meta(play)), (name, refs.performer(performer))]),
                      level=0, ref=refs.labels(play))]
    blocks += [paragraph(marks.heading, italic=True)] if marks else []
    roles = [(play.role(r).name, refs.role(play.role(r))) for r in sheet.roles]
    scenes = [(s.scene.title, refs.scene(s.scene)) for s in sheet.scenes]
    facts = header_facts(sheet)  # roles and scenes name items; the cast and conflicts add none
    for (key, value), named in zip(facts, (roles, scenes, *[[]] * (len(facts) - 2)), strict=True):
        blocks.append(paragraph(sourced(f"{key}: {value}", "regular", named), ref=refs.labels(play)))
    blocks.append(note(labels("cue_words", n=sheet.cue_words), ref=refs.labels(play)))
    blocks += changes_blocks(marks) if marks else []
    acts = {a.id: a for a in play.acts}
    last_act = None
    for scene in sheet.scenes:
        if scene.act_title and scene.act_title != last_act:
            act = acts.get(scene.scene.act or "")
            blocks.append(heading(scene.act_title, level=1, ref=refs.act(act) if act else None))
            last_act = scene.act_title
        blocks.append(heading(scene.scene.title, level=2 if last_act else 1, ref=refs.scene(scene.scene)))
        for entry in scene.entries:
            if isinstance(entry, SheetDirection):
                blocks.append(note(entry.direction.text, ref=refs.item(entry.direction)))
                continue
            assert isinstance(entry, SheetLine)
            speech = entry.cue.speech
            # kept with the line it cues: never at a page's foot with the line overleaf
            cue_note = replace(note(_cue_spans(entry, play, memorise), ref=refs.labels(play)), keep_with_next=True)
            blocks += [space(0.5), marked(cue_note) if marks and marks.marks_cue(speech.number) else cue_note]
            spans = [Span(t, "regular") if kind == "text" else Span(f"({t})", "italic")
                     for kind, t in _spaced(line_parts(speech, memorise))]
            others = [play.role(r) for r in speech.speakers if r not in entry.roles]
            named = [*((play.role(r).name.upper(), refs.role(play.role(r))) for r in entry.roles),
                     *((r.name, refs.role(r)) for r in others)]
            who = sourced(line_heading(entry, play, delivery=False), "bold", named)
            line = paragraph(spans, speaker=who, ref=refs.item(speech),
                             highlight=True, continued=labels("continued"), more=labels("more"))
            blocks.append(marked(line) if marks and marks.marks_line(speech.number) else line)
    settings = pdf_settings(play, fonts, paper)
    options = DocumentOptions(title=play.meta.title, paper=settings.paper or "a4", fonts=settings.fonts,
                              header_right=header(name, marks) if marks else name, lang=play.meta.lang,
                              footer=labels.template("page_of"), locate_chars=play.locate_chars)
    return render_document(blocks, options)


def _cue_spans(line: SheetLine, play: Play, memorise: bool | Hiding = False) -> list[Span]:
    """"Cue: ANNA: …last words · Light L2: Fade · Enter Boris." with each piece's own source: the
    speech it quotes, each direction and cue between — never the line it cues."""
    labels = play_labels(play)
    cue = line.cue
    spans = [Span(f"{labels('cue')}: ", "italic")]
    if cue.previous is not None:
        said = cue.previous.speech
        if cue.previous.own:
            spans.append(Span(f"{labels('you')} ", "italic"))
        else:
            who = speaker_label(play, said).upper()
            named = [] if said.label else [(play.role(r).name.upper(), refs.role(play.role(r))) for r in said.speakers]
            spans += [*(_with_ref(s, refs.item(said)) for s in sourced(who, "italic", named)), Span(": ", "italic")]
        spans.append(Span(cue_quote(cue.previous, memorise), "italic", ref=refs.item(said)))
    elif cue.opening:
        spans.append(Span(labels(OPENINGS[cue.opening]) if cue.opening in OPENINGS else cue.opening, "italic"))
    for i, item in enumerate(cue.between):
        if i or cue.previous is not None or cue.opening:
            spans.append(Span(" · ", "italic"))
        spans.append(Span(item_label(item, labels), "italic", ref=refs.item(item)))
    return spans


def _with_ref(span: Span, ref: Ref) -> Span:
    """A piece of a speaker label with no role of its own (a group's label) belongs to the speech."""
    return span if span.ref is not None else replace(span, ref=ref)


def _spaced(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pieces with the spaces between them that the plain-text join would put there."""
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if out and not (kind == "text" and text[:1] in ",.;:!?…)»"):
            out.append(("text", " "))
        out.append((kind, text))
    return out


def render_cuelist_pdf(play: Play, rows: tuple[CueRow, ...], paper: str | None = None,
                       fonts: Sequence[str] = ()) -> bytes:
    """The operators' sheet: one block per cue, with its GO point. ``paper`` and ``fonts``: as
    the command line gives them (play.yaml's ``pdf:`` otherwise)."""
    play = printed_play(play)  # the title as the rows (cue_list) print it: the language's quotation marks
    labels = play_labels(play)
    title = labels("cue_list", title=play.meta.title)
    blocks = [heading(sourced(title, "bold", [(play.meta.title, refs.meta(play))]), level=0, ref=refs.labels(play)),
              note(labels.count("cues_note", len(rows)), ref=refs.labels(play))]
    scene = None
    for row in rows:
        if row.scene_title != scene:
            scene = row.scene_title
            blocks.append(heading(scene, level=1, ref=refs.scene(play.scene(row.scene_id))))
        label = f"{row.cue.label}" + (f"  [{row.cue.file}]" if row.cue.file else "")
        tag = f"{labels(CUE_TAGS[row.cue.kind])} {row.cue.number or '—'}"
        entry = paragraph(label, speaker=tag, continued=labels("continued"), ref=refs.item(row.cue))
        blocks.append(replace(entry, keep_with_next=True))  # never the cue at a page's foot, its GO overleaf
        if row.after is None:
            blocks.append(note(go_opening(row, labels), ref=refs.labels(play)))
        else:
            go = go_point(row, labels)
            quoted = [(row.speaker, refs.item(row.after)), (row.words, refs.item(row.after))]
            blocks.append(note(sourced(labels("go_after", cue=go), "italic", quoted), ref=refs.labels(play)))
    settings = pdf_settings(play, fonts, paper)
    return render_document(blocks, DocumentOptions(title=play.meta.title, paper=settings.paper or "a4",
                                                   fonts=settings.fonts, header_right=labels("cue_list_header"),
                                                   lang=play.meta.lang, footer=labels.template("page_of"),
                                                   locate_chars=play.locate_chars))
