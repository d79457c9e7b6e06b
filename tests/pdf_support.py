"""Small plays and PDF-reading helpers for the script PDF tests."""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber

# Anna's lines use only these words, nobody else uses them: a highlighted word must be one.
ANNA_WORDS = ("amber apple arrow anchor attic autumn avenue acorn alley atlas aspen azure "
              "almond amulet antler apron").split()
OTHER_WORDS = ("bread river stone window candle ladder garden thunder copper mirror silver "
               "harbour lantern meadow orchard pebble").split()

PLAY_HEAD = """\
title: Test Play
subtitle: A play for tests
company: The Test Company
credits:
  Written by: Somebody Real
notes: |
  A note about the play.
roles:
  anna: {name: Anna, description: "A student who talks of amber."}
  boris: {name: Boris, description: "Her neighbour."}
  vera: {name: Vera}
performers:
  p-one: {name: Performer One, plays: [anna]}
  p-two: {name: Performer Two, plays: [boris, vera]}
"""


_seed = [0]


def _words(vocabulary: list[str], n: int, start: int) -> str:
    _seed[0] += 1
    rnd = random.Random(start * 1000 + n * 7 + _seed[0])
    return " ".join(rnd.choice(vocabulary) for _ in range(n)) + "."


def anna(n: int, start: int = 0) -> str:
    """``n`` words of Anna's vocabulary; each call gives a different sequence."""
    return _words(ANNA_WORDS, n, start)


def other(n: int, start: int = 0) -> str:
    return _words(OTHER_WORDS, n, start)


def scene_body(index: int) -> str:
    """A scene with short and long speeches for all three roles, a cue and a direction."""
    lines = [
        "  - sound: A kettle whistles",
        f"    number: S{index}",
        "  - enter: [anna, boris]",
        f'  - boris: "{other(12, index)}"',
        f'  - anna: "{anna(30, index)}"',
        f'  - vera: "{other(50, index + 3)}"',
        "  - direction: They sit down.",
        f'  - anna: "{anna(8, index + 5)} (she smiles) {anna(6, index + 7)}"',
        f'  - boris: "{other(90, index + 1)}"',
        '  - speech: "' + anna(5, index) + '"',
        "    by: [anna, boris]",
        f'  - vera: "{other(20, index + 2)}"',
        "  - pause: 2",
        f'  - anna: "{anna(140, index)}"',
        f'  - boris: "{other(6, index)}"',
    ]
    return "\n".join(lines)


def write_play(folder: Path, scenes: int = 4, extra: str = "") -> Path:
    """A two-act play with an interval; ``extra`` lines are appended to the first scene."""
    folder.mkdir(parents=True, exist_ok=True)
    acts = []
    for act, numbers in (("one", range(1, scenes // 2 + 1)), ("two", range(scenes // 2 + 1, scenes + 1))):
        if act == "two":
            acts.append("  - interval: 15")
        acts.append(f"  - id: {act}\n    title: Act {act.title()}\n    scenes:")
        for n in numbers:
            body = scene_body(n) + ("\n" + extra if n == 1 and extra else "")
            acts.append(f"      - scenes/s{n}.yaml")
            (folder / "scenes").mkdir(exist_ok=True)
            (folder / "scenes" / f"s{n}.yaml").write_text(
                f"id: s{n}\ntitle: Scene Number {n}\nsetting: A room with a window.\nbody:\n{body}\n",
                encoding="utf-8")
    (folder / "play.yaml").write_text(PLAY_HEAD + "acts:\n" + "\n".join(acts) + "\n", encoding="utf-8")
    return folder


def page_texts(data: bytes) -> list[str]:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def open_pdf(data: bytes):
    import io

    return pdfplumber.open(io.BytesIO(data))
