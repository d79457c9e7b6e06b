"""Cue sheets and the cue list: what each performer says and comes in on, and what the operators GO on.

:mod:`.sheet` builds a performer's sheet as data from the one cue rule (:mod:`stagecast.cueing`);
:mod:`.sheet_text` prints it as text, Markdown or HTML, :mod:`.sheet_pdf` as PDF (and the cue
list too), :mod:`.sheet_files` writes one performer's or everyone's; :mod:`.cue_list` is the
operators' list of sound and light cues with their GO points (``stagecast cues``, ``stagecast cuelist``).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "cue_sheet": "sheet",
    "CueSheet": "sheet",
    "RENDERERS": "sheet_text",
    "render_pdf": "sheet_pdf",
    "render_cuelist_pdf": "sheet_pdf",
    "FORMATS": "sheet_files",
    "render_sheet": "sheet_files",
    "write_all_sheets": "sheet_files",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
