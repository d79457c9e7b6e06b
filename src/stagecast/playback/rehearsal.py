"""Interactive line learning: hear the cue, say your line, get prompted when you dry.

Three modes, the ladder an actor climbs (docs/rehearse.md): ``learn`` reads each line to you
before you say it, ``check`` (the default) shows it after you said it, ``perform`` shows
nothing unless asked. A prompt comes by degrees ("Line?": the first word, then the next few,
then the whole line). ``--shuffle`` is the drill (:mod:`.drill`).

The session is plain logic over injected pieces — the keys, a ``write`` function and a
:class:`Voice` that speaks (or, in text-only mode, stays silent) — so it runs the same in a
terminal, from a pipe, and in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ..cueing import DEFAULT_CUE_WORDS, LineCue, cue_speech, cues_for
from ..cuesheets.sheet import SheetLine, cue_quote, hidden_line, item_label
from ..cuesheets.sheet_text import line_heading
from ..errors import UsageError
from ..labels import speaker_label
from ..model import Play, Speech
from ..reports.summary import plural
from ..rules import speech_key
from ..text import display_text, spoken_text
from . import drill, state
from . import keys as k

PROMPT_FIRST, PROMPT_NEXT = 1, 3
"""A prompt's degrees: the first word, then this many more, then the whole line."""
MODES = ("learn", "check", "perform")
HELP = "Keys: Enter next · r repeat cue · p prompt · l reveal line · s skip scene · q quit"


class Voice(Protocol):
    """Speaks speeches and bits of text in a role's voice; silent in text-only mode."""

    def prepare(self, speeches: list[Speech]) -> None: ...

    def speech(self, speech: Speech) -> None: ...

    def words(self, text: str, speech: Speech) -> None: ...


class Silent:
    def prepare(self, speeches: list[Speech]) -> None:
        return None

    def speech(self, speech: Speech) -> None:
        return None

    def words(self, text: str, speech: Speech) -> None:
        return None


@dataclass
class Options:
    performer: str
    scene: str | None = None
    start: int | None = None
    """Speech number to start from (``--from``); overrides saved progress."""
    shuffle: bool = False
    """The drill: random order, weak lines first and again (:mod:`.drill`)."""
    memorise: bool = False
    """Reveal lines as first letters (``--first-letters``)."""
    cue_words: int | None = None
    """Each cue is the last N words before the line, heard that short too; None: the last
    :data:`~stagecast.cueing.DEFAULT_CUE_WORDS` shown, the whole speech heard."""
    seed: int | None = None
    mode: str = "check"
    """``learn``, ``check`` or ``perform`` (:data:`MODES`)."""
    first_words: int | None = None
    """Reveal only a line's first N words, the rest hidden (``--first-words``)."""


@dataclass
class Progress:
    prompted: list[int] = field(default_factory=list)
    done: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    """Prompts (and reveals) asked for per line in this run: the drill's weakest lines."""
    boxes: dict[int, int] = field(default_factory=dict)
    """Each line's spaced-repetition box (:mod:`.drill`), saved with the resume state."""


def session_lines(play: Play, options: Options, boxes: dict[int, int] | None = None) -> list[LineCue]:
    lines = [c for c in cues_for(play, options.performer, options.cue_words or DEFAULT_CUE_WORDS)
             if options.scene is None or c.scene.id == options.scene]
    if options.start is not None:
        lines = [c for c in lines if c.speech.number >= options.start]
    if options.shuffle:
        lines = drill.drill_order(lines, boxes or {}, options.seed)
    return lines


def check_selection(play: Play, options: Options) -> None:
    """A usage error when ``--scene`` or ``--from`` leaves none of the performer's lines, rather
    than a run of 0 lines ending in "Well done"."""
    if session_lines(play, replace(options, shuffle=False)):
        return
    name = play.performer(options.performer).name
    theirs = session_lines(play, replace(options, scene=None, start=None, shuffle=False))
    if not theirs:
        raise UsageError(f"{name} has no lines to rehearse")
    scenes = list(dict.fromkeys(c.scene for c in theirs))
    where = ", ".join(f"{s.id} ({s.title})" for s in scenes)
    if options.scene is not None and not any(c.scene.id == options.scene for c in theirs):
        title = next(s.title for s in play.scenes if s.id == options.scene)
        raise UsageError(f"{name} has no lines in {title}", hint=f"their scenes: {where}")
    raise UsageError(f"{name} has no lines from #{options.start} on" + (" in this scene" if options.scene else ""),
                     hint=f"their lines are #{theirs[0].speech.number} to #{theirs[-1].speech.number}; "
                          "--from N starts at speech number N")


class Rehearsal:
    """One run of ``stagecast rehearse``."""

    def __init__(self, play: Play, options: Options, voice: Voice, write: Callable[[str], None],
                 state_file: Path | None):
        self.play, self.options, self.voice, self.write = play, options, voice, write
        self.state_file = state_file
        self.progress = Progress()

    def run(self, pressed: Iterator[str], mode_note: str) -> Progress:
        saved = state.load(self.state_file) if self.state_file is not None else {}
        self.progress.boxes = drill.boxes_from(saved)
        lines = session_lines(self.play, self.options, self.progress.boxes)
        name = self.play.performer(self.options.performer).name
        how = "" if self.options.mode == "check" else f", {self.options.mode} mode"
        drilled = ", weakest first" if self.options.shuffle else ""
        self.write(f"Rehearsing {name} in {self.play.meta.title}: {len(lines)} lines{how}{drilled} ({mode_note})")
        self.write(HELP)
        index, scene, again = self._resume(lines, saved), None, {}
        self.voice.prepare([self._heard(c.previous.speech) for c in lines[index:] if c.previous and not c.previous.own]
                           + [c.speech for c in lines[index:]])
        while index < len(lines):
            line = lines[index]
            if line.scene.id != scene:
                scene = line.scene.id
                self.write(f"\n── {line.scene.title} ──")
            action, asked = self._line(line, index, len(lines), pressed)
            if action == k.QUIT:
                return self._stop(line)
            if action != "s":
                # a line prompted earlier in this run stays weak, though said well when it came back
                drill.mark(self.progress.boxes, line.speech.number, asked or line.speech.number in self.progress.counts)
                if asked and self.options.shuffle:
                    drill.come_back(lines, index, again)
            index = self._next_scene(lines, index) if action == "s" else index + 1
            self.progress.done += 1
        self._finish()
        return self.progress

    def _resume(self, lines: list[LineCue], saved: dict) -> int:
        """Where to start: the saved place, unless --from, --shuffle or nothing saved."""
        if self.state_file is None or self.options.start is not None or self.options.shuffle:
            return 0
        start = saved.get("next")
        index = next((i for i, c in enumerate(lines) if isinstance(start, int) and c.speech.number >= start), None)
        if not index:
            return 0
        self.progress.prompted = [n for n in saved.get("prompted", []) if isinstance(n, int)]
        self.write(f"Resuming at #{lines[index].speech.number} (line {index + 1} of {len(lines)}); "
                   "--from 1 starts again from the top.")
        return index

    def _line(self, line: LineCue, index: int, total: int, pressed: Iterator[str]) -> tuple[str, bool]:
        """The key that ended the line, and whether a prompt (or the line) was asked for."""
        heading = line_heading(SheetLine(line, _mine(self.play, line, self.options.performer)), self.play)
        self.write(f"\n[{index + 1}/{total}] {heading}")
        self._cue(line)
        if self.options.mode == "learn":  # hear it first, then say it
            self.write(f"  Line: {display_text(line.speech)}")
            self.voice.speech(line.speech)
            self.write("  Now you… (Enter when done)")
        else:
            self.write("  Your line… (Enter when done)")
        degree, shown, asked = 0, self.options.mode != "check", False
        for key in pressed:
            if key in (k.ENTER, k.RIGHT):
                if not shown:  # said it: now check it against the script
                    self.write(f"  Line: {display_text(line.speech)}")
                return k.ENTER, asked
            if key in (k.QUIT, "s"):
                return key, asked
            if key == "r":
                self._cue(line)
            elif key == "p":
                degree, asked = degree + 1, True
                shown = self._prompt(line, degree) or shown
            elif key == "l":
                asked = True
                self._reveal(line)
                shown = shown or not self._hiding
        return k.QUIT, asked

    @property
    def _hiding(self) -> bool:
        return self.options.memorise or self.options.first_words is not None

    def _cue(self, line: LineCue) -> None:
        self.write(cue_shown(self.play, line, hide_own=self._hiding))
        if line.previous is not None and not line.previous.own:
            self.voice.speech(self._heard(line.previous.speech))

    def _heard(self, speech: Speech) -> Speech:
        """The cue speech as it is said: cut to ``--cue-words`` by the cue rule, a copy with its
        own key (so no recorded take of the whole line plays for it)."""
        if self.options.cue_words is None:
            return speech
        cut = cue_speech(speech, self.options.cue_words)
        return speech if cut is speech else replace(cut, id=f"{speech_key(speech)}.cue")

    def _prompt(self, line: LineCue, degree: int) -> bool:
        """The prompt's ``degree``-th press: the first word, then the next few, then the whole
        line (True once it is whole)."""
        said = spoken_text(line.speech).split()
        count = PROMPT_FIRST + PROMPT_NEXT * (degree - 1) if degree < 3 else len(said)
        self._asked(line)
        if count >= len(said):
            self.write(f"  Prompt: {' '.join(said)}")
            self.voice.speech(line.speech)
            return True
        shown = " ".join(said[:count])
        self.write(f"  Prompt: {shown}…")
        self.voice.words(shown, line.speech)
        return False

    def _reveal(self, line: LineCue) -> None:
        text = hidden_line(line.speech, self.options.memorise, self.options.first_words)
        self.write(f"  Line: {text}")
        self._asked(line)
        self.voice.speech(line.speech)

    def _asked(self, line: LineCue) -> None:
        number = line.speech.number
        if number not in self.progress.prompted:
            self.progress.prompted.append(number)
        self.progress.counts[number] = self.progress.counts.get(number, 0) + 1

    @staticmethod
    def _next_scene(lines: list[LineCue], index: int) -> int:
        scene = lines[index].scene.id
        while index < len(lines) and lines[index].scene.id == scene:
            index += 1
        return index

    def _stop(self, line: LineCue) -> Progress:
        if self.state_file is not None and not self.options.shuffle:
            state.save(self.state_file, line.speech.number, self.progress.prompted, self.progress.boxes)
            self.write(f"\nStopped at #{line.speech.number}. Run the same command to carry on from here.")
            return self.progress
        self.write(f"\nStopped at #{line.speech.number}.")
        if self.options.shuffle:
            self._drilled()
        return self.progress

    def _drilled(self) -> None:
        """The end of a drill: its boxes saved, the weakest lines shown."""
        if self.state_file is not None:
            state.save_drill(self.state_file, self.progress.boxes)
        for text in drill.weakest(self.play, self.progress.counts):
            self.write(text)

    def _finish(self) -> None:
        self.write(f"\nDone: {plural(self.progress.done, 'line')}.")
        if self.options.shuffle:
            self._drilled()
            return
        if self.state_file is not None:
            state.clear(self.state_file, self.progress.boxes)
        if not self.progress.prompted:
            self.write("No prompts needed. Well done.")
            return
        self.write("Lines to work on (you needed a prompt):")
        by_number = {s.number: s for s in self.play.speeches()}
        for number in sorted(self.progress.prompted):
            speech = by_number.get(number)
            if speech is not None:
                self.write(f"  #{number} {speaker_label(self.play, speech).upper()}: {display_text(speech)}")


def _mine(play: Play, line: LineCue, performer: str) -> tuple[str, ...]:
    roles = play.roles_in(performer, line.scene.id)  # per-scene casting: the roles theirs in this scene
    return tuple(r for r in line.speech.speakers if r in roles)


def cue_shown(play: Play, line: LineCue, hide_own: bool = False) -> str:
    """The cue as the terminal shows it before a line (``rehearse``, ``record``): the speech
    before, or how the scene opens, and the items between. ``hide_own``: a cue that is your own
    previous line (a monologue) is hidden as your lines are, as first letters."""
    parts = []
    if line.previous is not None and line.previous.own:
        parts.append(f"(you) {cue_quote(line.previous, hide_own)}")
    elif line.previous is not None:
        parts.append(f"{speaker_label(play, line.previous.speech).upper()}: {line.previous.words}")
    elif line.opening:
        parts.append(line.opening)
    parts += [f"[{item_label(item)}]" for item in line.between]
    return "  Cue: " + "   ".join(parts)
