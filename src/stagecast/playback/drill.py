"""The drill (``rehearse --shuffle``): lines in random order, the weak ones sooner.

A simple spaced-repetition schedule (Leitner boxes): each line sits in a box, 0 to
:data:`TOP_BOX`. A line you needed a prompt for drops to box 0; a line said without one moves
up a box. A drill asks the lower boxes first (in random order within a box), so a line you
dried on comes back early next time; within one run it also comes back :data:`AGAIN_AFTER`
lines later (at most :data:`MAX_AGAIN` times). The boxes are saved with the resume state.
"""

from __future__ import annotations

import random

from ..cueing import LineCue
from ..labels import speaker_label
from ..model import Play, Speech
from ..text import display_text

TOP_BOX = 5
NEW_BOX = 1
"""A line never rehearsed: after the ones you dried on, before the ones you know."""
AGAIN_AFTER = 3
MAX_AGAIN = 2


def boxes_from(saved: dict) -> dict[int, int]:
    """The boxes in a saved state (speech number → box); anything unreadable is left out."""
    raw = saved.get("drill")
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key, box in raw.items():
        if isinstance(key, str) and key.isdigit() and isinstance(box, int) and 0 <= box <= TOP_BOX:
            out[int(key)] = box
    return out


def drill_order(lines: list[LineCue], boxes: dict[int, int], seed: int | None) -> list[LineCue]:
    """Shuffled, then the lowest boxes first (a stable sort keeps the shuffle within a box)."""
    order = list(lines)
    random.Random(seed).shuffle(order)
    return sorted(order, key=lambda c: boxes.get(c.speech.number, NEW_BOX))


def mark(boxes: dict[int, int], number: int, prompted: bool) -> None:
    """A line was said: down to box 0 if it needed a prompt (in this run), else one box up."""
    boxes[number] = 0 if prompted else min(TOP_BOX, boxes.get(number, NEW_BOX) + 1)


def come_back(lines: list[LineCue], index: int, again: dict[int, int]) -> None:
    """Ask ``lines[index]`` once more a few lines on (it needed a prompt), unless asked enough."""
    number = lines[index].speech.number
    if again.get(number, 0) >= MAX_AGAIN:
        return
    again[number] = again.get(number, 0) + 1
    lines.insert(min(len(lines), index + 1 + AGAIN_AFTER), lines[index])


def weakest(play: Play, counts: dict[int, int]) -> list[str]:
    """The lines that needed prompts, under their scenes in play order, the most prompted first."""
    if not counts:
        return ["No prompts needed. Well done."]
    out = ["Weakest lines, by scene (prompts needed):"]
    for scene in play.scenes:
        mine = [s for s in scene.items if isinstance(s, Speech) and s.number in counts]
        if not mine:
            continue
        out.append(f"  {scene.title}")
        for speech in sorted(mine, key=lambda s: (-counts[s.number], s.number)):
            times = counts[speech.number]
            out.append(f"    #{speech.number} {speaker_label(play, speech).upper()} "
                       f"({times} prompt{'s' * (times != 1)}): {display_text(speech)}")
    return out
