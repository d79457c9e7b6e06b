"""The conventions of play scripts, English and Russian, as patterns: speaker names, headings,
cast lists, intervals, and the typography a script PDF adds ((MORE), (CONT'D), page numbers).
:mod:`.recogniser` decides with them; nothing here looks at more than one line."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UP = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ"
_LOW = "a-zß-öø-ÿа-яёіїєґәғқңөұүһ"
_CAPS_NAME = rf"(?:\d+-)?[{_UP}][{_UP}0-9'’\-]*(?:[ .][{_UP}0-9][{_UP}0-9'’\-]*){{0,4}}"
_TITLE_WORD = rf"[{_UP}][{_LOW}'’\-]*"
_TITLE_NAME = rf"{_TITLE_WORD}(?: (?:{_TITLE_WORD}|[{_LOW}]{{1,3}})){{0,3}}"
_JOIN = r"(?: & | and | AND | и | И )"
_NAME = rf"(?P<name>{_CAPS_NAME}(?:{_JOIN}{_CAPS_NAME})?|{_TITLE_NAME}(?:{_JOIN}{_TITLE_NAME})?)"
GROUP_JOIN = re.compile(_JOIN)
"""``MARCELLUS & BERNARDO``, ``Маша и Медведенко``: one speech by both."""
_DELIVERY = r"(?:\s*\((?P<delivery>[^()]{1,80})\))?"
INLINE = re.compile(rf"^{_NAME}{_DELIVERY}\s*(?P<sep>[:.])\s+(?P<text>\S.*)$")
"""``TATYANA: text``, ``TATYANA. text``, ``Татьяна. Текст``, ``ТАТЬЯНА (тихо). Текст``."""
ALONE = re.compile(rf"^{_NAME}{_DELIVERY}\s*[:.]?$")
"""A speaker on a line of its own (the speech is below)."""
CAPS = re.compile(rf"^{_CAPS_NAME}$")

_ROMAN = r"[IVXLC]+"
_ORDINALS = (
    "one two three four five six seven eight nine ten eleven twelve first second third fourth fifth sixth "
    "seventh eighth ninth tenth "
    "перв второ трет четв пят шест седьм восьм девят десят одиннадцат двенадцат"
).split()
_ORDINAL = r"(?:\d+|" + _ROMAN + "|" + "|".join(rf"{w}\w*" for w in _ORDINALS) + ")"
_ACT_WORDS = r"act|акт|действие|part|часть"
_SCENE_WORDS = r"scene|сцена|явление|картина"
_ALONE_WORDS = r"prologue|epilogue|пролог|эпилог"
HEADING = re.compile(
    rf"^(?:(?P<word>{_ACT_WORDS}|{_SCENE_WORDS})(?:\s+{_ORDINAL})?|{_ORDINAL}\s+(?P<after>{_ACT_WORDS}|{_SCENE_WORDS})"
    rf"|(?P<single>{_ALONE_WORDS}))\.?(?:\s*[.:—–-]\s*(?P<title>.+))?$", re.IGNORECASE)
SCREENPLAY_HEADING = re.compile(r"^(?:INT|EXT|EST|INT\.?/EXT|I/E|ИНТ|НАТ)[.\s]")
TRANSITION = re.compile(rf"^(?:[{_UP} ]+ (?:TO|IN|OUT)|FADE (?:IN|OUT)|THE END)[:.]?$")
"""``CUT TO:``, ``FADE IN:``: a screenplay's transitions are directions, not speakers."""
CAST = re.compile(r"^(?:characters|the characters|cast|cast of characters|dramatis personae|persons of the play"
                  r"|the persons of the play|действующие лица|персонажи)\s*[:.]?$", re.IGNORECASE)
CONTENTS = re.compile(r"^(?:contents|table of contents|содержание|оглавление)$", re.IGNORECASE)
TOC_LINE = re.compile(r"(?:\s?\.){4,}\s*\d+$")
INTERVAL = re.compile(r"^(?:interval|intermission|антракт)\.?$", re.IGNORECASE)
MINUTES = re.compile(r"^(\d+)\s*(?:minutes?|mins?\.?|минут[аы]?|мин\.?)$", re.IGNORECASE)
SKIPPED = re.compile(
    r"^(?:\((?:MORE|ДАЛЬШЕ|ДАЛІ|ӘРІ ҚАРАЙ)\)|END OF PLAY\.?|THE END\.?|КОНЕЦ\.?|КІНЕЦЬ\.?|СОҢЫ\.?|"
    r"(?:page|стр\.?)\s*\d+(?:\s*(?:of|из)\s*\d+)?|-?\s*\d+\s*-?|\d+\.)$", re.IGNORECASE)
"""Lines a script's typography adds and the play does not have: (MORE), END OF PLAY, page numbers."""
CONTINUED = re.compile(r"\s*\((?:CONT['’]D|CONTINUED|CONT\.|продолжение|ПРОДОЛЖ\.?|ПРОД\.|продовження|жалғасы)\)\s*$",
                       re.IGNORECASE)
"""A speaker's name carried over a page break: ``NAME (CONT’D)``, stagecast's own ``(ПРОД.)``…"""
MORE = re.compile(r"^\((?:MORE|ДАЛЬШЕ|ДАЛІ|ӘРІ ҚАРАЙ)\)$", re.IGNORECASE)
"""The line at a page's foot saying the speech goes on overleaf."""
GROUP = {"all", "both", "everyone", "everybody", "together", "все", "оба", "обе", "вместе", "хором"}
"""Labels that name everyone on stage, not a role of its own."""
CUE_TAGS = {"sound": "sound", "lights": "light", "light": "light", "cue": "other", "звук": "sound",
            "свет": "light", "сигнал": "other"}
_CUE = re.compile(r"^(?P<tag>\w+)(?:\s+(?P<number>\S+))?$")
_CAST_SPLIT = re.compile(r"^(?P<name>[^,:]{1,60}?)\s*(?:,|\s[—–-]\s|:|\.\s)\s*(?P<description>.+)$")
_PLAYED_BY = re.compile(r"\s*\b(?:played by|играет|играют) [^.]*$")
_BRACKETED = re.compile(r"^(?:\(.*\)|\[.*\])[.]?$", re.DOTALL)


@dataclass(frozen=True)
class Heading:
    level: str  # "act" or "scene"
    title: str


def heading(text: str) -> Heading | None:
    """An act or scene heading by its words (``ACT II``, ``Действие первое``, ``Явление 3. В саду``)."""
    match = HEADING.match(text.strip()) if len(text) <= 80 else None  # a heading is short; a speech may not be
    if match is None:
        return Heading("scene", text.strip()) if SCREENPLAY_HEADING.match(text.strip()) else None
    word = (match.group("word") or match.group("after") or "").lower()
    level = "act" if re.fullmatch(_ACT_WORDS, word) else "scene"
    return Heading(level, text.strip())


def name_key(name: str) -> str:
    """Names that differ only in case, spacing or a final dot are one speaker."""
    return " ".join(name.replace("’", "'").casefold().rstrip(".:").split())


def display_name(name: str) -> str:
    """A name as a role's name: one in capitals (``THE DIRECTOR'S WIFE``) in title case."""
    name = " ".join(name.split()).rstrip(".:")
    if CAPS.match(name) and any(ch.isalpha() for ch in name):
        return " ".join(word[:1] + word[1:].lower() for word in name.split(" "))
    return name


def is_caps(name: str) -> bool:
    """A name in capitals (``TATYANA``, ``MARCELLUS & BERNARDO``), not a word of one letter."""
    return all(CAPS.match(part) and (sum(ch.isalpha() for ch in part) >= 2 or part[:1].isdigit())
               for part in GROUP_JOIN.split(name))


def bracketed(text: str) -> bool:
    """A line wholly in brackets, which scripts use for stage directions: the first bracket closes
    at the end (``(Треплеву) Так вы…`` is a speech with a parenthetical)."""
    text = text.strip().removesuffix(".")
    if not _BRACKETED.match(text):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "([" and 1 or (ch in ")]" and -1 or 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def unbracketed(text: str) -> str:
    text = text.strip()
    return text[1:-1].strip() if bracketed(text) and text.endswith((")", "]")) else text


def cue_tag(name: str) -> tuple[str, str | None] | None:
    """``LIGHTS L1`` (a cue as our script PDF prints it) → ("light", "L1")."""
    match = _CUE.match(name.strip())
    if match is None or match.group("tag").lower() not in CUE_TAGS:
        return None
    return CUE_TAGS[match.group("tag").lower()], match.group("number")


def cast_entry(text: str, speaker: str | None) -> tuple[str, str | None]:
    """A cast-list line → (name, description): ``TATYANA, a woman from Siberia``,
    ``Маша — дочь его``, or a name set apart (``speaker``) with its description beside it."""
    if speaker is not None:
        name, description = speaker, text
    elif (match := _CAST_SPLIT.match(text.strip())) is not None:
        name, description = match.group("name"), match.group("description")
    else:
        name, description = text, ""
    description = _PLAYED_BY.sub("", description).strip()
    return name.strip(), description or None


def guess_language(texts: list[str]) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    cyrillic = latin = 0
    for text in texts:
        cyrillic += len(re.findall(r"[\u0400-\u04ff]", text))
        latin += len(re.findall(r"[A-Za-z]", text))
    return "ru" if cyrillic > latin else "en"
