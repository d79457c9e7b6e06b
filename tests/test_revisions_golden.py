"""Golden diffs for single edits of the sample play, compared exactly.

Each test copies ``script/`` twice (``old`` and ``new``), makes one edit in ``new`` (see
tests/revision_edits.py) and runs ``stagecast diff old new`` — for everyone and for the
performers the edit concerns, including the one whose *cue* changed while their line did not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

from . import revision_edits as edits


@pytest.fixture
def edited(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make old/ and new/ in the (current) tmp folder, applying ``edit``s to new/."""
    monkeypatch.chdir(tmp_path)

    def make(*changes: Callable[[Path], None]) -> None:
        edits.copy_sample(sample_path, tmp_path / "old")
        new = edits.copy_sample(sample_path, tmp_path / "new")
        for change in changes:
            change(new)

    return make


def diff(*args: str) -> str:
    result = CliRunner().invoke(cli, ["diff", "old", "new", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


NOTHING = "Here.Almaty: what changed for {name} since old\nRoles: {roles}\n\nNothing changed for {name}: no line or cue of theirs.\n"


def test_reworded_line_is_changed_with_word_highlighting(edited) -> None:
    edited(edits.reword)
    assert diff() == """\
Here.Almaty: changes since old
Old: old
New: new
1 speech changed.

Prologue
--------
  changed #5:
    THE DIRECTOR: Tonight the actors will [-speak as-]{+become+} those people.
    (he points at the Interviewer) When this actor says "I", she means a woman
    from Siberia. When I say "I opened the door", it will not be my door. (he
    glances at the Wife) And when she talks about her partner, she will not
    mean me. (beat) Mostly.
"""
    assert diff("--performer", "Actor A") == """\
Here.Almaty: what changed for Actor A since old
Roles: The Director, The Mobilised Man

Prologue
--------
  #5 THE DIRECTOR: line changed.
    Line: Tonight the actors will [-speak as-]{+become+} those people. (he
          points at the Interviewer) When this actor says "I", she means a
          woman from Siberia. When I say "I opened the door", it will not be
          my door. (he glances at the Wife) And when she talks about her
          partner, she will not mean me. (beat) Mostly.
"""
    # The next speech's cue is the last eight words of #5, which did not change.
    assert diff("--performer", "Actor B") == NOTHING.format(name="Actor B", roles="The Director's Wife, Maria")


def test_moved_speech_is_moved_and_tells_everyone_whose_cue_moved(edited) -> None:
    edited(edits.move)
    assert diff() == """\
Here.Almaty: changes since old
Old: old
New: new
1 speech moved.

Prologue
--------
  moved #11 (was #8):
    THE DIRECTOR'S WIFE: There is tea at the interval. The kettle works. The
    socket, we are still negotiating with.
"""
    assert diff("-p", "actor-b") == """\
Here.Almaty: what changed for Actor B since old
Roles: The Director's Wife, Maria

Prologue
--------
  #11 THE DIRECTOR'S WIFE: line moved (was #8) and cue changed.
    Cue was: THE INTERVIEWER: …every time they thought it was only theirs.
    Cue now: THE INTERVIEWER: He practised all week. On the cleaners.
    Line: There is tea at the interval. The kettle works. The socket, we are
          still negotiating with.
"""
    assert diff("-p", "actor-a") == """\
Here.Almaty: what changed for Actor A since old
Roles: The Director, The Mobilised Man

Prologue
--------
  #8 THE DIRECTOR: cue changed.
    Cue was: THE DIRECTOR'S WIFE: …works. The socket, we are still negotiating
             with.
    Cue now: THE INTERVIEWER: …every time they thought it was only theirs.
    Line: Добрый вечер.
  #12 THE DIRECTOR: cue changed.
    Cue was: THE INTERVIEWER: He practised all week. On the cleaners.
    Cue now: THE DIRECTOR'S WIFE: …works. The socket, we are still negotiating
             with.
    Line: Our theatre is small. Our budget…
"""


def test_changed_sound_cue_is_news_to_the_performer_who_comes_in_after_it(edited) -> None:
    edited(edits.sound_label)
    assert diff() == """\
Here.Almaty: changes since old
Old: old
New: new
1 sound cue changed.

Tatyana
-------
  changed sound cue S2:
    Sound S2: A car engine {+coughing, then+} starting; tyres on a wet road,
    fading into the night
"""
    assert diff("-p", "Actor E") == """\
Here.Almaty: what changed for Actor E since old
Roles: Tatyana, The Interviewer

Tatyana
-------
  #19 TATYANA: cue changed.
    Cue: (you) …very good tablecloth. It has crossed a border.   [Sound S2: A
         car engine {+coughing, then+} starting; tyres on a wet road, fading
         into the night]
    Line: We drove south all night. We…
"""


def test_changed_preceding_line_is_a_changed_cue_for_the_next_speaker(edited) -> None:
    edited(edits.preceding_line)
    assert diff("-p", "Actor A") == """\
Here.Almaty: what changed for Actor A since old
Roles: The Director, The Mobilised Man

Prologue
--------
  #9 THE DIRECTOR: cue changed.
    Cue: THE DIRECTOR'S WIFE: …works. The socket[-, we are-] {+is+} still
         negotiating with {+us+}.
    Line: Добрый вечер.
"""
    assert diff("-p", "Actor B") == """\
Here.Almaty: what changed for Actor B since old
Roles: The Director's Wife, Maria

Prologue
--------
  #8 THE DIRECTOR'S WIFE: line changed.
    Line: There is tea at the interval. The kettle works. The socket[-, we
          are-] {+is+} still negotiating with {+us+}.
"""


def test_added_scene(edited) -> None:
    edited(edits.add_scene)
    assert diff() == """\
Here.Almaty: changes since old
Old: old
New: new
1 direction added, 1 speech added, 1 sound cue added, 1 new scene.

Epilogue (new scene)
--------------------
  added direction:
    [Enter The Director.]
  added #118:
    THE DIRECTOR: One more thing. The kettle still works.
  added sound cue S9:
    Sound S9: A kettle clicks off
"""
    assert diff("-p", "Actor A") == """\
Here.Almaty: what changed for Actor A since old
Roles: The Director, The Mobilised Man

Epilogue
--------
  #118 THE DIRECTOR: new line.
    Cue: scene opens   [Enter The Director.]
    Line: One more thing. The kettle still works.
"""


def test_recast_role_moves_its_lines_between_performers(edited) -> None:
    edited(edits.recast)
    assert diff() == """\
Here.Almaty: changes since old
Old: old
New: new
casting changed for 1 role.

Cast
  The Spectator: Actor D → Actor C
"""
    assert diff("-p", "Actor D") == """\
Here.Almaty: what changed for Actor D since old
Roles: The Man
- You no longer play The Spectator; Actor C does.

Afterwards
----------
  #109 THE SPECTATOR: no longer yours; Actor C plays it now.
    Line: Excuse me. Are you the director? Sorry. I'll be quick, they're
          running out of tea.
  #111 THE SPECTATOR: no longer yours; Actor C plays it now.
    Line: I'm going home. Next week. Back to Russia. I've got the ticket, I've
          packed. I even know what I'll say at the border. (beat) And I wanted
          to say thank you.
  #113 THE SPECTATOR: no longer yours; Actor C plays it now.
    Line: You've prepared me. For my own country. For what I'll hear at my
          parents' table, on the bus, in the queue at the post office. I heard
          it all tonight, in one room, in an hour. (beat) So I'm ready. More
          or less.
  #114 THE SPECTATOR: no longer yours; Actor C plays it now.
    Line: (simply; he means it) Спасибо. Я еду домой.
"""
    gained = diff("-p", "Actor C")
    assert gained.startswith("""\
Here.Almaty: what changed for Actor C since old
Roles: Artur, The Spectator
- You now also play The Spectator: #109, #111, #113, #114 are new to you.

Afterwards
----------
  #109 THE SPECTATOR: this line is now yours.
    Cue: THE DIRECTOR: …evenings, a man found me by the kettle.   [Sound S7:
""")
    # Their own earlier line is now their cue: the sheet says "(you)".
    assert """\
  #114 THE SPECTATOR: this line is now yours.
    Cue: (you) …an hour. So I'm ready. More or less.
    Line: (simply; he means it) Спасибо. Я еду домой.
""" in gained


def test_markdown_strikes_old_words_and_bolds_new_ones(edited) -> None:
    edited(edits.reword, edits.preceding_line)
    assert diff("-p", "Actor A", "--format", "md") == """\
# Here.Almaty: what changed for Actor A

*Since old. Roles: The Director, The Mobilised Man.*

## Prologue

**#5 THE DIRECTOR: line changed.**

*Line:* Tonight the actors will ~~speak as~~ **become** those people. (he points at the Interviewer) \
When this actor says "I", she means a woman from Siberia. When I say "I opened the door", it will not be my door. \
(he glances at the Wife) And when she talks about her partner, she will not mean me. (beat) Mostly.

**#9 THE DIRECTOR: cue changed.**

*Cue:* THE DIRECTOR'S WIFE: …works. The socket~~, we are~~ **is** still negotiating with **us**.

*Line:* Добрый вечер.
"""


def test_unchanged_play_says_so(edited) -> None:
    edited()
    assert diff() == "Here.Almaty: changes since old\nOld: old\nNew: new\nNo changes.\n"
    assert diff("-p", "Actor C") == NOTHING.format(name="Actor C", roles="Artur")
