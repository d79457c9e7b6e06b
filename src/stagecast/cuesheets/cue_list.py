"""The operators' cue list: every sound, light and other cue in running order, with its GO point."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..cueing import AFTER_INTERVAL, SCENE_OPENS, last_words
from ..labels import OPENINGS, Labels, play_labels, printed_play, speaker_label
from ..model import Cue, Interval, Play, Speech

GO_WORDS = 8


class ScriptPageIndex(Protocol):
    """Where the script PDF prints a speech and a scene (:class:`stagecast.pdf.ScriptPages`, which
    the command asks the pdf package for with the same paper and fonts): the cue list names
    these pages and leaves the script's layout to the script."""

    def speech(self, number: int) -> int | None: ...

    def scene(self, scene_id: str) -> int | None: ...


@dataclass(frozen=True)
class CueRow:
    cue: Cue
    scene_id: str
    scene_title: str
    follows: str
    """The GO point: "SPEAKER: …last words" of the speech before it, or "scene opens"."""
    after: Speech | None = None
    """The speech the GO point quotes, if any."""
    page: int | None = None
    """The script page the GO point is on: the page the quoted speech ends on, or the scene's
    first page for "scene opens"; None when the cue list was made without the script's pages."""
    speaker: str = ""
    words: str = ""
    """``follows`` in its two parts, for a layout of their own ("#57 ARTUR, p. 12: …words")."""


def cue_list(play: Play, go_words: int = GO_WORDS, pages: ScriptPageIndex | None = None) -> tuple[CueRow, ...]:
    """Every cue in running order with its GO point; ``pages``: where the script PDF prints each
    speech and scene, so the GO points name their page."""
    play = printed_play(play)  # the rows' cues and GO lines as printed, with the language's quotation marks
    rows: list[CueRow] = []
    after_interval = False
    for part in play.sequence:
        if isinstance(part, Interval):
            after_interval = True
            continue
        # What the next cue GOes on, as CueRow's fields: the scene opening, then each speech.
        go: dict[str, Any] = {"follows": AFTER_INTERVAL if after_interval else SCENE_OPENS,
                              "page": pages.scene(part.id) if pages else None}
        after_interval = False
        for item in part.items:
            if isinstance(item, Speech):
                speaker, words = speaker_label(play, item).upper(), last_words(item, go_words)
                go = {"follows": f"{speaker}: {words}", "after": item, "speaker": speaker, "words": words,
                      "page": pages.speech(item.number) if pages else None}
            elif isinstance(item, Cue):
                rows.append(CueRow(item, part.id, part.title, **go))
    return tuple(rows)


def go_point(row: CueRow, labels: Labels) -> str:
    """The GO point as the PDF prints it after "GO after:": "#57 ARTUR, p. 12: …last words"."""
    assert row.after is not None
    number = f"#{row.after.number} " if row.after.number else ""
    page = f", {labels('go_page', page=row.page)}" if row.page is not None else ""
    return f"{number}{row.speaker}{page}: {row.words}"


def go_opening(row: CueRow, labels: Labels) -> str:
    """"GO as the scene opens, p. 12" (or after the interval)."""
    page = f", {labels('go_page', page=row.page)}" if row.page is not None else ""
    return labels("go_" + OPENINGS[row.follows]) + page


HEAD = ("number", "kind", "label", "file", "scene", "follows", "speech", "page")
"""The CSV's columns; new ones go at the end, so scripts reading the old ones keep working."""


def _cells(row: CueRow) -> tuple[str, ...]:
    speech = str(row.after.number) if row.after is not None and row.after.number else ""
    page = str(row.page) if row.page is not None else ""
    return (row.cue.number or "", row.cue.kind, row.cue.label, row.cue.file or "", row.scene_title, row.follows,
            speech, page)


def render_csv(play: Play, rows: tuple[CueRow, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEAD)
    writer.writerows(_cells(r) for r in rows)
    return buffer.getvalue()


def render_md(play: Play, rows: tuple[CueRow, ...]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    labels = play_labels(play)
    title = printed_play(play).meta.title  # as the rows (cue_list) print the play: the language's quotation marks
    out = [f"# {title} — {labels('cue_list_header').lower()}", "", labels.count("cues_note", len(rows)), ""]
    columns = ("kind", "cue", "file", "scene", "go", "speech", "page")
    out.append("| # | " + " | ".join(labels(f"col_{c}") for c in columns) + " |")
    out.append("|---|" + "---|" * len(columns))
    kinds = {"sound": labels("sound"), "light": labels("light"), "other": labels("other_cue")}
    for row in rows:
        number, _, label, file, scene, follows, speech, page = (cell(c) for c in _cells(row))
        follows = labels(OPENINGS[row.follows]) if row.follows in OPENINGS else follows
        out.append(f"| {number or '—'} | {kinds[row.cue.kind].lower()} | {label} | {file or ''} | {scene} | {follows} "
                   f"| {'#' + speech if speech else ''} | {page} |")
    return "\n".join(out) + "\n"


TEXT_RENDERERS: dict[str, Callable[[Play, tuple[CueRow, ...]], str]] = {"md": render_md, "csv": render_csv}
"""``cuelist --format`` → renderer of the text formats; a new one is a row here."""
FORMATS = (*TEXT_RENDERERS, "pdf")
"""Every format, the PDF (:func:`stagecast.cuesheets.sheet_pdf.render_cuelist_pdf`) last."""
