"""Two rehearsal outputs that lagged behind the terminal (issue 22, items 2 and 3): a first-letters
cue sheet hides a monologue's own cue as `rehearse` does, and `play` takes --cue-words."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.cueing import cue_for
from stagecast.playback.rehearsal import cue_shown


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "pdf"])
def test_first_letters_sheet_hides_the_performers_own_previous_line(fmt: str, sample_path: Path,
                                                                      tmp_path: Path) -> None:
    """Artur's #43 comes after his own #42: the cue must not print #42 in full."""
    out = tmp_path / f"sheet.{fmt}"
    result = _run("cues", str(sample_path), "-p", "Actor C", "--first-letters", "-o", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "pdf":
        with pdfplumber.open(io.BytesIO(out.read_bytes())) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    else:
        text = out.read_text(encoding="utf-8")
    assert "Менің атым Артур" not in text  # #42 in full: the cue of #43, before
    assert "I'm used to it." not in text  # #43's end, the cue of #44
    assert "(you) С б! М а А." in " ".join(text.split())


def test_the_sheet_and_the_terminal_share_the_rule(sample_path: Path) -> None:
    play = load_play(sample_path)
    speech = next(s for s in play.speeches() if s.number == 44)
    shown = cue_shown(play, cue_for(play, speech, "actor-c"), hide_own=True)
    assert shown == "  Cue: (you) …i t e a; I u t i."
    sheet = _run("cues", str(sample_path), "-p", "Actor C", "--first-letters").stdout
    assert f"{shown}\n  #44 ARTUR" in sheet


def test_first_letters_keeps_other_speakers_cues_whole(sample_path: Path) -> None:
    """Someone else's line stays whole in the cue: it is what the performer listens for."""
    sheet = _run("cues", str(sample_path), "-p", "Actor D", "--first-letters").stdout
    assert "Cue: MARIA: In a game." in sheet


def test_play_takes_cue_words_for_a_cue_track(sample_path: Path) -> None:
    result = _run("play", str(sample_path), "-p", "Actor A", "--mode", "cues", "--cue-words", "3", "--no-sound")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    said = lines.index("THE INTERVIEWER: what they said.")  # the cue, cut to its last 3 words
    assert lines[said + 1] == ">>> YOUR LINE #5 (The Director) — after THE INTERVIEWER: …what they said."
    whole = _run("play", str(sample_path), "-p", "Actor A", "--mode", "cues", "--no-sound").stdout
    assert "THE INTERVIEWER: what they said." not in whole


def test_play_cue_words_needs_a_cue_track(sample_path: Path) -> None:
    result = _run("play", str(sample_path), "-p", "Actor A", "--cue-words", "3", "--no-sound")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --cue-words N (1 or more) shortens the cues of a cue track: "
                                  "use it with --mode cues\n")
    assert result.stdout == ""


TINY = """\
title: Tiny
roles:
  ann: {name: Ann}
  bob: {name: Bob}
performers:
  a: {name: Actor A, plays: [ann]}
  b: {name: Actor B, plays: [bob]}
scenes:
  - id: one
    title: One
    body:
      - ann: "Is anyone there at all tonight?"
      - bob: "Only me."
"""


def test_play_cue_words_reaches_the_rendered_track(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a player, the track is rendered with the cues cut, and the lines printed say so."""
    play = tmp_path / "play.yaml"
    play.write_text(TINY, encoding="utf-8")
    (tmp_path / "voices.yaml").write_text("engine: espeak\n", encoding="utf-8")
    fake = tmp_path / "bin" / "fakeplay"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["play", str(play), "-p", "Actor B", "--mode", "cues", "--cue-words", "2",
                                      "--player", str(fake)], input="")
    assert result.exit_code == 0, result.output
    assert "ANN: tonight?" not in result.stdout
    assert "ANN: all tonight?" in result.stdout
    assert ">>> YOUR LINE #2 (Bob) — after ANN: …all tonight?" in result.stdout
    timeline = json.loads(next((tmp_path / "cache").rglob("*.timeline.json")).read_text(encoding="utf-8"))
    assert [i["text"] for i in timeline["items"] if i["id"].endswith(".cue")] == ["all tonight?"]
