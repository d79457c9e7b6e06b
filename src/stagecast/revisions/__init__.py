"""What changed between two versions of a play (``stagecast diff``, ``--since``), by scene and per performer.

:mod:`.compare` pairs scenes and items (:mod:`.align`) and words (:mod:`.words`) into a
:class:`~.compare.Revision`; :mod:`.performer` says what it means for one performer (their lines
and their cues); :mod:`.diff_formats` prints it; :mod:`.marks` and :mod:`.marks_pdf` are the
revision marks drawn on cue sheets and PDFs. The old version of a play is read by
:mod:`stagecast.readers.old_version`.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "Revision": "compare",
    "part_news": "performer",
    "render": "diff_formats",
    "FORMATS": "diff_formats",
    "RevisionMarks": "marks",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
