"""``stagecast play``: text-only order, a fake player on a fake PATH, and key handling."""

from __future__ import annotations

import json
import stat
import threading
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.playback.play_track import Line, Session
from tests.two_voices import DOOR, two_voices

TINY = two_voices("Two Voices", [*DOOR, ("ann", "Then come in.")])
ESPEAK = "engine: espeak\n"
"""These tests are about playing, not voices: eSpeak NG, the fastest engine, whatever else is installed."""


def test_no_sound_prints_lines_in_timeline_order(sample_path: Path) -> None:
    result = CliRunner().invoke(cli, ["play", str(sample_path), "-p", "Actor D", "--scene", "couple", "--no-sound"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["(text only: --no-sound)", "", "── The Couple ──"]
    maria = lines.index("MARIA: In a game.")
    assert lines[maria + 1] == ">>> YOUR LINE #63 (The Man) — after MARIA: In a game."
    assert lines[maria + 2] == "MARIA: He killed me."


def test_fake_player_gets_every_item_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    play = tmp_path / "play.yaml"
    play.write_text(TINY, encoding="utf-8")
    (tmp_path / "voices.yaml").write_text(ESPEAK, encoding="utf-8")
    log = tmp_path / "played"
    log.mkdir()
    fake = tmp_path / "bin" / "fakeplay"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncp "$1" "{log}/$(ls {log} | wc -l).wav"\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["play", str(play), "-p", "Actor B", "--player", str(fake)], input="")
    assert result.exit_code == 0, result.output
    assert ">>> YOUR LINE #2 (Bob) — after ANN: Is anyone there?" in result.stdout
    timeline = json.loads(next((tmp_path / "cache").rglob("*.timeline.json")).read_text(encoding="utf-8"))
    expected = [i for i in timeline["items"] if i["end_ms"] > i["start_ms"]]
    played = sorted(log.iterdir(), key=lambda p: int(p.stem))
    assert len(played) == len(expected)
    for path, item in zip(played, expected, strict=True):
        with wave.open(str(path)) as clip:
            ms = clip.getnframes() * 1000 / clip.getframerate()
        assert abs(ms - (item["end_ms"] - item["start_ms"])) <= 1


class FakePlayer:
    name = "fake"

    def __init__(self) -> None:
        self.started: list[str] = []
        self.playing = False
        self.event = threading.Event()

    def start(self, wav: Path) -> None:
        self.started.append(wav.name)
        self.playing = True
        self.event.set()

    def busy(self) -> bool:
        return self.playing

    def stop(self) -> None:
        self.playing = False


def test_keys_skip_back_pause_and_quit(tmp_path: Path) -> None:
    track = tmp_path / "t.wav"
    with wave.open(str(track), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * 3)
    lines = [Line("speech", f"LINE {n}", "door", n * 1000, n * 1000 + 1000) for n in range(3)]
    player = FakePlayer()

    def pressed():
        for after_start, key in [(True, "right"), (True, "left"), (True, "space"), (False, "space"), (True, "q")]:
            if after_start:
                assert player.event.wait(5)
                player.event.clear()
            yield key

    shown: list[str] = []
    play = load_play(_tiny(tmp_path))
    Session(play, lines, track, player, shown.append, pressed()).run()  # type: ignore[arg-type]
    assert player.started == ["00000.wav", "00001.wav", "00000.wav", "00000.wav"]
    assert shown == ["\n── The door ──", "LINE 0", "LINE 1", "LINE 0", "(paused: space to go on)", "LINE 0",
                     "stopped"]


def _tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    (tmp_path / "voices.yaml").write_text(ESPEAK, encoding="utf-8")
    return path


def test_rehearse_with_sound_speaks_cue_prompt_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "played.txt"
    fake = tmp_path / "fakeplay"
    fake.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STAGECAST_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(cli, ["rehearse", str(_tiny(tmp_path)), "-p", "Actor B", "--player", str(fake)],
                                input="p\nl\n\n")
    assert result.exit_code == 0, result.output
    assert "(with sound through fakeplay)" in result.stdout
    played = log.read_text(encoding="utf-8").split()
    assert len(played) == 3  # Ann's cue, the prompt "Only me.", the whole line
    assert all(Path(p).is_file() and p.endswith(".wav") for p in played)
    assert played[1] != played[0]


def test_pause_skip_back_through_a_fake_player_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import sys
    import time

    import pexpect

    log = tmp_path / "played"
    log.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "fakeplay"
    # Logs each segment it is asked to play, then "plays" it for a long time (until stopped).
    fake.write_text(f'#!/bin/sh\ncp "$1" "{log}/$(ls {log} | wc -l).wav"\nexec sleep 30\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "STAGECAST_CACHE_DIR": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    child = pexpect.spawn(sys.executable, ["-m", "stagecast", "play", str(_tiny(tmp_path)), "--player", "fakeplay"],
                          env=env, encoding="utf-8", timeout=30)

    def played(count: int) -> None:
        deadline = time.monotonic() + 20
        while len(list(log.iterdir())) < count:
            assert time.monotonic() < deadline, f"player never got segment {count}"
            time.sleep(0.05)

    child.expect_exact("ANN: Is anyone there?")
    played(1)
    child.send("\x1b[C")  # → next line
    child.expect_exact("BOB: Only me.")
    played(2)
    child.send("\x1b[D")  # ← back
    child.expect_exact("ANN: Is anyone there?")
    played(3)
    child.send(" ")  # pause, then resume: the line plays again from its start
    child.expect_exact("(paused: space to go on)")
    child.send(" ")
    played(4)
    child.send("q")
    child.expect_exact("stopped")
    child.expect(pexpect.EOF)
    timeline = json.loads(next((tmp_path / "cache").rglob("*.timeline.json")).read_text(encoding="utf-8"))
    speeches = [i for i in timeline["items"] if i["kind"] == "speech"]
    lengths = []
    for path in sorted(log.iterdir(), key=lambda p: int(p.stem)):
        with wave.open(str(path)) as clip:
            lengths.append(round(clip.getnframes() * 1000 / clip.getframerate()))
    first, second = (s["end_ms"] - s["start_ms"] for s in speeches[:2])
    assert all(abs(a - b) <= 1 for a, b in zip(lengths, [first, second, first, first], strict=True))
