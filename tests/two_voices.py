"""The small two-voice play that the build, playback and rehearsal-page tests write: Ann at a
door, Bob answering, one scene. One template, so those tests differ only where they mean to —
the title and the lines (the page test wants a Cyrillic title, lines long enough to seek into
and one in Russian; the player tests a third line to come back to)."""

from __future__ import annotations

from collections.abc import Sequence

DOOR = (("ann", "Is anyone there?"), ("bob", "Only me."))
"""Two lines, the first on line 13 of the file, column 9 (tests that read sources rely on it)."""

Line = tuple[str, str] | tuple[str, str, str]
"""(role, text) or (role, text, language)."""


def two_voices(title: str = "Two voices", lines: Sequence[Line] = DOOR) -> str:
    """The play.yaml text: roles ann and bob, played by Actor A (id a) and Actor B (id b)."""
    body = []
    for role, text, *lang in lines:
        assert '"' not in text, "the text goes between double quotes"
        body.append(f'      - {role}: "{text}"\n' + "".join(f"        lang: {code}\n" for code in lang))
    return (f"title: {title}\n"
            "language: en\n"
            "roles:\n"
            "  ann: {name: Ann}\n"
            "  bob: {name: Bob}\n"
            "performers:\n"
            "  a: {name: Actor A, plays: ann}\n"
            "  b: {name: Actor B, plays: bob}\n"
            "scenes:\n"
            "  - id: door\n"
            "    title: The door\n"
            "    body:\n" + "".join(body))
