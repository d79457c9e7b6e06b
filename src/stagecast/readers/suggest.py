"""The "did you mean" of check's messages.

Beyond close spellings, it knows the slips newcomers make with ids: a role's printed name
written where its id goes, capitals, a Cyrillic letter that looks just like a Latin one (or
the other way round), and a performer named where a role is meant.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_AND = frozenset({"and", "и", "і", "та", "және", "мен"})
"""Words people put between two roles' ids, in the languages of our users."""
_LOOKALIKES = str.maketrans("аеорсухіјѕԁԛԝАВЕКМНОРСТУХІЈЅ", "aeopcyxijsdqwABEKMHOPCTYXIJS")
"""Cyrillic letters drawn like Latin ones, and the Latin letter each is taken for."""


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def role_hint(word: str, roles: Mapping[str, str], performers: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """What to say after "unknown role 'word'", or "" when no role is close.

    ``roles`` maps each role id to its printed name; ``performers`` maps performers' ids and
    names to the roles they play."""
    return special_role_hint(word, roles, performers) or did_you_mean(word, roles) or _by_name(word, roles)


def special_role_hint(word: str, roles: Mapping[str, str], performers: Mapping[str, tuple[str, ...]] | None = None
                      ) -> str:
    """The hints that are sure of what was meant: a look-alike letter or another case, a role's
    printed name, a performer's id or name."""
    folded = _skeleton(word)
    for role_id in roles:
        if _skeleton(role_id) == folded:
            return f" (did you mean '{role_id}'?{_mixed_scripts(word, role_id)})"
    for role_id, name in roles.items():
        if name and name.casefold() == word.casefold():
            return f" (did you mean '{role_id}'? '{word}' is that role's name; scenes and casting use its id)"
    parts = [w for w in re.split(r"\s+|&", word) if w and w.casefold() not in _AND]
    if len(parts) > 1 and all(p in roles for p in parts):
        return f" (to name several roles, separate them with commas: {', '.join(parts)})"
    played = (performers or {}).get(word)
    if played is not None:
        which = f"name the role they play: {', '.join(played)}" if played else "it plays no role yet"
        return f" ('{word}' is a performer, not a role; {which})"
    return ""


def _by_name(word: str, roles: Mapping[str, str]) -> str:
    ids = {name.casefold(): role_id for role_id, name in roles.items() if name}
    matches = difflib.get_close_matches(word.casefold(), list(ids), n=1, cutoff=0.6)
    return f" (did you mean '{ids[matches[0]]}', named {roles[ids[matches[0]]]}?)" if matches else ""


def _skeleton(word: str) -> str:
    return word.translate(_LOOKALIKES).casefold()


def _mixed_scripts(typed: str, meant: str) -> str:
    """" 'sashа' has a Cyrillic 'а' where 'sasha' has a Latin 'a'" for the first letter that
    looks the same but is another script's; "" when only the case differs."""
    for got, want in zip(typed, meant, strict=False):
        if got != want and got.casefold() != want.casefold():
            return (f" '{typed}' has a {_script(got)} '{got}' where '{meant}' has a {_script(want)} '{want}';"
                    " switch the keyboard layout and type it again")
    return ""


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split()[0].title()
