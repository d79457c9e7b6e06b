"""``pdf --sources``: the confidential annotated copy of a verbatim play (docs/verbatim.md).

Under each speech, in small italics across the text column: the interviews it is taken from
(id, the interviewee's real name, the time in the recording, consent when not given), and
whether it is verbatim, edited or invented. After the title page, a page lists every interview.
The script's blocks are made as for the public copy and annotated here, so the public copy
never holds any of this (the leak test in tests/test_sources.py searches every output).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Interview, Play, Source, Speech
from ..rules import clock
from .blocks import Block, PageBreak, Para, Ref, Span
from .document import heading, note, paragraph, printable

HEADER = "CONFIDENTIAL · sources"
"""The running header's right-hand text of the annotated copy."""
NOTE_SIZE = 8.5


def with_source_notes(blocks: list[Block], play: Play) -> list[Block]:
    """Script blocks with a source note under every speech and an interviews page after the title page."""
    speeches = {s.number: s for s in play.speeches()}
    interviews = {i.id: i for i in play.interviews}
    out: list[Block] = []
    for block in blocks:
        speech = speeches.get(block.ref.speech) if isinstance(block, Para) and block.kind == "speech" \
            and block.ref is not None and block.ref.speech is not None else None
        if speech is None:
            out.append(block)
            continue
        assert isinstance(block, Para)
        out += [replace(block, keep_with_next=True), _note(speech, interviews)]
    title_end = next((i for i, b in enumerate(out) if isinstance(b, PageBreak)), 0) + 1
    return [*out[:title_end], *interviews_blocks(play), PageBreak(), *out[title_end:]]


def _note(speech: Speech, interviews: dict[str, Interview]) -> Para:
    if not speech.sources:
        text = "Invented: no source."
    else:
        cited = "; ".join(_cited(s, interviews.get(s.interview)) for s in speech.sources)
        text = f"{'Edited' if speech.edited else 'Verbatim'}, from {cited}."
    first = interviews.get(speech.sources[0].interview) if speech.sources else None
    ref = Ref(loc=first.loc, what=f"interview '{first.id}'") if first else Ref(speech=speech.number, loc=speech.loc)
    return Para((Span(printable(text), "italic"),), kind="source", size=NOTE_SIZE, space_before=0.1, ref=ref)


def _cited(source: Source, interview: Interview | None) -> str:
    text = source.interview
    if interview is not None and interview.name:
        text += f" ({interview.name})"
    if source.at is not None:
        text += f" at {clock(source.at)}"
    if interview is not None and interview.consent != "yes":
        text += f", consent {interview.consent}"
    return text


def interviews_blocks(play: Play) -> list[Block]:
    """The interviews page: each interview's facts, consent and notes."""
    out: list[Block] = [heading("Sources (confidential)", level=1)]
    if not play.interviews:
        return [*out, note("The play lists no interviews.")]
    for interview in play.interviews:
        ref = Ref(loc=interview.loc, what=f"interview '{interview.id}'")
        facts = [interview.name or "no name given"]
        facts += [f"on stage {interview.stage_name}"] if interview.stage_name else []
        facts += [x for x in (interview.date, interview.place) if x]
        facts += [f"by {interview.by}"] if interview.by else []
        facts += [clock(interview.length)] if interview.length is not None else []
        lines = [s.number for s in play.speeches() if any(c.interview == interview.id for c in s.sources)]
        out.append(paragraph(f"{interview.id}: {', '.join(facts)}. Consent: {interview.consent}. Lines: "
                             f"{', '.join(map(str, lines)) or 'none'}.", ref=ref))
        if interview.notes:
            out.append(note(" ".join(interview.notes.split()), ref=ref))
    return out
