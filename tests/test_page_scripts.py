"""Issue 20, item 3 (the page and the captions): every script of the multilingual play is drawn
on the rehearsal page in our own embedded faces, each line runs its own way, and right-to-left
caption cues carry direction marks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from stagecast import load_play
from stagecast.audio.plan import PlanOptions, plan_track
from stagecast.audio.sidecars import TimedItem, srt, webvtt
from stagecast.web import page_fonts
from stagecast.web.page import PageInput, render_page
from tests.browser import chromium
from tests.pictures import assert_looks_as_reviewed

POLYGLOT = Path(__file__).parent / "data" / "scripts" / "polyglot.yaml"
PAGE_GOLDEN = Path(__file__).parent / "golden" / "polyglot-page.png"
SAMPLE = Path(__file__).resolve().parents[1] / "script"
OURS = {"PT Serif", "Noto Serif", "Frank Ruhl Libre", "Amiri", "Noto Serif Georgian", "Noto Serif Armenian",
        "Noto Sans Symbols"}
RLM = "\u200f"


def _faces(page: str) -> set[tuple[str, str]]:
    return set(re.findall(r'@font-face\{font-family:"Stagecast ([^"]+)";font-style:(\w+)', page))


@pytest.fixture(scope="module")
def polyglot_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("polyglot-page")
    (folder / "index.html").write_text(render_page(PageInput(load_play(POLYGLOT))), encoding="utf-8")
    return folder / "index.html"


def test_the_page_embeds_the_faces_its_text_needs_and_no_other(polyglot_page: Path) -> None:
    page = polyglot_page.read_text(encoding="utf-8")
    assert {family for family, _ in _faces(page)} == OURS
    assert "font-src data:" in page  # the page's CSP would refuse its own fonts otherwise
    sample = render_page(PageInput(load_play(SAMPLE)))
    # English, Russian and Kazakh: PT Serif in the three styles the page uses, and the arrows of its key help.
    assert _faces(sample) == {("PT Serif", "normal"), ("PT Serif", "italic"), ("Noto Sans Symbols", "normal")}
    # 62 KB of page and 57 KB of fonts when this was written; 154 KB in all once the page had the
    # ladder, prompts, short cues, drill, loop and speed (issue 22: some 24 KB of script)
    assert len(sample.encode()) < 165_000


def test_the_kazakh_letters_pt_serif_has_are_never_given_to_another_face() -> None:
    given = page_fonts.assign("Қазір кезек біздікі ме? Мен әлі күтемін. ң ґ Ἐν")
    by_label = {family.label: chars for family, chars in given.items()}
    assert set("Қңәүі") <= by_label["PT Serif"]
    assert "Ἐ" in by_label["Noto Serif"] and "Ἐ" not in by_label["PT Serif"]


def test_a_letter_with_a_mark_its_face_lacks_goes_whole_to_a_face_that_has_both() -> None:
    # PT Serif has Cyrillic о but not the combining grave (U+0300), as printed in some Mayakovsky editions.
    given = {family.label: chars for family, chars in page_fonts.assign("до\u0300ма").items()}
    assert {"о", "\u0300"} <= given["Noto Serif"]
    assert "\u0300" not in given["PT Serif"]


def test_a_rebuild_reads_the_subsets_back_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    play = load_play(POLYGLOT)
    first = render_page(PageInput(play, font_cache=tmp_path))
    assert list((tmp_path / "page-fonts").glob("*.woff2"))

    def never(path, chars):
        raise AssertionError(f"subset again: {path}")

    monkeypatch.setattr(page_fonts, "_subset", never)
    assert render_page(PageInput(play, font_cache=tmp_path)) == first


def test_a_subset_is_the_same_bytes_whenever_it_is_made() -> None:
    from fontTools.ttLib import TTFont

    regular = Path(str(page_fonts.CHAIN[0].files()["regular"]))
    made = page_fonts._subset(regular, "Қазір")
    with TTFont(io.BytesIO(made)) as cut, TTFont(str(regular), lazy=True) as whole:
        assert cut["head"].modified == whole["head"].modified  # not the time it was cut
        assert {chr(c) for c in cut.getBestCmap()} == set("Қазір")


@pytest.mark.slow
def test_each_line_is_drawn_in_our_faces_and_runs_its_way_in_chromium(polyglot_page: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 700, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(polyglot_page.as_uri())
        page.evaluate("document.fonts.ready.then(() => true)")
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        lines = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".speech .text"})["nodeIds"]
        used = [{(f["familyName"], f["isCustomFont"]) for f in cdp.send("CSS.getPlatformFontsForNode",
                                                                         {"nodeId": n})["fonts"]} for n in lines]
        directions = page.evaluate("[...document.querySelectorAll('.speech')].map("
                                   "n => [n.querySelector('.text').lang, getComputedStyle(n.querySelector('.text')).direction])")
        # The Hebrew line's first letter is drawn to the right of its last.
        first, last = page.evaluate("""(() => {
            const text = document.querySelectorAll('.speech .spoken')[3].firstChild;
            const box = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                                 return r.getBoundingClientRect().left; };
            return [box(0), box(text.length - 2)];
        })()""")
    assert len(used) == 8
    for fonts in used:
        assert {name for name, _ in fonts} <= OURS and all(custom for _, custom in fonts), fonts
    assert used[6] == {("PT Serif", True)}  # the Kazakh line, in one face: no Қ or ң from another
    assert {name for name, _ in used[1]} == {"PT Serif", "Noto Serif Georgian"}
    assert directions == [["el", "ltr"], ["ka", "ltr"], ["hy", "ltr"], ["he", "rtl"], ["he", "rtl"], ["ar", "rtl"],
                          ["kk", "ltr"], ["uk", "ltr"]]
    assert first > last
    assert requests == [polyglot_page.as_uri()]  # offline: the fonts are inside the page



def test_the_speeches_on_the_page_look_as_reviewed(polyglot_page: Path, update_golden: bool) -> None:
    """The polyglot play's speeches as Chromium draws them (800 px wide, one device pixel per CSS
    pixel) against a reviewed screenshot, within a tolerance: another Chromium or FreeType
    antialiases edges a little differently. Only the speeches are compared, drawn in our embedded
    faces; the controls above them use the system's interface font."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 800, "height": 1000}, device_scale_factor=1)
        page.goto(polyglot_page.as_uri())
        page.evaluate("document.fonts.ready.then(() => true)")
        # the controls above go, so a change to them cannot move the speeches by a fraction of a pixel
        page.evaluate("document.querySelectorAll('header, .deck').forEach((n) => n.remove())")
        top, bottom = page.evaluate("""(() => { const s = document.querySelectorAll('.speech');
            return [s[0].getBoundingClientRect().top, s[s.length - 1].getBoundingClientRect().bottom]; })()""")
        clip = {"x": 0, "y": int(top) - 8, "width": 800, "height": int(bottom - top) + 16}
        rendered = page.screenshot(clip=clip, animations="disabled", caret="hide")
    if update_golden:
        PAGE_GOLDEN.write_bytes(rendered)
    assert_looks_as_reviewed(rendered, PAGE_GOLDEN)


def _cues(play_path: Path) -> list[TimedItem]:
    play = load_play(play_path)
    items = [item for section in plan_track(play, PlanOptions()) for item in section.items]
    return [TimedItem(item, 1000 * n, 1000 * n + 900, "espeak:test", None) for n, item in enumerate(items)]


def test_right_to_left_caption_lines_are_wrapped_in_direction_marks() -> None:
    items = _cues(POLYGLOT)
    vtt, subtitles = webvtt(load_play(POLYGLOT), items), srt(load_play(POLYGLOT), items)
    assert f"<v Noa>{RLM}אני מחכה כאן מהבוקר.{RLM}\n" in vtt
    # A Hebrew line that starts in English still reads from the right, its speaker's name too.
    assert f"<v Noa>{RLM}The form says שם משפחה, so I wrote Cohen.{RLM}\n" in vtt
    assert f"\n{RLM}Noa: The form says שם משפחה, so I wrote Cohen.{RLM}\n" in subtitles
    assert f"<v Layla>{RLM}رقم التذكرة 247، والساعة 10:30.{RLM}\n" in vtt
    assert "<v Aigerim>Қазір кезек біздікі ме? Мен әлі күтемін.\n" in vtt
    assert vtt.count(RLM) == 6 and subtitles.count(RLM) == 6
