"""TEI drama (DraCor) import: the mapping decisions of docs/import.md, on small documents and
on the real Russian plays."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from stagecast.errors import ScriptError
from stagecast.interchange import import_play, read_import
from stagecast.model import Direction, Paren, Speech, Text
from stagecast.text import spoken_text, with_accents

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
TEI_NS = "{http://www.tei-c.org/ns/1.0}"


def tei(body: str, persons: str = "", front: str = "") -> str:
    people = persons or """
        <person xml:id="anna"><persName>Анна</persName></person>
        <person xml:id="boris"><persName>Борис</persName></person>"""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="rus">
  <teiHeader><fileDesc><titleStmt>
    <title>Проба</title><title type="sub">Шутка</title>
    <author><persName><forename>Антон</forename><surname>Чехов</surname></persName></author>
  </titleStmt></fileDesc>
  <profileDesc><particDesc><listPerson>{people}
  </listPerson></particDesc></profileDesc></teiHeader>
  <text><front>{front}</front><body>{body}</body></text>
</TEI>"""


def load(tmp_path: Path, body: str, **kw) -> tuple:
    path = tmp_path / "play.xml"
    path.write_text(tei(body, **kw), encoding="utf-8")
    imported = read_import(path)
    return imported.play, imported.warnings


def items(play):
    return [i for s in play.scenes for i in s.items]


ACT = '<div type="act"><head>Действие первое</head><div type="scene"><head>Явление первое</head>{}</div></div>'


def test_metadata_and_language_come_from_the_header(tmp_path):
    play, _ = load(tmp_path, ACT.format('<sp who="#anna"><p>Да.</p></sp>'))
    assert (play.meta.title, play.meta.subtitle, play.meta.lang) == ("Проба", "Шутка", "ru")
    assert play.meta.credits == (("author", "Антон Чехов"),)


def test_acts_stay_acts_and_scene_ids_are_act_dot_scene(tmp_path):
    body = ACT.format('<sp who="#anna"><p>Да.</p></sp>') + \
        '<div type="act"><head>Действие второе</head><div type="scene"><sp who="#boris"><p>Нет.</p></sp></div></div>'
    play, _ = load(tmp_path, body)
    assert [(a.id, a.title) for a in play.acts] == [("act-1", "Действие первое"), ("act-2", "Действие второе")]
    assert [(s.id, s.act) for s in play.scenes] == [("1.1", "act-1"), ("2.1", "act-2")]


def test_configurations_are_scenes_when_an_act_has_no_scene_divs(tmp_path):
    body = ('<div type="act"><head>Действие первое</head>'
            '<div type="configuration"><sp who="#anna"><p>Раз.</p></sp></div>'
            '<div type="configuration"><sp who="#boris"><p>Два.</p></sp></div></div>')
    play, _ = load(tmp_path, body)
    assert [(s.id, s.title) for s in play.scenes] == [("1.1", "Действие первое (1)"), ("1.2", "Действие первое (2)")]


def test_speakers_are_keyed_by_who_whatever_the_label_says(tmp_path):
    body = ACT.format('<sp who="#anna"><speaker>Голос Анны</speaker><p>Ау!</p></sp>'
                      '<sp who="#anna"><speaker>Анна.</speaker><p>Я здесь.</p></sp>'
                      '<sp who="#anna"><p>Без метки.</p></sp>')
    play, _ = load(tmp_path, body)
    assert [s.speakers for s in play.speeches()] == [("anna",)] * 3
    assert [r.id for r in play.roles] == ["anna", "boris"]


def test_several_who_make_one_group_speech_with_its_label(tmp_path):
    play, _ = load(tmp_path, ACT.format('<sp who="#anna #boris"><speaker>Оба.</speaker><p>Ура!</p></sp>'))
    (speech,) = play.speeches()
    assert speech.speakers == ("anna", "boris")
    assert speech.label == "Оба"


def test_a_speech_with_no_who_and_no_label_goes_to_an_unknown_role(tmp_path):
    play, warnings = load(tmp_path, ACT.format("<sp><p>Кто здесь?</p></sp>"))
    assert play.speeches()[0].speakers == ("unknown",)
    assert play.role("unknown").name == "Unknown speaker"
    assert any("no @who" in w.message for w in warnings)


def test_an_undeclared_who_becomes_a_role_named_by_its_label(tmp_path):
    play, warnings = load(tmp_path, ACT.format('<sp who="#gost"><speaker>Гость.</speaker><p>Здрасьте.</p></sp>'))
    assert play.speeches()[0].speakers == ("gost",)
    assert play.role("gost").name == "Гость"
    assert any("not declared" in w.message for w in warnings)


def test_stage_inside_a_speech_is_a_parenthetical_never_spoken(tmp_path):
    body = ACT.format('<sp who="#anna"><speaker>Анна</speaker><stage>(садясь).</stage>'
                      '<p>Отчего? <stage>(В раздумье.)</stage> Не понимаю.</p></sp>')
    play, _ = load(tmp_path, body)
    (speech,) = play.speeches()
    assert speech.parts == (Paren("садясь"), Text(" Отчего? "), Paren("В раздумье."), Text(" Не понимаю."))
    assert spoken_text(speech) == "Отчего? Не понимаю."


def test_a_speech_holding_only_a_stage_direction_is_a_direction(tmp_path):
    body = ACT.format('<sp who="#anna"><p>Свистни.</p></sp>'
                      '<sp who="#boris"><speaker>Борис</speaker><stage>(Свищет).</stage></sp>')
    play, _ = load(tmp_path, body)
    assert len(play.speeches()) == 1
    direction = items(play)[-1]
    assert isinstance(direction, Direction)
    assert direction.text == "Борис (Свищет)."
    assert direction.roles == ("boris",)


def test_free_standing_stage_names_roles_by_who_or_by_the_text(tmp_path):
    body = ACT.format('<stage>Входят Анна и Борис.</stage><stage who="#boris" type="exit">Уходит.</stage>'
                      '<stage>Пауза.</stage><sp who="#anna"><p>Ну вот.</p></sp>')
    play, _ = load(tmp_path, body)
    first, second, third = items(play)[:3]
    assert (first.roles, first.kind) == (("anna", "boris"), "entrance")
    assert (second.roles, second.kind) == (("boris",), "exit")
    assert (third.roles, third.kind) == ((), "business")


def test_inflected_names_in_directions_still_name_the_role(tmp_path):
    body = ACT.format('<stage>Борис смотрит на Анну.</stage><sp who="#anna"><p>Что?</p></sp>')
    play, _ = load(tmp_path, body)
    assert items(play)[0].roles == ("boris", "anna")


def test_verse_lines_are_kept_as_line_breaks(tmp_path):
    body = ACT.format('<sp who="#anna"><p>Слушай.</p><lg><l>Открылась бездна,</l>'
                      '<l>звезд полна.</l></lg><p>Вот.</p></sp>')
    play, _ = load(tmp_path, body)
    assert play.speeches()[0].parts == (Text("Слушай.\nОткрылась бездна,\nзвезд полна.\nВот."),)


def test_text_is_cleaned_soft_hyphens_whitespace_and_page_breaks(tmp_path):
    body = ACT.format('<sp who="#anna"><p>Яра\u00adтасың\n      мы, <pb n="12"/>ага\u00a0и  вот</p></sp>')
    play, _ = load(tmp_path, body)
    assert play.speeches()[0].parts == (Text("Яратасың мы, ага и вот"),)


def test_combining_acute_accents_become_stress_marks(tmp_path):
    play, _ = load(tmp_path, ACT.format('<sp who="#anna"><p>Нешто\u0301! За\u0301мок.</p></sp>'))
    (part,) = play.speeches()[0].parts
    assert part.text == "Нешто! Замок."
    assert [part.text[i] for i in part.stress] == ["о", "а"]
    assert with_accents(part) == "Нешто\u0301! За\u0301мок."


def test_spoken_parentheses_become_square_brackets(tmp_path):
    """Our markup reads (…) as a parenthetical, so spoken brackets cannot stay round."""
    play, _ = load(tmp_path, ACT.format('<sp who="#anna"><l>Sonst (um das Wort) nicht.</l></sp>'))
    assert play.speeches()[0].parts == (Text("Sonst [um das Wort] nicht."),)


def test_notes_are_not_spoken_and_are_kept_in_the_play_notes(tmp_path):
    body = ACT.format('<sp who="#anna"><stage>(одна)<note type="footnote">Говорит задумчиво.</note>.</stage>'
                      '<p>De gustibus<note>О вкусах (лат.).</note> aut bene.</p></sp>')
    play, _ = load(tmp_path, body)
    speech = play.speeches()[0]
    assert spoken_text(speech) == "De gustibus aut bene."
    assert speech.parts[0] == Paren("одна")
    assert "[Явление первое] Говорит задумчиво." in play.meta.notes
    assert "О вкусах (лат.)." in play.meta.notes


def test_cast_list_gives_descriptions_and_unmatched_items_warn(tmp_path):
    front = ('<castList><castItem>Анна Петровна, вдова.</castItem><castItem>Борис, ее сын.</castItem>'
             '<castItem>Горничная.</castItem></castList>')
    play, warnings = load(tmp_path, ACT.format('<sp who="#anna"><p>Да.</p></sp>'), front=front)
    assert play.role("anna").description == "Анна Петровна, вдова."
    assert play.role("boris").description == "Борис, ее сын."
    assert any("Горничная" in w.message and "never speaks" in w.message for w in warnings)


def test_a_tei_file_without_speeches_is_an_error(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text(tei('<div type="act"><stage>Ночь.</stage></div>'), encoding="utf-8")
    with pytest.raises(ScriptError, match="no speeches"):
        import_play(path)


def test_malformed_xml_is_reported_at_its_line(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<body></text></TEI>', encoding="utf-8")
    with pytest.raises(ScriptError) as err:
        import_play(path)
    (diagnostic,) = err.value.diagnostics
    assert diagnostic.loc.line == 3
    assert "not well-formed XML: mismatched tag" in diagnostic.message


def test_speech_locations_point_at_the_sp_element():
    play = import_play(CORPUS / "dracor/rus_chekhov_chaika.xml")
    first = play.speeches()[0]
    assert (first.loc.line, first.loc.column) == (191, 11)
    assert first.loc.path.endswith("rus_chekhov_chaika.xml")


# -- the real Russian plays: spoken text equals the source after one normalisation -------------

def normalise(text: str) -> str:
    """The documented normalisation: NFC, soft hyphens removed, whitespace collapsed; stress
    accents (U+0301) stay, as stress marks written back with ``with_accents``."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\u00ad", ""))).strip()


def source_speeches(path: Path) -> list[str]:
    """Each <sp>'s spoken text straight from the XML: everything but speaker, stage and note."""
    root = SafeET.parse(path).getroot()
    skipped = {f"{TEI_NS}{n}" for n in ("speaker", "stage", "note")}

    def spoken(element) -> str:
        out = [element.text or ""] if element.tag not in skipped else []
        for child in element:
            if child.tag not in skipped:
                out.append(spoken(child))
            out.append(" " if child.tag in (f"{TEI_NS}p", f"{TEI_NS}l", f"{TEI_NS}lg") else "")
            out.append(child.tail or "")
        return " ".join(out) if element.tag in (f"{TEI_NS}sp", f"{TEI_NS}lg") else "".join(out)

    texts = [normalise(spoken(sp)) for sp in root.iter(f"{TEI_NS}sp")]
    return [t for t in texts if t]


def model_speeches(path: Path) -> list[str]:
    play = import_play(path)
    return [normalise(" ".join(with_accents(p) for p in s.parts if isinstance(p, Text))) for s in play.speeches()]


@pytest.mark.parametrize("name", ["rus_chekhov_chaika.xml", "rus_ostrovsky_groza.xml", "rus_chekhov_tragik_ponevole.xml"])
def test_russian_spoken_text_equals_the_source(name):
    path = CORPUS / "dracor" / name
    expected, got = source_speeches(path), model_speeches(path)
    assert len(got) == len(expected)
    mismatched = [(e, g) for e, g in zip(expected, got, strict=True) if e != g]
    assert mismatched == []


def test_every_spoken_stress_accent_in_groza_is_a_stress_mark():
    path = CORPUS / "dracor/rus_ostrovsky_groza.xml"
    in_source = sum(t.count("\u0301") for t in source_speeches(path))
    play = import_play(path)
    marks = sum(len(p.stress) for s in play.speeches() for p in s.parts if isinstance(p, Text))
    assert in_source == marks == 9
    assert any("Нешто\u0301!" in with_accents(p) for s in play.speeches() for p in s.parts if isinstance(p, Text))


# -- safety: no DTD or entity is ever fetched or expanded --------------------------------------

def test_an_external_entity_is_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    body = ACT.format('<sp who="#anna"><p>&leak;</p></sp>')
    text = tei(body).replace('<?xml version="1.0" encoding="utf-8"?>',
                             f'<?xml version="1.0" encoding="utf-8"?>\n'
                             f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "file://{secret}">]>')
    path = tmp_path / "evil.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScriptError) as err:
        import_play(path)
    message = str(err.value)
    assert "TOP-SECRET-PASSWORD" not in message
    assert "never expands or fetches entities" in message
    assert err.value.diagnostics[0].loc.line == 2


def test_an_entity_bomb_is_refused_quickly(tmp_path):
    lol = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
                                       for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    path = tmp_path / "bomb.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE TEI [{lol}]><TEI>&i;</TEI>', encoding="utf-8")
    with pytest.raises(ScriptError, match="entities"):
        import_play(path)


def test_an_external_dtd_is_not_fetched_and_not_needed(tmp_path):
    secret = tmp_path / "evil.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET">', encoding="utf-8")
    body = ACT.format('<sp who="#anna"><p>Да.</p></sp>')
    text = tei(body).replace('<?xml version="1.0" encoding="utf-8"?>',
                             f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TEI SYSTEM "file://{secret}">')
    path = tmp_path / "dtd.xml"
    path.write_text(text, encoding="utf-8")
    play = import_play(path)
    assert spoken_text(play.speeches()[0]) == "Да."
    assert all("TOP-SECRET" not in spoken_text(s) for s in play.speeches())


def test_group_speeches_in_german_hamlet_name_every_speaker():
    play = import_play(CORPUS / "dracor/gersh_hamlet_prinz_von_daenemark.xml")
    groups = [s for s in play.speeches() if len(s.speakers) > 1]
    assert len(groups) == 14
    alle = next(s for s in groups if s.label == "ALLE")
    assert alle.speakers == ("horatio", "bernardo", "marcellus")
    assert all(isinstance(s, Speech) for s in groups)
