"""The script PDF, read back the way a user would check it: its text, pages, boxes and bytes."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pypdf
import pytest

from stagecast import load_play, render_script_pdf
from stagecast.cueing import cue_for, lines_of
from stagecast.errors import ScriptError
from stagecast.pdf import ScriptPdfOptions
from stagecast.pdf.pages import A4
from stagecast.pdf.paint import HIGHLIGHT, MARK, WATERMARK

from .pdf_support import ANNA_WORDS, open_pdf, page_texts, write_play

TEXT_LEFT = A4.text_left


@pytest.fixture(scope="module")
def play_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_play(tmp_path_factory.mktemp("play") / "play")


@pytest.fixture(scope="module")
def plain(play_dir: Path) -> bytes:
    return render_script_pdf(play_dir)


@pytest.fixture(scope="module")
def anna_copy(play_dir: Path) -> bytes:
    return render_script_pdf(play_dir, ScriptPdfOptions(performer="Performer One", watermark="DRAFT COPY"))


def _content(page):
    """The page without its watermark."""
    return page.filter(lambda obj: obj.get("non_stroking_color") != WATERMARK)


def _body_lines(page) -> list[list[dict]]:
    """Words of the page between header and footer, grouped into lines by baseline."""
    words = [w for w in _content(page).extract_words() if A4.top - 2 < w["top"] < A4.bottom]
    lines: dict[int, list[dict]] = {}
    for word in words:
        baseline = word["bottom"] - 0.25 * (word["bottom"] - word["top"])
        lines.setdefault(round(baseline / 3), []).append(word)
    return [sorted(v, key=lambda w: w["x0"]) for _, v in sorted(lines.items())]


def test_every_speech_is_printed_in_order_with_its_speaker(play_dir: Path, plain: bytes) -> None:
    play = load_play(play_dir)
    text = " ".join(" ".join(page_texts(plain)).split())
    position = 0
    for speech in play.speeches():
        words = " ".join(p.text for p in speech.parts if hasattr(p, "stress")).split()
        found = text.find(" ".join(words[:6]), position)
        assert found >= 0, f"speech {speech.number} missing or out of order"
        name = " & ".join(play.role(r).name.upper() for r in speech.speakers)  # one rule: the group word
        assert text.rfind(name, position, found) >= 0, f"speaker of speech {speech.number} not before it"
        position = found


def test_front_matter_title_characters_and_contents(play_dir: Path, plain: bytes) -> None:
    pages = page_texts(plain)
    assert "Test Play" in pages[0] and "A play for tests" in pages[0] and "Somebody Real" in pages[0]
    assert "Characters" in pages[1] and "A student who talks of amber." in pages[1]
    assert "played by Performer One" in pages[1]
    contents = pages[2]
    assert "Contents" in contents
    for entry in re.finditer(r"Scene Number (\d+)[ .]*?(\d+)\n", contents):
        target = int(entry.group(2))
        assert f"Scene Number {entry.group(1)}" in pages[target - 1]
    assert len(re.findall(r"Scene Number \d+", contents)) == 4
    assert "Interval (15 minutes)" in contents


def test_outline_has_acts_and_scenes(plain: bytes) -> None:
    reader = pypdf.PdfReader(__import__("io").BytesIO(plain))
    titles = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append(("  " * depth) + item.title)

    walk(reader.outline, 0)
    assert titles == ["Test Play", "Characters", "Contents", "Act One", "  Scene Number 1", "  Scene Number 2",
                      "Interval (15 minutes)", "Act Two", "  Scene Number 3", "  Scene Number 4"]


def test_page_x_of_y_on_every_page_but_the_title_page(plain: bytes) -> None:
    pages = page_texts(plain)
    assert "page 1 of" not in pages[0]  # a title page carries no folio, as in print
    for number, text in enumerate(pages[1:], start=2):
        assert f"page {number} of {len(pages)}" in text


def test_running_header_names_play_and_scene(plain: bytes) -> None:
    pages = page_texts(plain)
    assert any("Test Play — Act One · Scene Number 2" in p for p in pages)
    assert "Test Play —" not in pages[0]  # no header on the title page


def test_a_speech_that_breaks_repeats_its_speaker_marked_continued(plain: bytes) -> None:
    pages = page_texts(plain)
    continued = [n for n, p in enumerate(pages) if "(CONT’D)" in p]
    assert continued, "the long speeches must break across pages"
    for n in continued:
        lines = [ln for ln in pages[n].splitlines() if ln.strip()]
        head = next(ln for ln in lines if "(CONT’D)" in ln)
        assert re.match(r"^(ANNA|BORIS|VERA) \(CONT’D\) ", head)
        assert pages[n - 1].splitlines()[-2] == "(MORE)"  # the page before ends with it, above the folio


def test_no_speaker_name_without_text_beside_it(plain: bytes, anna_copy: bytes) -> None:
    for data in (plain, anna_copy):
        with open_pdf(data) as pdf:
            for page in pdf.pages[3:]:
                for line in _body_lines(page):
                    names = [w for w in line if w["x1"] < TEXT_LEFT - 2 and w["text"] in ("ANNA", "ANNA,", "BORIS", "VERA")]
                    if names:
                        assert any(w["x0"] >= TEXT_LEFT - 1 for w in line), \
                            f"page {page.page_number}: {' '.join(w['text'] for w in line)} has no text beside it"


def test_cyrillic_kazakh_and_stress_accents_come_out_intact(tmp_path: Path) -> None:
    extra = "\n".join([
        '  - anna: "Қош келдіңіздер! ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"',
        '  - boris: "Не з+амок, а зам+ок. Алмат+ы. +Облако. і\u0301 café"',
        '  - vera: "И\u0306огурт и\u0306"',
    ])
    data = render_script_pdf(write_play(tmp_path / "p", scenes=2, extra=extra))
    text = unicodedata.normalize("NFC", "\n".join(page_texts(data)))
    assert "Қош келдіңіздер! ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І" in text
    assert "Не за\u0301мок, а замо\u0301к. Алматы\u0301. О\u0301блако. і\u0301 café" in text
    assert "Йогурт й" in text  # decomposed input printed as the composed letter (NFC)


def test_highlight_bands_cover_the_performers_lines_and_nobody_elses(anna_copy: bytes) -> None:
    marked = {w.lower() for w in ANNA_WORDS}
    highlighted_words = 0
    with open_pdf(anna_copy) as pdf:
        for page in pdf.pages[3:]:
            bands = [r for r in page.rects if r.get("non_stroking_color") == HIGHLIGHT]
            for line in _body_lines(page):
                for word in line:
                    middle = (word["top"] + word["bottom"]) / 2
                    inside = any(b["top"] <= middle <= b["bottom"] and b["x0"] <= word["x0"] <= b["x1"] for b in bands)
                    bare = word["text"].strip(".,()").lower()
                    if word["x0"] < TEXT_LEFT - 1:  # the name column and speech numbers
                        if bare in ("anna", "anna,"):
                            assert inside, f"page {page.page_number}: Anna's name not highlighted"
                        continue
                    if bare in ("she", "smiles"):  # the inline direction inside Anna's speech
                        assert inside
                        continue
                    assert inside == (bare in marked), f"page {page.page_number}: {word['text']!r} highlight={inside}"
                    highlighted_words += inside
    assert highlighted_words > 200


def test_cue_words_are_underlined_for_the_performer(play_dir: Path, anna_copy: bytes) -> None:
    play = load_play(play_dir)
    expected = []
    for speech in lines_of(play, "p-one"):
        previous = cue_for(play, speech, "p-one").previous
        if previous is not None and not previous.own:
            expected.append(previous.words.lstrip("…"))
    found = []
    with open_pdf(anna_copy) as pdf:
        for page in pdf.pages:
            marks = [r for r in page.rects if r.get("non_stroking_color") == MARK]
            words = _content(page).extract_words()
            for mark in marks:
                above = [w for w in words if w["top"] < mark["top"] < w["bottom"] + 2 and w["x0"] >= mark["x0"] - 1
                         and w["x1"] <= mark["x1"] + 1]
                found.append(" ".join(w["text"] for w in sorted(above, key=lambda w: w["x0"])))
    joined = " ".join(found)
    for cue in dict.fromkeys(expected):
        assert cue in joined, cue
    assert len(expected) >= 6


def test_performer_copy_has_their_name_in_the_header_and_watermark_on_every_page(anna_copy: bytes) -> None:
    pages = page_texts(anna_copy)
    assert all("Performer One" in p for p in pages[1:])
    assert "Copy for Performer One" in pages[0]
    with open_pdf(anna_copy) as pdf:
        for page in pdf.pages:
            stamp = "".join(c["text"] for c in page.chars if c.get("non_stroking_color") == WATERMARK)
            assert stamp.replace(" ", "") == "DRAFTCOPY", f"page {page.page_number}"


def test_line_numbers_print_speech_numbers_in_the_margin(play_dir: Path) -> None:
    data = render_script_pdf(play_dir, ScriptPdfOptions(line_numbers=True))
    numbers = []
    with open_pdf(data) as pdf:
        for page in pdf.pages:
            numbers += [int(w["text"]) for w in page.extract_words() if w["x1"] < A4.left and w["text"].isdigit()]
    assert numbers == list(range(1, len(load_play(play_dir).speeches()) + 1))


def test_paper_sizes(play_dir: Path) -> None:
    for paper, size in (("a4", (595.28, 841.89)), ("letter", (612, 792))):
        reader = pypdf.PdfReader(__import__("io").BytesIO(render_script_pdf(play_dir, ScriptPdfOptions(paper=paper))))
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.01)


def test_missing_glyph_is_an_error_naming_the_item_and_the_character_s_column(tmp_path: Path) -> None:
    folder = write_play(tmp_path / "p", scenes=2, extra='  - vera: "こんにちは 日本"')
    with pytest.raises(ScriptError) as caught:
        render_script_pdf(folder)
    play_line = (folder / "scenes" / "s1.yaml").read_text().splitlines().index('  - vera: "こんにちは 日本"') + 1
    speech = next(s for s in load_play(folder).speeches() if s.loc and s.loc.line == play_line)
    assert str(caught.value).splitlines() == [
        f"{folder / 'scenes' / 's1.yaml'}:{play_line}:12: error: cannot print 7 characters in speech {speech.number}: "
        "no font has 'こ' (U+3053 HIRAGANA LETTER KO), ん, に, ち, は, 日 or 本 (tried PT Serif and the fallback fonts)",
        "hint: add a font that has them: --font pt-serif --font FILE (PT Serif first, FILE for what it lacks), "
        "or for every PDF of the play, in play.yaml: pdf: {font: [pt-serif, FILE]}"]


_BUILD = """
import sys
from stagecast import render_script_pdf
from stagecast.pdf import ScriptPdfOptions
sys.stdout.buffer.write(render_script_pdf(sys.argv[1], ScriptPdfOptions(performer="p-two", watermark="X",
                                                                         line_numbers=True)))
"""


def test_builds_in_separate_processes_a_second_apart_are_byte_identical(play_dir: Path) -> None:
    first = subprocess.run([sys.executable, "-c", _BUILD, str(play_dir)], capture_output=True, check=True).stdout
    time.sleep(1.2)
    second = subprocess.run([sys.executable, "-c", _BUILD, str(play_dir)], capture_output=True, check=True).stdout
    assert first[:5] == b"%PDF-" and first == second
    assert b"CreationDate" not in first or b"D:20000101" in first


def test_the_sample_play_prints_with_its_kazakh_russian_and_stressed_lines(sample_path: Path) -> None:
    data = render_script_pdf(sample_path)
    pages = page_texts(data)
    text = unicodedata.normalize("NFC", "\n".join(pages))
    assert "Қош келдіңіздер!" in text and "Собирайся. Через час выезжаем." in text
    assert "Не Алма\u0301ты. Алматы\u0301." in text
    assert all(f"page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1) if n > 1)


@pytest.mark.parametrize("performer", ["actor-a", "actor-b", "actor-c", "actor-d", "actor-e"])
def test_every_performer_of_the_sample_gets_a_highlighted_copy(sample_path: Path, performer: str) -> None:
    data = render_script_pdf(sample_path, ScriptPdfOptions(performer=performer))
    with open_pdf(data) as pdf:
        bands = sum(1 for page in pdf.pages for r in page.rects if r.get("non_stroking_color") == HIGHLIGHT)
        marks = sum(1 for page in pdf.pages for r in page.rects if r.get("non_stroking_color") == MARK)
    play = load_play(sample_path)
    cued = [s for s in lines_of(play, performer) if (c := cue_for(play, s, performer).previous) and not c.own]
    assert bands > 5
    assert (marks > 0) == bool(cued)  # Artur only ever follows a direction or himself


def test_a_chorus_line_whose_names_fill_more_than_a_page_is_printed_and_ends(tmp_path: Path) -> None:
    """A speech said by 120 roles: the name column is taller than a page. It is cut and carried
    on like the text (it used to be given whole to every next page, for ever)."""
    import subprocess
    import sys

    roles = "\n".join(f"  v{i}: {{name: Villager Number {i}}}" for i in range(120))
    everyone = ", ".join(f"v{i}" for i in range(120))
    (tmp_path / "play.yaml").write_text(
        f"title: Chorus\nlanguage: en\nroles:\n{roles}\nperformers:\n  all: {{name: Everyone, plays: [{everyone}]}}\n"
        f"scenes:\n  - id: square\n    title: The square\n    body:\n      - {everyone}: \"We are all here.\"\n"
        "      - v1: \"Quiet.\"\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "stagecast", "pdf", str(tmp_path), "-o", str(tmp_path / "c.pdf")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    pages = page_texts((tmp_path / "c.pdf").read_bytes())
    text = " ".join(" ".join(pages).split())
    # the cast list (120), every speaker of the chorus line once (120), and the one who says "Quiet."
    assert text.count("VILLAGER") == 241 and "& VILLAGER NUMBER 119 VILLAGER NUMBER Quiet." in text
    assert "We are all here." in text and "Quiet." in text and len(pages) < 20
