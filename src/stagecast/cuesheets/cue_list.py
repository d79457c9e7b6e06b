"""The operators' cue list: every sound, light and other cue in running order, with its GO point."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from ..cueing import AFTER_INTERVAL, SCENE_OPENS, last_words
from ..labels import OPENINGS, play_labels, printed_play, speaker_label
from ..model import Cue, Interval, Play, Speech

GO_WORDS = 8


@dataclass(frozen=True)
class CueRow:
    cue: Cue
    scene_id: str
    scene_title: str
    follows: str
    """The GO point: "SPEAKER: …last words" of the speech before it, or "scene opens"."""
    after: Speech | None = None
    """The speech the GO point quotes, if any."""


def cue_list(play: Play, go_words: int = GO_WORDS) -> tuple[CueRow, ...]:
    play = printed_play(play)  # the rows' cues and GO lines as printed, with the language's quotation marks
    rows: list[CueRow] = []
    after_interval = False
    for part in play.sequence:
        if isinstance(part, Interval):
            after_interval = True
            continue
        follows = AFTER_INTERVAL if after_interval else SCENE_OPENS
        after: Speech | None = None
        after_interval = False
        for item in part.items:
            if isinstance(item, Speech):
                follows = f"{speaker_label(play, item).upper()}: {last_words(item, go_words)}"
                after = item
            elif isinstance(item, Cue):
                rows.append(CueRow(item, part.id, part.title, follows, after))
    return tuple(rows)


HEAD = ("number", "kind", "label", "file", "scene", "follows")


def _cells(row: CueRow) -> tuple[str, ...]:
    return (row.cue.number or "", row.cue.kind, row.cue.label, row.cue.file or "", row.scene_title, row.follows)


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
    out.append("| # | " + " | ".join(labels(f"col_{c}") for c in ("kind", "cue", "file", "scene", "go")) + " |")
    out.append("|---|---|---|---|---|---|")
    kinds = {"sound": labels("sound"), "light": labels("light"), "other": labels("other_cue")}
    for row in rows:
        number, _, label, file, scene, follows = (cell(c) for c in _cells(row))
        follows = labels(OPENINGS[row.follows]) if row.follows in OPENINGS else follows
        out.append(f"| {number or '—'} | {kinds[row.cue.kind].lower()} | {label} | {file or ''} | {scene} | {follows} |")
    return "\n".join(out) + "\n"


TEXT_RENDERERS: dict[str, Callable[[Play, tuple[CueRow, ...]], str]] = {"md": render_md, "csv": render_csv}
"""``cuelist --format`` → renderer of the text formats; a new one is a row here."""
FORMATS = (*TEXT_RENDERERS, "pdf")
"""Every format, the PDF (:func:`stagecast.cuesheets.sheet_pdf.render_cuelist_pdf`) last."""
