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
from stagecast.model import Act, Meta, Paren, Play, Role, Scene, Speech, Text
from stagecast.readers.fountain import read_fountain
from stagecast.rules import number_speeches
from stagecast.writers.to_fountain import character_cue, dialogue_lines

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FOUNTAIN_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.fountain"))
ALL_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".xml", ".fountain"))
SAMPLE = Path(__file__).resolve().parents[1] / "script"


def reread(play: Play) -> Play:
    return read_fountain(export_fountain(play).encode("utf-8"), play.source or "x.fountain").play


@pytest.mark.parametrize("name", FOUNTAIN_FILES)
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
    unescaped = [[line.replace("\\*", "*").replace("\\_", "_") for line in dialogue_lines(s)] for s in play.speeches()]
    return [(character_cue(s, names).lstrip("@"), lines) for s, lines in zip(play.speeches(), unescaped, strict=True)]


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
    assert [s.speakers for s in back.speeches()] == [("hamlet",), ("horatio",), ("hamlet", "horatio"),
                                                      ("ghost-offstage",)]
    assert [s.parts for s in back.speeches()] == [s.parts for s in play.speeches()]


def test_stress_marks_travel_as_combining_accents():
    play = Play(Meta("Гроза", lang="ru"), (Role("a", "Кудряш"),), (),
                number_speeches((Scene("1", "Сад", (Speech(("a",), (Text("Нешто!", (4,)),)),)),)))
    text = export_fountain(play)
    assert "Нешто\u0301!" in text
    assert reread(play).speeches()[0].parts == (Text("Нешто!", (4,)),)


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
