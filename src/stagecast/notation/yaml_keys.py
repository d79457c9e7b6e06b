"""The keys of a scene file, named once: the YAML reader accepts exactly these, the YAML writer
writes them, and an importer keeps role ids clear of them (a role called ``exit`` would be read
as an exit). docs/format.md describes what each one means."""

from __future__ import annotations

CUT_KEY = "cut"
"""A production cut on a speech, direction or cue: ``cut: true`` or ``cut: "the reason"``."""
SPEECH_KEYS = ("delivery", "lang", "other_langs", "id", "label", CUT_KEY, "source", "edited")
"""What a speech may give besides its speaker and text, in either form (the order of the
reader's "expected one of" list). ``source``/``edited``: verbatim sources (docs/verbatim.md)."""
LONG_SPEECH_KEYS = ("speech", "by", *SPEECH_KEYS)
"""The long form of a speech: ``- speech: "…"`` with ``by: [roles]``."""
DIRECTION_KEYS = ("direction", "roles", "enter", "exit", CUT_KEY)
DIRECTION_ROLES = {"entrance": "enter", "exit": "exit", "business": "roles"}
"""A direction's kind → the key that names its roles (``enter: [sasha]`` makes an entrance)."""
CUE_KINDS = {"sound": "sound", "light": "light", "cue": "other"}
"""A cue's key → the kind of :class:`~stagecast.model.Cue` it makes."""
CUE_KEYS = ("number", "file", "under", CUT_KEY)
"""A cue's number (any cue); its sound file, and whether it plays under the speeches after it (a sound cue
only); its cut."""
SOUND_CUE_KEYS = ("sound", *CUE_KEYS)
ITEM_WORDS = ("speech", "direction", "enter", "exit", "pause", *CUE_KINDS)
"""The keys that say what kind of item a mapping is (anything else is a speaker's id)."""
SCENE_KEYS = ("id", "title", "setting", "body")

RESERVED_IDS = frozenset({*LONG_SPEECH_KEYS, *DIRECTION_KEYS, *ITEM_WORDS, *CUE_KEYS})
"""Words the YAML scene reader gives a meaning to; a role id must not be one of them."""
