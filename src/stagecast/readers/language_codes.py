"""Language tags as the play writes them (``ru``, ``kk``, ``en-GB``): checked and normalised.

Tags are compared case-blind, as BCP 47 says, and written back in its usual case (``en-GB``).
A two-letter language must be an ISO 639-1 code: a country code written for a language
(``kz`` for Kazakh, ``ua`` for Ukrainian) would otherwise pass ``check`` and only fail when
the audio is made. A three-letter code of a language that has a two-letter one (``rus``) is
read as that (``ru``), as BCP 47 asks; other three-letter codes (ISO 639-3, thousands of them)
are taken on trust.
"""

from __future__ import annotations

import re

ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())

COUNTRY_NOT_LANGUAGE = {
    "kz": "kk", "ua": "uk", "by": "be", "cz": "cs", "jp": "ja", "gr": "el", "dk": "da", "cn": "zh",
    "rs": "sr", "ge": "ka", "al": "sq", "ir": "fa", "il": "he", "kp": "ko", "tj": "tg", "us": "en", "gb": "en",
}
"""Country codes people write for the language of that country."""

TWO_LETTER = {
    "rus": "ru", "ukr": "uk", "kaz": "kk", "eng": "en", "bel": "be", "tat": "tt", "uzb": "uz", "kir": "ky",
    "tgk": "tg", "tuk": "tk", "aze": "az", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "tur": "tr",
    "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "por": "pt", "pol": "pl",
    "ces": "cs", "cze": "cs", "slk": "sk", "slo": "sk", "slv": "sl", "hrv": "hr", "srp": "sr", "bul": "bg",
    "ron": "ro", "rum": "ro", "hun": "hu", "ell": "el", "gre": "el", "lit": "lt", "lav": "lv", "est": "et",
    "fin": "fi", "swe": "sv", "nor": "no", "dan": "da", "nld": "nl", "dut": "nl", "heb": "he", "ara": "ar",
    "fas": "fa", "per": "fa", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "mon": "mn", "yid": "yi",
}
"""ISO 639-2 codes of languages that have an ISO 639-1 code, for the languages a troupe here meets."""

NAMES = {
    "english": "en", "russian": "ru", "kazakh": "kk", "ukrainian": "uk", "tatar": "tt", "german": "de",
    "french": "fr", "spanish": "es", "italian": "it", "polish": "pl", "japanese": "ja", "chinese": "zh",
    "belarusian": "be", "uzbek": "uz", "kyrgyz": "ky", "georgian": "ka", "armenian": "hy", "turkish": "tr",
    "русский": "ru", "казахский": "kk", "қазақша": "kk", "украинский": "uk", "английский": "en",
}

_TAG = re.compile(r"^([a-z]{2,3})((?:-[a-z0-9]{2,8})*)$")


def normalise(value: str) -> str | None:
    """``value`` as a well-formed tag in its usual case, or None if it is not one we accept."""
    match = _TAG.match(value.strip().lower())
    if match is None:
        return None
    primary, rest = match.groups()
    primary = TWO_LETTER.get(primary, primary)
    if len(primary) == 2 and primary not in ISO_639_1:
        return None
    subtags = [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s for s in rest.split("-")[1:]]
    return "-".join([primary, *subtags])


def suggestion(value: str) -> str | None:
    """The code that was probably meant by a tag :func:`normalise` refused."""
    word = value.strip().casefold()
    if word in NAMES:
        return NAMES[word]
    dashed = word.replace("_", "-")
    return normalise(dashed) or COUNTRY_NOT_LANGUAGE.get(dashed.split("-")[0])


def is_country(value: str) -> bool:
    """True for a country code that is no language's code (``kz``, ``ua``)."""
    return value.strip().lower() in COUNTRY_NOT_LANGUAGE


def span_lang(tag: str) -> str:
    """The language an inline span's tag (``[kk: …]``) names; ValueError saying why when none."""
    code = normalise(tag.replace("_", "-"))
    if code is not None:
        return code
    meant = suggestion(tag)
    kind = "the country code" if is_country(tag) else "the unknown language code"
    hint = f" (did you mean '{meant}'?)" if meant else ""
    raise ValueError(f"language span '[{tag}: …]' names {kind} '{tag}'{hint}; a span is written with a language "
                     "code like en, ru, kk or uk: [kk: Сәлем]")
