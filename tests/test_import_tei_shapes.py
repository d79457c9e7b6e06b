"""TEI shapes met in the whole Greek and Swedish DraCor corpora (`make corpus`), each reduced to
a small document: numbered divs, a play in parts, a play inside a story, words broken across
lines, a table of contents among the acts, directions naming people by another list's ids."""

from __future__ import annotations

from pathlib import Path

from stagecast.api import check_play
from stagecast.interchange import read_import, write_play_folder
from stagecast.model import Direction, Speech, Text

PERSONS = """
    <person xml:id="spAnna"><persName>Anna</persName><persName>Anna Berg</persName></person>
    <person xml:id="spBo"><persName>Bo</persName><persName>Bo Berg</persName></person>"""


def tei(text: str, persons: str = PERSONS, lang: str = "swe", header: str = "", back: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}">
  <teiHeader><fileDesc><titleStmt><title>Prov</title></titleStmt>{header}</fileDesc>
  <profileDesc><particDesc><listPerson>{persons}</listPerson></particDesc></profileDesc></teiHeader>
  <text>{text}{back}</text>
</TEI>"""


def load(tmp_path: Path, document: str):
    path = tmp_path / "play.xml"
    path.write_text(document, encoding="utf-8")
    imported = read_import(path)
    return imported.play, imported.warnings


def sp(who: str, words: str) -> str:
    return f'<sp who="#{who}"><l>{words}</l></sp>'


def test_numbered_divs_are_scenes_titled_by_their_type_and_metre_sections_stay_inside(tmp_path):
    """GreekDraCor: body/div1 (episode, choral) without heads; div2 are metrical sections."""
    body = ('<body><div1 type="episode">' + sp("spAnna", "Ἄνθρωπε.") + '</div1>'
            '<div1 type="choral"><div2 n="1" type="strophe">' + sp("spBo", "Ἰώ.") + '</div2>'
            '<div2 n="1" type="antistrophe">' + sp("spBo", "Αἰαῖ.") + '</div2></div1>'
            '<div1 type="episode">' + sp("spAnna", "Ναί.") + '</div1></body>')
    play, _ = load(tmp_path, tei(body, lang="grc"))
    assert [s.title for s in play.scenes] == ["Episode 1", "Choral", "Episode 2"]
    assert [len(s.items) for s in play.scenes] == [1, 2, 1]
    assert play.acts == ()


def test_a_play_in_parts_gives_each_parts_acts_titled_by_the_part(tmp_path):
    """SweDraCor's Till Damaskus I–III and Askungen: text/group/text, each with its own body."""
    header = ('<sourceDesc><biblStruct xml:id="b1"><analytic><title>Del I</title></analytic></biblStruct>'
              '</sourceDesc>')
    text = ('<group><text corresp="#b1"><body><div type="act"><head>AKT I.</head>'
            '<div type="scene"><head>Gatan.</head>' + sp("spAnna", "Hej.") + '</div></div></body></text>'
            '<text><front><docTitle><titlePart type="sub">Andra äfventyret.</titlePart></docTitle></front>'
            '<body>' + sp("spBo", "Hej då.") + '</body></text></group>')
    play, _ = load(tmp_path, tei(text, header=header))
    assert [(a.id, a.title) for a in play.acts] == [("act-1", "Del I, AKT I"), ("act-2", "Andra äfventyret")]
    assert [(s.id, s.act, s.title) for s in play.scenes] == [("1.1", "act-1", "Gatan"),
                                                            ("2.1", "act-2", "Andra äfventyret")]


def test_a_play_inside_a_story_keeps_its_speeches_and_the_story_is_directions(tmp_path):
    """SweDraCor's Farmors födelsedag: a story whose play sits in a floatingText."""
    body = ('<body><div><p>Det var farmors födelsedag.</p><floatingText><front><castList>'
            '<castItem>Anna</castItem></castList><prologue>' + sp("spAnna", "Välkomna hit!") + '</prologue>'
            '</front><body><div type="act" n="1">' + sp("spBo", "Tack.") + '</div></body></floatingText>'
            '</div></body>')
    play, _ = load(tmp_path, tei(body))
    (scene,) = play.scenes
    assert isinstance(scene.items[0], Direction) and scene.items[0].text == "Det var farmors födelsedag."
    assert [(i.speakers, i.parts) for i in scene.items[1:]] == [(("spanna",), (Text("Välkomna hit!"),)),
                                                                (("spbo",), (Text("Tack."),))]


def test_a_word_broken_across_lines_is_one_word_again(tmp_path):
    """<lb break="no"/> (6,747 in SweDraCor) used to leave "ären den" for "ärenden"; the page
    number (fw) after a page break inside a word is no part of it either."""
    body = ('<body><div type="act"><stage>Hon lägger handen på hen\u00ad<lb break="no"/>nes axel,'
            ' kläd\u00ad<pb break="no"/>\n  <fw type="pageNum">274</fw>ning.</stage>'
            '<sp who="#spAnna"><p>Inga ären\u00ad<lb break="no"/>\n   den, <lb/>tack.</p></sp></div></body>')
    play, _ = load(tmp_path, tei(body))
    direction, speech = play.scenes[0].items
    assert direction.text == "Hon lägger handen på hennes axel, klädning."
    assert speech.parts == (Text("Inga ärenden, tack."),)


def test_a_table_of_contents_among_the_acts_is_not_an_act(tmp_path):
    body = ('<body><div type="content" subtype="act"><head>Akt I.</head><list><item>Gatan</item></list></div>'
            '<div type="act"><head>AKT I.</head>' + sp("spAnna", "Hej.") + '</div></body>')
    play, _ = load(tmp_path, tei(body))
    assert [a.title for a in play.acts] == ["AKT I"]
    assert [type(i) for s in play.scenes for i in s.items] == [Speech]


def test_a_direction_naming_an_editorial_id_means_the_particdesc_person(tmp_path):
    """SweDraCor: <stage who="#Anna"> points at the cast list in <back> (persName Anna Berg),
    particDesc calls her spAnna: one role, no warning — not a second role 'anna'."""
    back = ('<back><div type="editorial"><listPerson><person xml:id="Anna"><persName><forename>Anna</forename>'
            ' <surname>Berg</surname></persName></person></listPerson></div></back>')
    body = '<body><div type="act"><stage who="#Anna" type="entrance">Anna kommer.</stage>' \
        + sp("spAnna", "Hej.") + '</div></body>'
    play, warnings = load(tmp_path, tei(body, back=back))
    assert [r.id for r in play.roles] == ["spanna", "spbo"]
    assert play.scenes[0].items[0].roles == ("spanna",)
    assert warnings == ()


def test_each_shape_writes_a_play_that_check_accepts(tmp_path):
    body = ('<body><div1 type="episode">' + sp("spAnna", "Ἄνθρωπε.") + '</div1>'
            '<div1 type="choral"><div2 type="strophe">' + sp("spBo", "Ἰώ.") + '</div2></div1></body>')
    play, _ = load(tmp_path, tei(body, lang="grc"))
    folder = write_play_folder(play, tmp_path / "out", source="play.xml")
    report = check_play(folder)
    assert [str(d) for d in report.diagnostics] == []
