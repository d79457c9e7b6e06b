"""Casting as companies cast (issue 18, items 1–3): a role played in some scenes only, named
alternate casts (``--cast``), and the doubling a director means (``intended:``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.cueing import cues_for
from stagecast.cuesheets.sheet import SheetLine, cue_sheet
from stagecast.model import Cast, Meta, Part, Performer, Play, Recast, Role, Scene, Speech, Text
from stagecast.rules import conflicts, number_speeches

PLAY = """\
title: Trains
roles:
  olena: Olena
  boy: The Boy
  guard: The Guard
performers:
  actor-a: {name: Actor A, plays: [olena]}
  actor-b: {name: Actor B, plays: [guard, {role: boy, scenes: [platform]}]}
  actor-c: {name: Actor C, plays: [{role: boy, scenes: [carriage]}]}
  actor-d: {name: Actor D, plays: []}
casts:
  understudy: {olena: actor-d}
scenes:
  - id: platform
    title: The platform
    body:
      - boy: Coming.
      - olena: Where is the train?
  - id: carriage
    title: The carriage
    body:
      - guard: Tickets!
      - boy: Here.
      - olena: Thank you.
"""


def _play(tmp_path: Path, text: str = PLAY) -> Path:
    folder = tmp_path / "trains"
    folder.mkdir()
    (folder / "play.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# -- the property: every speech on exactly the sheets of those who say it --------------------
@st.composite
def cast_plays(draw: st.DrawFn) -> tuple[Play, dict[tuple[str, str], set[str]]]:
    """A play with any casting — roles in every scene or in some, an alternate cast taking some
    roles in some scenes — seen as the drawn cast, and, worked out here on its own, who plays
    each (role, scene) in it."""
    roles = draw(st.lists(st.sampled_from(["ann", "bob", "cid", "dee"]), min_size=1, max_size=4, unique=True))
    scenes = [f"s{n}" for n in range(draw(st.integers(1, 3)))]
    people = [f"p{n}" for n in range(draw(st.integers(1, 3)))]
    who: dict[tuple[str, str], set[str]] = {(r, s): set() for r in roles for s in scenes}
    performers = []
    for person in people:
        played, parts = [], []
        for role in roles:
            mode = draw(st.sampled_from(["none", "all", "some"]))
            some = draw(st.lists(st.sampled_from(scenes), min_size=1, unique=True))
            if mode != "none":
                played.append(role)
            if mode == "some":
                parts.append(Part(role, tuple(some)))
            for scene in (scenes if mode == "all" else some if mode == "some" else []):
                who[role, scene].add(person)
        performers.append(Performer(person, person.upper(), tuple(played), parts=tuple(parts)))
    lines = [Recast(role, draw(st.sampled_from(people)), draw(st.none() | st.lists(st.sampled_from(scenes),
                                                                                  min_size=1, unique=True).map(tuple)))
             for role in draw(st.lists(st.sampled_from(roles), unique=True))]
    for role in roles:
        mine = [line for line in lines if line.role == role]
        for scene in scenes:
            taking = {line.performer for line in mine if line.scenes is None or scene in line.scenes}
            if taking:
                who[role, scene] = taking
    body = st.lists(st.lists(st.sampled_from(roles), min_size=1, max_size=2, unique=True), min_size=1, max_size=5)
    sequence = [Scene(s, s, tuple(Speech(tuple(speakers), (Text(f"line {n}"),)) for n, speakers in
                                  enumerate(draw(body)))) for s in scenes]
    play = Play(Meta("Generated"), tuple(Role(r, r.title()) for r in roles), tuple(performers),
                number_speeches(sequence), casts=(Cast("alt", tuple(lines)),))
    return play.with_cast("alt"), who


@settings(max_examples=150, deadline=None)
@given(drawn=cast_plays())
def test_each_speech_is_on_exactly_the_sheets_of_who_plays_its_speaker_in_its_scene_and_cast(drawn) -> None:
    play, who = drawn
    for performer in play.performers:
        sheet = cue_sheet(play, performer.id)
        on_sheet = [e.cue.speech for s in sheet.scenes for e in s.entries if isinstance(e, SheetLine)]
        for scene in play.scenes:
            for speech in (i for i in scene.items if isinstance(i, Speech)):
                says = any(performer.id in who[r, scene.id] for r in speech.speakers)
                assert sum(1 for s in on_sheet if s is speech) == (1 if says else 0)
        for cue in cues_for(play, performer.id):  # "(you)" only from a line they say themselves
            if cue.previous is not None:
                assert cue.previous.own == any(performer.id in who[r, cue.scene.id]
                                               for r in cue.previous.speech.speakers)


# -- per-scene casting -------------------------------------------------------------------
def test_a_role_split_by_scene_is_on_each_performers_sheet_only_in_their_scenes(tmp_path: Path) -> None:
    code, out, _ = _run("cues", _play(tmp_path), "--performer", "Actor B")
    assert code == 0
    assert "#1 THE BOY: Coming." in out and "#3 THE GUARD: Tickets!" in out
    assert "#4" not in out  # the Boy in the carriage is Actor C's
    code, out, _ = _run("cues", tmp_path / "trains", "--performer", "Actor C")
    assert "#1" not in out and "#4 THE BOY: Here." in out


def test_a_performer_is_never_cued_from_a_line_another_performer_says(tmp_path: Path) -> None:
    code, out, _ = _run("cues", _play(tmp_path), "--performer", "Actor C")
    assert code == 0
    assert "Cue: THE GUARD: Tickets!" in out
    code, out, _ = _run("cues", tmp_path / "trains", "--performer", "Actor B")
    assert "Cue: (you)" not in out  # as the Boy everywhere, the old form cued them from their own guard


def test_a_role_split_by_scene_gives_no_doubling_conflict_and_check_strict_passes(tmp_path: Path) -> None:
    code, _, err = _run("check", "--strict", _play(tmp_path))
    assert (code, err) == (0, "")


def test_a_role_no_one_plays_in_some_scene_is_a_warning_naming_the_scenes(tmp_path: Path) -> None:
    code, _, err = _run("check", _play(tmp_path, PLAY.replace("[{role: boy, scenes: [carriage]}]", "[]")))
    assert code == 0
    assert "play.yaml:4:3: warning: role 'boy' is played by no one in scene 'carriage'" in err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("scenes: [platform]}", "scenes: [platfrom]}",
     "play.yaml:8:64: error: performer 'actor-b' names unknown scene 'platfrom' (did you mean 'platform'?)"),
    ("[{role: boy, scenes: [carriage]}]", "[{role: guard, scenes: [platform]}]",
     "play.yaml:9:59: error: performer 'actor-c' casts role 'guard' in scene 'platform', where it never appears; "
     "it appears in carriage"),
    ("{role: boy, scenes: [platform]}", "{role: bo, scenes: [platform]}",
     "play.yaml:8:50: error: performer 'actor-b' plays unknown role 'bo' (did you mean 'boy'?)"),
    ("{role: boy, scenes: [platform]}", "{role: boy}",
     "play.yaml:8:43: error: a role of performer 'actor-b' needs 'scenes'"),
    ("[guard, {role: boy", "[guard, boy, {role: boy",
     "play.yaml:8:48: error: performer 'actor-b' plays role 'boy' in every scene and in some scenes"),
    ("understudy: {olena: actor-d}", "understudy: {olena: actor-x}",
     "play.yaml:12:23: error: cast 'understudy' gives role 'olena' to unknown performer 'actor-x' "
     "(did you mean 'actor-d'?)"),
    ("understudy: {olena: actor-d}", "understudy: {olenna: actor-d}",
     "play.yaml:12:16: error: cast 'understudy' recasts unknown role 'olenna' (did you mean 'olena'?)"),
    ("understudy: {olena: actor-d}", "understudy: {olena: [{performer: actor-d, scenes: [nowhere]}]}",
     "play.yaml:12:54: error: cast 'understudy' names unknown scene 'nowhere' (scenes: platform, carriage)"),
])
def test_bad_casting_is_a_located_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in PLAY
    folder = _play(tmp_path, PLAY.replace(old, new, 1))
    before = (folder / "play.yaml").read_bytes()
    code, _, err = _run("check", folder)
    assert code == 1
    assert message in err.replace(str(folder) + "/", "").replace("trains/", "")
    assert (folder / "play.yaml").read_bytes() == before


# -- alternate casts ----------------------------------------------------------------------
def test_cast_gives_the_understudy_the_role_and_takes_it_from_the_actor(tmp_path: Path) -> None:
    folder = _play(tmp_path)
    code, out, _ = _run("cues", folder, "--performer", "Actor D", "--cast", "understudy")
    assert code == 0
    assert "Roles: Olena" in out and "Cast: understudy" in out and "#2 OLENA: Where is the train?" in out
    code, out, _ = _run("cues", folder, "--performer", "Actor A", "--cast", "understudy")
    assert (code, "Roles: none" in out, "OLENA" in out) == (0, True, False)


def test_an_unknown_cast_is_a_usage_error_listing_the_casts(tmp_path: Path) -> None:
    code, _, err = _run("cues", _play(tmp_path), "--performer", "Actor D", "--cast", "tuesday")
    assert code == 2
    assert "unknown cast 'tuesday'; the play has: understudy" in err



def test_a_cast_in_a_play_without_casts_says_so_once(sample_path: Path) -> None:
    code, _, err = _run("cues", sample_path, "--performer", "Actor D", "--cast", "understudy")
    assert (code, err) == (2, "error: unknown cast 'understudy': play.yaml has no casts: section\n")

@pytest.mark.parametrize("command", [["cues"], ["pdf"], ["audio"], ["diff"], ["rehearse"], ["play"],
                                     ["takes", "add"], ["takes", "list"], ["record"], ["stats"]])
def test_every_command_with_performer_takes_cast(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0 and "--cast NAME" in out


def test_conflicts_are_checked_in_each_cast(tmp_path: Path) -> None:
    text = PLAY.replace("understudy: {olena: actor-d}", "understudy: {olena: actor-b}")
    code, _, err = _run("check", _play(tmp_path, text))
    assert code == 0
    assert ("warning: doubling conflict in cast 'understudy': Actor B plays The Guard and Olena, who are both in "
            "scene 'carriage'") in err
    assert "warning: doubling conflict:" not in err  # the main casting has none


def test_build_writes_each_casts_outputs_in_its_folder_and_prints_conflicts(tmp_path: Path) -> None:
    folder = _play(tmp_path, PLAY.replace("plays: [olena]", "plays: [olena, boy]"))
    out = tmp_path / "build"
    code, _, err = _run("build", folder, "-o", out, "--no-audio", "--strict")
    assert code == 3
    assert "warning: doubling conflict: Actor A plays The Boy and Olena, who are both in scene 'platform'" in err
    assert "2 doubling conflicts (failing because of --strict)" in err
    assert (out / "casts/understudy/script.pdf").is_file()
    sheet = (out / "casts/understudy/performers/actor-d/cue-sheet.md").read_text(encoding="utf-8")
    assert "Olena" in sheet and "**Cast:** understudy" in sheet
    assert (out / "casts/understudy/performers/actor-a/cue-sheet.md").is_file()  # who lost Olena
    assert not (out / "casts/understudy/performers/actor-b").exists()  # the cast leaves Actor B as cast
    assert "casts/understudy/performers/actor-d/cue-sheet.pdf" in (out / "index.html").read_text(encoding="utf-8")
    main_sheet = (out / "performers/actor-a/cue-sheet.md").read_text(encoding="utf-8")
    assert "**Doubling conflicts:** The platform (The Boy & Olena); The carriage (The Boy & Olena)" in main_sheet


def test_the_page_plays_the_main_castings_tracks_not_a_casts(tmp_path: Path) -> None:
    from stagecast.build.index_page import _tracks
    from stagecast.build.inputs import BuildInputs, BuildOptions
    from stagecast.build.targets import plan

    inputs = BuildInputs(_play(tmp_path), BuildOptions(output=tmp_path / "build"))
    targets = plan(inputs)
    assert "casts/understudy/performers/actor-a/rehearsal.mp3" in {f for t in targets for f in t.files}
    assert _tracks(inputs, targets)["actor-a"][1] == "performers/actor-a/rehearsal.mp3"


def test_stats_json_names_the_cast_and_who_is_called_per_scene(tmp_path: Path) -> None:
    code, out, _ = _run("stats", _play(tmp_path), "--cast", "understudy", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["cast"] == "understudy"
    assert [s["performers"] for s in data["scenes"]] == [["actor-b", "actor-d"], ["actor-b", "actor-c", "actor-d"]]
    assert {p["id"]: p["speeches"] for p in data["performers"]} == {"actor-a": 0, "actor-b": 2, "actor-c": 1,
                                                                    "actor-d": 2}


def test_diff_says_you_now_play_the_role_in_a_scene(tmp_path: Path) -> None:
    old = _play(tmp_path)
    new = tmp_path / "new"
    new.mkdir()
    (new / "play.yaml").write_text(PLAY.replace("scenes: [platform]}", "scenes: [platform, carriage]}")
                                   .replace("[{role: boy, scenes: [carriage]}]", "[]"), encoding="utf-8")
    code, out, _ = _run("diff", old, new, "--performer", "Actor B")
    assert code == 0
    assert "You now play The Boy in carriage." in out


# -- intended conflicts -------------------------------------------------------------------
INTENDED = PLAY.replace("plays: [guard, {role: boy, scenes: [platform]}]}",
                        "plays: [guard, boy], intended: {carriage: offstage voice}}")


def test_an_intended_conflict_is_a_note_and_check_strict_passes(tmp_path: Path) -> None:
    folder = _play(tmp_path, INTENDED)
    code, _, err = _run("check", "--strict", folder)
    assert code == 0, err
    assert ("note: intended doubling: Actor B plays The Guard and The Boy, who are both in scene 'carriage' "
            "(offstage voice)") in err
    sheet = cue_sheet(load_play(folder), "actor-b")
    assert [(c.scene, c.intended) for c in sheet.conflicts] == [("carriage", "offstage voice")]


def test_an_intended_entry_with_no_conflict_is_a_warning(tmp_path: Path) -> None:
    code, _, err = _run("check", "--strict", _play(tmp_path, PLAY.replace(
        "plays: []}", "plays: [], intended: {platform: quick change}}")))
    assert code == 3
    assert "warning: performer 'actor-d' has no doubling conflict in scene 'platform' in any cast" in err


def test_an_intended_entry_needs_a_known_scene_and_a_reason(tmp_path: Path) -> None:
    folder = _play(tmp_path, PLAY.replace("plays: []}", "plays: [], intended: {platfrom: '', carriage: ''}}"))
    code, _, err = _run("check", folder)
    assert code == 1
    assert "error: performer 'actor-d' names unknown scene 'platfrom' (did you mean 'platform'?)" in err
    assert "error: reason for the intended doubling in scene 'carriage' is empty" in err


def test_conflicts_of_a_play_carry_the_intended_reason() -> None:
    scene = Scene("s", "S", (Speech(("a",), (Text("x"),)), Speech(("b",), (Text("y"),))))
    from stagecast.model import Intended

    play = Play(Meta("T"), (Role("a", "A"), Role("b", "B")),
                (Performer("p", "P", ("a", "b"), intended=(Intended("p", "s", "quick change"),)),),
                number_speeches([scene]))
    assert [c.intended for c in conflicts(play)] == ["quick change"]


# -- the editor schema and the YAML writer ---------------------------------------------------
def test_the_schema_knows_the_casting_keys_and_flags_a_wrong_shape() -> None:
    import yaml
    from jsonschema import Draft202012Validator

    from stagecast.readers.json_schema import schema
    from stagecast.readers.schema_words import MEANINGS
    from stagecast.readers.yaml_casting import PART_KEYS, RECAST_KEYS

    assert all(MEANINGS["part"][k] for k in PART_KEYS) and all(MEANINGS["recast"][k] for k in RECAST_KEYS)
    validator = Draft202012Validator(schema("play"))
    data = yaml.safe_load(INTENDED.replace("understudy: {olena: actor-d}",
                                           "understudy: {olena: actor-d, boy: [{performer: actor-c, scenes: [x]}]}"))
    assert list(validator.iter_errors(data)) == []
    data["performers"]["actor-b"]["plays"] = [{"role": "boy", "scene": ["platform"]}]  # scene for scenes
    data["casts"]["understudy"]["olena"] = [{"who": "actor-d"}]
    assert len(list(validator.iter_errors(data))) == 2


def test_the_yaml_writer_keeps_the_casting(tmp_path: Path) -> None:
    from stagecast.writers.to_yaml import write_folder

    play = load_play(_play(tmp_path, INTENDED.replace(
        "understudy: {olena: actor-d}", "understudy: {olena: actor-d, boy: [{performer: actor-a, scenes: [platform]}]}")))
    copy = load_play(write_folder(play, tmp_path / "copy"))
    assert (copy.performers, copy.casts) == (play.performers, play.casts)
    assert copy.performers[1].intended[0].reason == "offstage voice"


# -- golden sheets and reports ---------------------------------------------------------------
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_CASES = [
    (["cues", "--performer", "Actor A", "--format", "md"], "casting.cues-actor-a.md"),
    (["cues", "--performer", "Actor D", "--cast", "understudy"], "casting.cues-actor-d-understudy.txt"),
    (["stats"], "casting.stats.txt"),
    (["stats", "--cast", "understudy"], "casting.stats-understudy.txt"),
]


@pytest.mark.parametrize(("args", "golden"), GOLDEN_CASES, ids=[c[1] for c in GOLDEN_CASES])
def test_casting_outputs_match_golden(args: list[str], golden: str, tmp_path: Path, update_golden: bool) -> None:
    folder = _play(tmp_path, INTENDED.replace("plays: [olena]", "plays: [olena, boy]"))
    code, out, err = _run(args[0], folder, *args[1:])
    assert code == 0, err
    if update_golden:
        (GOLDEN / golden).write_text(out, encoding="utf-8")
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_page_refuses_a_recording_of_a_line_the_performer_does_not_say_in_its_scene(tmp_path: Path) -> None:
    from stagecast.web.uploads import Recording, Refused

    folder = _play(tmp_path)
    recording = Recording(lambda: load_play(folder), "token", folder)
    with pytest.raises(Refused) as refused:  # the Boy in the carriage is Actor C's, not Actor B's
        recording.save("line=4&performer=actor-b", b"not looked at")
    assert (refused.value.status, str(refused.value)) == (403, "line s4 is not one of Actor B's lines")
    assert not (folder / "takes").exists()
