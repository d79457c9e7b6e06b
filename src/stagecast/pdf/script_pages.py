"""Where things fall in the script PDF: the page each speech and each scene is printed on.

Other outputs name script pages (the cue list's GO points: "#57 ARTUR, p. 12"); they get them
here, from the same blocks and the same pagination as :func:`stagecast.pdf.script.build_script_pdf`,
so their numbers follow every change to the script's layout. Only the painting is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Play
from .document import lay_out
from .script import ScriptPdfOptions, script_document

SCENE_KEY = "scene-"
"""The bookmark key of a scene heading in the script (:func:`stagecast.pdf.script.script_blocks`)."""


@dataclass(frozen=True)
class ScriptPages:
    """Page numbers (1-based, as printed in the footer) of the script PDF made with the same options."""

    speeches: Mapping[int, tuple[int, int]]
    """Speech number → the pages its text starts and ends on (the same page for most)."""
    scenes: Mapping[str, int]
    """Scene id → the page its heading is on."""
    count: int
    """How many pages the script has."""

    def speech(self, number: int) -> int | None:
        """The page a speech ends on: where its last words, a cue's GO words, are printed."""
        found = self.speeches.get(number)
        return found[1] if found else None

    def scene(self, scene_id: str) -> int | None:
        return self.scenes.get(scene_id)


def script_pages(play: Play, options: ScriptPdfOptions | None = None) -> ScriptPages:
    """Lay the script out as ``stagecast pdf`` would with ``options`` (paper, fonts, revision
    marks…) and tell where each speech and scene falls. Costs a typesetting pass (no painting)."""
    blocks, doc = script_document(play, options)
    speeches: dict[int, tuple[int, int]] = {}
    scenes: dict[str, int] = {}
    pages = lay_out(blocks, doc)
    for page in pages:
        for line in page.lines:
            number = line.ref.speech if line.ref is not None else None
            if line.kind == "speech" and number is not None:
                first, _ = speeches.get(number, (page.number, page.number))
                speeches[number] = (first, page.number)
        for anchor, _ in page.anchors:
            if anchor.key.startswith(SCENE_KEY):
                scenes.setdefault(anchor.key.removeprefix(SCENE_KEY), page.number)
    return ScriptPages(speeches, scenes, len(pages))
