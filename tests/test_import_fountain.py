"""Fountain import: each element of the spec, and the quirks of the real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagecast.errors import ScriptError
from stagecast.interchange import import_play, read_import
from stagecast.model import Direction, Paren, Speech, Text
from stagecast.text import display_text

CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "fountain"


def read(tmp_path: Path, text: str, name: str = "script.fountain", raw: bytes | None = None):
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return read_import(path)


def items(play):
    return [i for s in play.scenes for i in s.items]


def test_title_page_becomes_metadata(tmp_path):
    text = ("Title:\n\t_My_ Play\n\tPart Two\nCredit: written by\nAuthor: A. Writer\nDraft date: 1/2/2024\n"
            "Contact:\n\tme@example.org\n    555 0100\nNotes: Keep it short.\n\nINT. ROOM - DAY\n\nAction.\n")
    meta = read(tmp_path, text).play.meta
    assert (meta.title, meta.subtitle, meta.notes, meta.lang) == ("My Play", "Part Two", "Keep it short.", "en")
    assert meta.credits == (("credit", "written by"), ("author", "A. Writer"), ("draft date", "1/2/2024"),
                            ("contact", "me@example.org\n555 0100"))


def test_without_a_title_page_the_title_is_the_file_name(tmp_path):
    assert read(tmp_path, "CUT TO:\n\nINT. ROOM\n\nHi.\n", name="pilot.fountain").play.meta.title == "pilot"


def test_scene_headings_start_scenes_with_their_numbers(tmp_path):
    text = "INT. HOUSE - DAY #1A#\n\nA man.\n\n.FLASHBACK\n\nA boy.\n\next. garden - night\n\nRain.\n"
    play = read(tmp_path, text).play
    assert [(s.id, s.title) for s in play.scenes] == [("1A", "INT. HOUSE - DAY"), ("2", "FLASHBACK"),
                                                       ("3", "ext. garden - night")]


def test_dialogue_with_extensions_parentheticals_and_dual_marks(tmp_path):
    text = ("INT. ROOM\n\nEVE (O.S.)\nWhat?\n\nADAM (CONT'D)\n(nervous)\nNothing.\nReally.\n\n"
            "EVE ^\nGood.\n\nHANS (on the radio)\nHello?\n")
    speeches = read(tmp_path, text).play.speeches()
    assert [(s.speakers, s.delivery) for s in speeches] == [
        (("eve",), "O.S."), (("adam",), None), (("eve",), None), (("hans",), "on the radio")]
    assert speeches[1].parts == (Paren("nervous"), Text("\nNothing.\nReally."))


def test_forced_and_non_latin_character_names(tmp_path):
    text = ("INT. ROOM\n\n@McCABE\nHi.\n\nМАША\nПривет.\n\nジョン\n（失われた）\nこの場所は何ですか？\n\n"
            "23 (O.S.)\nNot a character: no letter.\n")
    play = read(tmp_path, text).play
    assert [r.name for r in play.roles] == ["McCABE", "МАША", "ジョン"]
    assert play.speeches()[2].parts == (Paren("失われた"), Text("\nこの場所は何ですか？"))
    assert isinstance(items(play)[-1], Direction)


def test_the_same_name_in_another_script_or_case_is_one_role(tmp_path):
    """МАША with a Latin A (the afterwriting file) and МАША in Cyrillic are one role."""
    play = read(tmp_path, "ИНТ. КВАРТИРА\n\nМАШA\nДа.\n\nМАША\nНет.\n").play
    assert len(play.roles) == 1
    assert [s.speakers for s in play.speeches()] == [("masha",), ("masha",)]


def test_action_transitions_centred_text_and_lyrics_are_directions(tmp_path):
    text = ("INT. ROOM\n\nBOB enters, smiling.\n\n> FADE OUT.\n\n> THE END <\n\nCUT TO:\n\n"
            "~Happy birthday\n~to you\n\n!INT. NOT A HEADING\n\nBOB\nHi.\n")
    play = read(tmp_path, text).play
    directions = [i for i in items(play) if isinstance(i, Direction)]
    assert [d.text for d in directions] == ["BOB enters, smiling.", "FADE OUT.", "THE END", "CUT TO:",
                                            "Happy birthday / to you", "INT. NOT A HEADING"]
    assert (directions[0].roles, directions[0].kind) == (("bob",), "entrance")


def test_notes_and_nested_boneyard_are_dropped(tmp_path):
    text = ("INT. ROOM\n\nAction[[ (inline note)]]. More. /*gone /*nested*/ still gone*/Kept.\n\n"
            "/*\n\nIgnored.\nIgnored. /* nested */\n\n*/\n\nBOB\nOne.\n[[a note line]]\nTwo.\n")
    play = read(tmp_path, text).play
    assert items(play)[0].text == "Action. More. Kept."
    assert display_text(play.speeches()[0]) == "One.\nTwo."


def test_a_bracket_pair_with_a_blank_line_inside_is_not_a_note(tmp_path):
    play = read(tmp_path, "INT. ROOM\n\nThis is not [[\na note\n\nbecause\n]]\n").play
    assert [i.text for i in items(play)] == ["This is not [[ a note", "because ]]"]


def test_emphasis_markers_are_removed_and_escapes_kept(tmp_path):
    play = read(tmp_path, "INT. ROOM\n\n**Bold** _under_ *it* \\*star\\* ***all***.\n").play
    assert items(play)[0].text == "Bold under it *star* all."


def test_two_spaces_keep_a_dialogue_block_going(tmp_path):
    play = read(tmp_path, "INT. ROOM\n\nDEALER\nSeven.\n  \nHit or stand?\n").play
    (speech,) = play.speeches()
    assert speech.parts == (Text("Seven.\n\nHit or stand?"),)


def test_bom_and_crlf(tmp_path):
    raw = "\ufeffEXT. STREET - DAY\r\n\r\nGUY\r\nSo?\r\n\r\nGURL\r\nNothing.".encode()
    play = read(tmp_path, "", raw=raw).play
    assert play.scenes[0].title == "EXT. STREET - DAY"
    assert [display_text(s) for s in play.speeches()] == ["So?", "Nothing."]


def test_level_one_sections_are_acts_when_they_come_first(tmp_path):
    text = "# Act One\n\nINT. A\n\nX.\n\n## Sequence\n\nINT. B\n\nY.\n\n# Act Two\n\nINT. C\n\nZ.\n"
    play = read(tmp_path, text).play
    assert [(a.id, a.title) for a in play.acts] == [("act-one", "Act One"), ("act-two", "Act Two")]
    assert [s.act for s in play.scenes] == ["act-one", "act-one", "act-two"]


def test_a_cue_joining_names_with_ampersand_is_a_group_speech(tmp_path):
    play = read(tmp_path, "INT. ROOM\n\nROSENCRANTZ & GUILDENSTERN\nMy lord!\n").play
    assert play.speeches()[0].speakers == ("rosencrantz", "guildenstern")


def test_a_block_with_only_a_parenthetical_is_a_direction(tmp_path):
    play = read(tmp_path, "INT. ROOM\n\nBOB\n(nods)\n").play
    assert play.speeches() == ()
    assert (items(play)[0].text, items(play)[0].roles) == ("BOB (nods)", ("bob",))


def test_an_empty_scene_is_kept_with_its_heading_as_a_direction(tmp_path):
    imported = read(tmp_path, "INT. A #1#\n\nINT. B #2#\n\nHello.\n")
    assert [s.items[0].text for s in imported.play.scenes] == ["INT. A", "Hello."]
    assert "nothing under its heading" in imported.warnings[0].message


def test_language_is_guessed_from_the_letters_or_given(tmp_path):
    assert read(tmp_path, "ИНТ. КОМНАТА\n\nМАША\nПривет.\n").play.meta.lang == "ru"
    assert read(tmp_path, "Title: X\nLanguage: kk\n\nINT. A\n\nB.\n").play.meta.lang == "kk"
    assert import_play(CORPUS / "afterwriting_jp.fountain").meta.lang == "ja"


def test_corpus_quirks_cyber_bob():
    play = import_play(CORPUS / "ebscreenplays_cyber_bob_ep01_traffic_control_dogs.fountain")
    assert play.meta.title == "BOB THE CYBER PAWN AND HIS CYBER CLOUD BOSS THING"
    assert play.meta.subtitle == "EPISODE 1: TRAFFIC CONTROL DOGS"
    assert ("copyright", "Dedicated to the Public Domain.") in play.meta.credits
    # ventilated prose: one clause per line stays one speech, with its line breaks
    boss = next(s for s in play.speeches() if s.speakers == ("cyber-boss",))
    assert display_text(boss).startswith("EXAMINE potential takeover\nof traffic lights\nby chihuahuas.")
    # "CYBER BOSS, 40 (or any age), an ageless," is action, not a cue (screenplain counts it)
    assert len(play.speeches()) == 35


def test_speech_locations_point_at_the_cue_line():
    play = import_play(CORPUS / "nyousefi_Dialogue.fountain")
    assert [s.loc.line for s in play.speeches()][:3] == [1, 4, 7]
    assert play.speeches()[-1].loc.column == 3  # the tab-indented EVE


def test_not_utf8_is_a_located_error(tmp_path):
    with pytest.raises(ScriptError) as err:
        read(tmp_path, "", raw=b"INT. ROOM\n\nBOB\nCaf\xe9\n")
    (diagnostic,) = err.value.diagnostics
    assert (diagnostic.loc.line, diagnostic.loc.column) == (4, 4)
    assert "not UTF-8" in diagnostic.message


def test_every_speech_is_a_speech_with_words():
    for path in sorted(CORPUS.rglob("*.fountain")):
        for speech in import_play(path).speeches():
            assert isinstance(speech, Speech)
            assert any(isinstance(p, Text) and p.text.strip() for p in speech.parts), path
