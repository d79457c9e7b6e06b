"""A Fountain round trip keeps everything stagecast knows: every play in tests/data that stagecast
reads, the sample, the casting and cuts test plays and a play with every key the notes carry
are exported to Fountain and read back into an equal model (locations aside). Only the verbatim
sources stay behind, on purpose (docs/verbatim.md: a Fountain file is for sharing)."""

from __future__ import annotations

import dataclasses
import io
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner
from screenplain.parsers import fountain as screenplain

from stagecast.api import load_play
from stagecast.cli import cli
from stagecast.errors import ScriptError
from stagecast.interchange import export_fountain, import_play
from stagecast.model import Direction, Meta, Play, Role, Scene, Speech, Text
from stagecast.readers.fountain import read_fountain
from stagecast.rules import number_speeches
from stagecast.text import display_text as display
from tests import test_casting, test_cuts

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parents[1] / "script"
IMPORTED = sorted(str(p.relative_to(DATA)) for p in (DATA / "corpus").rglob("*") if p.suffix in (".xml", ".fountain"))
YAML_PLAYS = ["scripts/polyglot.yaml", "verbatim"]

WHOLE = """\
title: Trains
language: en
roles:
  olena: {name: Olena, lang: uk, other_langs: [ru], gender: female}
  boy: The Boy
  guard: The Guard
performers:
  actor-a: {name: Actor A, plays: [olena, {role: boy, scenes: [platform]}]}
  actor-b: {name: Actor B, plays: [guard, {role: boy, scenes: [carriage]}], intended: {carriage: offstage voice}}
  actor-c: {name: Actor C, plays: []}
casts:
  understudy: {olena: actor-c}
  tuesday:
    boy: [{performer: actor-c, scenes: [carriage]}, {performer: actor-a, scenes: [platform]}]
scenes:
  - id: platform
    title: The platform
    body:
      - boy: "Your mum is right. [uk: Мама завжди пр+ава.] (beat) Come."
        other_langs: [kk]
      - olena: Where is the zebra train?
        cut: too long for the tour
      - speech: "[kk: Сәлем!] Hello."
        by: [olena, boy]
        label: BOTH
        lang: en
        id: hello
        cut: true
      - sound: Zebra whistle
        number: S1
        cut: true
      - direction: Olena waves a zebra flag.
        enter: [olena]
        cut: "no flags on tour"
      - pause: 3
        cut: true
      - light: Dusk
        number: L1
      - sound: Rain
        number: S2
        file: sounds/rain.wav
        under: true
  - id: carriage
    title: The carriage
    body:
      - guard: "Tickets! [de: Fahrkarten!]"
      - boy: Here.
      - olena: Thank you.
"""
"""Each key a round trip lost before: language spans (with stress and a parenthetical around
them), a speech's other_langs, casts, per-scene parts, intended doubling, cut: on each kind
of item, cut items with other keys of their own, and a bed (under: true, written as 1 before)."""


def play_folder(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    (folder / "sounds").mkdir(parents=True, exist_ok=True)
    (folder / "play.yaml").write_text(text, encoding="utf-8")
    with wave.open(str(folder / "sounds" / "rain.wav"), "wb") as rain:  # the bed of WHOLE
        rain.setnchannels(1)
        rain.setsampwidth(2)
        rain.setframerate(8000)
        rain.writeframes(b"\0\0" * 800)
    return folder


def _plays(tmp_path: Path) -> dict[str, Play]:
    plays = {name: import_play(DATA / name) for name in IMPORTED}
    plays.update({name: load_play(DATA / name) for name in YAML_PLAYS})
    for name, text in (("casting", test_casting.PLAY), ("cuts", test_cuts.PLAY), ("whole", WHOLE)):
        plays[name] = load_play(play_folder(tmp_path, name, text))
    if (SAMPLE / "play.yaml").is_file():
        plays["script"] = load_play(SAMPLE)
    return plays


def _shared(play: Play) -> Play:
    """The play as a Fountain file is meant to carry it: without the verbatim sources."""
    sequence = tuple(dataclasses.replace(part, items=tuple(
        dataclasses.replace(i, sources=(), edited=False) if isinstance(i, Speech) else i for i in part.items))
        if hasattr(part, "items") else part for part in play.sequence)
    return dataclasses.replace(play, sequence=sequence, interviews=())


def _reread(play: Play, tmp_path: Path) -> Play:
    path = tmp_path / "play.fountain"
    path.write_text(export_fountain(play, tmp_path), encoding="utf-8")  # sound files found from where it is
    return read_fountain(path.read_bytes(), str(path)).play


def test_every_play_comes_back_equal_through_fountain(tmp_path: Path) -> None:
    plays = _plays(tmp_path)
    assert len(plays) >= len(IMPORTED) + 5
    lost = {}
    for name, play in plays.items():
        back = _reread(play, tmp_path)
        if back != _shared(play):
            lost[name] = [f for f in ("meta", "roles", "performers", "casts", "sequence", "acts", "pronunciations",
                                      "labels", "pdf") if getattr(back, f) != getattr(_shared(play), f)]
    assert lost == {}


@pytest.fixture
def whole(tmp_path: Path) -> Play:
    return load_play(play_folder(tmp_path, "whole", WHOLE))


def test_language_spans_come_back(whole: Play, tmp_path: Path) -> None:
    back = _reread(whole, tmp_path).speeches()
    assert back[0].parts == whole.speeches()[0].parts
    assert [p.lang for p in back[0].parts if isinstance(p, Text)] == [None, "uk", None, None]
    assert back[0].other_langs == ("kk",)
    assert [p.lang for p in back[3].parts if isinstance(p, Text)] == [None, "de"]


def test_casts_parts_and_intended_come_back(whole: Play, tmp_path: Path) -> None:
    back = _reread(whole, tmp_path)
    assert back.casts == whole.casts and [c.name for c in back.casts] == ["understudy", "tuesday"]
    assert back.performers == whole.performers
    assert [(i.performer, i.scene, i.reason) for i in back.intended] == [("actor-b", "carriage", "offstage voice")]
    assert back.with_cast("tuesday").cast_of("boy", "platform") == whole.with_cast("tuesday").cast_of("boy", "platform")


def test_cuts_come_back_cut(whole: Play, tmp_path: Path) -> None:
    back = _reread(whole, tmp_path)
    assert [(type(i).__name__, i.cut) for i in back.cuts] == [
        ("Speech", "too long for the tour"), ("Speech", ""), ("Cue", ""), ("Direction", "no flags on tour"),
        ("Pause", "")]
    cut_direction = next(i for i in back.cuts if isinstance(i, Direction))
    assert (cut_direction.roles, cut_direction.kind) == (("olena",), "entrance")
    assert back.performed() == whole.performed()


def screenplain_lines(text: str) -> list[str]:
    """What screenplain shows of a Fountain file: cues, dialogue and action, one string each."""
    shown = []
    for p in screenplain.parse(io.StringIO(text)).paragraphs:
        shown += [str(p.character)] if hasattr(p, "character") else []
        shown += [str(line) for _, line in getattr(p, "blocks", ())] + [str(line) for line in getattr(p, "lines", ())]
    return [s for s in shown if s]


def test_other_fountain_apps_show_nothing_of_ours(whole: Play) -> None:
    """A cut line is Fountain's removed text, a boneyard comment: other apps skip it, so their
    script is the play as performed; spans print as their text alone."""
    text = export_fountain(whole)
    assert '/* [[stagecast: {cut: "too long for the tour"}]]\n\n@Olena\nWhere is the zebra train?\n*/' in text
    shown = "\n".join(screenplain_lines(text))
    assert "zebra" not in shown.casefold() and "Hello" not in shown
    assert "stagecast" not in shown and "[uk:" not in shown and "[de:" not in shown
    assert "Мама завжди пра\u0301ва." in shown and "Fahrkarten!" in shown and "Here it comes" not in shown


def test_a_cut_speech_reads_back_cut_from_the_cli(tmp_path: Path) -> None:
    """export → import → check: the cut is still a cut, not a restored line."""
    fountain, back = tmp_path / "x.fountain", tmp_path / "back"
    folder = play_folder(tmp_path, "cuts", test_cuts.PLAY)
    runner = CliRunner()
    assert runner.invoke(cli, ["export", str(folder), "--to", "fountain", "-o", str(fountain)]).exit_code == 0
    imported = runner.invoke(cli, ["import", str(fountain), "-o", str(back)])
    assert imported.exit_code == 0, imported.output
    assert 'cut: "too long for the tour"' in (back / "scenes" / "01-the-platform.yaml").read_text(encoding="utf-8")
    assert load_play(back) == load_play(folder)


def test_a_span_note_edited_away_leaves_the_dialogue_and_warns(whole: Play) -> None:
    text = export_fountain(whole).replace("Tickets! Fahrkarten!", "Tickets, please!")
    imported = read_fountain(text.encode("utf-8"), "x.fountain")
    speech = imported.play.speeches()[3]
    assert speech.parts == (Text("Tickets, please!"),)
    line = text[: text.index("Tickets, please!")].count("\n")  # the note is two lines above the dialogue
    assert [str(w) for w in imported.warnings] == [
        f"x.fountain:{line - 2}:21: warning: stagecast note's text left out: the dialogue under it says "
        "something else (changed in another app?), so its language spans are lost\n"
        "hint: mark them again in the play folder, [kk: …] (docs/format.md)"]


def test_a_bad_span_in_a_note_is_located_in_the_fountain_file() -> None:
    text = ("Title: P\n\n.Room #1#\n\n[[stagecast: {text: \"Hi [kz: Сәлем]\"}]]\n\nANN\nHi Сәлем\n\n"
            "/* stagecast\nroles:\n  ann: Ann\n*/\n")
    with pytest.raises(ScriptError) as raised:
        read_fountain(text.encode("utf-8"), "x.fountain")
    assert str(raised.value) == ("x.fountain:5:26: error: language span '[kz: …]' names the country code 'kz' (did "
                                 "you mean 'kk'?); a span is written with a language code like en, ru, kk or uk: "
                                 "[kk: Сәлем]")


def test_scene_ids_the_blocks_casting_names_are_checked() -> None:
    """As in play.yaml: a per-scene part, an intended conflict or a cast naming a scene the play
    does not have is a located error, every one in one pass."""
    text = ("Title: P\n\n.Room #room#\n\nANN\nHi.\n\n/* stagecast\nroles:\n  ann: Ann\nperformers:\n"
            "  a: {name: A, plays: [{role: ann, scenes: [rom]}], intended: {hall: voice}}\ncasts:\n"
            "  tue: {ann: [{performer: a, scenes: [roon]}]}\n*/\n")
    with pytest.raises(ScriptError) as raised:
        read_fountain(text.encode("utf-8"), "x.fountain")
    assert str(raised.value).splitlines() == [
        "x.fountain:12:45: error: performer 'a' names unknown scene 'rom' (did you mean 'room'?)",
        "x.fountain:12:64: error: performer 'a' names unknown scene 'hall' (scenes: room)",
        "x.fountain:14:39: error: cast 'tue' names unknown scene 'roon' (did you mean 'room'?)"]


def test_a_comment_opened_by_a_note_without_cut_is_read_as_cut_with_a_warning() -> None:
    """Other apps skip the comment: stagecast agrees, and says the note should say so."""
    text = ("Title: P\n\n.Room #1#\n\nANN\nHi.\n\n/* [[stagecast: {lang: de}]]\n\nANN\nHallo.\n*/\n\n"
            "/* stagecast\nroles:\n  ann: Ann\n*/\n")
    imported = read_fountain(text.encode("utf-8"), "x.fountain")
    assert [(s.cut, s.lang) for s in imported.play.speeches()] == [(None, None), ("", "de")]
    assert [str(w) for w in imported.warnings] == [
        "x.fountain:8:17: warning: this speech is inside a boneyard comment opened by a stagecast note, which marks "
        "a cut, but the note says no cut:; read as cut\nhint: write cut: true (or the reason) in the note, or move "
        "the note out of the comment to restore the line"]


def test_a_users_own_boneyard_is_still_skipped() -> None:
    text = ("Title: P\n\n.Room #1#\n\nANN\nHi.\n\n/*\n[[stagecast: {cut: true}]]\n\nANN\nHallo.\n*/\n\n"
            "/* stagecast\nroles:\n  ann: Ann\n*/\n")
    assert [display(s) for s in read_fountain(text.encode("utf-8"), "x.fountain").play.speeches()] == ["Hi."]


def test_a_cut_holding_what_would_end_its_comment_comes_back_whole() -> None:
    """``*/`` in a cut line's name, delivery or words would end the comment early in every app."""
    speech = Speech(("ann",), (Text("5*/2 is [[not]] a note"),), delivery="*/ softly", cut="a */ b")
    direction = Direction("Ann sighs */ and leaves.", cut="")
    scene = Scene("1", "Room", (Speech(("ann",), (Text("Hi."),)), speech, direction))
    play = Play(Meta("P"), (Role("ann", "Ann */"),), (), number_speeches((scene,)))
    text = export_fountain(play)
    assert screenplain_lines(text) == ["ROOM", "Ann */", "Hi."]  # the heading, the cue, the line
    assert read_fountain(text.encode("utf-8"), "x.fountain").play == play


def test_a_note_after_a_stray_double_bracket_is_still_a_note() -> None:
    """``[[`` that meets a blank line opens no note (fountain.io); it no longer hides the next note,
    which came in as text before (a cut line's note too)."""
    text = ("Title: P\n\n.Room #1#\n\nThe [[ sign.\n\n[[stagecast: {lang: de}]]\n\nANN\nHallo.\n\n"
            "/* stagecast\nroles:\n  ann: Ann\n*/\n")
    play = read_fountain(text.encode("utf-8"), "x.fountain").play
    assert [(type(i).__name__, getattr(i, "lang", None)) for i in play.scenes[0].items] == [
        ("Direction", None), ("Speech", "de")]


def test_a_bed_whose_file_is_missing_comes_in_as_a_plain_cue_with_a_warning(whole: Play) -> None:
    """Not an error about under: needing a file: the cue comes in without both."""
    imported = read_fountain(export_fountain(whole).encode("utf-8"), "elsewhere/x.fountain")
    rain = next(i for i in imported.play.scenes[0].items if getattr(i, "label", "") == "Rain")
    assert (rain.file, rain.under) == (None, False)
    assert [str(w).split(": warning: ")[1].split(" not found in ")[0] for w in imported.warnings] == [
        "sound file 'sounds/rain.wav'"]
    assert str(imported.warnings[0]).split("\n")[0].endswith("; imported the cue without it")
