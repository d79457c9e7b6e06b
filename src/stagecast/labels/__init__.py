"""The words stagecast itself puts into documents, in the play's language: a package, so that
each language's table can have a module of its own (labels.py had grown past the size limit)."""

from .wording import (
    BUILT_IN,
    EN,
    FIELDS,
    OPENINGS,
    Labels,
    label_problem,
    labels_for,
    play_labels,
    plural_category,
    speaker_label,
    unused_form,
)

__all__ = ["BUILT_IN", "EN", "FIELDS", "OPENINGS", "Labels", "label_problem", "labels_for", "play_labels",
           "plural_category", "speaker_label", "unused_form"]
