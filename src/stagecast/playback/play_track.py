"""``stagecast play``: play a track item by item, showing each line as it is heard.

Command-line players cannot pause or seek, so the track is played one timeline item at a
time (each cut into a small WAV): pause stops the item and plays it again from its start on
resume; ←/→ go to the previous/next item. Without a player, the lines are printed in order.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cueing import DEFAULT_CUE_WORDS, cue_for
from ..labels import speaker_label
from ..model import Play, Speech
from ..rules import speech_key
from . import keys as k
from .players import Player

POLL_S = 0.05


@dataclass(frozen=True)
class Line:
    """One timeline item as shown: what to print, and where it is in the track."""

    kind: str
    text: str
    scene: str | None
    start_ms: int = 0
    end_ms: int = 0


def describe(play: Play, item: dict[str, Any], performer: str | None, speeches: dict[str, Speech],
             cue_words: int | None = None) -> str:
    """The line printed for a timeline item ("TATYANA: …", "YOUR LINE — cue: …", "[Sound S2: …]");
    ``cue_words``: a gap's cue quotes that many words (``--cue-words``), as the cue track says them."""
    kind = item["kind"]
    ident = item.get("id") or ""
    # a line read back in a learn/check track (<id>.read) or a cue cut short (<id>.cue) is its speech's
    speech = speeches.get(ident) or speeches.get(ident.rsplit(".", 1)[0] if ident.endswith((".read", ".cue")) else "")
    if kind == "speech" and speech is not None:
        return f"{speaker_label(play, speech).upper()}: {item['text']}"
    if kind == "gap" and speech is not None:
        cue = cue_for(play, speech, performer, cue_words or DEFAULT_CUE_WORDS)
        if cue.previous is None:
            before = cue.opening or ""
        elif cue.previous.own:
            before = "after your own line"
        else:
            before = f"after {speaker_label(play, cue.previous.speech).upper()}: {cue.previous.words}"
        return f">>> YOUR LINE #{speech.number} ({speaker_label(play, speech)}) — {before}"
    if kind == "tone":
        return ""
    return f"[{item['text']}]" if item.get("text") else ""


def lines_from_timeline(play: Play, timeline: dict[str, Any], performer: str | None,
                        cue_words: int | None = None) -> list[Line]:
    speeches = {speech_key(s): s for s in play.speeches()}
    out = []
    for item in timeline["items"]:
        text = describe(play, item, performer, speeches, cue_words)
        out.append(Line(item["kind"], text, item.get("scene"), item["start_ms"], item["end_ms"]))
    return out


def lines_from_plan(play: Play, performer: str | None, mode: str, scene: str | None,
                    cue_words: int | None = None) -> list[Line]:
    """The same lines without audio (text-only mode): from the plan, no synthesis needed."""
    from ..audio.plan import PlanOptions, plan_track

    speeches = {speech_key(s): s for s in play.speeches()}
    out = []
    for section in plan_track(play, PlanOptions(mode, performer, scene, False, False, cue_words)):  # type: ignore[arg-type]
        for item in section.items:
            data = {"id": item.id, "kind": item.kind, "text": item.text}
            out.append(Line(item.kind, describe(play, data, performer, speeches, cue_words), item.scene))
    return out


class Session:
    """Plays lines through ``player``, reacting to keys between and during items."""

    def __init__(self, play: Play, lines: list[Line], track: Path | None, player: Player | None,
                 write: Callable[[str], None], pressed: Iterator[str]):
        self.play, self.lines, self.track, self.player, self.write = play, lines, track, player, write
        self.keys: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(pressed,), daemon=True).start()
        self.scratch: Path | None = None

    def _read(self, pressed: Iterator[str]) -> None:
        for key in pressed:
            self.keys.put(key)

    def run(self) -> None:
        try:
            self._run()
        finally:
            if self.scratch is not None:
                shutil.rmtree(self.scratch, ignore_errors=True)

    def _run(self) -> None:
        index, scene = 0, None
        while 0 <= index < len(self.lines):
            line = self.lines[index]
            if line.scene != scene and line.scene is not None:
                scene = line.scene
                self.write(f"\n── {self.play.scene(scene).title} ──")
            if line.text:
                self.write(line.text)
            step = self._play(line, index) if self.player and self.track else 1
            if step is None:
                self.write("stopped")
                return
            index = max(0, index + step)

    def _play(self, line: Line, index: int) -> int | None:
        """Play one item; the step to the next item (1, -1, 0 to repeat), or None to quit."""
        from .spoken import wav_segment

        assert self.player is not None and self.track is not None
        if line.end_ms <= line.start_ms:
            return 1
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="stagecast-play-"))
        segment = wav_segment(self.track, line.start_ms, line.end_ms, self.scratch / f"{index:05d}.wav")
        self.player.start(segment)
        while True:
            try:
                key = self.keys.get(timeout=POLL_S)
            except queue.Empty:
                if not self.player.busy():
                    return 1
                continue
            if key in (k.QUIT, k.RIGHT, k.LEFT, k.SPACE):
                self.player.stop()
            if key == k.QUIT:
                return None
            if key == k.RIGHT:
                return 1
            if key == k.LEFT:
                return -1
            if key == k.SPACE:
                self.write("(paused: space to go on)")
                if self._wait_for(k.SPACE) is None:
                    return None
                return 0

    def _wait_for(self, wanted: str) -> str | None:
        while True:
            key = self.keys.get()
            if key == k.QUIT:
                return None
            if key == wanted:
                return key
