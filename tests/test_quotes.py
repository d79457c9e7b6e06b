"""The language's own quotation marks in print (issue 22, item 7): the rule on strings (a table
of tricky cases per language), the play as printed, and every output that prints or must not:
the script PDF, a cue sheet, the rehearsal page; never the YAML, the audio plan (what
text-to-speech is given) or a timeline; and an import of our own PDF gives the typed marks back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from stagecast.api import load_play, render_script_pdf
from stagecast.audio.plan import PlanOptions, plan_track
from stagecast.cli import cli
from stagecast.cuesheets import cue_sheet
from stagecast.cuesheets.cue_list import cue_list, render_md
from stagecast.cuesheets.sheet_text import render_txt
from stagecast.labels import as_typed, printed_play, straight, typographic, typographic_runs
from stagecast.model import Paren, Speech, Text
from stagecast.web.page import PageInput, render_page

TABLE = [
    # English: “…” outside, ‘…’ inside, ’ for every apostrophe
    ("en", '"Hello," she said. "It\'s late."', "“Hello,” she said. “It’s late.”"),
    ("en", "don't, O'Neil's, the boys' car", "don’t, O’Neil’s, the boys’ car"),
    ("en", "'Tis the season; 'twas ever thus", "’Tis the season; ’twas ever thus"),
    ("en", "rock 'n' roll in the '90s", "rock ’n’ roll in the ’90s"),
    ("en", "I'm goin' home", "I’m goin’ home"),
    ("en", "'I'm goin' home,' he said.", "‘I’m goin’ home,’ he said."),
    ("en", "He said \"she told me 'go' and left\"", "He said “she told me ‘go’ and left”"),
    ("en", 'He said "she told me "go" and left"', "He said “she told me ‘go’ and left”"),
    ("en", "'British \"inner\" style'", "‘British “inner” style’"),
    ("en", '("an aside") and —"a dash"', "(“an aside”) and —“a dash”"),
    ("en", '"Wait—", she said', "“Wait—”, she said"),
    ("en", '"" and a lone " here', "“” and a lone \" here"),
    ("en", "“Already” typographic, isn’t it", "“Already” typographic, isn’t it"),
    ("en-GB", "It's \"fine\"", "It’s “fine”"),
    # Russian, Ukrainian, Kazakh: «…» outside, „…“ inside
    ("ru", 'Он сказал: "Она ответила "нет"".', "Он сказал: «Она ответила „нет“»."),
    ("ru", "«Он сказал \"да\"»", "«Он сказал „да“»"),
    ("ru", '— "Да", — сказал он.', "— «Да», — сказал он."),
    ("ru", "д'Артаньян читал 'Мушкетёров'", "д’Артаньян читал «Мушкетёров»"),
    ("uk", 'П\'ять "слів" і м\'ясо', "П’ять «слів» і м’ясо"),
    ("kk", '"Сәлем" деді ол: "Қалың "жақсы" ма?"', "«Сәлем» деді ол: «Қалың „жақсы“ ма?»"),
    ("de", "\"Er sagte 'nein'\"", "„Er sagte ‚nein‘“"),
    # Languages without a rule are printed as typed: French (its spaced « … » would change the
    # text's length), Hebrew and Arabic (their own conventions), and no language at all
    ("fr", 'Il a dit "non"', 'Il a dit "non"'),
    ("he", '"שלום" אמר', '"שלום" אמר'),
    ("ar", 'قال "مرحبا"', 'قال "مرحبا"'),
    (None, "it's \"so\"", "it's \"so\""),
]


@pytest.mark.parametrize(("lang", "typed", "printed"), TABLE, ids=[f"{c[0]}-{n}" for n, c in enumerate(TABLE)])
def test_straight_marks_become_the_languages_own(lang, typed, printed):
    assert typographic(typed, lang) == printed


@pytest.mark.parametrize(("lang", "typed", "printed"), TABLE, ids=[f"{c[0]}-{n}" for n, c in enumerate(TABLE)])
def test_typed_straight_again_where_printing_gives_them_back(lang, typed, printed):
    """What an import of our own PDF relies on."""
    if "“Already”" in typed or "«Он" in typed:
        return  # typed typographic: straight() of them prints back the same, but was not what was typed
    if '" here' in typed:
        return  # a lone quote printed straight stays straight
    assert typographic(straight(printed), lang) == printed


def test_a_mixed_language_speech_takes_each_pieces_marks_and_closes_with_the_pair_it_opened():
    assert typographic_runs([("He said ", "en"), ('"Сәлем"', "kk"), (' and "bye"', "en")]) == \
        ["He said ", "«Сәлем»", " and “bye”"]
    assert typographic_runs([('"Say ', "en"), ('сәлем"', "kk")]) == ["“Say ", "сәлем”"]
    assert typographic_runs([('"Say ', "en"), ('"сәлем""', "kk")]) == ["“Say ", "„сәлем“”"]


def _shape(text: str) -> str:
    return re.sub("['\"“”‘’«»„‚]", "q", text)


@given(st.text(alphabet="ab '\"().,—«»“”’\n", max_size=40), st.sampled_from(["en", "ru", "de", "he"]))
def test_one_character_for_one_and_nothing_but_the_marks_changes(text, lang):
    printed = typographic(text, lang)
    assert _shape(printed) == _shape(text)  # and so a speech's stress marks, offsets into it, stay right
    assert typographic(printed, lang) == printed  # printing printed text changes nothing


PLAY = """\
title: "Anna's \\"Quotes\\""
language: en
roles:
  anna: {name: "Anna O'Neil", description: "A \\"reader\\"."}
  boris: {name: Boris, lang: ru}
performers:
  p-anna: {name: "Mary O'Hara", plays: [anna]}
  p-boris: {name: Performer Two, plays: [boris]}
scenes:
  - id: kitchen
    title: "The O'Neils' kitchen"
    body:
      - sound: "A radio plays \\"Yesterday\\""
        number: S1
      - anna: "\\"Hello,\\" she said. (smiles) \\"It's late.\\""
      - boris: "Он сказал: \\"Она ответила \\"нет\\"\\"."
      - anna: "We say [kk: \\"Рахмет\\"] here, don't we?"
      - direction: "Boris doesn't answer."
      - boris: "Д'Артаньян! \\"Всё\\"."
"""


@pytest.fixture
def play_path(tmp_path: Path) -> Path:
    path = tmp_path / "quotes.yaml"
    path.write_text(PLAY, encoding="utf-8")
    return path


def spoken(speech: Speech) -> str:
    return " ".join("".join(p.text for p in speech.parts if isinstance(p, Text)).split())


def said(speech: Speech) -> str:
    return "".join(p.text if isinstance(p, Text) else f"({p.text})" for p in speech.parts)


def test_the_printed_play_has_the_marks_in_every_text_and_keeps_ids_numbers_and_stress(play_path):
    play = load_play(play_path)
    printed = printed_play(play)
    assert printed.meta.title == "Anna’s “Quotes”"
    assert [(r.id, r.name) for r in printed.roles] == [("anna", "Anna O’Neil"), ("boris", "Boris")]
    assert printed.roles[0].description == "A “reader”."
    assert printed.performers[0].name == "Mary O’Hara"
    assert printed.scenes[0].title == "The O’Neils’ kitchen"
    assert [said(s) for s in printed.speeches()] == [
        "“Hello,” she said. (smiles) “It’s late.”",  # one text across the inline direction
        "Он сказал: «Она ответила „нет“».",  # Boris speaks Russian
        "We say «Рахмет» here, don’t we?",  # the span is Kazakh
        "Д’Артаньян! «Всё».",
    ]
    assert [(s.number, s.speakers) for s in printed.speeches()] == [(s.number, s.speakers) for s in play.speeches()]
    assert printed.scenes[0].items[0].label == "A radio plays “Yesterday”"
    assert printed.scenes[0].items[4].text == "Boris doesn’t answer."
    assert as_typed(printed) == play  # and back, exactly


def test_the_parts_around_an_inline_direction_stay_parts():
    play = load_play_text('anna: "\\"Hello (smiles) there\\""')
    parts = printed_play(play).speeches()[0].parts
    assert parts == (Text("“Hello "), Paren("smiles"), Text(" there”"))


@pytest.mark.parametrize(("typed", "printed"), [
    ('"(beat) Wait," she said.', ("“", "beat", " Wait,” she said.")),
    ('She reads: "(whispers) Go!"', ("She reads: “", "whispers", " Go!”")),
    ('"Go (beat)" and out.', ("“Go ", "beat", "” and out.")),
])
def test_a_quotation_that_opens_or_closes_at_an_inline_direction_is_printed_in_one_pair(typed, printed):
    # Not a straight opening mark before the direction and a curly closing one after it.
    play = load_play_text("anna: " + json.dumps(typed))
    parts = printed_play(play).speeches()[0].parts
    assert tuple(p.text for p in parts) == printed
    assert as_typed(printed_play(play)) == play


def load_play_text(line: str, tmp: Path | None = None):
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / "p.yaml"
    path.write_text(PLAY.split("scenes:")[0] + f"scenes:\n  - id: s\n    title: S\n    body:\n      - {line}\n",
                    encoding="utf-8")
    return load_play(path)


def test_the_script_pdf_prints_the_marks_and_no_straight_quote_in_a_speech_that_had_them(play_path, tmp_path):
    pdf = tmp_path / "script.pdf"
    render_script_pdf(load_play(play_path), path=pdf)
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "“Hello,” she said." in text and "“It’s late.”" in text
    assert "Он сказал: «Она ответила „нет“»." in text
    assert "ANNA O’NEIL" in text and "Anna’s “Quotes”" in text
    assert '"' not in text and "'" not in text


def test_a_performers_marked_copy_is_found_by_the_name_as_typed(play_path, tmp_path):
    from stagecast.pdf.script import ScriptPdfOptions

    pdf = tmp_path / "mary.pdf"
    render_script_pdf(load_play(play_path), ScriptPdfOptions(performer="Mary O'Hara"), path=pdf)
    with pdfplumber.open(pdf) as document:
        assert "Mary O’Hara" in document.pages[1].extract_text()


def test_a_cue_sheet_and_the_cue_list_print_the_marks(play_path):
    play = load_play(play_path)
    text = render_txt(cue_sheet(play, "p-boris"))
    assert "Cue: ANNA O’NEIL: “Hello,” she said. “It’s late.”" in text
    assert "#2 BORIS: Он сказал: «Она ответила „нет“»." in text
    assert "'" not in text and '"' not in text
    rows = cue_list(play)
    assert rows[0].cue.label == "A radio plays “Yesterday”"
    assert render_md(play, rows).startswith("# Anna’s “Quotes” — cue list\n")


def test_the_rehearsal_page_shows_the_marks_and_keeps_the_ids_the_timelines_use(play_path):
    play = load_play(play_path)
    page = render_page(PageInput(play))
    data = _inlined(page)
    items = data["scenes"][0]["items"]
    assert items[1]["parts"][0]["t"] == "“Hello,” she said."
    assert [i.get("id") for i in items if i["kind"] == "speech"] == ["s1", "s2", "s3", "s4"]
    assert data["title"] == "Anna’s “Quotes”"
    assert "<title>Anna’s “Quotes”" in page


def _inlined(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="stagecast-data">(.*?)</script>', page, re.S)
    assert match, "the page's inlined data"
    return json.loads(match.group(1))


def test_text_to_speech_and_the_timeline_get_the_marks_as_typed(play_path):
    """Takes are matched by a line's text, and voices are given it: neither may change."""
    play = load_play(play_path)
    items = [i for s in plan_track(play, PlanOptions()) for i in s.items if i.kind == "speech"]
    assert items[0].text.count('"') == 4 and "“" not in items[0].text
    assert items[1].say is not None and '"нет"' in items[1].say.utterance.text
    assert all(not set("“”«»„’") & set(i.text) for i in items)


def test_the_yaml_and_the_fountain_stagecast_writes_keep_the_marks_as_typed(play_path, tmp_path):
    """Fountain's own tools set quotes when they print; its text is the author's, as the YAML is."""
    from stagecast.interchange import export_fountain
    from stagecast.writers.to_yaml import write_folder

    play = load_play(play_path)
    printed_play(play)  # printing first changes nothing of the play
    out = tmp_path / "folder"
    write_folder(play, out)
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml")))
    assert "O'Neil" in written and not set("“”«»„’") & set(written)
    assert load_play(out).speeches() == play.speeches()
    fountain = export_fountain(play)
    assert "\"It's late.\"" in fountain and not set("“”«»„’") & set(fountain)


RUSSIAN = '"Собирайся. Через час выезжаем."'
NESTED = '"\\"Собирайся\\", он сказал, \\"через час \\"выезжаем\\"\\"."'
"""A speech of the sample's with quotations in quotations, as typed in YAML."""


@pytest.fixture
def quoted_sample(tmp_path: Path, sample_path: Path) -> Path:
    import shutil

    folder = shutil.copytree(sample_path, tmp_path / "sample")
    scene = folder / "scenes" / "02-tatyana.yaml"
    text = scene.read_text(encoding="utf-8")
    assert RUSSIAN in text
    scene.write_text(text.replace(RUSSIAN, NESTED), encoding="utf-8")
    return folder


def test_our_own_pdf_imports_as_the_marks_it_was_typed_with(quoted_sample, tmp_path):
    """Our PDF → import → the same text as the YAML it was printed from: English quotes and
    apostrophes, Russian quotations in quotations."""
    play = load_play(quoted_sample)
    pdf = tmp_path / "script.pdf"
    render_script_pdf(play, path=pdf)
    with pdfplumber.open(pdf) as document:
        assert "«Собирайся», он сказал, «через час „выезжаем“»." in \
            "".join(page.extract_text() or "" for page in document.pages).replace("\n", " ")
    result = CliRunner().invoke(cli, ["import", str(pdf), "-o", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    back = load_play(tmp_path / "back")
    assert [r.name for r in back.roles] == [r.name for r in play.roles]
    assert [spoken(s) for s in back.speeches()] == [spoken(s) for s in play.speeches()]
    assert '"Собирайся", он сказал, "через час "выезжаем"".' in [spoken(s) for s in back.speeches()]
    assert "«" not in (tmp_path / "back" / "scenes" / "02-tatyana.yaml").read_text(encoding="utf-8")


def test_an_authors_own_marks_in_a_document_from_elsewhere_are_kept(quoted_sample, tmp_path):
    """A Russian author who typed «…» (or whose word processor did) gets them back as written:
    only a PDF stagecast printed has marks that are not the author's."""
    from tests.document_writers import write_docx

    docx = write_docx(printed_play(load_play(quoted_sample)), tmp_path / "play.docx", "colon")
    result = CliRunner().invoke(cli, ["import", str(docx), "-o", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    speeches = [said(s) for s in load_play(tmp_path / "back").speeches()]
    assert "«Собирайся», он сказал, «через час „выезжаем“»." in speeches
    assert any("I’m" in s for s in speeches)
