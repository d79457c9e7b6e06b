"""The calls as a PDF, through the document API the script and cue sheets share."""

from __future__ import annotations

from collections.abc import Sequence

from ..labels import printed_play
from ..model import Play
from ..pdf.document import DocumentOptions, heading, note, paragraph, render_document
from ..pdf_settings import pdf_settings
from .availability import Availability
from .planner import Plan
from .schedule_text import call_rows, summary_lines


def render_pdf(play: Play, plan: Plan, availability: Availability, paper: str | None = None,
               fonts: Sequence[str] = ()) -> bytes:
    """One heading per day; each call its time, scenes and who is called."""
    play = printed_play(play)  # scene titles and names as printed elsewhere: the language's quotation marks
    blocks = [heading(f"{play.meta.title} — rehearsal calls", level=0)]
    blocks += [note(line) for line in summary_lines(play, plan, availability)]
    day = None
    for date, clock, scenes, called in call_rows(play, plan):
        if date != day:
            day = date
            blocks.append(heading(date, level=1))
        blocks.append(paragraph(f"{scenes}. Called: {called}", speaker=clock))
    settings = pdf_settings(play, fonts, paper)
    return render_document(blocks, DocumentOptions(title=play.meta.title, paper=settings.paper or "a4",
                                                   fonts=settings.fonts, header_right="rehearsal calls",
                                                   lang=play.meta.lang))
