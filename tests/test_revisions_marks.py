"""Revision marks on cue sheets: ``stagecast cues --since REV|PATH`` (txt, md, html)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

from . import revision_edits as edits


@pytest.fixture
def versions(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return edits.reworded_pair(sample_path, tmp_path)


def cues(*args: str) -> str:
    result = CliRunner().invoke(cli, ["cues", "new", "--since", "old", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_text_sheet_says_revised_lists_changes_and_marks_the_margin(versions: Path) -> None:
    sheet = cues("--performer", "Actor A")
    assert sheet.startswith("""\
Here.Almaty
Cue sheet: Actor A
Revised old
Roles: The Director, The Mobilised Man
Scenes: Prologue; The Mobilised Man; Afterwards
Speeches: 30
Words: 916
(Cues give the last 8 words before each line.)

Changed since old:
  - #5 THE DIRECTOR: line changed.
  - #9 THE DIRECTOR: cue changed.
(* in the margin marks a changed line or cue.)

PART ONE
""")
    assert """
  Cue: THE INTERVIEWER: …bus stop. We wrote down what they said.
* #5 THE DIRECTOR: Tonight the actors will become those people. (he points at
    the Interviewer) When this actor says “I”, she means a woman from Siberia.
""" in sheet
    assert """
* Cue: THE DIRECTOR’S WIFE: …works. The socket is still negotiating with us.
  #9 THE DIRECTOR: Добрый вечер.
""" in sheet
    assert len(re.findall(r"^\* ", sheet, re.M)) == 2


def test_markdown_and_html_sheets_carry_visible_marks(versions: Path) -> None:
    md = cues("-p", "actor-a", "--format", "md")
    assert "**Revised old**  \n" in md and "## Changed since old\n\n- #5 THE DIRECTOR: line changed.\n" in md
    assert "\n\\* **#5 THE DIRECTOR:** Tonight the actors will become" in md
    assert "\n> \\* **Cue:** THE DIRECTOR’S WIFE: …works. The socket is still negotiating with us.\n\n**#9 " in md
    page = cues("-p", "actor-a", "--format", "html")
    assert '<p class="revised-label"><strong>Revised old</strong></p>' in page
    assert '<p class="line revised" id="s5"><span class="mark" title="Changed since old">*</span>' in page
    assert re.search(r'<p class="cue revised"><span class="mark"[^>]*>\*</span><strong>Cue:</strong> '
                     r'<span class="speech">THE DIRECTOR’S WIFE: …works\. The socket is still negotiating with us\.'
                     r'</span></p>\n<p class="line" id="s9">', page)
    assert page.count('class="mark"') == 2


def test_every_performer_gets_their_own_changes(versions: Path) -> None:
    CliRunner().invoke(cli, ["cues", "new", "--all", "--since", "old", "-o", "sheets"], catch_exceptions=False)
    actor_b = (versions / "sheets" / "actor-b.txt").read_text(encoding="utf-8")
    assert "Changed since old:\n  - #8 THE DIRECTOR'S WIFE: line changed.\n" in actor_b
    actor_c = (versions / "sheets" / "actor-c.txt").read_text(encoding="utf-8")
    assert "Changed since old:\n  - Nothing changed.\n" in actor_c and "\n* " not in actor_c


def test_cut_lines_are_listed_since_they_cannot_be_marked(versions: Path) -> None:
    edits.replace_once(versions / "new" / edits.PROLOGUE, '  - director: "Добрый вечер."\n    lang: ru\n', "")
    sheet = cues("-p", "Actor A")
    assert "  - Cut (was #9) THE DIRECTOR: “Добрый вечер.”\n" in sheet
    assert "  - #9 THE DIRECTOR: cue changed.\n" in sheet  # the next line (was #10) now follows the Wife
