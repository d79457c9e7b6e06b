"""The play folder ``stagecast init`` starts a new play with: a play.yaml, one short scene and a
voices.yaml, each a working example to write over, with comments saying where to read more.

Written out by hand rather than from a play model, so the comments can teach; the tests read
it back with ``check`` and hold it to the schema. Each file's first line points an editor at
its JSON Schema in ``.stagecast/`` (:mod:`stagecast.notation.editor_schema`).
"""

from __future__ import annotations

from ..notation.editor_schema import modeline
from .to_yaml import dump

SCENE = "scenes/01-first-scene.yaml"

_PLAY = """\
# A new play, started by `stagecast init`: write over any of it. docs/format.md describes every
# key; `stagecast check` lists every problem at once. An editor with YAML support (VS Code's YAML
# extension and others) completes keys and marks mistakes as you type, through the line above.

{title}language: en

roles:                          # role id (lowercase, no spaces): the name printed
  anna: Anna
  boris:
    name: Boris
    description: Her neighbour

performers:                     # who plays what; one performer may play several roles
  actor-a: {{name: Actor A, plays: [anna]}}
  actor-b: {{name: Actor B, plays: [boris]}}

scenes:                         # the running order: scene files, and intervals between them
  - {scene}
"""

_SCENE = """\
title: The First Scene
setting: A kitchen, early morning.
body:
  - light: Lights up slowly
    number: L1
  - enter: anna
  - anna: "Is anyone there?"
    delivery: quietly
  - enter: boris
  - boris: "Only me. (beat) As always."
  - sound: A kettle whistles
    number: S1
  - exit: [anna, boris]
"""

_VOICES = """\
# Which text-to-speech voice reads each role (`stagecast voices` lists the voices installed;
# docs/format.md, Voices).
default: {lang: en, rate: 165}
narrator: {lang: en, variant: f2, rate: 160}
roles:
  anna: {lang: en, variant: f3}
  boris: {lang: en, variant: m3}
"""


def new_play(title: str) -> dict[str, str]:
    """Relative path → text of a new play folder's own files (the schemas are added beside them)."""
    return {
        "play.yaml": modeline("play", "play.yaml") + _PLAY.format(title=dump({"title": title}), scene=SCENE),
        SCENE: modeline("scene", SCENE) + _SCENE,
        "voices.yaml": modeline("voices", "voices.yaml") + _VOICES,
    }
