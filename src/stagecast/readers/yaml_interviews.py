"""Verbatim sources: play.yaml's ``interviews:`` and a speech's ``source:`` and ``edited:``.

An interview's real name, place and notes are confidential (docs/verbatim.md): they are read
into the model for ``stagecast sources`` and ``pdf --sources`` only. Whether a speech's
citations name a known interview, and fall inside its length, is checked once the whole play
is read (:func:`check_sources`), so a scene file read from the cache is checked too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import CONSENTS, Interview, Scene, Source, Speech
from ..rules import clock, clock_seconds
from .suggest import did_you_mean
from .yaml_nodes import Walker, is_null

INTERVIEW_KEYS = ("name", "date", "place", "by", "consent", "stage_name", "length", "notes")
INTERVIEW_ID = re.compile(r"^[^\s,@]+$")
"""An interview id: no white space, comma or @ (``source: anna@12:30`` splits at the @)."""
_SEPARATORS = re.compile(r"[\s,@]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")
_TIME_FIX = "write minutes and seconds (MM:SS) or H:MM:SS"


def read_interviews(w: Walker, node: Node) -> list[Interview]:
    """``interviews: {ID: {name, date, place, by, consent, stage_name, length, notes}}``; an
    interview given as text alone (``anna: Anna K.``) is its interviewee's name."""
    fields = w.mapping(node, "interviews")
    out = []
    for interview_id, (key_node, value) in (fields or {}).items():
        if not INTERVIEW_ID.match(interview_id):
            better = _SEPARATORS.sub("-", interview_id.strip()) or "int-01"
            w.error(key_node, f"interview id '{interview_id}' may not hold spaces, commas or @; write e.g. '{better}'")
            continue
        interview = _interview(w, interview_id, key_node, value)
        if interview is not None:
            out.append(interview)
    return out


def _interview(w: Walker, interview_id: str, key_node: Node, value: Node) -> Interview | None:
    what = f"interview '{interview_id}'"
    if isinstance(value, ScalarNode) and not is_null(value):
        name = w.string(value, f"name of {what}")
        return Interview(interview_id, name, loc=w.loc(key_node)) if name else None
    fields = w.mapping(value, what)
    if fields is None:
        return None
    w.check_keys(fields, INTERVIEW_KEYS, what)
    text = {k: w.string(fields[k][1], f"{k} of {what}") for k in ("name", "place", "by", "stage_name", "notes")
            if k in fields}
    date = _date(w, fields["date"][1], what) if "date" in fields else None
    consent = _consent(w, fields["consent"][1], what) if "consent" in fields else "pending"
    length = time_of(w, fields["length"][1], f"length of {what}") if "length" in fields else None
    return Interview(interview_id, text.get("name"), date=date, place=text.get("place"), by=text.get("by"),
                     consent=consent or "pending", stage_name=text.get("stage_name"), notes=text.get("notes"),
                     length=length, loc=w.loc(key_node))


def _raw(node: Node) -> str | None:
    """A scalar's text as written, whatever YAML would read it as (a date, a number, yes/no)."""
    return str(node.value).strip() if isinstance(node, ScalarNode) and not is_null(node) else None


def _date(w: Walker, node: Node, what: str) -> str | None:
    value = _raw(node)
    try:
        if value is not None and _DATE.match(value):
            return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    shown = f"'{value}'" if value is not None else "empty"
    w.error(node, f"date of {what} is {shown}, not a date; write it as YYYY-MM-DD, e.g. date: 2024-03-15")
    return None


def _consent(w: Walker, node: Node, what: str) -> str | None:
    value = (_raw(node) or "").casefold()
    value = {"true": "yes", "on": "yes", "false": "no", "off": "no"}.get(value, value)
    if value in CONSENTS:
        return value
    hint = did_you_mean(value, CONSENTS) or f" (choices: {', '.join(CONSENTS)})"
    w.error(node, f"unknown consent '{_raw(node) or ''}' for {what}{hint}")
    return None


def time_of(w: Walker, node: Node, what: str) -> int | None:
    """``45:00`` or ``1:02:30`` as seconds (YAML 1.1 reads such a value as a number: its text is used)."""
    value = _raw(node)
    seconds = clock_seconds(value) if value is not None else None
    if seconds is None:
        w.error(node, f"{what} is '{value or ''}', not a time; {_TIME_FIX}, e.g. 45:00")
    return seconds


def read_sources(w: Walker, node: Node) -> tuple[Source, ...]:
    """A speech's ``source:``: ``ID``, ``ID@MM:SS``, or a list of them (a speech made of several)."""
    children = node.value if isinstance(node, SequenceNode) else [node]
    if isinstance(node, MappingNode) or (isinstance(node, SequenceNode) and not children):
        w.error(node, "source names an interview: write source: ID, source: ID@MM:SS, or a list of them")
        return ()
    out = []
    for child in children:
        written = w.name(child, "source")
        if written is None:
            continue
        interview, _, at = written.partition("@")
        if not interview.strip():
            w.error(child, f"source '{written}' names no interview; write the interview's id before the @, "
                           "e.g. source: anna@12:30")
            continue
        seconds = clock_seconds(at) if at else None
        if at and seconds is None:
            where = w.loc_in(child, written.index("@") + 1) if isinstance(child, ScalarNode) else w.loc(child)
            w.error(where, f"timestamp '{at}' in source '{written}' is not a time; {_TIME_FIX}, "
                           f"e.g. {interview.strip()}@12:30")
            continue
        out.append(Source(interview.strip(), seconds, loc=w.loc(child)))
    return tuple(out)


def read_edited(w: Walker, node: Node) -> bool:
    """A speech's ``edited: true``: its words were changed from its sources'."""
    value = (_raw(node) or "").casefold()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    w.error(node, f"edited is '{_raw(node) or ''}'; write edited: true for a line changed from its source's words "
                  "(leave it out for a word-for-word line)")
    return False


def check_sources(w: Walker, scenes: Iterable[Scene], interviews: list[Interview]) -> None:
    """Every citation names an interview of the play and a time inside it; a line taken from an
    interview whose consent is refused or withdrawn, and not cut (``cut:``), is a warning (once
    per interview)."""
    known = {i.id: i for i in interviews}
    refused: dict[str, list[Speech]] = {}
    for speech in (i for s in scenes for i in s.items if isinstance(i, Speech)):
        for source in speech.sources:
            where = source.loc or speech.loc
            interview = known.get(source.interview)
            if where is None:
                continue
            if interview is None:
                w.error(where, f"unknown interview '{source.interview}'{_interview_hint(source.interview, known)}")
            elif source.at is not None and interview.length is not None and source.at > interview.length:
                w.error(where, f"timestamp {clock(source.at)} is past the end of interview '{interview.id}', which is "
                               f"{clock(interview.length)} long (its length: in play.yaml); check the time, or the length")
            elif interview.consent in ("no", "withdrawn") and speech.cut is None:  # a cut line is not staged
                refused.setdefault(interview.id, []).append(speech)
    for interview_id, speeches in refused.items():
        first = next(s for s in speeches[0].sources if s.interview == interview_id)
        count = f" ({len(speeches)} lines in all)" if len(speeches) > 1 else ""
        w.warning(first.loc or speeches[0].loc, f"this line is taken from interview '{interview_id}', whose consent "
                  f"is {known[interview_id].consent}{count}; cut or rewrite its lines before the play is shown")


def _interview_hint(word: str, known: dict[str, Interview]) -> str:
    if not known:
        return " (play.yaml lists no interviews: add it under interviews:, docs/verbatim.md)"
    return did_you_mean(word, known) or f" (interviews: {', '.join(sorted(known))})"
