"""The printable script: a play → blocks (title page, characters, contents, scenes) → PDF.

Layout: speaker names in a name column beside the text; stage directions, delivery notes and
inline parentheticals in italics; sound and light cues as boxed numbers ("SOUND S1") in the
name column; each act on a new page; the contents page lists acts, scenes and intervals with
their page numbers (filled in after pagination) and the PDF outline has the same entries.
As a published script: a speech that breaks across pages ends with "(MORE)" and goes on under
"NAME (CONT’D)"; a role's speeches one after the other print under one name (see
:func:`_heading_of`); "END OF PLAY" follows the last scene — each in the play's language.
A performer's copy highlights every line of their roles, underlines the words they come in on
(the cue rule of :mod:`stagecast.cueing`) and carries their name in the header.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..cueing import DEFAULT_CUE_WORDS, cue_for, lines_of
from ..files import atomic
from ..labels import Labels, play_labels, printed_play, speaker_label
from ..lookup import find_performer
from ..model import Cue, Direction, Interval, Pause, Performer, Play, Role, Scene, Speech, Text, is_cut
from ..pdf_settings import pdf_settings
from ..revisions.marks import RevisionMarks
from ..text import with_accents
from . import refs
from .blocks import Anchor, Block, PageBreak, Para, Ref, Space, Span
from .document import DocumentOptions, Rendered, build_document, printable, sourced
from .fonts import Style

BODY = 11.0
CUE_TAGS = {"sound": "sound_tag", "light": "light_tag", "other": "cue_tag"}
"""The label (:mod:`stagecast.labels`) boxed beside each kind of cue: SOUND S1."""
_CLOSING = re.compile(r"^[,.;:!?…)\]»”]")
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class ScriptPdfOptions:
    """How to print a script; every field has a sensible default."""

    paper: str | None = None
    """"a4" or "letter"; ``None``: play.yaml's ``pdf: paper``, else A4."""
    performer: str | None = None
    """A performer's id or name: their copy (lines highlighted, cues underlined, name in the header)."""
    watermark: str | None = None
    """Text stamped diagonally across every page (e.g. "DRAFT", a performer's name)."""
    line_numbers: bool = False
    """Print each speech's number (the play-wide numbering) in the margin."""
    fonts: tuple[str, ...] = field(default=())
    """TrueType font files tried before the built-in PT Serif; "pt-serif" names the built-in.
    Empty: play.yaml's ``pdf: font`` (:func:`stagecast.pdf_settings.pdf_settings`)."""
    cue_words: int = DEFAULT_CUE_WORDS
    show_cuts: bool = False
    """A director's copy: production cuts printed struck through; without, they are left out."""
    marks: RevisionMarks | None = None
    """Revision marks (``--since``): an asterisk beside changed lines, "Revised …" in the header
    and a "Changed since" page (see :mod:`stagecast.revisions.marks_pdf`)."""
    sources: bool = False
    """The confidential annotated copy (``--sources``): each speech's interviews beside it
    (:mod:`stagecast.pdf.source_notes`)."""


def render_script_pdf(play: Play, options: ScriptPdfOptions | None = None,
                      path: str | os.PathLike[str] | None = None) -> bytes:
    """The script as PDF bytes; also written atomically to ``path`` when given. (Given a path
    to a play instead, :func:`stagecast.render_script_pdf` reads it first.)"""
    rendered = build_script_pdf(play, options)
    if path is not None:
        atomic.write_bytes(Path(path), rendered.data)
    return rendered.data


def build_script_pdf(play: Play, options: ScriptPdfOptions | None = None) -> Rendered:
    """:func:`render_script_pdf` without writing, also telling the page count."""
    blocks, doc = script_document(play, options)
    return build_document(blocks, doc, extras=[("the title", play.meta.title, play.meta.loc)])


def script_document(play: Play, options: ScriptPdfOptions | None = None) -> tuple[list[Block], DocumentOptions]:
    """The script's blocks and document options, as :func:`build_script_pdf` lays them out and
    paints them (and :func:`stagecast.pdf.script_pages` only lays them out)."""
    options = options or ScriptPdfOptions()
    play = play if options.show_cuts else play.performed()
    found = find_performer(play, options.performer) if options.performer else None  # by the name as typed
    play = printed_play(play)  # the language's quotation marks in every text printed
    performer = play.performer(found.id) if found else None
    blocks = script_blocks(play, performer, options)
    header_right = performer.name if performer else None
    if options.marks is not None:
        from ..revisions.marks_pdf import header, with_revision_marks

        blocks = with_revision_marks(blocks, options.marks)
        header_right = header(header_right, options.marks)
    if options.sources:
        from .source_notes import HEADER, with_source_notes

        blocks = with_source_notes(blocks, play)
        header_right = f"{header_right} · {HEADER}" if header_right else HEADER
    meta = play.meta
    settings = pdf_settings(play, options.fonts, options.paper)
    doc = DocumentOptions(title=meta.title, paper=settings.paper or "a4", fonts=settings.fonts,
                          header_right=header_right, watermark=options.watermark,
                          header_on_first_page=False, author=meta.company, subject=meta.subtitle, lang=meta.lang,
                          footer=play_labels(play).template("page_of"), locate_chars=play.locate_chars)
    return blocks, doc


def script_blocks(play: Play, performer: Performer | None, options: ScriptPdfOptions) -> list[Block]:
    """Every block of the script, in order (pure: no fonts, no I/O)."""
    marks = _cue_marks(play, performer, options.cue_words) if performer else {}
    labels = play_labels(play)
    blocks: list[Block] = [*_title_page(play, performer, labels), PageBreak()]
    blocks += [*_characters(play, labels), PageBreak()]
    blocks += [*_contents(play, labels), PageBreak()]
    blocks += _body(play, performer, marks, options.line_numbers, labels)
    return blocks


# -- front matter ---------------------------------------------------------------
def _centred(text: str, style: Style = "regular", size: float = BODY, space: float = 0.5, kind: str = "title",
             named: Sequence[tuple[str, Ref]] = (), **kw) -> Para:
    """A centred line; ``named``: pieces of it from other items than the line's ``ref`` (see
    :func:`~stagecast.pdf.document.sourced`)."""
    return Para(sourced(printable(text), style, [(printable(t), ref) for t, ref in named]), kind=kind, size=size,
                align="center", full_width=True, space_before=space, **kw)


def _prose(text: str) -> str:
    """Notes written as a YAML block: single line breaks are wrapping, blank lines are paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n".join(" ".join(p.split()) for p in paragraphs)


def _title_page(play: Play, performer: Performer | None, labels: Labels) -> list[Block]:
    meta = play.meta
    out: list[Block] = [Space(8), _centred(meta.title, "bold", 28, 0, leading=34, ref=refs.meta(play),
                                           anchor=Anchor("title", printable(meta.title)))]
    if meta.subtitle:
        out.append(_centred(meta.subtitle, "italic", 15, 0.6, ref=refs.meta(play, "subtitle", "the subtitle")))
    if meta.company:
        out.append(_centred(meta.company, "regular", 12, 2.0, ref=refs.meta(play, "company", "the company")))
    for i, (credit, who) in enumerate(meta.credits):
        ref = refs.meta(play, "credits", f"credit '{credit}'")
        out.append(_centred(credit, "italic", 10, 2.2 if i == 0 else 1.0, ref=ref))
        out.append(_centred(who, "regular", 12, 0.1, ref=ref))
    if performer:
        out.append(_centred(labels("copy_for", name=performer.name), "bold", 13, 2.2, ref=refs.labels(play),
                            named=[(performer.name, refs.performer(performer))]))
        names = ", ".join(play.role(r).name for r in performer.roles)
        if names:
            out.append(_centred(names, "italic", 11, 0.2, named=[(play.role(r).name, refs.role(play.role(r)))
                                                                 for r in performer.roles]))
        out.append(_centred(labels("copy_note"), "regular", 9, 0.6, ref=refs.labels(play)))
    if meta.notes:
        out.append(Para((Span(printable(_prose(meta.notes))),), kind="note", size=10, full_width=True,
                        space_before=3.0, ref=refs.meta(play, "notes", "the notes")))
    return out


def _heading(text: str, key: str, level: int, size: float, running: str | None, **kw) -> Para:
    title = printable(text)
    return Para((Span(title, "bold"),), kind="heading", size=size, full_width=True, keep_with_next=True,
                anchor=Anchor(key, title, level), running=running, **kw)


def _characters(play: Play, labels: Labels) -> list[Block]:
    heading = labels("characters")
    out: list[Block] = [_heading(heading, "characters", 0, 16, heading, space_before=0)]
    if play.cast:  # an alternate cast's copy says whose cast list this is
        out.append(_centred(f"{labels('cast')}: {play.cast}", "italic", 11, 0.2, ref=refs.labels(play)))
    for role in play.roles:
        spans: list[Span] = []
        if role.description:
            spans.append(Span(printable(role.description)))
        cast = play.performers_of(role.id)
        if cast:
            played = labels.number("played_by", [p.name for p in cast])
            spans += sourced(("\n" if spans else "") + printable(played), "italic",
                             [(printable(p.name), refs.performer(p)) for p in cast])
        out.append(Para(tuple(spans), kind="role", aside=(Span(printable(role.name.upper()), "bold"),),
                        aside_size=BODY * 0.9, ref=refs.role(role), space_before=0.6))
    return out


def _contents(play: Play, labels: Labels) -> list[Block]:
    heading = labels("contents")
    out: list[Block] = [_heading(heading, "contents", 0, 16, heading, space_before=0)]
    acts = {a.id: a for a in play.acts}
    current: str | None = None
    for n, part in enumerate(play.sequence):
        if isinstance(part, Interval):
            out.append(Para((Span(printable(_interval_title(part, labels)), "italic"),), kind="toc", full_width=True,
                            toc=_interval_key(n), space_before=0.8, ref=refs.interval(part)))
            continue
        if part.act and part.act != current and part.act in acts:
            current = part.act
            out.append(Para((Span(printable(acts[current].title), "bold"),), kind="toc", full_width=True,
                            toc=f"act-{current}", space_before=1.0, keep_with_next=True, ref=refs.act(acts[current])))
        out.append(Para((Span(printable(part.title)),), kind="toc", full_width=True, indent=1.5 if acts else 0.0,
                        toc=f"scene-{part.id}", space_before=0.3, ref=refs.scene(part, "title")))
    return out


def _minutes(interval: Interval, labels: Labels) -> str:
    return labels.count("minutes", interval.minutes)


def _interval_title(interval: Interval, labels: Labels) -> str:
    return f"{interval.title} ({_minutes(interval, labels)})"


def _interval_key(index: int) -> str:
    return f"interval-{index}"


# -- the body ---------------------------------------------------------------------
def _body(play: Play, performer: Performer | None, marks: dict[int, int], numbers: bool, labels: Labels
          ) -> list[Block]:
    acts = {a.id: a for a in play.acts}
    def names(speech: Speech) -> str:
        return speaker_label(play, speech).upper()

    cast = {r.id: r for r in play.roles}
    out: list[Block] = []
    current: str | None = None
    level = 1 if acts else 0
    for n, part in enumerate(play.sequence):
        if isinstance(part, Interval):
            out += [_centred(part.title.upper(), "bold", 14, 2.0, kind="interval", keep_with_next=True,
                             anchor=Anchor(_interval_key(n), printable(_interval_title(part, labels))),
                             running=printable(part.title), ref=refs.interval(part)),
                    _centred(_minutes(part, labels), "italic", BODY, 0.2, kind="interval", ref=refs.interval(part)),
                    PageBreak()]
            continue
        if part.act and part.act != current and part.act in acts:
            current = part.act
            act = acts[current]
            out += [PageBreak(), Space(3),
                    _centred(act.title, "bold", 20, 0, kind="act", anchor=Anchor(f"act-{act.id}", printable(act.title)),
                             running=printable(act.title), keep_with_next=True, ref=refs.act(act))]
        running = f"{acts[current].title} · {part.title}" if current and current in acts else part.title
        roles = play.roles_in(performer.id, part.id) if performer else frozenset()  # highlighted where theirs
        out += _scene(part, level, printable(running), Speakers(cast, names), roles, marks, numbers, labels)
    out.append(_centred(labels("end_of_play"), "bold", 12, 3.0, kind="end", ref=refs.labels(play)))
    return out


@dataclass(frozen=True)
class Speakers:
    """How a speech's speakers are printed: the roles (for locating a name's characters) and the
    one rule (:func:`stagecast.labels.speaker_label`), set in capitals."""

    cast: dict[str, Role]
    printed: Callable[[Speech], str]


def _scene(scene: Scene, level: int, running: str, cast: Speakers, roles: frozenset[str],
           marks: dict[int, int], numbers: bool, labels: Labels) -> list[Block]:
    out: list[Block] = [_heading(scene.title, f"scene-{scene.id}", level, 14, running, space_before=1.8,
                                 ref=refs.scene(scene, "title"))]
    if scene.setting:
        out.append(Para((Span(printable(_prose(scene.setting)), "italic"),), kind="setting", full_width=True,
                        keep_with_next=True, space_before=0.3, ref=refs.scene(scene, "setting")))
    opening = True  # cues and directions before the first speech stay with the heading
    previous: Speech | None = None  # the scene's last speech, and whether anything came after it
    between = False
    for item in scene.items:
        start = len(out)
        if isinstance(item, Speech):
            heading = _heading_of(item, previous, between)
            out.append(_speech(item, cast, roles, marks.get(item.number, 0), numbers, labels, heading))
            opening, previous, between = False, item, False
        elif isinstance(item, Direction):
            out.append(Para((Span(printable(item.text), "italic"),), kind="direction",
                            ref=refs.item(item),
                            keep_with_next=opening))
        elif isinstance(item, Cue):
            out.append(replace(_cue(item, labels), keep_with_next=opening))
        elif isinstance(item, Pause):
            pause = labels("pause", seconds=labels.decimal(item.seconds)) + "."
            out.append(Para((Span(printable(pause), "italic"),), kind="pause",
                            ref=refs.item(item), keep_with_next=opening))
        between = between or not isinstance(item, Speech)
        if is_cut(item):  # only a director's copy (--show-cuts) has any
            out[start:] = [replace(p, struck=True) for p in out[start:] if isinstance(p, Para)]
    return out


Heading = Literal["name", "none", "continued"]
"""How a speech is headed: its speaker's name; none, printed straight under the same speaker's
previous speech; "NAME (CONT’D)", the same speaker again after a stage direction, cue or pause."""


def _heading_of(speech: Speech, previous: Speech | None, between: bool) -> Heading:
    """The play says two speeches are one speaker's going on by putting them one after the other
    in a scene, with at most directions, cues and pauses between (a monologue in several
    speeches): the second is printed under the first one's name, as a published script does."""
    if previous is None or previous.speakers != speech.speakers or previous.label != speech.label \
            or is_cut(previous) != is_cut(speech):
        return "name"
    return "continued" if between else "none"


def _speech(speech: Speech, cast: Speakers, roles: frozenset[str], marked: int, numbers: bool,
            labels: Labels, heading: Heading = "name") -> Para:
    speakers = [cast.cast[r] for r in speech.speakers if r in cast.cast]
    name = printable(cast.printed(speech))
    # A name is the role's (play.yaml), a label the speech's own.
    aside = sourced(name, "bold", [] if speech.label else [(printable(r.name.upper()), refs.role(r)) for r in speakers])
    continued = aside + (Span(" " + printable(labels("continued")), "bold"),)
    return Para(tuple(speech_spans(speech, marked)), kind="speech", aside_size=BODY * 0.9,
                aside={"name": aside, "none": (), "continued": continued}[heading],
                top_aside=aside if heading == "none" else (), continued=continued,
                more=(Span(printable(labels("more"))),),
                margin=str(speech.number) if numbers and speech.number else None,
                ref=refs.item(speech), highlight=bool(roles & set(speech.speakers)))


def speech_spans(speech: Speech, marked: int = 0) -> list[Span]:
    """A speech as styled spans: delivery and parentheticals italic, accents shown, the last
    ``marked`` spoken words (the words a cue-sheet cue shows) marked for underlining."""
    spans: list[Span] = []
    if speech.delivery:
        spans.append(Span(printable(f"({speech.delivery})"), "italic"))
    texts = [printable(with_accents(p)) if isinstance(p, Text) else None for p in speech.parts]
    remaining = sum(len(t.split()) for t in texts if t is not None)
    first_marked = remaining - marked if marked else remaining + 1
    seen = 0
    for part, text in zip(speech.parts, texts, strict=True):
        if text is None:
            pieces = [Span(printable(f"({part.text})"), "italic")]
        else:
            pieces, seen = _marked(text, seen, first_marked)
        if spans and pieces and not _CLOSING.match(pieces[0].text) and not spans[-1].text[-1:].isspace():
            spans.append(Span(" ", spans[-1].style))
        spans += pieces
    return spans


def _marked(text: str, seen: int, first_marked: int) -> tuple[list[Span], int]:
    """Split spoken ``text`` where the marked (cue) words begin; ``seen`` counts earlier words."""
    tokens = list(_TOKEN.finditer(text))
    if seen + len(tokens) <= first_marked:
        return [Span(text)], seen + len(tokens)
    cut = tokens[max(0, first_marked - seen)].start()
    pieces = [Span(text[:cut])] if cut else []
    pieces.append(Span(text[cut:], mark=True))
    return pieces, seen + len(tokens)


def _cue(cue: Cue, labels: Labels) -> Para:
    tag = labels(CUE_TAGS.get(cue.kind, "cue_tag")) + (f" {cue.number}" if cue.number else "")
    return Para((Span(printable(cue.label), "italic"),), kind="cue", aside=(Span(printable(tag), "bold"),),
                aside_size=BODY * 0.68, aside_box=True, size=BODY * 0.92, ref=refs.item(cue))


def _cue_marks(play: Play, performer: Performer, words: int) -> dict[int, int]:
    """Speech number → how many of its last words are a cue for ``performer``."""
    marks: dict[int, int] = {}
    for speech in lines_of(play, performer.id):
        previous = cue_for(play, speech, performer.id, words).previous
        if previous is not None and not previous.own:
            count = len(previous.words.lstrip("…").split())
            marks[previous.speech.number] = max(marks.get(previous.speech.number, 0), count)
    return marks
