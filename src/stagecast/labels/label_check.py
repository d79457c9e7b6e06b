"""Checking a play's own ``labels:`` before anything is printed with them: each key must be a
label (or one of its forms) and each text may fill in only the values that label is given, so
a mistyped ``{pagse}`` is a located error from ``check`` rather than a crash in the PDF writer.

What each label is given (:data:`FIELDS`) is read from its English wording, so adding a label
to the English table is all it takes for plays to be allowed to reword it.
"""

from __future__ import annotations

import difflib
import string

from .english import EN
from .plurals import FORMS, PLURAL_FORMS, base

FIELDS: dict[str, frozenset[str]] = {
    key.split(".")[0]: frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f)
    for key, text in EN.items()
}
FIELDS["played_by"] = FIELDS["enter"] = FIELDS["exit"] = frozenset({"names", "who"})
"""The values each label is given (``page_of``: page, pages); a reworded label may use any of them."""

COUNTED = frozenset({"minutes", "cues_note"})
"""Labels about a number ``{n}``: forms ``.one``, ``.few``, ``.many``, ``.other`` (the language's plural forms)."""
NAMED = frozenset({"played_by", "enter", "exit"})
"""Labels about a list of names: forms ``.one`` (one name) and ``.other`` (several)."""


def unused_form(key: str, lang: str) -> str | None:
    """A warning for a counted label's form that ``lang`` never uses (``minutes.few`` in German)."""
    name, _, form = key.partition(".")
    used = PLURAL_FORMS.get(base(lang), ("one", "other"))
    if name in COUNTED and form and form not in used:
        return (f"label '{key}' is never used: {base(lang)} numbers take the forms "
                f"{', '.join('.' + f for f in used)}")
    return None


def label_problem(key: str, text: str) -> tuple[str, str] | None:
    """What is wrong with a play's own ``labels:`` entry, as (kind, message), or None. The kind
    says where the reader puts it: ``"unknown"`` (a label there is no such: at the key, with a
    close one), ``"form"`` (at the key), ``"text"`` (at the text)."""
    name, _, form = key.partition(".")
    forms = FORMS if name in COUNTED else ("one", "other") if name in NAMED else ()
    if name not in FIELDS:
        return "unknown", f"unknown label '{key}'"
    if form and form not in forms:
        which = f"its forms are {', '.join('.' + f for f in forms)}" if forms else "it has no forms"
        return "form", f"label '{name}' has no form '.{form}' ({which})"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "text", f"label '{key}' has a {{ or }} that opens or closes nothing; write {{{{ or }}}} for a brace itself"
    for _, field, spec, conversion in parsed:
        if field is not None and field not in FIELDS[name]:
            if not FIELDS[name]:
                return "text", f"label '{key}' uses {{{field}}}, but it takes no values in braces"
            known = ", ".join(f"{{{f}}}" for f in sorted(FIELDS[name]))
            close = difflib.get_close_matches(field, sorted(FIELDS[name]), n=1)
            meant = f"did you mean {{{close[0]}}}? " if close else ""
            return "text", f"label '{key}' uses {{{field}}}, which it is not given ({meant}it is given: {known})"
        if spec or conversion:
            return "text", f"label '{key}' writes {{{field}{'!' + conversion if conversion else ''}" \
                           f"{':' + spec if spec else ''}}}; write just {{{field}}}"
    return None
