"""Issue 22 item 7, the script's flow on the page as a published script prints it: "(MORE)" at
the foot where a speech breaks and "NAME (CONT’D)" over the rest, "END OF PLAY" after the last
scene, and a speaker's speeches one after the other under one name. Read back with pdfplumber."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import render_script_pdf
from stagecast.cli import cli
from stagecast.pdf import ScriptPdfOptions
from stagecast.pdf.blocks import Para, Span
from stagecast.pdf.pages import A4
from stagecast.pdf.pagination import paginate

from .pdf_support import open_pdf
from .test_pdf_layout import M, speech

LONG = 700
"""Words in the long speech: more than a page."""

PLAY = """\
title: Flow
language: {lang}
roles:
  anna: {{name: {anna}}}
  boris: {{name: {boris}}}
performers:
  p-one: {{name: Performer One, plays: [anna]}}
  p-two: {{name: Performer Two, plays: [boris]}}
scenes:
  - id: one
    title: {title}
    body:
      - boris: "Come in."
      - anna: "{long}"
      - boris: "Is that all?"
      - anna: "First of mine."
      - anna: "Second of mine."
      - direction: {direction}
      - anna: "Third of mine."
      - boris: "Goodbye."
"""


def _play(folder: Path, lang: str = "en") -> Path:
    """A one-scene play: a speech longer than a page (words t1…t700), then three speeches of Anna's
    in a row, a direction between the second and the third."""
    words = " ".join(f"t{i}" for i in range(1, LONG + 1))
    names = {"en": ("Anna", "Boris", "One", "She sits."), "ru": ("Анна", "Борис", "Первая", "Садится."),
             "uk": ("Ганна", "Борис", "Перша", "Сідає."), "kk": ("Әсел", "Болат", "Бірінші", "Отырады.")}[lang]
    folder.mkdir(parents=True)
    text = PLAY.format(lang=lang, anna=names[0], boris=names[1], title=names[2], direction=names[3], long=words)
    (folder / "play.yaml").write_text(text, encoding="utf-8")
    return folder


def _lines(page) -> list[list[dict]]:
    """The page's words between header and footer, as lines (by baseline), left to right."""
    words = [w for w in page.extract_words() if A4.top - 2 < w["top"] < A4.bottom + 2]
    rows: dict[int, list[dict]] = {}
    for word in words:
        rows.setdefault(round(word["bottom"] / 3), []).append(word)
    return [sorted(r, key=lambda w: w["x0"]) for _, r in sorted(rows.items())]


def _name(line: list[dict]) -> str:
    return " ".join(w["text"] for w in line if w["x1"] < A4.text_left - 2 and not w["text"].isdigit())


def _said(line: list[dict]) -> str:
    return " ".join(w["text"] for w in line if w["x0"] >= A4.text_left - 1)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _play(tmp_path_factory.mktemp("flow") / "en")


@pytest.mark.parametrize(("lang", "more", "contd"), [("en", "(MORE)", "ANNA (CONT’D)"),
                                                     ("ru", "(ДАЛЬШЕ)", "АННА (ПРОД.)"),
                                                     ("uk", "(ДАЛІ)", "ГАННА (ПРОД.)"),
                                                     ("kk", "(ӘРІ ҚАРАЙ)", "ӘСЕЛ (ЖАЛҒАСЫ)")])
def test_a_speech_split_across_pages_ends_with_more_and_goes_on_under_name_contd(
        tmp_path: Path, lang: str, more: str, contd: str) -> None:
    data = render_script_pdf(_play(tmp_path / lang, lang), ScriptPdfOptions(performer="Performer One"))
    said: list[str] = []
    with open_pdf(data) as pdf:
        pages = [_lines(p) for p in pdf.pages]
        highlights = [[r for r in p.rects if r.get("non_stroking_color") == (1.0, 0.94, 0.62)] for p in pdf.pages]
    breaks = [n for n, lines in enumerate(pages) if any(_said(ln) == more for ln in lines)]
    assert breaks, "the long speech must break across pages"
    for n in breaks:
        foot = next(ln for ln in pages[n] if _said(ln) == more)
        assert foot is pages[n][-1], "(MORE) is the last line of the page"
        assert foot[0]["bottom"] > A4.bottom - 2 * A4.leading, "at the foot of the page"
        assert foot[0]["x0"] == pytest.approx(A4.text_left, abs=1), "under the speech's text column"
        assert re.fullmatch(r"t\d+", _said(pages[n][-2]).split()[-1]), "right under the speech's last row"
        top = pages[n + 1][0]
        assert _name(top) == contd and re.match(r"t\d+", _said(top))
        for page, bands in ((n, highlights[n]), (n + 1, highlights[n + 1])):  # the marked copy: both halves
            assert any(b["top"] <= pages[page][-2 if page == n else 0][0]["top"] <= b["bottom"] for b in bands)
    for lines in pages:
        said += [w for ln in lines for w in _said(ln).split() if re.fullmatch(r"t\d+", w)]
    assert said == [f"t{i}" for i in range(1, LONG + 1)], "both halves' words, all of them, in order"


def test_end_of_play_is_centred_on_the_last_page_after_the_last_speech(english: Path, tmp_path: Path) -> None:
    for options in (ScriptPdfOptions(), ScriptPdfOptions(performer="Performer One")):
        with open_pdf(render_script_pdf(english, options)) as pdf:
            last = _lines(pdf.pages[-1])
            others = "".join(p.extract_text() for p in pdf.pages[:-1])
        end = next(ln for ln in last if " ".join(w["text"] for w in ln) == "END OF PLAY")
        assert last.index(end) == len(last) - 1 and "Goodbye." in " ".join(w["text"] for w in last[-2])
        assert (end[0]["x0"] + end[-1]["x1"]) / 2 == pytest.approx((A4.left + A4.right) / 2, abs=1)
        assert "END OF PLAY" not in others
    with open_pdf(render_script_pdf(_play(tmp_path / "ru", "ru"))) as pdf:
        assert [" ".join(w["text"] for w in ln) for ln in _lines(pdf.pages[-1])][-1] == "КОНЕЦ"


def test_consecutive_speeches_of_one_speaker_are_printed_under_one_name(english: Path) -> None:
    with open_pdf(render_script_pdf(english, ScriptPdfOptions(line_numbers=True))) as pdf:
        lines = [ln for page in pdf.pages for ln in _lines(page)]
    heads = {_said(ln): (_name(ln), [w["text"] for w in ln if w["text"].isdigit()]) for ln in lines}
    assert heads["Is that all?"] == ("BORIS", ["3"])
    assert heads["First of mine."] == ("ANNA", ["4"])
    assert heads["Second of mine."] == ("", ["5"])  # straight on: no name, its number kept
    assert heads["She sits."] == ("", [])
    assert heads["Third of mine."] == ("ANNA (CONT’D)", ["6"])  # after a direction: the screenplay's way
    assert heads["Goodbye."] == ("BORIS", ["7"])


def test_a_speech_under_its_speakers_previous_one_names_the_speaker_when_it_opens_a_page() -> None:
    rows = int((A4.bottom - A4.top) // A4.leading)
    boris = (Span("BORIS", "bold"),)
    filler = Para((Span("\n".join(["f"] * (rows - 2))),), kind="speech", aside=boris)  # leaves one row, for Anna
    anna = (Span("ANNA", "bold"),)
    second = Para((Span("y1 y2"),), kind="speech", top_aside=anna, continued=anna + (Span(" (CONT’D)", "bold"),))
    pages = paginate([filler, speech(3), second], A4, M)
    assert [[ln.text for ln in p.lines if ln.kind == "speaker"] for p in pages] == [["BORIS", "ANNA"], ["ANNA"]]
    assert [ln.text for ln in pages[1].lines if ln.kind == "speech"] == ["y1 y2"]


def test_the_row_for_more_is_kept_on_the_page_and_the_highlight_runs_on_over_the_break() -> None:
    more = speech(2000, more=(Span("(MORE)"),), highlight=True)
    pages = paginate([more], A4, M)
    assert len(pages) >= 3
    for page in pages[:-1]:
        foot = [ln for ln in page.lines if ln.kind == "more"]
        text = [ln for ln in page.lines if ln.kind == "speech"]
        assert [ln.text for ln in foot] == ["(MORE)"] and foot[0].y == pytest.approx(text[-1].y + A4.leading)
        assert foot[0].y <= A4.bottom
        assert len([r for r in page.rects if r.kind == "highlight"]) == len(text)
    assert not [ln for ln in pages[-1].lines if ln.kind == "more"]


def test_more_under_a_right_to_left_speech_stands_where_its_lines_begin() -> None:
    # A Hebrew speech is set from the right edge of the text column: "(MORE)" goes there too,
    # not at the left, where the speech's lines end.
    hebrew = Para((Span(" ".join(["שלום"] * 2000)),), kind="speech", aside=(Span("אנה", "bold"),),
                  more=(Span("(MORE)"),))
    pages = paginate([hebrew], A4, M)
    foot = [ln for ln in pages[0].lines if ln.kind == "more"]
    text = [ln for ln in pages[0].lines if ln.kind == "speech"]
    assert [ln.text for ln in foot] == ["(MORE)"]
    assert text[0].runs[0].x + text[0].width == pytest.approx(A4.right, abs=1)
    assert foot[0].runs[0].x + foot[0].width == pytest.approx(A4.right, abs=1)


def test_a_cue_sheet_line_split_across_pages_gets_more_and_contd(english: Path, tmp_path: Path) -> None:
    out = tmp_path / "anna.pdf"
    result = CliRunner().invoke(cli, ["cues", str(english), "-p", "Performer One", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open_pdf(out.read_bytes()) as pdf:
        pages = [_lines(p) for p in pdf.pages]
    n = next(n for n, lines in enumerate(pages) if _said(lines[-1]) == "(MORE)")
    assert _name(pages[n + 1][0]).endswith("ANNA (CONT’D)")
    said = [w for lines in pages for ln in lines for w in _said(ln).split() if re.fullmatch(r"t\d+", w)]
    assert said[-LONG:] == [f"t{i}" for i in range(1, LONG + 1)]


@pytest.mark.parametrize("lang", ["en", "ru"])  # the importer knows no Ukrainian or Kazakh cast list yet
def test_import_reads_the_flow_back_into_the_same_speeches(tmp_path: Path, lang: str) -> None:
    """(MORE) is left out, NAME (CONT’D) joins the two halves, an unnamed speech is its speaker's."""
    from stagecast import load_play
    from stagecast.interchange import import_play
    from stagecast.model import Text

    original = load_play(_play(tmp_path / lang, lang))
    pdf = tmp_path / "flow.pdf"
    render_script_pdf(original, path=pdf)
    back = import_play(pdf)

    def speeches(play) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        return [(play.role(s.speakers[0]).name.casefold(), "".join(p.text for p in s.parts if isinstance(p, Text)))
                for s in play.speeches()]

    assert speeches(back) == speeches(original)
