"""What each key of the play's files means, as an editor shows it while the key is typed or
hovered (the JSON Schema's ``description``). Worded after docs/format.md.

One table per place a key can be, named as :mod:`.json_schema` asks for it. A key the reader
accepts but this table lacks fails ``tests/test_schema.py``: a new key is a row here (and its
value's shape in :mod:`.json_schema`).
"""

from __future__ import annotations

MEANINGS: dict[str, dict[str, str]] = {
    "play": {
        "title": "The play's title (required).",
        "subtitle": "Printed under the title on the title page.",
        "company": "The company, printed on the title page.",
        "credits": "Credit → who, in order, e.g. 'Adapted by: Jane Doe'.",
        "language": "The language of the speeches unless they say otherwise (en, ru, kk, uk …), and of the "
                    "words stagecast prints itself.",
        "notes": "A note for the title page; a paragraph may be written as a | block.",
        "roles": "The dramatis personae: role id (lowercase, no spaces or commas) → name, or → name, "
                 "description and lang.",
        "performers": "The company: performer id → their name and the roles they play (doubling: several roles).",
        "casts": "Named alternate casts: cast name → role id → the performer who plays it in that cast (or a list "
                 "of {performer, scenes}); used with --cast NAME.",
        "scenes": "The running order: scene files, inline scenes (with id and body) and intervals. Give this or "
                  "acts.",
        "acts": "The running order in acts (id, title, scenes), with intervals between them. Give this or scenes.",
        "pronunciations": "Language → word → how text-to-speech says it; the printed script keeps the word.",
        "labels": "Your own wording of the words stagecast prints itself (characters, page_of, interval …).",
        "pdf": "The PDFs' fonts and paper size.",
    },
    "role": {
        "name": "The role's name as printed.",
        "description": "A line about the role, printed in the list of characters.",
        "lang": "The language this role usually speaks (picks its voice).",
        "other_langs": "Other languages the role speaks: runs in another script are read in the first that fits.",
        "gender": "female or male: the automatic voice choice gives the role a voice of that gender.",
    },
    "performer": {
        "name": "The performer's name, as on cue sheets and for --performer.",
        "plays": "The role ids this performer plays: one, or a list for doubling; an item {role, scenes} plays "
                 "the role in those scenes only.",
        "intended": "Scene id → why this performer's doubling conflict there is meant (offstage voice, quick "
                    "change): a note, not a warning.",
    },
    "part": {
        "role": "The role id played in these scenes only.",
        "scenes": "The ids of the scenes where this performer plays the role.",
    },
    "recast": {
        "performer": "The performer id who plays the role in this cast.",
        "scenes": "Only in these scene ids (without: every scene).",
    },
    "act": {
        "id": "The act's id.",
        "title": "The act's title, e.g. 'Part One'.",
        "scenes": "The act's scenes in order: scene files or inline scenes, and intervals.",
    },
    "interval": {
        "interval": "An interval's length in minutes.",
        "title": "The interval's title ('Interval' in the play's language by default).",
    },
    "pdf": {
        "font": "A TrueType font file (.ttf or .ttc) relative to the play folder, or a list tried in order for "
                "each character; pt-serif is the built-in PT Serif.",
        "paper": "The paper size: a4 (the default) or letter.",
    },
    "scene": {
        "id": "The scene's id (in a scene file, the file's name by default; an inline scene needs one).",
        "title": "The scene's title.",
        "setting": "Where and when: printed under the title.",
        "body": "The scene in order: speeches, stage directions, sound and light cues, pauses.",
    },
    "speech": {
        "speech": "The text of a speech said by the roles in 'by' (the long form, for group lines).",
        "by": "The role ids who say this speech together.",
        "delivery": "How the line is said: printed before it, never spoken.",
        "lang": "The speech's language, when it is not its role's or the play's.",
        "other_langs": "Languages of this speech's runs in another script (before its role's other_langs).",
        "id": "A stable id of your choosing, kept across rewrites (not s12, d3 …: those are stagecast's).",
        "label": "Printed instead of the speakers' names, e.g. ALL.",
    },
    "direction": {
        "direction": "A stage direction's text.",
        "roles": "The role ids the direction concerns (they are needed in the scene).",
        "enter": "Role ids who enter; without 'direction:' the text 'Enter …' is written for you.",
        "exit": "Role ids who leave; without 'direction:' the text 'Exit …' is written for you.",
    },
    "cue": {
        "sound": "A sound cue: what is heard.",
        "light": "A light cue: what changes.",
        "cue": "A cue for any other department (projection, flys …).",
        "number": "The stage manager's cue number (text: S2, 12, 12.5), unique per kind.",
        "file": "A sound file inside the play folder, mixed into the rehearsal audio.",
    },
    "pause": {
        "pause": "Seconds of silence in the audio; printed as 'Pause (2 s)'.",
    },
    "voices": {
        "engine": "The speech engine for every voice: auto (the default: the best installed per role and "
                  "language), espeak, pyttsx3, rhvoice or piper.",
        "default": "The voice of any role without its own.",
        "narrator": "The voice that reads stage directions with --narrate.",
        "roles": "Role id → its voice, or a list of voices tried in order (the first whose engine is installed).",
        "languages": "Language → the voice for speeches in it, when a role's own voice is in another language.",
        "rhvoice": "Where RHVoice is, when not where the system puts it: library and data paths.",
    },
    "rhvoice": {
        "library": "RHVoice's library (libRHVoice.so.5, RHVoice.dll, libRHVoice.dylib), relative to voices.yaml.",
        "data": "RHVoice's data folder (with voices/ and languages/), relative to voices.yaml.",
    },
    "voice": {
        "engine": "The engine of this voice: espeak, pyttsx3, rhvoice or piper.",
        "voice": "An engine voice id (stagecast voices lists them), in any case.",
        "model": "A Piper voice file (.onnx), relative to voices.yaml's folder.",
        "lang": "A language code; the engine picks its voice for it.",
        "variant": "An eSpeak NG variant: m1 … m7, f1 … f5, croak, whisper …",
        "rate": "Words per minute (80–500); also used for running-time estimates.",
        "volume": "0–2; 1 is normal.",
        "pitch": "0–99; 50 is normal (eSpeak NG).",
    },
}
