"""Interactive line learning: hear the cue, say your line, get prompted when you dry.

The session is plain logic over injected pieces — the keys, a ``write`` function and a
:class:`Voice` that speaks (or, in text-only mode, stays silent) — so it runs the same in a
terminal, from a pipe, and in tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..cueing import LineCue, cues_for
from ..cuesheets.sheet import SheetLine, first_letters, item_label
from ..cuesheets.sheet_text import line_heading
from ..labels import speaker_label
from ..model import Play, Speech
from ..reports.summary import plural
from ..text import display_text, spoken_text
from . import keys as k
from . import state

PROMPT_START, PROMPT_STEP = 3, 3
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
    memorise: bool = False
    cue_words: int = 8
    seed: int | None = None


@dataclass
class Progress:
    prompted: list[int] = field(default_factory=list)
    done: int = 0


def session_lines(play: Play, options: Options) -> list[LineCue]:
    lines = [c for c in cues_for(play, options.performer, options.cue_words)
             if options.scene is None or c.scene.id == options.scene]
    if options.start is not None:
        lines = [c for c in lines if c.speech.number >= options.start]
    if options.shuffle:
        random.Random(options.seed).shuffle(lines)
    return lines


class Rehearsal:
    """One run of ``stagecast rehearse``."""

    def __init__(self, play: Play, options: Options, voice: Voice, write: Callable[[str], None],
                 state_file: Path | None):
        self.play, self.options, self.voice, self.write = play, options, voice, write
        self.state_file = state_file
        self.progress = Progress()

    def run(self, pressed: Iterator[str], mode_note: str) -> Progress:
        lines = session_lines(self.play, self.options)
        name = self.play.performer(self.options.performer).name
        self.write(f"Rehearsing {name} in {self.play.meta.title}: {len(lines)} lines ({mode_note})")
        self.write(HELP)
        index, scene = self._resume(lines), None
        self.voice.prepare([c.previous.speech for c in lines[index:] if c.previous and not c.previous.own]
                           + [c.speech for c in lines[index:]])
        while index < len(lines):
            line = lines[index]
            if line.scene.id != scene:
                scene = line.scene.id
                self.write(f"\n── {line.scene.title} ──")
            action = self._line(line, index, len(lines), pressed)
            if action == k.QUIT:
                return self._stop(line)
            index = self._next_scene(lines, index) if action == "s" else index + 1
            self.progress.done += 1
        self._finish()
        return self.progress

    def _resume(self, lines: list[LineCue]) -> int:
        """Where to start: the saved place, unless --from, --shuffle or nothing saved."""
        if self.state_file is None or self.options.start is not None or self.options.shuffle:
            return 0
        saved = state.load(self.state_file)
        start = saved.get("next")
        index = next((i for i, c in enumerate(lines) if isinstance(start, int) and c.speech.number >= start), None)
        if not index:
            return 0
        self.progress.prompted = [n for n in saved.get("prompted", []) if isinstance(n, int)]
        self.write(f"Resuming at #{lines[index].speech.number} (line {index + 1} of {len(lines)}); "
                   "--from 1 starts again from the top.")
        return index

    def _line(self, line: LineCue, index: int, total: int, pressed: Iterator[str]) -> str:
        heading = line_heading(SheetLine(line, _mine(self.play, line, self.options.performer)), self.play)
        self.write(f"\n[{index + 1}/{total}] {heading}")
        self._cue(line)
        self.write("  Your line… (Enter when done)")
        shown, revealed = PROMPT_START, False
        for key in pressed:
            if key in (k.ENTER, k.RIGHT):
                if not revealed:  # said it: now check it against the script
                    self.write(f"  Line: {display_text(line.speech)}")
                return k.ENTER
            if key in (k.QUIT, "s"):
                return key
            if key == "r":
                self._cue(line)
            elif key == "p":
                self._prompt(line, shown)
                shown += PROMPT_STEP
            elif key == "l":
                self._reveal(line)
                revealed = not self.options.memorise
        return k.QUIT

    def _cue(self, line: LineCue) -> None:
        parts = []
        if line.previous is not None:
            who = "(you)" if line.previous.own else speaker_label(self.play, line.previous.speech).upper() + ":"
            parts.append(f"{who} {line.previous.words}")
        elif line.opening:
            parts.append(line.opening)
        parts += [f"[{item_label(item)}]" for item in line.between]
        self.write("  Cue: " + "   ".join(parts))
        if line.previous is not None and not line.previous.own:
            self.voice.speech(line.previous.speech)

    def _prompt(self, line: LineCue, count: int) -> None:
        said = spoken_text(line.speech).split()
        shown = " ".join(said[:count])
        self.write(f"  Prompt: {shown}{'…' if count < len(said) else ''}")
        if line.speech.number not in self.progress.prompted:
            self.progress.prompted.append(line.speech.number)
        self.voice.words(shown, line.speech)

    def _reveal(self, line: LineCue) -> None:
        text = display_text(line.speech)
        self.write(f"  Line: {first_letters(text) if self.options.memorise else text}")
        if line.speech.number not in self.progress.prompted:
            self.progress.prompted.append(line.speech.number)
        self.voice.speech(line.speech)

    @staticmethod
    def _next_scene(lines: list[LineCue], index: int) -> int:
        scene = lines[index].scene.id
        while index < len(lines) and lines[index].scene.id == scene:
            index += 1
        return index

    def _stop(self, line: LineCue) -> Progress:
        if self.state_file is not None and not self.options.shuffle:
            state.save(self.state_file, line.speech.number, self.progress.prompted)
            self.write(f"\nStopped at #{line.speech.number}. Run the same command to carry on from here.")
        else:
            self.write(f"\nStopped at #{line.speech.number}.")
        return self.progress

    def _finish(self) -> None:
        if self.state_file is not None:
            state.clear(self.state_file)
        self.write(f"\nDone: {plural(self.progress.done, 'line')}.")
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
