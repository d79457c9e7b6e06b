"""The labels of one language as the writers use them: the built-in table of the play's language
laid over the English one, the play's own ``labels:`` laid over that, and the rules every output
shares for filling them in (a counted label's form, a list of names, how a number is written).

A play's labels are made once per language and wording (:func:`labels_for` remembers them),
since every page footer, cue and heading of every output asks for them.
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cueing import AFTER_INTERVAL, SCENE_OPENS
from .english import EN
from .kazakh import KK
from .plurals import base, plural_category
from .russian import RU
from .ukrainian import UK

if TYPE_CHECKING:
    from ..model import Play, Speech

BUILT_IN = {"en": EN, "ru": RU, "uk": UK, "kk": KK}
"""The languages with labels of their own, by primary subtag; any other gets English."""

OPENINGS = {SCENE_OPENS: "scene_opens", AFTER_INTERVAL: "after_interval"}
"""The label of each way a cue can open a scene (:mod:`stagecast.cueing`)."""

_DECIMAL_COMMA = frozenset({"ru", "uk", "kk"})
"""Languages that write 1,5 and group thousands with a (no-break) space: 1 234."""


class Labels:
    """The labels of one language, with a play's own wording laid over them."""

    def __init__(self, lang: str = "en", overrides: Iterable[tuple[str, str]] = ()):
        self.lang = lang
        self.overrides = tuple(overrides)
        self._text = _layered(_layered(EN, BUILT_IN.get(base(lang), {})), dict(self.overrides), by_form=True)

    def __call__(self, key: str, **values: object) -> str:
        return self._text[key].format(**values)

    def html(self, key: str, **markup: str) -> str:
        """The label as HTML: its own words escaped, each value put in as the markup given."""
        out = []
        for literal, field, _, _ in string.Formatter().parse(self._text[key]):
            out.append(html.escape(literal))
            if field is not None:
                out.append(markup[field])
        return "".join(out)

    def template(self, key: str) -> str:
        """The label unformatted, for a writer that fills it in later (the page footer)."""
        return self._text[key]

    def count(self, key: str, n: float, **values: object) -> str:
        """A counted label (``minutes``) in the plural form ``n`` takes."""
        return self._form(key, plural_category(self.lang, n)).format(n=self.decimal(n), **values)

    def decimal(self, n: float) -> str:
        """1.5 in English, 1,5 in Russian."""
        shown = f"{n:g}"
        return shown.replace(".", ",") if base(self.lang) in _DECIMAL_COMMA else shown

    def grouped(self, n: int) -> str:
        """1,234 in English, 1 234 in Russian (a no-break space, which every PDF font has)."""
        shown = f"{n:,}"
        return shown.replace(",", "\u00a0") if base(self.lang) in _DECIMAL_COMMA else shown

    def number(self, key: str, names: list[str], **values: object) -> str:
        """A label about ``names`` ("Enter Anna and Boris."), singular or plural by how many."""
        joined = self.join(names)
        return self._form(key, "one" if len(names) == 1 else "other").format(names=joined, who=joined, **values)

    def group(self, names: list[str]) -> str:
        """A group speech's speakers: "Anna & Boris", "Саша и Вера"."""
        return f" {self._text['group_and'].strip()} ".join(names)

    def join(self, names: list[str]) -> str:
        """"Anna", "Anna and Boris", "Anna, Boris and Olga" (in the language's word for "and")."""
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self._text['and']} {names[-1]}"

    def _form(self, key: str, form: str) -> str:
        for candidate in (f"{key}.{form}", key, f"{key}.other", f"{key}.many", f"{key}.one"):
            if candidate in self._text:
                return self._text[candidate]
        raise KeyError(key)


def _layered(below: Mapping[str, str], layer: Mapping[str, str], by_form: bool = False) -> dict[str, str]:
    """``layer`` over ``below``. A language's table words a label in all its forms, so it
    replaces every form below ("{n} минут" is never mixed with "{n} minutes"); a play's own
    ``labels:`` (``by_form``) replace every form with a plain key, one form with ``key.form``."""
    replaced = {key.split(".")[0] for key in layer if not by_form or "." not in key}
    out = {k: v for k, v in below.items() if k.split(".")[0] not in replaced}
    out.update(layer)
    return out


@lru_cache(maxsize=32)
def labels_for(lang: str, overrides: tuple[tuple[str, str], ...] = ()) -> Labels:
    return Labels(lang, overrides)


def play_labels(play: Play) -> Labels:
    """The labels for ``play``: its language, its own wording."""
    return labels_for(play.meta.lang, play.labels)


def speaker_label(play: Play, speech: Speech, roles: Iterable[str] | None = None) -> str:
    """The one rule for a speech's printed speaker, in every output: its ``label:`` ("ALL"), else
    its speakers' names joined by the language's group word ("Pavel & The Boy", "Саша и Вера").
    With ``roles`` (a performer's part in a labelled group line), those roles' names follow the
    label in brackets: "ALL (Pavel & The Boy)". Printed outputs set it in capitals."""
    labels = play_labels(play)
    if not speech.label:
        return labels.group([play.role(r).name for r in speech.speakers])
    named = [play.role(r).name for r in (speech.speakers if roles is None else roles)]
    return f"{speech.label} ({labels.group(named)})" if roles is not None and named else speech.label
