"""``stagecast build --watch``: the company's folder follows the script as it is edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.audio_support import write_play
from tests.watch_support import Watcher, replace_in


@pytest.fixture
def play(tmp_path: Path, sample_path: Path) -> Path:
    shutil.copytree(sample_path, tmp_path / "script")
    shutil.copy(sample_path.parent / "voices.yaml", tmp_path / "voices.yaml")
    return tmp_path / "script"


def test_an_edit_remakes_what_depends_on_it_and_the_page_shows_it(play, tmp_path):
    out = tmp_path / "build"
    watcher = Watcher("build", str(play), "-o", str(out), "--no-audio", env={})
    try:
        first = watcher.until("done in")
        assert any(line.startswith("Built 14 outputs (0 up to date)") for line in first), first
        sheet = (out / "performers" / "actor-e" / "cue-sheet.md").read_bytes()
        replace_in(play / "scenes" / "01-prologue.yaml", "You found us.", "You found us at last.")
        second = watcher.until("done in")
        assert second[0].endswith("01-prologue.yaml changed")
        assert any(line.startswith("Built ") and "up to date" in line for line in second), second
        assert "You found us at last." in (out / "index.html").read_text(encoding="utf-8")
        assert "You found us at last." in (out / "performers" / "actor-a" / "cue-sheet.md").read_text(encoding="utf-8")
        assert (out / "performers" / "actor-e" / "cue-sheet.md").read_bytes() == sheet
        assert watcher.stop() == 0
    finally:
        watcher.kill()


def test_voices_yaml_next_to_the_play_is_watched_and_its_mistakes_reported(play, tmp_path):
    out = tmp_path / "build"
    watcher = Watcher("build", str(play), "-o", str(out), "--no-audio", env={})
    try:
        watcher.until("done in")
        voices = tmp_path / "voices.yaml"
        voices.write_text(voices.read_text(encoding="utf-8") + "roles: {}\n", encoding="utf-8")
        broken = watcher.until("watching for a fix")
        assert any(line.startswith(f"{voices}:") and "duplicate key 'roles'" in line for line in broken), broken
        assert broken[-1] == "nothing was written; watching for a fix: save to try again (Ctrl-C to stop)"
        assert watcher.stop() == 1  # left with the play in error: the exit code says so
    finally:
        watcher.kill()


def test_with_audio_an_edit_reaches_the_tracks(tmp_path):
    play = write_play(tmp_path / "play")
    out = tmp_path / "build"
    watcher = Watcher("build", str(play), "-o", str(out), "--audio-format", "wav",
                      env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    try:
        watcher.until("done in")
        replace_in(play / "play.yaml", "Then we walk faster.", "Then we walk faster still.")
        second = watcher.until("done in")
        assert not any(line.startswith("building ") for line in second)  # one line per save, not one per output
        assert any(line.startswith("Built 11 outputs (0 up to date): script PDF,") for line in second), second
        timeline = json.loads((out / "audio" / "read-through.timeline.json").read_text(encoding="utf-8"))
        assert "Then we walk faster still." in [item["text"] for item in timeline["items"]]
        assert watcher.stop() == 0
    finally:
        watcher.kill()
