"""``stagecast record``: each of a performer's lines in turn — hear the cue, record the line,
listen, redo or keep — starting at the first line they have not recorded yet.

Like ``rehearse`` (:mod:`stagecast.playback.rehearsal`) it is plain logic over injected pieces:
a :class:`~stagecast.playback.rehearsal.Voice` for the cues, a source of sound (the microphone,
or a file in tests: :mod:`.sources`), keys, a ``write`` function and a ``keep`` function that
saves a take. The takes themselves are the progress: nothing else is saved between runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..cueing import LineCue, cues_for
from ..cuesheets.sheet import SheetLine, item_label
from ..cuesheets.sheet_text import line_heading
from ..errors import UsageError
from ..labels import speaker_label
from ..model import Play, Speech
from ..playback import keys as k
from ..playback.players import Player
from ..playback.rehearsal import Voice
from ..reports.summary import plural
from ..takes.matching import match_takes
from ..takes.status import performer_status
from ..takes.takes_yaml import Take, load_takes
from ..text import display_text
from .capture import Recording, record
from .sources import Source

HELP = "Keys: Enter record · c hear the cue again · s skip the line · q quit"
AFTER = "  Enter keep · l listen · r redo · q quit without keeping"
KEPT, SKIP = "kept", "s"


class Keys(Protocol):
    def get(self, timeout: float | None = None) -> str | None: ...


@dataclass
class Options:
    performer: str
    """A performer id."""
    scene: str | None = None
    start: int | None = None
    """``--from N``: every line from speech N on, recorded or not (to record them again)."""
    silence: float = 2.0


def lines_to_record(play: Play, options: Options) -> tuple[list[LineCue], int]:
    """The performer's lines this session goes through, and how many of their lines (in the
    scene asked for) already have a current take of theirs."""
    lines = [c for c in cues_for(play, options.performer)
             if options.scene is None or c.scene.id == options.scene]
    status = performer_status(play, match_takes(play, load_takes(play.root)), options.performer)
    recorded = {id(s.speech) for s in status.lines if s.state == "recorded"}
    done = sum(1 for c in lines if id(c.speech) in recorded)
    if options.start is not None:
        return [c for c in lines if c.speech.number >= options.start], done
    return [c for c in lines if id(c.speech) not in recorded], done


class RecordSession:
    """One run of ``stagecast record``."""

    def __init__(self, play: Play, options: Options, voice: Voice, player: Player | None, source: Source,
                 keys: Keys, write: Callable[[str], None], keep: Callable[[Speech, bytes], Take]):
        self.play, self.options, self.voice, self.player = play, options, voice, player
        self.source, self.keys, self.write, self.keep = source, keys, write, keep
        self.kept = 0

    def run(self, mode_note: str) -> int:
        """Go through the lines; returns how many takes were kept."""
        lines, done = lines_to_record(self.play, self.options)
        name = self.play.performer(self.options.performer).name
        self.write(f"Recording {name} in {self.play.meta.title}: {plural(len(lines), 'line')} to record, "
                   f"{done} recorded already ({mode_note})")
        self.write(f"Recording from {self.source.name}. {HELP}")
        if not lines and done:
            self.write("Every line of yours here is recorded; --from N records from speech N again.")
        elif done and self.options.start is None:
            self.write(f"Starting at #{lines[0].speech.number}, your first line not recorded yet "
                       "(--from N records from speech N again).")
        self.voice.prepare([c.previous.speech for c in lines if c.previous and not c.previous.own])
        scene = None
        for index, line in enumerate(lines):
            if line.scene.id != scene:
                scene = line.scene.id
                self.write(f"\n── {line.scene.title} ──")
            if self._line(line, index, len(lines)) == k.QUIT:
                self.write(f"\nStopped at #{line.speech.number}; {plural(self.kept, 'take')} kept. Run the same "
                           "command to carry on: it starts at your first line not recorded yet.")
                return self.kept
        self.write(f"\nDone: {plural(self.kept, 'take')} kept.")
        return self.kept

    def _line(self, line: LineCue, index: int, total: int) -> str:
        mine = tuple(r for r in line.speech.speakers if r in self.play.roles_in(self.options.performer, line.scene.id))
        self.write(f"\n[{index + 1}/{total}] {line_heading(SheetLine(line, mine), self.play)}")
        self._cue(line)
        self.write(f"  Line: {display_text(line.speech)}")
        self.write("  Enter record · c cue · s skip · q quit")
        while True:
            key = self.keys.get()
            if key in (k.QUIT, SKIP):
                return key
            if key == "c":
                self._cue(line)
            elif key in (k.ENTER, k.RIGHT):
                outcome = self._take(line.speech)
                if outcome in (KEPT, k.QUIT, SKIP):
                    return outcome

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

    def _take(self, speech: Speech) -> str:
        """Record until it is kept (``kept``), or the performer quits or skips."""
        while True:
            if self.source.live:
                stop = f" (or {self.options.silence:g} s of silence)" if self.options.silence else ""
                self.write(f"  ● Recording… Enter to stop{stop}")
            else:
                self.write(f"  ● Recording from {self.source.name}…")
            take = record(self.source, lambda: self.keys.get(0), self.options.silence)
            if take.ended == "quit":
                return k.QUIT
            outcome = self._review(speech, take)
            if outcome != "r":
                return outcome

    def _review(self, speech: Speech, take: Recording) -> str:
        """Listen, redo (``r``), keep (``kept``), skip or quit."""
        how = {"silence": ", stopped at a silence", "limit": ", the longest a take may be"}.get(take.ended, "")
        if not take.heard():
            self.write(f"  Heard nothing in {take.seconds:.1f} s: is the microphone on?")
        self.write(f"  Recorded {take.seconds:.1f} s{how}.")
        self.write(AFTER)
        while True:
            key = self.keys.get()
            if key in ("r", k.QUIT, SKIP):
                return key
            if key == "l":
                self._listen(take)
            elif key in (k.ENTER, k.RIGHT, "k"):
                try:
                    kept = self.keep(speech, take.wav())
                except UsageError as exc:  # only silence: say so, and record again
                    self.write(f"  Not kept: {exc.message}. r redo · s skip · q quit")
                    continue
                self.kept += 1
                self.write(f"  Kept: takes/{kept.file}")
                return KEPT

    def _listen(self, take: Recording) -> None:
        if self.player is None:
            self.write("  (no player here to listen with: --player NAME, or listen to the take later)")
            return
        with tempfile.TemporaryDirectory(prefix="stagecast-record-") as folder:
            path = Path(folder) / "take.wav"
            path.write_bytes(take.wav())
            self.player.play(path)
