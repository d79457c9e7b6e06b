"""Bosak "PLAY" XML import: speaker labels aliased to personae, group speeches, inline STAGEDIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagecast.errors import ScriptError
from stagecast.interchange import import_play
from stagecast.model import Direction, Paren, Text
from stagecast.text import spoken_text

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
HAMLET = CORPUS / "shakespeare_en" / "bosak_hamlet.xml"

SMALL = """<?xml version="1.0"?>
<!DOCTYPE PLAY SYSTEM "play.dtd">
<PLAY>
<TITLE>The Tragedy of Macbeth</TITLE>
<PERSONAE><TITLE>Dramatis Personae</TITLE>
<PERSONA>DUNCAN, king of Scotland.</PERSONA>
<PGROUP><PERSONA>MACBETH</PERSONA><PERSONA>BANQUO</PERSONA><GRPDESCR>generals.</GRPDESCR></PGROUP>
<PERSONA>Three Witches.</PERSONA>
</PERSONAE>
<ACT><TITLE>ACT I</TITLE>
<SCENE><TITLE>SCENE I.  A desert place.</TITLE>
<STAGEDIR>Thunder and lightning. Enter three Witches</STAGEDIR>
<SPEECH><SPEAKER>First Witch</SPEAKER><LINE>When shall we three meet again</LINE>
<LINE>In thunder, lightning, or in rain?</LINE></SPEECH>
<SPEECH><SPEAKER>KING DUNCAN</SPEAKER><LINE><STAGEDIR>Aside</STAGEDIR>  What bloody man is that?</LINE></SPEECH>
<SPEECH><SPEAKER>MACBETH</SPEAKER><SPEAKER>BANQUO</SPEAKER><LINE>What's the matter.</LINE></SPEECH>
<SPEECH><SPEAKER>All</SPEAKER><LINE>Fair is foul, and foul is fair.</LINE></SPEECH>
<SPEECH><SPEAKER>BANQUO</SPEAKER><STAGEDIR>Laughs</STAGEDIR></SPEECH>
<SPEECH><SPEAKER>MACBETH</SPEAKER><LINE>Away.</LINE></SPEECH>
<STAGEDIR>Exit</STAGEDIR>
</SCENE></ACT>
</PLAY>"""


@pytest.fixture
def macbeth(tmp_path):
    path = tmp_path / "macbeth.xml"
    path.write_text(SMALL, encoding="utf-8")
    return import_play(path)


def test_the_missing_dtd_is_not_needed(macbeth):
    assert macbeth.meta.title == "The Tragedy of Macbeth"


def test_labels_alias_personae_instead_of_duplicating_them(macbeth):
    assert [(r.id, r.name, r.description) for r in macbeth.roles] == [
        ("duncan", "Duncan", "king of Scotland"),
        ("macbeth", "Macbeth", "generals"),
        ("banquo", "Banquo", "generals"),
        ("first-witch", "First Witch", "Three Witches"),
        ("all", "All", None),
    ]
    assert macbeth.speeches()[1].speakers == ("duncan",)


def test_several_speakers_make_one_group_speech(macbeth):
    assert macbeth.speeches()[2].speakers == ("macbeth", "banquo")


def test_stagedir_inside_a_line_is_a_parenthetical(macbeth):
    speech = macbeth.speeches()[1]
    assert speech.parts == (Paren("Aside"), Text(" What bloody man is that?"))
    assert spoken_text(speech) == "What bloody man is that?"


def test_lines_are_kept_as_line_breaks(macbeth):
    assert macbeth.speeches()[0].parts == (Text("When shall we three meet again\nIn thunder, lightning, or in rain?"),)


def test_scene_title_and_setting_are_split(macbeth):
    scene = macbeth.scenes[0]
    assert (scene.id, scene.title, scene.setting, scene.act) == ("1.1", "SCENE I", "A desert place.", "act-1")
    assert [(a.id, a.title) for a in macbeth.acts] == [("act-1", "ACT I")]


def test_speech_of_stage_directions_only_is_a_direction_and_bare_exit_names_the_speaker(macbeth):
    directions = [i for i in macbeth.scenes[0].items if isinstance(i, Direction)]
    assert [(d.text, d.roles, d.kind) for d in directions] == [
        ("Thunder and lightning. Enter three Witches", (), "business"),
        ("BANQUO Laughs", ("banquo",), "business"),
        ("Exit", ("macbeth",), "exit"),
    ]


def test_hamlet_labels_map_to_personae():
    play = import_play(HAMLET)
    ids = {r.id for r in play.roles}
    assert {"claudius", "gertrude", "polonius", "fortinbras", "ghost-of-hamlet-s-father"} <= ids
    assert not {"king-claudius", "queen-gertrude", "lord-polonius", "two-clowns", "players"} & ids
    assert play.role("first-clown").description == "Two Clowns, grave-diggers"
    groups = [s.speakers for s in play.speeches() if len(s.speakers) > 1]
    assert len(groups) == 12
    assert ("marcellus", "bernardo") in groups


def test_hamlet_entrances_name_their_roles():
    play = import_play(HAMLET)
    entrance = next(i for i in play.scenes[1].items if isinstance(i, Direction))
    assert entrance.kind == "entrance"
    assert entrance.roles[:3] == ("claudius", "gertrude", "hamlet")


def test_not_a_play_document(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<PLAY><TITLE>Empty</TITLE></PLAY>", encoding="utf-8")
    with pytest.raises(ScriptError, match="no speeches"):
        import_play(path)
