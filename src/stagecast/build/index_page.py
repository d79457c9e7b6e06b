"""``index.html``, the rehearsal page of the build folder, written after every output: it carries
the tracks' text and timings inside it, so it may link only the files this build vouches for.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import atomic
from ..labels import play_labels
from ..rules import slug
from .inputs import BuildInputs
from .targets import TRACK_KINDS, Target

_PLAY_LINKS = (("script_pdf", "script.pdf"), ("cue_list_pdf", "cuelist.pdf"), ("stats_json", "stats.json"))
_PERFORMER_LINKS = (("my_changes", "changes.md"), ("my_sheet_pdf", "cue-sheet.pdf"), ("my_sheet_md", "cue-sheet.md"),
                    ("my_script_pdf", "script.pdf"))
"""What the page offers, as (label, file): the play's files, and each performer's in their folder."""


def page_assets_digest() -> str:
    """What the page's own files add to its key (:func:`stagecast.web.page.assets_digest`)."""
    from ..web.page import assets_digest

    return assets_digest()


def write_page(inputs: BuildInputs, targets: list[Target], good: set[str]) -> None:
    """index.html, linking only ``good`` files: those of the targets this build made or found up
    to date. A file left from an earlier build (a failed target's, or one this build does not
    make, such as the tracks during a --no-audio build) may not match the script: not linked."""
    from ..web.page import Link, PageInput, Track, render_page

    out, play = inputs.out, inputs.play

    def there(file: str) -> bool:
        return file in good and (out / file).is_file()

    tracks = []
    for key, (label, audio) in _tracks(inputs, targets).items():
        timeline = Path(audio).with_suffix(".timeline.json").as_posix()
        if there(audio) and there(timeline):
            tracks.append(Track(key, label, audio, json.loads((out / timeline).read_text(encoding="utf-8"))))
    label = play_labels(play)
    links = tuple(Link(label(key), href) for key, href in _PLAY_LINKS if there(href))
    per = {p.id: tuple(Link(label(key), f"performers/{inputs.names[p.id]}/{file}")
                       for key, file in _PERFORMER_LINKS if there(f"performers/{inputs.names[p.id]}/{file}"))
           for p in play.performers}
    for cast in play.casts:  # an alternate cast's files, named with the cast
        folder = f"casts/{slug(cast.name)}/"
        links += tuple(Link(f"{label(key)} ({cast.name})", folder + href) for key, href in _PLAY_LINKS
                       if there(folder + href))
        for p in play.performers:
            mine = f"{folder}performers/{inputs.names[p.id]}/"
            per[p.id] += tuple(Link(f"{label(key)} ({cast.name})", mine + file) for key, file in _PERFORMER_LINKS
                               if there(mine + file))
    atomic.write_text(out / "index.html", render_page(PageInput(play, tuple(tracks), links, per)))


def _tracks(inputs: BuildInputs, targets: list[Target]) -> dict[str, tuple[str, str]]:
    """The tracks this build plans, in its order: the page's key for each ("read-through", or the
    performer's id) → its label and its audio file."""
    found: dict[str, tuple[str, str]] = {}
    for target in targets:
        if target.owner.kind in TRACK_KINDS and target.cast is None:  # the page plays the main casting's
            performer = target.owner.performer
            label = inputs.play.performer(performer).name if performer else play_labels(inputs.play)("everyone")
            found[performer or "read-through"] = (label, target.ident)
    return found
