"""Cue sheets as plain text, Markdown and HTML (the PDF sheet is in :mod:`stagecast.cuesheets.sheet_pdf`)."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable

from ..labels import OPENINGS, play_labels, speaker_label
from ..model import Play, Speech
from ..revisions.marks import MARK, RevisionMarks
from ..rules import Conflict
from .sheet import (
    CueSheet,
    Hiding,
    SheetDirection,
    SheetLine,
    SheetScene,
    cue_quote,
    item_label,
    join_pieces,
    line_parts,
)

WIDTH = 78


def header_facts(sheet: CueSheet) -> list[tuple[str, str]]:
    play = sheet.play
    labels = play_labels(play)
    scenes = [s.scene.title for s in sheet.scenes]
    return [
        (labels("roles"), ", ".join(play.role(r).name for r in sheet.roles) or labels("none")),
        (labels("scenes"), "; ".join(scenes) or labels("none")),
        (labels("speeches"), f"{sheet.speeches}"),
        (labels("words"), labels.grouped(sheet.words)),
        *([(labels("cast"), play.cast)] if play.cast else []),
        *([(labels("conflicts"), "; ".join(_conflict(sheet, c) for c in sheet.conflicts))] if sheet.conflicts else []),
    ]


def _conflict(sheet: CueSheet, conflict: Conflict) -> str:
    """One of the performer's doubling conflicts, at the top of their sheet: who must solve it sees it."""
    play = sheet.play
    labels = play_labels(play)
    roles = labels.group([play.role(r).name for r in conflict.roles])
    intended = f"; {labels('intended')}: {conflict.intended}" if conflict.intended else ""
    return f"{play.scene(conflict.scene).title} ({roles}{intended})"




def cue_pieces(line: SheetLine, play: Play, memorise: bool | Hiding = False) -> list[tuple[str, str]]:
    """The cue as ("speech"|"item"|"opening", text) pieces, in the order they happen; ``memorise``:
    a cue that is the performer's own line is hidden as their lines are (:func:`.sheet.cue_quote`)."""
    cue = line.cue
    labels = play_labels(play)
    pieces: list[tuple[str, str]] = []
    if cue.previous is not None:
        who = labels("you") if cue.previous.own else speaker_label(play, cue.previous.speech).upper() + ":"
        pieces.append(("speech", f"{who} {cue_quote(cue.previous, memorise)}"))
    elif cue.opening:
        pieces.append(("opening", labels(OPENINGS[cue.opening]) if cue.opening in OPENINGS else cue.opening))
    pieces += [("item", item_label(item, labels)) for item in cue.between]
    return pieces


def line_heading(line: SheetLine, play: Play, delivery: bool = True) -> str:
    """"#12 TATYANA (quietly)" — the speech number, the role(s), the delivery note. Cue sheets
    pass ``delivery=False``: they print the note at the start of the line (:func:`line_parts`)."""
    speech: Speech = line.cue.speech
    labels = play_labels(play)
    names = labels.group([play.role(r).name for r in line.roles]).upper()
    if speech.label:
        names = speaker_label(play, speech, line.roles).upper()
    elif len(speech.speakers) > len(line.roles):
        others = [play.role(r).name for r in speech.speakers if r not in line.roles]
        names = f"{names} {labels('with', names=', '.join(others))}"
    note = f" ({speech.delivery})" if delivery and speech.delivery else ""
    return f"#{speech.number} {names}{note}"


def _scene_heading(scene: SheetScene, last_act: str | None) -> tuple[str | None, str]:
    act = scene.act_title if scene.act_title != last_act else None
    return act, scene.scene.title


def _walk(sheet: CueSheet, on_act: Callable[[str], None], on_scene: Callable[[SheetScene], None],
          on_line: Callable[[SheetLine], None], on_direction: Callable[[SheetDirection], None]) -> None:
    last_act: str | None = None
    for scene in sheet.scenes:
        act, _ = _scene_heading(scene, last_act)
        if act:
            on_act(act)
            last_act = act
        on_scene(scene)
        for entry in scene.entries:
            (on_line if isinstance(entry, SheetLine) else on_direction)(entry)  # type: ignore[operator]


# -- plain text ---------------------------------------------------------------
def _marked(lines: list[str], on: bool) -> list[str]:
    """Revision mark: "* " in the margin in place of the first line's indent."""
    return [MARK + " " + lines[0][2:], *lines[1:]] if on and lines else lines


def _txt_changes(marks: RevisionMarks) -> list[str]:
    out = ["", f"{marks.title}:"]
    for note in marks.notes:
        out.extend(textwrap.wrap(note, WIDTH, initial_indent="  - ", subsequent_indent="    "))
    return [*out, f"({MARK} in the margin marks a changed line or cue.)"]


def render_txt(sheet: CueSheet, memorise: bool | Hiding = False, marks: RevisionMarks | None = None) -> str:
    play = sheet.play
    labels = play_labels(play)
    out = [play.meta.title, labels("sheet", name=play.performer(sheet.performer).name)]
    out += [marks.heading] if marks else []
    out += [f"{k}: {v}" for k, v in header_facts(sheet)]
    out.append(f"({labels('cue_words', n=sheet.cue_words)})")
    out += _txt_changes(marks) if marks else []

    def act(title: str) -> None:
        out.extend(["", title.upper(), "=" * len(title)])

    def scene(s: SheetScene) -> None:
        out.extend(["", s.scene.title, "-" * len(s.scene.title)])

    def line(entry: SheetLine) -> None:
        cue = "   ".join(f"[{t}]" if k == "item" else t for k, t in cue_pieces(entry, play, memorise))
        number = entry.cue.speech.number
        out.append("")
        out.extend(_marked(textwrap.wrap(f"{labels('cue')}: {cue}", WIDTH, initial_indent="  ",
                                         subsequent_indent="       "),
                           bool(marks and marks.marks_cue(number))))
        text = join_pieces(line_parts(entry.cue.speech, memorise), lambda k, t: t if k == "text" else f"({t})")
        out.extend(_marked(textwrap.wrap(f"{line_heading(entry, play, delivery=False)}: {text}", WIDTH,
                                         initial_indent="  ", subsequent_indent="    "),
                           bool(marks and marks.marks_line(number))))

    def direction(entry: SheetDirection) -> None:
        out.append("")
        out.extend(textwrap.wrap(f"[{entry.direction.text}]", WIDTH, initial_indent="  ", subsequent_indent="   "))

    _walk(sheet, act, scene, line, direction)
    return "\n".join(out) + "\n"


# -- Markdown -----------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def _md_changes(marks: RevisionMarks) -> list[str]:
    return ["", f"## {_md(marks.title)}", "", *(f"- {_md(note)}" for note in marks.notes), "",
            f"*{_md(MARK)} in the margin marks a changed line or cue.*"]


def render_md(sheet: CueSheet, memorise: bool | Hiding = False, marks: RevisionMarks | None = None) -> str:
    play = sheet.play
    labels = play_labels(play)
    out = [f"# {_md(play.meta.title)} — {_md(labels('sheet_for', name=play.performer(sheet.performer).name))}", ""]
    out += [f"**{_md(marks.heading)}**  "] if marks else []
    out += [f"**{_md(k)}:** {_md(v)}  " for k, v in header_facts(sheet)]
    out.append(f"*{_md(labels('cue_words', n=sheet.cue_words))}*")
    out += _md_changes(marks) if marks else []
    mark = _md(MARK) + " "

    def act(title: str) -> None:
        out.extend(["", f"## {_md(title)}"])

    def scene(s: SheetScene) -> None:
        out.extend(["", f"### {_md(s.scene.title)}"])

    def line(entry: SheetLine) -> None:
        cue = " · ".join(f"*{_md(t)}*" if k != "speech" else _md(t) for k, t in cue_pieces(entry, play, memorise))
        text = join_pieces(line_parts(entry.cue.speech, memorise),
                           lambda k, t: _md(t) if k == "text" else f"*({_md(t)})*")
        number = entry.cue.speech.number
        cue_mark = mark if marks and marks.marks_cue(number) else ""
        line_mark = mark if marks and marks.marks_line(number) else ""
        out.extend(["", f"> {cue_mark}**{_md(labels('cue'))}:** {cue}", "",
                    f"{line_mark}**{_md(line_heading(entry, play, delivery=False))}:** {text}"])

    def direction(entry: SheetDirection) -> None:
        out.extend(["", f"*[{_md(entry.direction.text)}]*"])

    _walk(sheet, act, scene, line, direction)
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------
_CSS = """body{font-family:Georgia,'PT Serif',serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.45}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{font-weight:bold}
.cue{color:#555;border-left:3px solid #bbb;padding-left:.6em;margin:1.2em 0 .3em}
.cue .item,.paren,.delivery,.direction{font-style:italic}.line{margin:0 0 .8em}.who{font-weight:bold}
h2{border-bottom:2px solid #333}h3{margin-top:2em}@media print{body{margin:0}}"""
_MARK_CSS = """.revised{position:relative}.mark{position:absolute;left:-1.2em;font-weight:bold}
.changes{border:1px solid #bbb;padding:0 1em}.changes h2{border:0;font-size:1.1em}"""


def _html_changes(marks: RevisionMarks) -> str:
    items = "".join(f"<li>{html.escape(note)}</li>" for note in marks.notes)
    return (f'<section class="changes"><h2>{html.escape(marks.title)}</h2><ul>{items}</ul>'
            f"<p><em>{MARK} in the margin marks a changed line or cue.</em></p></section>")


def _html_mark(marks: RevisionMarks | None, on: bool) -> tuple[str, str]:
    """(extra class, mark span) for a paragraph that may carry a revision mark."""
    if not (marks and on):
        return "", ""
    return " revised", f'<span class="mark" title="{html.escape(marks.title)}">{MARK}</span>'


def render_html(sheet: CueSheet, memorise: bool | Hiding = False, marks: RevisionMarks | None = None) -> str:
    play = sheet.play
    esc = html.escape
    name = play.performer(sheet.performer).name
    labels = play_labels(play)
    out = [f'<!doctype html>\n<html lang="{esc(play.meta.lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(play.meta.title)} — {esc(labels('sheet_for', name=name))}</title>"
           f"<style>{_CSS}{chr(10) + _MARK_CSS if marks else ''}</style></head><body>",
           f"<header><h1>{esc(play.meta.title)}</h1>"
           f"<p>{_capital(labels.html('sheet_for', name=f'<strong>{esc(name)}</strong>'))}</p>"
           + (f'<p class="revised-label"><strong>{esc(marks.heading)}</strong></p>' if marks else "") + "<dl>"]
    out += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in header_facts(sheet)]
    out.append(f"</dl><p><em>{esc(labels('cue_words', n=sheet.cue_words))}</em></p>"
               + (_html_changes(marks) if marks else "") + "</header><main>")

    def act(title: str) -> None:
        out.append(f"<h2>{esc(title)}</h2>")

    def scene(s: SheetScene) -> None:
        out.append(f'<h3 id="scene-{esc(s.scene.id)}">{esc(s.scene.title)}</h3>')

    def line(entry: SheetLine) -> None:
        cue = " · ".join(f'<span class="{k}">{esc(t)}</span>' for k, t in cue_pieces(entry, play, memorise))
        speech = entry.cue.speech
        pieces = line_parts(speech, memorise)
        # The delivery note is in the play's language, outside the speech's own ``lang``.
        lead = [p for p in pieces[:1] if p[0] == "delivery"]
        text = join_pieces(pieces[len(lead):],
                           lambda k, t: esc(t) if k == "text" else f'<span class="paren">({esc(t)})</span>')
        note = "".join(f'<span class="delivery">({esc(t)})</span> ' for _, t in lead)
        lang = f' lang="{esc(speech.lang)}"' if speech.lang else ""
        cue_class, cue_mark = _html_mark(marks, bool(marks and marks.marks_cue(speech.number)))
        line_class, line_mark = _html_mark(marks, bool(marks and marks.marks_line(speech.number)))
        out.append(f'<p class="cue{cue_class}">{cue_mark}<strong>{esc(labels("cue"))}:</strong> {cue}</p>')
        out.append(f'<p class="line{line_class}" id="s{speech.number}">{line_mark}'
                   f'<span class="who">{esc(line_heading(entry, play, delivery=False))}:</span> '
                   f"{note}<span{lang}>{text}</span></p>")

    def direction(entry: SheetDirection) -> None:
        out.append(f'<p class="direction">[{esc(entry.direction.text)}]</p>')

    _walk(sheet, act, scene, line, direction)
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


RENDERERS: dict[str, Callable[[CueSheet, bool, RevisionMarks | None], str]] = {
    "md": render_md, "txt": render_txt, "html": render_html}
"""The text formats of a cue sheet; :data:`stagecast.cuesheets.sheet_files.FORMATS` lists them
in this order, then the PDF."""
