"""Speech identity across versions: the alignment rules of stagecast.revisions.compare, on small plays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from stagecast import load_play
from stagecast.cli import cli
from stagecast.revisions.align import pair_similar
from stagecast.revisions.compare import SIMILAR, compare, similarity
from stagecast.revisions.words import word_ops

HEAD = """title: Two Rooms
roles:
  ann: Ann
  bob: Bob
performers:
  p1: {name: Pat, plays: [ann]}
  p2: {name: Sam, plays: [bob]}
scenes:
"""


def play(tmp_path: Path, name: str, scenes: str):
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD + scenes, encoding="utf-8")
    return load_play(path)


def scene(scene_id: str, *body: str, title: str | None = None) -> str:
    lines = [f"  - id: {scene_id}", f"    title: {title or scene_id.title()}", "    body:"]
    return "\n".join(lines + [f"      - {item}" for item in body]) + "\n"


def kinds(old, new) -> list[tuple[str, str, str]]:
    """(kind, what, scene) of every change."""
    revision = compare(old, new)
    return [(c.kind, c.what, (c.new_scene or c.old_scene).id) for c in revision.changes()]


A1 = 'ann: "I waited for the bus in the rain for an hour."'
B1 = 'bob: "Nobody waits for buses here."'
A2 = 'ann: "Then how do you get anywhere?"'


def test_a_reworded_line_is_changed_not_removed_and_added(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, B1, A2))
    new = play(tmp_path, "new", scene("one", 'ann: "I waited for the tram in the rain for an hour."', B1, A2))
    assert kinds(old, new) == [("changed", "speech", "one")]


def test_a_rewritten_line_below_the_threshold_is_removed_and_added(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, B1))
    rewritten = 'ann: "It rained. The bus never came."'
    new = play(tmp_path, "new", scene("one", rewritten, B1))
    assert similarity(old.speeches()[0], new.speeches()[0]) < SIMILAR
    assert kinds(old, new) == [("removed", "speech", "one"), ("added", "speech", "one")]


def test_a_stable_id_keeps_a_rewritten_line_the_same_speech(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1 + "\n        id: wait", B1))
    new = play(tmp_path, "new", scene("one", 'ann: "It rained. The bus never came."\n        id: wait', B1))
    assert kinds(old, new) == [("changed", "speech", "one")]


def test_a_line_with_an_id_can_move_to_another_scene_and_change(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1 + "\n        id: wait", B1) + scene("two", A2))
    new = play(tmp_path, "new", scene("one", B1) + scene("two", A2, 'ann: "Forty minutes."\n        id: wait'))
    revision = compare(old, new)
    (change,) = revision.changes()
    assert (change.kind, change.edited, change.old_scene.id, change.new_scene.id) == ("moved", True, "one", "two")


def test_an_identical_line_in_another_scene_has_moved(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, B1) + scene("two", A2))
    new = play(tmp_path, "new", scene("one", B1) + scene("two", A2, A1))
    revision = compare(old, new)
    (change,) = revision.changes()
    assert (change.kind, change.edited, change.old.number, change.new.number) == ("moved", False, 1, 3)


def test_swapped_lines_are_one_move(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, B1, A2))
    new = play(tmp_path, "new", scene("one", B1, A1, A2))
    assert kinds(old, new) == [("moved", "speech", "one")]


def test_the_same_words_given_to_another_role_are_the_same_speech_changed(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, B1))
    new = play(tmp_path, "new", scene("one", A1, B1.replace("bob:", "ann:")))
    assert kinds(old, new) == [("changed", "speech", "one")]
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]).stdout
    assert "[-BOB-]{+ANN+}: Nobody waits for buses here." in out


def test_delivery_and_cue_edits_are_changes(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", "sound: Rain on a tin roof\n        number: S1", A1))
    new = play(tmp_path, "new", scene("one", "sound: Heavy rain on a tin roof\n        number: S1",
                                      A1 + "\n        delivery: soaked"))
    assert kinds(old, new) == [("changed", "sound cue", "one"), ("changed", "speech", "one")]


def test_scenes_pair_by_id_then_by_title(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1, title="The Stop") + scene("two", B1))
    new = play(tmp_path, "new", scene("bus-stop", A1, title="The Stop") + scene("two", B1, title="Later"))
    revision = compare(old, new)
    assert [s.status for s in revision.scenes] == ["same", "changed"]
    assert revision.scenes[1].fields == (("title", "Two", "Later"),)


def test_cut_scene_reported_where_it_was_and_reordered_scene_moved(tmp_path: Path) -> None:
    old = play(tmp_path, "old", scene("one", A1) + scene("two", B1) + scene("three", A2))
    new = play(tmp_path, "new", scene("three", A2) + scene("one", A1))
    revision = compare(old, new)
    assert [(s.scene.id, s.status, s.moved) for s in revision.scenes] == [
        ("three", "changed", True), ("one", "same", False), ("two", "removed", False)]


def test_performer_is_told_about_a_cue_change_only(tmp_path: Path) -> None:
    play(tmp_path, "old", scene("one", A1, B1, A2))
    play(tmp_path, "new", scene("one", A1, 'bob: "Nobody here waits for buses, ever."', A2))
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-p", "Pat"]).stdout
    assert "#3 ANN: cue changed." in out
    assert "Cue: BOB: Nobody {+here+} waits for buses [-here-]{+, ever+}." in out


GROUPS = """title: Groups
roles:
  man: The Man
  maria: Maria
  boss: Big Boss
performers:
  a: {name: Actor A, plays: [man, boss]}
  b: {name: Actor B, plays: maria}
scenes:
  - id: one
    title: One
    body:
      - man, maria: "We came together."
      - speech: "Welcome to Almaty!"
        by: [man, maria, boss]
        label: ALL
"""


@pytest.mark.parametrize(("performer", "said"), [
    ("Actor A", ["Cut (was #1) THE MAN & MARIA: “We came together.”",
                 "#1 ALL (THE MAN & BIG BOSS): line changed and cue changed."]),
    ("Actor B", ["Cut (was #1) THE MAN & MARIA: “We came together.”",
                 "#1 ALL (MARIA): line changed and cue changed."]),
])
def test_a_performers_group_lines_are_named_as_on_their_cue_sheet(tmp_path: Path, performer: str,
                                                                  said: list[str]) -> None:
    # The one rule (labels.speaker_label), in capitals like every other diff line: a labelled group
    # line is its label with the performer's own roles in it; other groups are the names joined.
    (tmp_path / "old.yaml").write_text(GROUPS, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(GROUPS.replace('      - man, maria: "We came together."\n', "")
                                       .replace("Almaty!", "Almaty, friends!"), encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-p", performer])
    assert out.exit_code == 0
    assert [line.strip() for line in out.stdout.splitlines() if line.startswith("  ") and not line.startswith("    ")] \
        == said
    sheet = CliRunner().invoke(cli, ["cues", str(tmp_path / "new.yaml"), "-p", performer]).stdout
    assert f"{said[1].split(':')[0]}: Welcome to Almaty, friends!" in sheet


def test_a_cut_labelled_line_names_the_performers_own_roles(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(GROUPS, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(GROUPS.split("      - speech:")[0], encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-p", "Actor B"])
    assert "  Cut (was #2) ALL (MARIA): “Welcome to Almaty!”\n" in out.stdout


def test_json_lists_operations(tmp_path: Path) -> None:
    play(tmp_path, "old", scene("one", A1, B1, A2))
    play(tmp_path, "new", scene("one", 'ann: "I waited for the tram in the rain for an hour."', B1, A2))
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                                      "--format", "json", "-p", "p1"])
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["summary"] == "1 speech changed."
    (change,) = data["scenes"][0]["changes"]
    assert change["change"] == "changed" and change["new_number"] == 1
    assert {"op": "delete", "text": "bus"} in change["ops"] and {"op": "insert", "text": "tram"} in change["ops"]
    (line,) = data["performer"]["lines"]
    assert (line["status"], line["line_changed"], line["cue_changed"]) == ("changed", True, False)


@pytest.mark.parametrize(("args", "error"), [
    ([], "give OLD and NEW plays, or --since REV [PLAY]"),
    (["a"], "give OLD and NEW plays, or --since REV [PLAY]"),
    (["a", "b", "c"], "give OLD and NEW plays, or --since REV [PLAY]"),
    (["--since", "HEAD", "a", "b"], "with --since give one PLAY (default: script)"),
])
def test_diff_needs_old_and_new_or_since(args: list[str], error: str) -> None:
    result = CliRunner().invoke(cli, ["diff", *args], prog_name="stagecast")
    assert result.exit_code == 2
    assert result.stderr == ("Usage: stagecast diff [OPTIONS] [PLAYS]...\n"
                             "Try 'stagecast diff --help' for help.\n\n"
                             f"Error: {error}\n")


def test_errors_in_the_old_play_name_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(HEAD + scene("one", 'carl: "Hi"'), encoding="utf-8")
    play(tmp_path, "new", scene("one", A1))
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'old.yaml'}:12:9: error: unknown role 'carl' (roles: ann, bob)\n" \
                            "1 error found\n"


_words = st.lists(st.sampled_from(["a", "bb", "за́мок", "rain,", "the", "(beat)", "—", "O'Neil", "end."]), max_size=12)


@given(_words, _words)
def test_word_ops_rebuild_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    ops = word_ops(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new


@given(st.lists(st.integers(0, 5), max_size=8), st.lists(st.integers(0, 5), max_size=8))
def test_pairing_never_crosses_and_covers_everything(a: list[int], b: list[int]) -> None:
    pairs = pair_similar(a, b, lambda x, y: 1.0 if x == y else None)
    assert sorted(i for i, _ in pairs if i is not None) == list(range(len(a)))
    assert sorted(j for _, j in pairs if j is not None) == list(range(len(b)))
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    assert all(a[i] == b[j] for i, j in matched)
    assert [j for _, j in sorted(matched)] == sorted(j for _, j in matched)


def test_scenes_renumbered_after_a_cut_pair_with_their_own_text(tmp_path: Path) -> None:
    taxi = 'bob: "By taxi, obviously, like everybody else."'
    old = play(tmp_path, "old", scene("s1", A1, B1, title="Morning") + scene("s2", A2, taxi, title="Evening"))
    new = play(tmp_path, "new", scene("s1", A2, taxi, title="Evening"))
    revision = compare(old, new)
    assert [(s.old.id if s.old else None, s.new.id if s.new else None, s.status) for s in revision.scenes] == [
        ("s1", None, "removed"), ("s2", "s1", "same")]


def test_json_names_the_scene_a_speech_moved_from(tmp_path: Path) -> None:
    play(tmp_path, "old", scene("one", A1, B1) + scene("two", A2))
    play(tmp_path, "new", scene("one", B1) + scene("two", A2, A1))
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", "json"])
    changes = [c for s in json.loads(result.stdout)["scenes"] for c in s["changes"]]
    assert [(c["change"], c.get("from_scene"), c["old_number"], c["new_number"]) for c in changes] == [
        ("moved", "one", 1, 3)]


def test_a_line_whose_language_alone_changed_says_so(tmp_path: Path) -> None:
    from stagecast.revisions.diff_formats import render_text

    old = play(tmp_path, "old", scene("one", A1 + "\n        lang: kk", B1))
    new = play(tmp_path, "new", scene("one", A1, B1))
    assert kinds(old, new) == [("changed", "speech", "one")]
    assert "(lang: [-kk-]{+the role’s+})" in " ".join(render_text(compare(old, new)).split())
