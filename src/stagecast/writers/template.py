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

{title}language: {lang}

roles:                          # role id (lowercase, no spaces): the name printed
  anna: {anna}
  boris:
    name: {boris}
    description: {neighbour}

performers:                     # who plays what; one performer may play several roles
  actor-a: {{name: Actor A, plays: [anna]}}
  actor-b: {{name: Actor B, plays: [boris]}}

scenes:                         # the running order: scene files, and intervals between them
  - {scene}
"""

_SCENE = """\
title: {scene_title}
setting: {setting}
body:
  - light: {light}
    number: L1
  - enter: anna
  - anna: "{line1}"
    delivery: {quietly}
  - enter: boris
  - boris: "{line2}"
  - sound: {kettle}
    number: S1
  - exit: [anna, boris]
"""

_WORDS = {
    "en": {"anna": "Anna", "boris": "Boris", "neighbour": "Her neighbour", "scene_title": "The First Scene",
           "setting": "A kitchen, early morning.", "light": "Lights up slowly", "line1": "Is anyone there?",
           "quietly": "quietly", "line2": "Only me. (beat) As always.", "kettle": "A kettle whistles"},
    "ru": {"anna": "Анна", "boris": "Борис", "neighbour": "Её сосед", "scene_title": "Первая сцена",
           "setting": "Кухня, раннее утро.", "light": "Медленно зажигается свет", "line1": "Здесь кто-нибудь есть?",
           "quietly": "тихо", "line2": "Только я. (пауза) Как всегда.", "kettle": "Свистит чайник"},
    "uk": {"anna": "Анна", "boris": "Борис", "neighbour": "Її сусід", "scene_title": "Перша сцена",
           "setting": "Кухня, ранній ранок.", "light": "Повільно світлішає", "line1": "Тут хтось є?",
           "quietly": "тихо", "line2": "Лише я. (пауза) Як завжди.", "kettle": "Свистить чайник"},
    "kk": {"anna": "Анна", "boris": "Борис", "neighbour": "Оның көршісі", "scene_title": "Бірінші көрініс",
           "setting": "Ас үй, таңертең ерте.", "light": "Жарық баяу жанады", "line1": "Мұнда біреу бар ма?",
           "quietly": "ақырын", "line2": "Тек мен ғана. (үзіліс) Әдеттегідей.", "kettle": "Шәйнек ысқырады"},
}
"""The example's words in the languages stagecast prints its own words in; any other language
gets the English example (under its own language tag, to write over)."""


_VOICES = """\
# Which text-to-speech voice reads each role (`stagecast voices` lists the voices installed;
# docs/format.md, Voices).
default: {{lang: {lang}, rate: 165}}
narrator: {{lang: {lang}, variant: f2, rate: 160}}
roles:
  anna: {{lang: {lang}, variant: f3}}
  boris: {{lang: {lang}, variant: m3}}
"""


def new_play(title: str, lang: str = "en") -> dict[str, str]:
    """Relative path → text of a new play folder's own files (the schemas are added beside them),
    its example in ``lang`` (a normalised language tag) where stagecast has the words for it."""
    words = _WORDS.get(lang.split("-")[0], _WORDS["en"])
    return {
        "play.yaml": modeline("play", "play.yaml") + _PLAY.format(title=dump({"title": title}), scene=SCENE,
                                                                   lang=lang, **words),
        SCENE: modeline("scene", SCENE) + _SCENE.format(**words),
        "voices.yaml": modeline("voices", "voices.yaml") + _VOICES.format(lang=lang),
    }
