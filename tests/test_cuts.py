"""Production cuts (issue 18, item 4): a speech, direction, cue or pause marked ``cut:`` stays in
the text and leaves every output; speeches keep the numbers of the whole text, cues follow the
line before a cut, ``pdf --show-cuts`` prints cuts struck through, diff says cut and restored."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from stagecast.api import in_cast, load_play
from stagecast.audio.plan import PlanOptions, plan_track
from stagecast.cli import cli
from stagecast.cuesheets.cue_list import cue_list
from stagecast.cuesheets.sheet import SheetLine, cue_sheet
from stagecast.model import Cue, Direction, Meta, Performer, Play, Role, Scene, Speech, Text
from stagecast.readers.json_schema import schema
from stagecast.rules import number_speeches
from stagecast.writers.to_yaml import render_folder

PLAY = """\
title: Trains
roles:
  olena: Olena
  boy: The Boy
performers:
  actor-a: {name: Actor A, plays: [olena]}
  actor-b: {name: Actor B, plays: [boy]}
scenes:
  - id: platform
    title: The platform
    body:
      - boy: Coming now, wait for me.
      - olena: Where is the zebra train?
        cut: too long for the tour
      - sound: Zebra whistle
        number: S1
        cut: true
      - direction: Olena waves a zebra flag.
        roles: [olena]
        cut: yes
      - pause: 3
        cut: true
      - light: Dusk
        number: L1
      - boy: Here it comes at last.
      - olena: Thank you.
"""
CUT_WORD = "zebra"
"""In every cut item and nowhere else."""


def _play(tmp_path: Path, text: str = PLAY, name: str = "trains") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "play.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _outputs(tmp_path: Path, folder: Path) -> dict[str, str]:
    """Every output a user reads, by name: the build's files (PDFs as their text), the commands'
    text and the audio plan of each track."""
    out = tmp_path / "build"
    code, _, err = _run("build", folder, "-o", out, "--no-audio")
    assert code == 0, err
    texts = {str(p.relative_to(out)): _pdf_text(p) if p.suffix == ".pdf" else p.read_text(encoding="utf-8")
             for p in sorted(out.rglob("*")) if p.is_file() and p.name != "manifest.json"}
    for args in (("cues", "--performer", "Actor A"), ("cues", "--performer", "Actor B"), ("cuelist", "--format", "csv"),
                 ("stats", "--format", "json"), ("stats",), ("check",)):
        code, text, err = _run(args[0], folder, *args[1:])
        assert code == 0, err
        texts[" ".join(args)] = text
    play = in_cast(load_play(folder), None)  # as the audio command sees it
    for performer in (None, "actor-a", "actor-b"):
        sections = plan_track(play, PlanOptions(mode="gaps" if performer else "full", performer=performer))
        texts[f"audio plan {performer}"] = "\n".join(i.text for s in sections for i in s.items)
    return texts


def test_a_cut_item_is_in_no_output(tmp_path: Path) -> None:
    texts = _outputs(tmp_path, _play(tmp_path))
    assert {"script.pdf", "cuelist.md", "stats.json", "index.html", "cues --performer Actor A",
            "audio plan None"} <= set(texts)
    leaked = [name for name, text in texts.items() if CUT_WORD in text.casefold()]
    assert leaked == []
    assert "Here it comes at last" in texts["script.pdf"] and "Dusk" in texts["cuelist.md"]  # the rest is there


@st.composite
def cut_plays(draw: st.DrawFn) -> Play:
    """A play of speeches and sound cues in a few scenes, any of them cut, any role doubled."""
    roles = ["ann", "bob", "cid"]
    scenes = []
    for s in range(draw(st.integers(1, 3))):
        items: list = []
        for n in range(draw(st.integers(1, 6))):
            cut = draw(st.none() | st.sampled_from(["", "long"]))
            if draw(st.booleans()):
                items.append(Speech((draw(st.sampled_from(roles)),), (Text(f"words of {s}-{n}"),), cut=cut))
            else:
                items.append(Cue("sound", f"sound {s}-{n}", f"S{s}-{n}", cut=cut))
        scenes.append(Scene(f"s{s}", f"Scene {s}", tuple(items)))
    performers = (Performer("p1", "P1", ("ann", "bob")), Performer("p2", "P2", ("cid",)))
    return Play(Meta("Generated"), tuple(Role(r, r.title()) for r in roles), performers, number_speeches(scenes))


@settings(max_examples=150, deadline=None)
@given(play=cut_plays())
def test_cuts_leave_every_sheet_and_the_cue_list_and_numbers_stay(play: Play) -> None:
    performed = play.performed()
    kept = [(scene, i) for scene in play.scenes for i in scene.items if i.cut is None]
    cut_ids = {id(i) for i in play.cuts}
    numbers = {id(s): s.number for s in play.speeches()}
    seen = []
    for performer in performed.performers:
        sheet = cue_sheet(performed, performer.id)
        for entry in (e for scene in sheet.scenes for e in scene.entries if isinstance(e, SheetLine)):
            speech, previous = entry.cue.speech, entry.cue.previous
            assert id(speech) not in cut_ids and speech.number == numbers[id(speech)]
            seen.append(speech)
            # Cued by the last speech not cut before it in its scene, with the cues not cut between.
            items = [i for s, i in kept if s.id == entry.cue.scene.id]
            before = items[:next(n for n, i in enumerate(items) if i is speech)]
            spoken = [n for n, i in enumerate(before) if isinstance(i, Speech)]
            assert (previous.speech if previous else None) is (before[spoken[-1]] if spoken else None)
            assert list(entry.cue.between) == before[spoken[-1] + 1 if spoken else 0:]
    assert sorted(s.number for s in seen) == sorted(i.number for _, i in kept if isinstance(i, Speech))
    assert [row.cue for row in cue_list(performed)] == [i for _, i in kept if isinstance(i, Cue)]


def test_numbers_are_the_uncut_texts_and_the_next_line_is_cued_from_before_the_cut(tmp_path: Path) -> None:
    code, sheet, _ = _run("cues", _play(tmp_path), "--performer", "Actor B")
    assert code == 0
    assert "#3 THE BOY: Here it comes at last." in sheet  # speech 2 is cut: 3 stays 3
    assert "Cue: (you) Coming now, wait for me.   [Light L1: Dusk]\n  #3 THE BOY" in sheet
    code, sheet, _ = _run("cues", tmp_path / "trains", "--performer", "Actor A")
    assert "#4 OLENA: Thank you." in sheet and "Speeches: 1" in sheet


def test_the_cue_list_goes_on_the_line_before_the_cut(tmp_path: Path) -> None:
    code, csv, _ = _run("cuelist", _play(tmp_path), "--format", "csv")
    assert code == 0
    # Speech 1 (its number in the uncut text), on page 4 of the script PDF as performed.
    assert csv.splitlines()[1:] == ['L1,light,Dusk,,The platform,"THE BOY: Coming now, wait for me.",1,4']


def test_stats_and_check_count_the_play_as_performed(tmp_path: Path) -> None:
    folder = _play(tmp_path)
    _, text, _ = _run("stats", folder, "--format", "json")
    data = json.loads(text)
    assert data["total_words"] == 12
    _, summary, _ = _run("check", folder)
    assert "  speeches:     3\n" in summary
    assert "  cut:          1 speech, 1 direction, 1 cue, 1 pause (left out of every output)\n" in summary


def test_the_text_keeps_its_cuts(tmp_path: Path) -> None:
    play = load_play(_play(tmp_path))
    assert [type(i).__name__ for i in play.cuts] == ["Speech", "Cue", "Direction", "Pause"]
    assert play.cuts[0].cut == "too long for the tour" and play.cuts[1].cut == ""
    assert [s.number for s in play.performed().speeches()] == [1, 3, 4]


def test_show_cuts_prints_them_struck_through(tmp_path: Path) -> None:
    folder = _play(tmp_path)
    performed, director = tmp_path / "performed.pdf", tmp_path / "director.pdf"
    assert _run("pdf", folder, "-o", performed)[0] == 0
    assert _run("pdf", folder, "--show-cuts", "-o", director)[0] == 0
    assert CUT_WORD not in _pdf_text(performed).casefold()
    with pdfplumber.open(director) as pdf:
        page = pdf.pages[-1]
        words = page.extract_words()
        strikes = [r for r in page.rects if r["height"] < 1.5]

    def struck(phrase: str) -> bool:
        """Whether each word of ``phrase`` has a thin bar through it, between its top and bottom."""
        found = [w for w in words if w["text"] in phrase.split()]
        assert {w["text"] for w in found} == set(phrase.split())
        return all(any(r["x0"] - 1 <= w["x0"] and r["x1"] + 1 >= w["x1"] and w["top"] < r["top"] < w["bottom"]
                       for r in strikes) for w in found)

    assert struck("Where is the zebra train?")
    assert struck("Zebra whistle")
    assert struck("Olena waves a zebra flag.")
    assert struck("Pause (3 s).")
    assert not struck("Here it comes at last.") and not struck("Dusk")


def test_diff_says_cut_and_restored(tmp_path: Path) -> None:
    cut = _play(tmp_path)
    uncut = _play(tmp_path, "\n".join(line for line in PLAY.splitlines() if "cut:" not in line) + "\n", "uncut")
    code, text, _ = _run("diff", uncut, cut)
    assert code == 0
    assert "1 speech marked cut, 1 sound cue marked cut, 1 direction marked cut, 1 pause marked cut." in text
    assert "  marked cut #2 (too long for the tour):\n    OLENA: Where is the zebra train?" in text
    _, text, _ = _run("diff", cut, uncut, "--format", "json")
    changes = json.loads(text)["scenes"][0]["changes"]
    assert [(c["change"], c["item"]) for c in changes] == [("restored", "speech"), ("restored", "sound cue"),
                                                           ("restored", "direction"), ("restored", "pause")]
    _, text, _ = _run("diff", uncut, cut, "--performer", "Actor A")
    assert "Cut (was #2) OLENA: “Where is the zebra train?”" in text  # for them, a line they no longer say


@pytest.mark.parametrize(("value", "message"), [
    ("3", "cut: is '3'; write cut: true to cut this speech, or the reason in quotes"),
    ('""', "cut: is empty; write cut: true to cut this speech"),
    ("[a]", "cut: is a list; write cut: true to cut this speech"),
    ("{why: long}", "cut: is a mapping; write cut: true to cut this speech"),
])
def test_a_bad_cut_is_a_located_error(tmp_path: Path, value: str, message: str) -> None:
    text = PLAY.replace("cut: too long for the tour", f"cut: {value}")
    folder = _play(tmp_path, text)
    before = (folder / "play.yaml").read_bytes()
    code, _, err = _run("check", folder)
    line = text.splitlines().index(f"        cut: {value}") + 1
    assert code == 1
    assert err.startswith(f"{folder / 'play.yaml'}:{line}:14: error: {message}")
    assert err.endswith("1 error found\n")
    assert (folder / "play.yaml").read_bytes() == before


def test_an_empty_cut_is_located_where_its_value_would_be(tmp_path: Path) -> None:
    code, _, err = _run("check", _play(tmp_path, PLAY.replace("cut: too long for the tour", "cut:")))
    assert code == 1
    assert err.startswith(f"{tmp_path / 'trains' / 'play.yaml'}:14:13: error: cut: is empty; write cut: true")


def test_cut_false_is_performed(tmp_path: Path) -> None:
    play = load_play(_play(tmp_path, PLAY.replace("cut: too long for the tour", "cut: false")))
    assert not any(isinstance(c, Speech) for c in play.cuts)
    assert [s.number for s in play.performed().speeches()] == [1, 2, 3, 4]


def test_the_yaml_writer_keeps_cuts(tmp_path: Path) -> None:
    play = load_play(_play(tmp_path))
    again = tmp_path / "again"
    again.mkdir()
    for name, text in render_folder(play).items():
        (again / name).parent.mkdir(parents=True, exist_ok=True)
        (again / name).write_text(text, encoding="utf-8")
    assert load_play(again) == play
    assert [type(c) for c in load_play(again).cuts][2] is Direction


def test_the_schema_knows_cut() -> None:
    item = schema("scene")["$defs"]["item"]
    assert "cut" in item["properties"]
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema("scene"))
    good = yaml.safe_load("body: [{olena: Hi, cut: true}, {light: Dusk, cut: too dark}, {pause: 2, cut: true},"
                          " {direction: Waits., cut: false}]")
    bad = yaml.safe_load("body: [{olena: Hi, cut: 3}]")
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors(bad)) != []


def test_a_cue_whose_go_line_is_cut_is_told_where_it_goes_now(tmp_path: Path) -> None:
    """L1 went after Olena's line; that line is cut, so its GO moves to the Boy's: the operators
    must hear of it (a warning at the cue), not find out in the technical rehearsal."""
    folder = _play(tmp_path)
    code, _, err = _run("check", folder)
    assert code == 0
    assert (f"{folder / 'play.yaml'}:23:9: warning: cue L1 went after speech #2, which is cut: it now goes "
            "after speech #1 (check the operators' cue list)") in err.splitlines()
    assert _run("check", "--strict", folder)[0] == 3
