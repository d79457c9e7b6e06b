"""Which form of a counted label a number takes in a language ("1 минута", "3 минуты", "5 минут").

The categories are CLDR's, for whole numbers, written out for the languages stagecast has
labels in and a few near them, so that a play's own ``labels:`` in Belarusian or Polish count
right too; any other language counts like English (``one``, ``other``).
"""

from __future__ import annotations

PLURAL_FORMS = {"en": ("one", "other"), "ru": ("one", "few", "many"), "uk": ("one", "few", "many"),
                "be": ("one", "few", "many"), "pl": ("one", "few", "many"), "kk": ("other",)}
"""The plural categories a language's counted labels have (CLDR's, for whole numbers)."""

FORMS = ("one", "few", "many", "other")
"""Every form a counted label may be given, whatever the language."""


def base(lang: str) -> str:
    """The primary subtag that picks a language's labels and plural forms: ``de-AT`` → ``de``."""
    return lang.split("-")[0].lower()


def plural_category(lang: str, n: float) -> str:
    """CLDR's plural category of ``n`` in ``lang`` (whole numbers; a fraction is ``other``/``few``)."""
    forms = PLURAL_FORMS.get(base(lang), ("one", "other"))
    if forms == ("other",):
        return "other"
    if not float(n).is_integer():
        return "few" if "few" in forms else "other"
    whole = int(n)
    if forms == ("one", "other"):
        return "one" if whole == 1 else "other"
    if whole % 10 == 1 and whole % 100 != 11 and (whole == 1 or base(lang) != "pl"):
        return "one"  # 21 минута, but 21 minut in Polish
    return "few" if 2 <= whole % 10 <= 4 and not 12 <= whole % 100 <= 14 else "many"
