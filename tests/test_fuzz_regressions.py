"""Cases the fuzz tests found, pinned so they stay fixed (each was a play that imported but whose
written folder `check` refused, or read back different)."""

from __future__ import annotations

from pathlib import Path

from stagecast.api import check_play, load_play
from stagecast.interchange import import_play, write_play_folder
from stagecast.model import Direction


def _round_trip(source: Path, tmp_path: Path):
    play = import_play(source)
    folder = write_play_folder(play, tmp_path / "play")
    assert not check_play(folder).errors
    assert load_play(folder) == play
    return play


def test_fountain_of_forced_blank_lines_makes_no_empty_direction(tmp_path: Path) -> None:
    source = tmp_path / "blank.fountain"
    source.write_text("INT. ROOM - DAY\n\n  \n\nBOB\nHi.\n", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert [i.text for i in play.scenes[0].items if isinstance(i, Direction)] == []


def test_placeholder_direction_of_an_empty_scene_is_clean_text(tmp_path: Path) -> None:
    source = tmp_path / "sep.fountain"
    source.write_text("EXT\u2028. YARD\n\nINT. ROOM\n\nBOB\nHi.\n", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert play.scenes[0].items == (Direction("EXT . YARD"),)


def test_line_separator_in_a_credit_survives_the_yaml_folder(tmp_path: Path) -> None:
    source = tmp_path / "credit.fountain"
    source.write_text("Title: T\nAuthor:\n\tOne,\n\tTwo\u2028Three\n\nINT. ROOM\n\nBOB\nHi.\n", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert dict(play.meta.credits)["Author"] == "One,\nTwo\u2028Three"


def test_bosak_persona_without_a_name_is_not_a_role(tmp_path: Path) -> None:
    source = tmp_path / "play.xml"
    source.write_text("<PLAY><TITLE>T</TITLE><PERSONAE><PERSONA></PERSONA><PERSONA>BOB, a man.</PERSONA>"
                      "</PERSONAE><ACT><TITLE>ACT I</TITLE><SCENE><TITLE>SCENE I. A room.</TITLE>"
                      "<SPEECH><SPEAKER>BOB</SPEAKER><LINE>Hi.</LINE></SPEECH></SCENE></ACT></PLAY>",
                      encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert [r.name for r in play.roles] == ["Bob"]


def test_tei_with_two_authors_keeps_both_in_one_credit(tmp_path: Path) -> None:
    source = tmp_path / "two.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru"><teiHeader><fileDesc><titleStmt>'
        "<title>Пьеса</title><author>Ильф</author><author>Петров</author><author>Ильф</author>"
        '</titleStmt></fileDesc></teiHeader><text><body><div type="act"><sp who="#a"><speaker>А</speaker>'
        "<p>Да.</p></sp></div></body></text></TEI>", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert play.meta.credits == (("author", "Ильф, Петров"),)


def test_tei_cast_list_naming_a_role_twice_makes_one_role(tmp_path: Path) -> None:
    source = tmp_path / "cast.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru"><teiHeader><fileDesc><titleStmt>'
        "<title>Пьеса</title></titleStmt></fileDesc></teiHeader><text><front><castList>"
        "<castItem>Слуга, старый.</castItem><castItem>Слуга, старый.</castItem></castList></front>"
        '<body><div type="act"><stage>Входит Слуга.</stage><sp who="#a"><speaker>Анна</speaker><p>Да.</p></sp>'
        "</div></body></text></TEI>", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert [r.name for r in play.roles].count("Слуга") == 1


def test_an_empty_tei_subtitle_is_no_subtitle(tmp_path: Path) -> None:
    source = tmp_path / "sub.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru"><teiHeader><fileDesc><titleStmt>'
        '<title>Пьеса</title><title type="sub"> </title></titleStmt></fileDesc></teiHeader><text><body>'
        '<div type="act"><sp who="#a"><speaker>Анна</speaker><p>Да.</p></sp></div></body></text></TEI>',
        encoding="utf-8")
    assert _round_trip(source, tmp_path).meta.subtitle is None


def test_fountain_acts_with_the_same_heading_keep_their_own_scenes(tmp_path: Path) -> None:
    source = tmp_path / "acts.fountain"
    source.write_text("# Act One\n\nINT. ROOM\n\nBOB\nHi.\n\n# Act One\n\nINT. HALL\n\nBOB\nBye.\n", encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert [a.id for a in play.acts] == ["act-one", "act-one-2"]
    assert [s.act for s in play.scenes] == ["act-one", "act-one-2"]


def test_a_fountain_act_with_nothing_under_it_is_left_out_with_a_warning(tmp_path: Path) -> None:
    from stagecast.interchange import read_import

    source = tmp_path / "acts.fountain"
    source.write_text("# Act One\n\nINT. ROOM\n\nBOB\nHi.\n\n# Act Two\n\n# Act Three\n\nINT. HALL\n\nBOB\nBye.\n",
                      encoding="utf-8")
    play = _round_trip(source, tmp_path)
    assert [a.title for a in play.acts] == ["Act One", "Act Three"]
    warnings = [str(w) for w in read_import(source).warnings]
    assert f"{source}:8:1: warning: act 'Act Two' has nothing under it; left out" in warnings
