"""The words stagecast itself puts into documents ("Characters", "page 3 of 12", "Cue:",
"Enter Tatyana."), in the play's language.

English, Russian, Ukrainian and Kazakh are built in (the play's ``language:`` picks one, by its
primary subtag); any other language gets English. A play may reword any label, or give a
whole language of its own, with ``labels:`` in play.yaml (docs/format.md), which is read
into :attr:`stagecast.model.Play.labels` and laid over the built-in ones here.

A label is a ``str.format`` template; its ``{names}`` are the values the writer fills in
(:data:`FIELDS`). Counted labels (``minutes``) have one form per plural category of the
language: ``one``/``other`` in English, ``one``/``few``/``many`` in Russian and Ukrainian.

One module per language's table (:mod:`.english`, :mod:`.russian`, :mod:`.ukrainian`,
:mod:`.kazakh`), the plural rules in :mod:`.plurals`, each language's quotation marks in
:mod:`.quotes` (and the play as printed with them in :mod:`.printed`), the labels as writers use them in
:mod:`.wording`, and the checks of a play's own ``labels:`` in :mod:`.label_check`. Import
from here: which module holds a name is this package's own business.
"""

from .english import EN
from .kazakh import KK
from .label_check import COUNTED, FIELDS, NAMED, label_problem, unused_form
from .plurals import FORMS, PLURAL_FORMS, base, plural_category
from .printed import as_typed, printed_play
from .quotes import MARKS, straight, typographic, typographic_runs
from .russian import RU
from .ukrainian import UK
from .wording import BUILT_IN, OPENINGS, Labels, labels_for, play_labels, speaker_label

__all__ = [
    "BUILT_IN", "COUNTED", "EN", "FIELDS", "FORMS", "KK", "MARKS", "NAMED", "OPENINGS", "PLURAL_FORMS", "RU", "UK",
    "Labels", "as_typed", "base", "label_problem", "labels_for", "play_labels", "plural_category", "printed_play",
    "speaker_label", "straight", "typographic", "typographic_runs", "unused_form",
]
