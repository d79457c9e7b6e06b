"""Finding an audio player at run time."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from stagecast.playback import players


def _fake(bin_dir: Path, name: str) -> Path:
    path = bin_dir / name
    path.write_text("#!/bin/sh\necho \"$@\" >> \"$PLAYER_LOG\"\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_detects_players_in_preference_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(tmp_path, "aplay")
    _fake(tmp_path, "paplay")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(players, "has_audio_device", lambda: True)
    found = players.available()
    assert found[:2] == ["paplay", "aplay"]
    assert players.detect().name == "paplay"


def test_no_device_means_text_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(tmp_path, "aplay")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(players, "has_audio_device", lambda: False)
    assert players.detect() is None


def test_explicit_player_is_trusted_and_plays_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake(tmp_path, "myplayer")
    log = tmp_path / "log"
    monkeypatch.setenv("PLAYER_LOG", str(log))
    player = players.detect(str(fake))
    player.play(tmp_path / "clip.wav")
    assert log.read_text(encoding="utf-8") == f"{tmp_path / 'clip.wav'}\n"


def test_nothing_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(players, "has_audio_device", lambda: True)
    monkeypatch.setattr(players, "LIBRARIES", ())
    assert players.detect() is None
    assert os.environ["PATH"] == str(tmp_path)


@pytest.mark.parametrize("command", ["rehearse", "play"])
def test_a_player_asked_for_by_name_and_not_installed_is_said_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      sample_path: Path, command: str) -> None:
    """Not "with sound through mpv" and then silence (rehearse), or a failure mid-scene (play)."""
    from click.testing import CliRunner

    from stagecast.cli import cli

    _fake(tmp_path, "aplay")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(players, "LIBRARIES", ())
    result = CliRunner().invoke(cli, [command, str(sample_path), "-p", "Actor C", "--player", "mpv"], input="q\n")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == "error: audio player 'mpv' not found\nhint: players found here: aplay; or --no-sound for text only\n"
