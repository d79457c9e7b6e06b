"""Edits of the sample play used by the revision tests: each a copy of ``script/`` changed once."""

from __future__ import annotations

import shutil
from pathlib import Path

PROLOGUE = "scenes/01-prologue.yaml"
TEA = """  - wife: >
      There is tea at the interval. The kettle works. The socket, we are still negotiating with.
"""
CLEANERS = """  - interviewer: "(to the audience) He practised all week. On the cleaners."
"""
EPILOGUE = """id: epilogue
title: Epilogue
body:
  - enter: director
  - director: "One more thing. The kettle still works."
  - sound: A kettle clicks off
    number: S9
"""


def copy_sample(sample: Path, target: Path) -> Path:
    shutil.copytree(sample, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path``; it must occur exactly once (the edit is the test)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def reword(play: Path) -> None:
    """Actor A's (the Director's) speech #5 reworded."""
    replace_once(play / PROLOGUE, "Tonight the actors will speak as those people.",
                 "Tonight the actors will become those people.")


def move(play: Path) -> None:
    """The Wife's tea speech (#8) moved three speeches later, after the Interviewer's #10."""
    replace_once(play / PROLOGUE, TEA, "")
    replace_once(play / PROLOGUE, CLEANERS, CLEANERS + TEA)


def sound_label(play: Path) -> None:
    """Only a sound cue's label changes: the S2 before Tatyana's speech #19."""
    replace_once(play / "scenes/02-tatyana.yaml", "A car engine starting; tyres", "A car engine coughing, then starting; tyres")


def preceding_line(play: Path) -> None:
    """The end of the Wife's #8 changes: the cue of the Director's unchanged #9."""
    replace_once(play / PROLOGUE, "The socket, we are still negotiating with.", "The socket is still negotiating with us.")


def add_scene(play: Path) -> None:
    """A new last scene with one line for the Director."""
    (play / "scenes/07-epilogue.yaml").write_text(EPILOGUE, encoding="utf-8")
    replace_once(play / "play.yaml", "      - scenes/06-afterwards.yaml\n",
                 "      - scenes/06-afterwards.yaml\n      - scenes/07-epilogue.yaml\n")


def recast(play: Path) -> None:
    """The Spectator passes from Actor D to Actor C."""
    replace_once(play / "play.yaml", "actor-c: {name: Actor C, plays: [artur]}",
                 "actor-c: {name: Actor C, plays: [artur, spectator]}")
    replace_once(play / "play.yaml", "actor-d: {name: Actor D, plays: [man, spectator]}",
                 "actor-d: {name: Actor D, plays: [man]}")


def reworded_pair(sample: Path, root: Path) -> Path:
    """``root/old`` is the sample; ``root/new`` has #5 reworded and the end of #8 (the cue of #9)
    changed. Returns ``root``."""
    copy_sample(sample, root / "old")
    new = copy_sample(sample, root / "new")
    reword(new)
    preceding_line(new)
    return root
