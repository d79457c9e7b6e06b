"""`stagecast export --to fountain`: Fountain that screenplain reads back with the same speakers
and lines, and that round-trips Fountain → model → Fountain → model exactly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from screenplain.parsers import fountain as screenplain
from screenplain.types import Dialog, DualDialog

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.interchange import export_fountain, import_play, write_play_folder
from stagecast.model import Act, Cue, Meta, Paren, Play, Role, Scene, Speech, Text
from stagecast.readers.fountain import read_fountain
from stagecast.rules import number_speeches
from stagecast.text import display_text
from stagecast.writers.to_fountain import character_cue, dialogue_lines

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FOUNTAIN_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.fountain"))
ALL_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".xml", ".fountain"))
SAMPLE = Path(__file__).resolve().parents[1] / "script"


def reread(play: Play) -> Play:
    return read_fountain(export_fountain(play).encode("utf-8"), play.source or "x.fountain").play


@pytest.mark.parametrize("name", ALL_FILES)
def test_fountain_round_trip_is_exact(name):
    first = import_play(CORPUS / name)
    second = reread(first)
    assert second == first
    assert reread(second) == second


def screenplain_dialogue(text: str) -> list[tuple[str, list[str]]]:
    parsed = screenplain.parse(io.StringIO(text))
    out = []
    for para in parsed.paragraphs:
        for dialog in (para.left, para.right) if isinstance(para, DualDialog) else (para,):
            if isinstance(dialog, Dialog):
                out.append((str(dialog.character), [str(line) for _, line in dialog.blocks]))
    return out


def expected_dialogue(play: Play) -> list[tuple[str, list[str]]]:
    names = {r.id: r.name for r in play.roles}

    def unescaped(line: str) -> str:
        return line.replace("\\*", "*").replace("\\_", "_")

    return [(unescaped(character_cue(s, names).removeprefix("@")), [unescaped(line) for line in dialogue_lines(s)])
            for s in play.speeches()]


@pytest.mark.parametrize("name", ALL_FILES)
def test_screenplain_reads_the_same_speakers_and_lines(name):
    play = import_play(CORPUS / name)
    assert screenplain_dialogue(export_fountain(play)) == expected_dialogue(play)


def test_screenplain_reads_the_sample_play():
    if not (SAMPLE / "play.yaml").is_file():
        pytest.skip("the sample play is not in script/")
    play = load_play(SAMPLE)
    got = screenplain_dialogue(export_fountain(play))
    assert got == expected_dialogue(play)
    assert len(got) == len(play.speeches())


def test_speaker_names_and_lines_in_the_export():
    roles = (Role("hamlet", "Hamlet"), Role("horatio", "HORATIO"), Role("ghost", "Ghost (offstage)"))
    speeches = (
        Speech(("hamlet",), (Paren("aside"), Text(" A little more than kin."))),
        Speech(("horatio",), (Text("My lord,\nI came to see your father's funeral."),), delivery="V.O."),
        Speech(("hamlet", "horatio"), (Text("Swear!"),)),
        Speech(("ghost",), (Text("Sw+ear 5*3 _now_"),)),
    )
    play = Play(Meta("Hamlet", lang="en"), roles, (), number_speeches((Scene("1.1", "The platform", speeches, act="a1"),)),
                acts=(Act("a1", "Act One"),))
    text = export_fountain(play)
    assert "@Hamlet\n(aside) A little more than kin." in text
    assert "HORATIO (V.O.)\nMy lord,\nI came to see your father's funeral." in text
    assert "@Hamlet & HORATIO\nSwear!" in text
    assert "@Ghost [offstage]\nSw+ear 5\\*3 \\_now\\_" in text
    assert "# Act One\n\n.The platform #1.1#" in text
    back = reread(play)
    assert [s.speakers for s in back.speeches()] == [("hamlet",), ("horatio",), ("hamlet", "horatio"), ("ghost",)]
    assert back == play


def test_stress_marks_travel_as_combining_accents():
    play = Play(Meta("Гроза", lang="ru"), (Role("a", "Кудряш"),), (),
                number_speeches((Scene("1", "Сад", (Speech(("a",), (Text("Нешто!", (4,)),)),)),)))
    text = export_fountain(play)
    assert "Нешто\u0301!" in text
    assert reread(play).speeches()[0].parts == (Text("Нешто!", (4,)),)


def test_stress_on_a_latin_vowel_is_not_composed_into_another_letter():
    """e + U+0301 would become é on reading (a letter, not stress): a joiner keeps them apart."""
    play = Play(Meta("P"), (Role("a", "Ann"),), (), number_speeches((Scene("1", "Sad", (Speech(("a",), (
        Text("Almaty café", (5, 10)),)),)),)))
    assert "Almaty\u034f\u0301 café\u0301" in export_fountain(play)  # é + accent compose to nothing
    assert reread(play).speeches()[0].parts == (Text("Almaty café", (5, 10)),)


def test_export_command_writes_stdout_or_a_file(tmp_path):
    folder = write_play_folder(import_play(CORPUS / "fountain" / "nyousefi_Dialogue.fountain"), tmp_path / "dialogue")
    result = CliRunner().invoke(cli, ["export", str(folder), "--to", "fountain"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Title: nyousefi\\_Dialogue\nLanguage: en\n\n.nyousefi\\_Dialogue #1#")
    target = tmp_path / "out" / "dialogue.fountain"
    written = CliRunner().invoke(cli, ["export", str(folder), "--to", "fountain", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == result.output
    assert read_fountain(target.read_bytes(), str(target)).play == load_play(folder)


def test_export_needs_a_target_format(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path), "--to", "pdf"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--to': 'pdf' is not 'fountain'."


def test_export_of_a_broken_play_is_a_located_error(tmp_path):
    (tmp_path / "play.yaml").write_text("title: x\nroles: {}\nscenes:\n  - id: a\n    body:\n      - nobody: hi\n",
                                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(tmp_path), "--to", "fountain"])
    assert result.exit_code == 1
    assert "play.yaml:6:9: error: unknown role 'nobody'" in result.output


def test_the_sample_comes_back_unchanged_through_fountain(tmp_path):
    """export → import → diff: no change, check --strict clean; the cues, languages, interval,
    credits and sound file that Fountain has no syntax for came back (issue 19, item 8)."""
    if not (SAMPLE / "play.yaml").is_file():
        pytest.skip("the sample play is not in script/")
    fountain, back = tmp_path / "x.fountain", tmp_path / "back"
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", str(SAMPLE), "--to", "fountain", "-o", str(fountain)])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(cli, ["import", str(fountain), "-o", str(back)])
    assert imported.exit_code == 0, imported.output
    assert "warning" not in imported.output
    diff = runner.invoke(cli, ["diff", str(SAMPLE), str(back)])
    assert (diff.exit_code, diff.output.splitlines()[-1]) == (0, "No changes."), diff.output
    strict = runner.invoke(cli, ["check", "--strict", str(back)])
    assert strict.exit_code == 0, strict.output
    play = load_play(back)
    assert play == load_play(SAMPLE)
    assert len([i for s in play.scenes for i in s.items if isinstance(i, Cue)]) == 17
    assert next(s for s in play.speeches() if display_text(s) == "Қош келдіңіздер!").lang == "kk"
    assert [(i.minutes, i.title) for i in play.intervals] == [(15, "Interval")]
    assert play.meta.credits == (("Adapted for stagecast by", "the stagecast team"),
                                 ("Based on", "the verbatim production by 2act, Almaty"))
    assert (back / "sounds" / "door-chime.wav").read_bytes() == (SAMPLE / "sounds" / "door-chime.wav").read_bytes()


def test_notes_are_written_only_where_the_fountain_cannot_say_it():
    if not (SAMPLE / "play.yaml").is_file():
        pytest.skip("the sample play is not in script/")
    text = export_fountain(load_play(SAMPLE))
    assert "[[stagecast: {lang: kk}]]\n\n@The Director (carefully, one syllable at a time, proud of himself)\n" \
        "Қош келдіңіздер!" in text
    assert "[[stagecast: {by: [director, wife, interviewer], label: ALL}]]\n\nALL (together, simply, to the " \
        "audience)\nHere. Almaty." in text
    assert "\n\nThe Director carries the kettle." in text  # the roles the reader finds by name: no note
    assert text.rstrip().endswith("*/") and "\n/* stagecast\n" in text
    plain = export_fountain(import_play(CORPUS / "fountain" / "nyousefi_Dialogue.fountain"))
    assert "[[stagecast" not in plain  # a play from Fountain needs no notes, only the block


@pytest.mark.parametrize("change", [
    {"title": ".hidden door"},                      # "..hidden" would be no heading
    {"name": "^"},                                  # nothing left of the name for a cue
    {"name": "Ann /* the elder"},                   # would open a boneyard
    {"delivery": "softly */"},
    {"label": "[[ALL]]"},                           # would be a note
    {"setting": "A room.\nNight.\n"},               # YAML's folded text ends with a line break
])
def test_values_fountain_would_misread_come_back_exactly(change):
    speech = Speech(("ann",), (Text("Hi."),), delivery=change.get("delivery"), label=change.get("label"))
    scene = Scene("1", change.get("title", "A room"), (speech,), setting=change.get("setting"))
    play = Play(Meta("P"), (Role("ann", change.get("name", "Ann")),), (), number_speeches((scene,)))
    assert reread(play) == play
    assert screenplain_dialogue(export_fountain(play))[0][1] == ["Hi."]
