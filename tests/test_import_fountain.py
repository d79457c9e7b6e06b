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
    assert meta.credits == (("Credit", "written by"), ("Author", "A. Writer"), ("Draft date", "1/2/2024"),
                            ("Contact", "me@example.org\n555 0100"))


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
    assert ("Copyright", "Dedicated to the Public Domain.") in play.meta.credits  # the key as written
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


def test_a_plain_fountain_file_says_what_the_import_could_not_know(tmp_path):
    imported = read(tmp_path, "Title: X\n\nINT. ROOM\n\nBOB\nHi.\n")
    (warning,) = imported.warnings
    assert (warning.severity, warning.loc.line, warning.loc.column) == ("warning", 1, 1)
    assert warning.message == (
        "this Fountain file has no stagecast notes, so the import could not know the cast (each role gets a "
        "placeholder performer), the lines' languages (all read as 'en', guessed from the text), sound and light "
        "cues, pauses, intervals or scene settings; whom each direction concerns, and entrances and exits, are "
        "guessed from its words\n"
        "hint: put the cast in play.yaml and add lang:, cues, pauses and intervals where they belong "
        "(docs/format.md); a file from `stagecast export --to fountain` carries all of this in [[stagecast: …]] notes")
    given = read(tmp_path, "Title: X\nLanguage: kk\n\nINT. ROOM\n\nBOB\nHi.\n").warnings[-1].message
    assert "(all read as 'kk', from the title page)" in given


def test_a_language_that_is_no_code_is_guessed_with_a_warning(tmp_path):
    imported = read(tmp_path, "Title: X\nLanguage: Russian, mostly\n\nИНТ. КОМНАТА\n\nМАША\nПривет.\n")
    assert imported.play.meta.lang == "ru"
    assert imported.warnings[0].loc.line == 2
    assert imported.warnings[0].message == ("Language 'Russian, mostly' is not a language code (en, ru, kk, …); "
                                            "read the text as 'ru', guessed from its letters")


OURS = """Title: X
Language: en

.ROOM #1#

{note}

BOB
Hi.

/* stagecast
roles:
  bob: {{name: "BOB"}}
performers: {{}}
*/
"""


@pytest.mark.parametrize(("note", "severity", "where", "message"), [
    ("[[stagecast: {lang: kk]]", "error", "6:14", "YAML syntax: did not find expected ',' or '}' while parsing a "
                                                  "flow mapping that starts here; the file ends before it is closed: "
                                                  "add the closing }"),
    ("[[stagecast: {lnag: kk}]]", "error", "6:15", "unknown key 'lnag' in a stagecast note (did you mean 'lang'?)"),
    ("[[stagecast: {by: [rob]}]]", "warning", "6:20", "stagecast note names unknown role 'rob' (did you mean 'bob'?); "
                                                      "left out, the Fountain text decides"),
    ("[[stagecast: {enter: [bob]}]]", "warning", "6:14", "stagecast note left out: it gives a direction's keys, but a "
                                                         "speech follows it"),
    ("BOB [[stagecast: {lang: kk}]]", "warning", "6:18", "stagecast note left out: it must stand on a line of its own"),
    ("[[stagecast: {lang: kk, id: s12}]]", "error", "6:29", "speech id 's12' has the form of the ids stagecast gives"),
])
def test_a_note_that_is_wrong_is_located_in_the_fountain_file(tmp_path, note, severity, where, message):
    text = OURS.format(note=note)
    if severity == "error":
        with pytest.raises(ScriptError) as err:
            read(tmp_path, text)
        (found,) = err.value.diagnostics
    else:
        found = read(tmp_path, text).warnings[0]
    assert (found.severity, f"{found.loc.line}:{found.loc.column}") == (severity, where)
    assert message in found.message


def test_a_sound_file_that_is_not_there_leaves_the_cue_without_it(tmp_path):
    (tmp_path / "secret.txt").write_text("not a sound", encoding="utf-8")
    notes = ("[[stagecast: {sound: Rain, number: S1, file: sounds/rain.wav}]]\n\n"
             "[[stagecast: {sound: Wind, number: S2, file: ../secret.txt}]]")
    imported = read(tmp_path / "", OURS.format(note=notes), name="play.fountain")
    cues = [i for i in items(imported.play) if not isinstance(i, Speech)]
    assert [(c.label, c.number, c.file) for c in cues] == [("Rain", "S1", None), ("Wind", "S2", None)]
    missing, not_audio = imported.warnings
    assert missing.message.startswith("sound file 'sounds/rain.wav' not found in ")
    assert "imported the cue without it\nhint: copy the file into the new play folder" in missing.message
    assert not_audio.message.startswith("sound file '../secret.txt' is not an audio file (.aac, .aif")



def test_a_sound_file_the_scene_reader_would_refuse_is_left_out_with_its_reason(tmp_path):
    """A note names a file that is there but no sound (or a pipe): the cue comes in without it,
    with the scene reader's own words for what is wrong, rather than the import failing."""
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "rain.wav").write_bytes(b"this is not a wave file")
    note = "[[stagecast: {sound: Rain, number: S1, file: sounds/rain.wav}]]"
    imported = read(tmp_path, OURS.format(note=note), name="play.fountain")
    cues = [i for i in items(imported.play) if not isinstance(i, Speech)]
    assert [(c.label, c.file) for c in cues] == [("Rain", None)]
    (refused,) = imported.warnings
    assert refused.message.startswith("sound file 'sounds/rain.wav' cannot be read as audio: ")
    assert refused.message.endswith("; imported the cue without it")

def test_a_cue_the_block_does_not_know_becomes_a_new_role(tmp_path):
    imported = read(tmp_path, OURS.format(note="ANN\nHello.").replace("Language: en", "Language: en\n"))
    play = imported.play
    assert [(r.id, r.name) for r in play.roles] == [("bob", "BOB"), ("ann", "ANN")]
    assert [(p.id, p.roles) for p in play.performers] == [("tbc-ann", ("ann",))]
    assert imported.warnings[0].message == "cue 'ANN' names no role of the stagecast block; added the role 'ann'"


def test_a_line_copied_with_its_note_is_a_located_error(tmp_path):
    note = "[[stagecast: {light: Dim, number: L1}]]"
    with pytest.raises(ScriptError) as err:
        read(tmp_path, OURS.format(note=f"{note}\n\n{note}"))
    (found,) = err.value.diagnostics
    assert (found.loc.line, found.message) == (8, "duplicate light cue number 'L1' (first at "
                                                  f"{tmp_path / 'script.fountain'}:6:14)")


def test_an_interval_note_inside_an_act_is_left_out_with_a_warning(tmp_path):
    """play.yaml can only hold intervals between acts (a fuzzed export moved one inside an act)."""
    text = OURS.format(note="ANN\nHi.\n\n[[stagecast: {interval: 5}]]\n\n.HALL #2#\n\nBOB\nBye.")
    imported = read(tmp_path, text.replace(".ROOM #1#", "# One\n\n.ROOM #1#"))
    assert imported.play.intervals == ()
    assert [(w.loc.line, w.message) for w in imported.warnings if "interval" in w.message] == [(11, (
        "interval left out: in a play with acts an interval comes between acts, and this one is inside 'One'; "
        "move the note before the act's # line"))]
