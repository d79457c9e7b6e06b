"""Issue 20, bad input: a speech whose declared language is written in a script its text has no
letter of is a located warning; a mixed line and direction marks typed by the user are kept."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli

PLAY = """\
title: Mismatch
roles:
  noa: {name: Noa, lang: he}
  ivan: Ivan
performers:
  a: {name: A, plays: [noa]}
  b: {name: B, plays: [ivan]}
scenes:
  - id: one
    body:
      - noa: "Привет, как дела?"
      - ivan: "שלום"
        lang: ru
      - noa: "The form says שם משפחה, so I wrote Cohen."
      - ivan: "Хорошо \u200f[he: שלום]\u200f."
        lang: ru
"""


def test_a_language_its_text_has_no_letter_of_is_a_located_warning(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text(PLAY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(play), "--strict"])
    assert result.exit_code == 3
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{play}:11:9: warning: speech 1 is in 'he' (from role 'noa'), written in Hebrew, but its letters are "
        "Cyrillic; correct its lang:",
        f"{play}:12:9: warning: speech 2 is in 'ru', written in Cyrillic, but its letters are Hebrew; correct its "
        "lang:"]


def test_direction_marks_the_user_typed_stay_in_the_play(tmp_path: Path) -> None:
    play = tmp_path / "play.yaml"
    play.write_text(PLAY, encoding="utf-8")
    texts = ["".join(getattr(p, "text", "") for p in s.parts) for s in load_play(play).speeches()]
    assert texts[3] == "Хорошо \u200fשלום\u200f."
