"""How each of a build's documents is made: the script PDF, the cue list, the stats, and each
performer's cue sheet, marked script and change notes (the rows of :data:`.targets.TARGETS`).

Each maker renders everything before it writes anything, through temporary files renamed
into place, so a failure leaves the group's old files as they were. The PDF libraries are
imported only when a PDF is made: a build that finds everything up to date never loads them.
"""

from __future__ import annotations

import json

from ..cuesheets.cue_list import cue_list, render_md
from ..cuesheets.sheet import cue_sheet
from ..cuesheets.sheet_text import render_md as sheet_md
from ..files import atomic
from ..reports.statistics import stats
from .inputs import BuildInputs


def script_pdf(inputs: BuildInputs, _: None) -> None:
    from ..pdf import ScriptPdfOptions, render_script_pdf

    options = ScriptPdfOptions(paper=inputs.pdf.paper, fonts=inputs.pdf.fonts, marks=inputs.marks(None))
    render_script_pdf(inputs.play, options, inputs.out / "script.pdf")


def cue_list_files(inputs: BuildInputs, _: None) -> None:
    from ..cuesheets.sheet_pdf import render_cuelist_pdf
    from ..pdf import ScriptPdfOptions, script_pages

    # The GO points name the pages of this build's script.pdf: the same options as script_pdf's.
    options = ScriptPdfOptions(paper=inputs.pdf.paper, fonts=inputs.pdf.fonts, marks=inputs.marks(None))
    rows = cue_list(inputs.play, pages=script_pages(inputs.play, options))
    pdf = render_cuelist_pdf(inputs.play, rows, inputs.pdf.paper, inputs.pdf.fonts)
    atomic.write_text(inputs.out / "cuelist.md", render_md(inputs.play, rows))
    atomic.write_bytes(inputs.out / "cuelist.pdf", pdf)


def stats_file(inputs: BuildInputs, _: None) -> None:
    text = json.dumps(stats(inputs.play, inputs.voices), ensure_ascii=False, indent=2) + "\n"
    atomic.write_text(inputs.out / "stats.json", text)


def change_notes(inputs: BuildInputs, performer_id: str) -> None:
    from ..revisions.diff_formats import render
    from ..revisions.performer import part_news

    text = render(inputs.revision, "md", part_news(inputs.revision, performer_id))
    atomic.write_text(inputs.folder(performer_id) / "changes.md", text)


def cue_sheet_files(inputs: BuildInputs, performer_id: str) -> None:
    from ..cuesheets.sheet_pdf import render_pdf

    sheet = cue_sheet(inputs.play, performer_id)
    folder = inputs.folder(performer_id)
    marks = inputs.marks(performer_id)
    # Made first: a failure leaves neither file new.
    pdf = render_pdf(sheet, paper=inputs.pdf.paper, marks=marks, fonts=inputs.pdf.fonts)
    atomic.write_text(folder / "cue-sheet.md", sheet_md(sheet, marks=marks))
    atomic.write_bytes(folder / "cue-sheet.pdf", pdf)


def marked_script(inputs: BuildInputs, performer_id: str) -> None:
    from ..pdf import ScriptPdfOptions, render_script_pdf

    name = inputs.play.performer(performer_id).name
    options = ScriptPdfOptions(paper=inputs.pdf.paper, fonts=inputs.pdf.fonts, performer=performer_id,
                               watermark=name, marks=inputs.marks(performer_id))
    render_script_pdf(inputs.play, options, inputs.folder(performer_id) / "script.pdf")
