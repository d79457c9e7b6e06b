"""Issue 22, items 1–5 on the rehearsal page, in real Chromium at phone size (360×740), on a short
play built with real audio (eSpeak NG, MP3): the modes learn/check/perform, "Line?" by degrees,
first words, short cues, the drill, the A–B loop, speed, act headings, the delivery note, and
each performer's state kept in local storage."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.cueing import DEFAULT_CUE_WORDS, last_words
from stagecast.cuesheets.sheet import first_words
from stagecast.labels import printed_play
from stagecast.model import Speech
from stagecast.playback import drill
from stagecast.playback.rehearsal import PROMPT_FIRST, PROMPT_NEXT
from stagecast.web.page import PageInput, Track, page_data, render_page
from tests.browser import chromium
from tests.test_web_page import ARTIFACTS

PLAY = """\
title: The ladder
language: en
roles:
  ann: {name: Ann}
  bob: {name: Bob}
performers:
  a: {name: Actor A, plays: ann}
  b: {name: Actor B, plays: bob}
acts:
  - id: one
    title: Part One
    scenes:
      - id: door
        title: The door
        body:
          - ann: "Is anyone there? I heard the bell ring twice."
          - bob: "Only me. I brought the chairs you asked for."
            delivery: out of breath
          - bob: "Where shall I put them?"
          - ann: "By the window, where the light is good."
          - bob: "Right you are."
  - interval: 15
  - id: two
    title: Part Two
    scenes:
      - id: tea
        title: Tea
        body:
          - ann: "Tea or coffee? The kettle has just boiled."
          - bob: "Tea, please. (beat) With a little milk and no sugar."
          - ann: "Coming right up."
          - bob: "Thank you kindly."
          - ann: "Mind, it is hot."
          - bob: "I will let it cool."
"""
BOB = ["s2", "s3", "s5", "s7", "s9", "s11"]
PHONE = {"width": 360, "height": 740}
# the track loaded and the page's own placing of it (a saved place, your first cue) done
READY = "document.getElementById('player').readyState >= 1 && !window.stagecast.seeking()"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ladder")
    (root / "play.yaml").write_text(PLAY, encoding="utf-8")
    (root / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en, rate: 200}\n", encoding="utf-8")
    out = root / "build"
    result = CliRunner().invoke(cli, ["build", str(root / "play.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_page_is_given_the_terminals_rules_not_a_copy_of_them(sample_play) -> None:
    data = page_data(PageInput(sample_play))
    assert data["prompt"] == {"first": PROMPT_FIRST, "next": PROMPT_NEXT} == {"first": 1, "next": 3}
    assert data["drill"] == {"top": drill.TOP_BOX, "new": drill.NEW_BOX, "again": drill.AGAIN_AFTER,
                             "max_again": drill.MAX_AGAIN}
    assert data["cue_words"] == DEFAULT_CUE_WORDS
    # the script fills these in: its values are left in braces
    assert data["labels"]["drill_count"] == "Line {n} of {total}"
    assert data["labels"]["looping"] == "Looping {from} – {to}"
    assert data["labels"]["phase_say"] == "Your line — say it"


def test_each_word_of_a_line_has_its_first_letter_at_the_same_place(sample_play) -> None:
    """The page hides and prompts a line word by word, taking word i of the text and of its
    first letters together: the two must split into as many words."""
    parts = [p for s in page_data(PageInput(sample_play))["scenes"] for i in s["items"] if i["kind"] == "speech"
             for p in i["parts"] if "t" in p]
    assert len(parts) > 100
    assert all(len(p["t"].split(" ")) == len(p["f"].split(" ")) for p in parts)
    assert any("\u0301" in p["t"] for p in parts)  # stress marks among them: printed, never a word of their own


def _timeline(built: Path, performer: str | None = None) -> dict[str, dict]:
    """The lines' times in the read-through, or in a performer's own track (perform mode)."""
    path = built / "performers" / performer / "rehearsal.timeline.json" if performer else \
        built / "audio" / "read-through.timeline.json"
    return {i["id"]: i for i in json.loads(path.read_text(encoding="utf-8"))["items"] if i["kind"] in ("speech", "gap")}


def _wait(page, expression: str, timeout_s: float = 8.0) -> None:
    """Poll ``expression`` (the page's CSP forbids the eval that wait_for_function uses)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(20)


def _open(browser, built: Path, performer: str | None = "b"):
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built / "index.html").as_uri())
    if performer:
        page.select_option("#performer", performer)
    _wait(page, READY)
    return page, errors


def _mode(page, mode: str) -> None:
    page.select_option("#mode", mode)
    _wait(page, READY)


def _options(page) -> None:
    if not page.evaluate("document.getElementById('options').open"):
        page.click("#options summary")


def _at(page, seconds: float) -> None:
    page.evaluate(f"document.getElementById('player').currentTime = {seconds}")


def _player(page, what: str):
    return page.evaluate(f"document.getElementById('player').{what}")


def test_check_pauses_before_the_line_and_learn_after_it(built: Path) -> None:
    line = _timeline(built)["s2"]
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "check")
        assert "read-through" in _player(page, "currentSrc")  # no file of its own: the read-through, paused
        _at(page, line["start_ms"] / 1000 - 0.5)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, "document.getElementById('player').paused")
        assert abs(_player(page, "currentTime") * 1000 - line["start_ms"]) < 80  # before a word of it played
        assert page.inner_text("#phase") == "Your line — say it"
        assert page.evaluate("document.getElementById('s2').classList.contains('saying')")
        _wait(page, "!document.getElementById('player').paused")  # after about the line's length: hear it
        assert page.inner_text("#phase") == "Your line — check it"
        assert _player(page, "currentTime") * 1000 < line["start_ms"] + 400

        _mode(page, "learn")
        _at(page, line["start_ms"] / 1000 - 0.3)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, "document.getElementById('phase').textContent === 'Your line — listen'")
        _wait(page, "document.getElementById('player').paused")
        assert line["end_ms"] - 60 < _player(page, "currentTime") * 1000 <= line["end_ms"] + 1  # the whole line first
        assert page.inner_text("#phase") == "Your line — say it"
        _wait(page, "!document.getElementById('player').paused")
        _mode(page, "perform")
        assert "actor-b/rehearsal" in _player(page, "currentSrc")  # today's track, the lines as gaps
    assert errors == []


def test_line_prompts_by_degrees_first_words_and_short_cues(built: Path) -> None:
    play = load_play(built.parent / "play.yaml")
    speech = {s.id or f"s{s.number}": s for s in play.speeches()}
    with chromium() as browser:
        page, errors = _open(browser, built)
        _at(page, _timeline(built, "actor-b")["s2"]["start_ms"] / 1000 + 0.1)  # its gap in the perform track
        _wait(page, "(document.querySelector('.current') || {}).id === 's2'")
        page.focus("body")
        given = "[...document.querySelectorAll('#s2 .w.given')].map(w => w.textContent).join(' ')"
        page.keyboard.press("p")
        assert page.evaluate(given) == "Only"
        page.click("#prompt")
        assert page.evaluate(given) == "Only me. I brought"  # the next few: four words in all
        page.keyboard.press("p")
        assert page.locator("#s2 .hidden").count() == 0
        assert "Only me. I brought the chairs you asked for." in page.inner_text("#s2")

        _options(page)
        page.select_option("#firstwords", "2")
        hidden = page.inner_text("#s2 .hidden")
        assert hidden == first_words("Only me. I brought the chairs you asked for.", 2)  # as the terminal shows it
        assert page.locator("#s2 .w.given").all_inner_texts() == ["Only", "me."]
        # a monologue: Bob's own line s2 cues s3, and it stays hidden as his lines are
        page.select_option("#cuewords", "3")
        assert page.locator("#s2 .hidden").count() == 1
        assert page.inner_text("#s1 .text") == last_words(speech["s1"], 3) == "…bell ring twice."
        assert page.inner_text("#s6 .text") == "…has just boiled."
        assert page.inner_text("#s8 .text") == "Coming right up."  # as short as the cue already
        assert page.inner_text("#s10 .text") == "…it is hot."
        page.select_option("#cuewords", "0")
        assert page.inner_text("#s1 .text") == "Is anyone there? I heard the bell ring twice."
    assert errors == []


def test_short_cues_on_the_page_are_cut_as_cueing_cuts_them(sample_play, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(render_page(PageInput(sample_play)), encoding="utf-8")
    printed = printed_play(sample_play)  # the page shows the play's text with the language's quotation marks
    speeches = [s for scene in printed.scenes for s in scene.items if isinstance(s, Speech)]
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto((tmp_path / "index.html").as_uri())
        cut = page.evaluate("""(() => { const s = window.stagecast, out = [];
            s.data.scenes.forEach(sc => sc.items.forEach(i => { if (i.kind === 'speech')
                out.push([1, 2, 3, 5, 8].map(n => s.lastWords(i, n))); }));
            return out; })()""")
    assert cut == [[last_words(s, n) for n in (1, 2, 3, 5, 8)] for s in speeches]


def test_the_drill_asks_weak_lines_sooner_and_ends_with_the_weakest(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "drill")
        assert page.is_hidden("#script") and page.is_visible("#drill")
        card = "document.querySelector('#drill .mine').dataset.line"
        first = page.evaluate(card)
        page.click("#drill button.prompt")
        assert page.locator("#drill .mine .w.given").count() == 1
        seen = [first]
        for _ in range(len(BOB)):
            page.click("#drill button.next")
            if page.locator("#drill .mine").count():
                seen.append(page.evaluate(card))
        assert sorted(set(seen)) == sorted(BOB) and len(seen) == len(BOB) + 1
        assert seen[4] == first  # asked for a prompt: back three lines later
        page.click("#drill button.next")
        done = page.inner_text("#drill")
        assert "Weakest lines, by scene (prompts needed):" in done and "(prompts: 1)" in done
        assert page.locator("#drill li").count() == 1
        assert page.get_attribute("#drill li", "data-line") == first
        page.click("#drill button.next")  # drill again: the line dried on opens it (box 0)
        assert page.evaluate(card) == first
        page.reload()
        _wait(page, READY)
        assert page.input_value("#mode") == "drill"
        assert page.evaluate(card) == first  # its box was kept
    assert errors == []


def _card(page, line: str) -> None:
    """Said it — next, until the drill shows ``line`` (a new drill when one ends)."""
    for _ in range(3 * len(BOB)):
        if page.evaluate("(document.querySelector('#drill .mine') || {dataset: {}}).dataset.line") == line:
            return
        page.click("#drill button.next")
    raise AssertionError(f"the drill never asked {line}")


def test_a_drill_card_has_its_cue_and_hears_it_from_the_read_through(built: Path) -> None:
    cue = _timeline(built)["s6"]
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "drill")
        _card(page, "s7")
        assert page.inner_text("#drill .drillcue") == "Cue: Ann: Tea or coffee? The kettle has just boiled."
        page.click("text=Hear the cue")
        _wait(page, "document.getElementById('player').paused && document.getElementById('player').currentTime > 0.5")
        assert abs(_player(page, "currentTime") * 1000 - cue["end_ms"]) < 5
        _card(page, "s3")
        # the monologue's cue is Bob's own line: shown as first letters (as `rehearse` shows it),
        # never in full, and not played
        assert page.inner_text("#drill .drillcue") == "Cue: Bob: …m. I b t c y a f."
        _options(page)
        page.select_option("#cuewords", "3")
        _card(page, "s3")
        assert page.inner_text("#drill .drillcue") == "Cue: Bob: …y a f."
        assert page.locator("text=Hear the cue").count() == 0
    assert errors == []


def test_a_cue_heard_in_the_drill_does_not_stop_the_track_after_the_drill(built: Path) -> None:
    # Hear the cue, stop it before it ends, and go to perform: the track plays on past the
    # moment the drill's cue would have ended (the drill's stop is forgotten with the drill).
    cue = _timeline(built)["s6"]
    cue_end = cue["end_ms"]
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "drill")
        _card(page, "s7")
        page.click("text=Hear the cue")
        _wait(page, f"document.getElementById('player').currentTime * 1000 > {cue['start_ms'] + 200}")
        page.evaluate("document.getElementById('player').pause()")
        _mode(page, "perform")
        _at(page, (cue_end - 300) / 1000)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, f"document.getElementById('player').currentTime * 1000 > {cue_end + 300}"
                    " || document.getElementById('player').paused")
        assert not _player(page, "paused")
        page.evaluate("document.getElementById('player').pause()")
    assert errors == []


def test_changing_track_while_playing_leaves_no_timer_running(built: Path) -> None:
    # Another mode while the track plays loads another file: the player stops without a "pause"
    # event, and the page's 30-ms poll of the playing track must stop with it.
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.add_init_script("""(() => {
          const live = window.liveTimers = new Set(), set = window.setInterval, clear = window.clearInterval;
          window.setInterval = (...a) => { const id = set(...a); live.add(id); return id; };
          window.clearInterval = (id) => { live.delete(id); clear(id); };
        })();""")
        page.goto((built / "index.html").as_uri())
        page.select_option("#performer", "b")
        _mode(page, "perform")
        page.evaluate("document.getElementById('player').play()")
        _wait(page, "window.liveTimers.size === 1 && document.getElementById('player').currentTime > 0.2")
        _mode(page, "check")  # perform's own track → the read-through
        assert _player(page, "paused")
        assert page.evaluate("window.liveTimers.size") == 0
        page.evaluate("document.getElementById('player').play()")
        _wait(page, "window.liveTimers.size === 1")
        page.evaluate("document.getElementById('player').pause()")
        _wait(page, "window.liveTimers.size === 0")


def test_a_mode_chosen_before_the_track_has_loaded_keeps_the_saved_place(built: Path) -> None:
    # Bob's place, saved in his own track, is inside his line s3; he opens the page and picks
    # "check" at once, before that track has loaded: the read-through opens at s3, not at the
    # same second of the read-through (another line), as a seek left over from his track did.
    own, whole = _timeline(built, "actor-b")["s3"], _timeline(built)["s3"]
    saved = json.dumps({"version": 1, "mode": "perform",
                        "pos": {"audio": "performers/actor-b/rehearsal.mp3", "ms": own["start_ms"] + 300}})
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(f"""localStorage.setItem('stagecast:The ladder', 'b');
          localStorage.setItem('stagecast:' + JSON.stringify(['The ladder', '', 'b']), {saved!r});
          document.addEventListener('DOMContentLoaded', () => {{
            const mode = document.getElementById('mode');
            mode.value = 'check';
            mode.dispatchEvent(new Event('change'));
          }});""")
        page.goto((built / "index.html").as_uri())
        _wait(page, READY)
        assert _player(page, "currentSrc").endswith("audio/read-through.mp3")
        page.wait_for_timeout(300)
        assert abs(_player(page, "currentTime") * 1000 - whole["start_ms"]) < 50
    assert errors == []


def test_the_loop_jumps_back_to_a_after_b_and_speed_keeps_pitch(built: Path) -> None:
    times = _timeline(built, "actor-a")
    with chromium() as browser:
        page, errors = _open(browser, built, "a")
        _mode(page, "perform")  # Actor A's own track, whose times these are
        _options(page)
        _at(page, (times["s1"]["start_ms"] + 200) / 1000)
        page.click("#loop-a")
        _at(page, (times["s2"]["start_ms"] + 200) / 1000)
        page.click("#loop-b")
        assert page.inner_text("#loopnote") == "Looping #1 Ann – #2 Bob"
        _at(page, (times["s2"]["end_ms"] - 300) / 1000)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, f"document.getElementById('player').currentTime * 1000 < {times['s2']['start_ms']}")
        assert times["s1"]["start_ms"] <= _player(page, "currentTime") * 1000 < times["s1"]["start_ms"] + 600
        assert not _player(page, "paused")
        page.click("#loop-clear")
        assert page.is_hidden("#loopnote")
        page.evaluate("document.getElementById('player').pause()")

        page.select_option("#speed", "1.5")
        assert _player(page, "playbackRate") == 1.5 and _player(page, "preservesPitch") is True
        _mode(page, "check")  # another track: the speed stays
        assert _player(page, "playbackRate") == 1.5 and _player(page, "defaultPlaybackRate") == 1.5
        page.select_option("#speed", "0.75")
        assert _player(page, "playbackRate") == 0.75
    assert errors == []


def test_loop_this_scene(built: Path) -> None:
    times = _timeline(built, "actor-a")
    with chromium() as browser:
        page, errors = _open(browser, built, "a")
        _mode(page, "perform")  # Actor A's own track, whose times these are
        _options(page)
        _at(page, (times["s7"]["start_ms"] + 100) / 1000)
        page.click("#loop-scene")
        assert page.inner_text("#loopnote") == "Looping #6 Ann – #11 Bob"
        _at(page, (times["s11"]["end_ms"] - 200) / 1000)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, f"document.getElementById('player').currentTime * 1000 < {times['s7']['start_ms']}")
        assert times["s6"]["start_ms"] <= _player(page, "currentTime") * 1000 < times["s6"]["start_ms"] + 600
    assert errors == []


def test_act_headings_are_headings_and_the_delivery_note_opens_the_speech(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        assert page.locator("h2.act").all_inner_texts() == ["PART ONE", "PART TWO"]  # set in capitals
        assert page.locator("h2.act").first.text_content() == "Part One"
        assert page.locator("h3.scene").all_text_contents() == ["The door", "Tea"]
        assert page.evaluate("[...document.getElementById('s2').children].map(c => c.className)")[:3] == [
            "who", "delivery", "text"]
        assert page.inner_text("#s2 .delivery") == "(out of breath)"
        assert page.evaluate("getComputedStyle(document.querySelector('#s2 .delivery')).fontStyle") == "italic"
    assert errors == []


def test_each_performers_state_comes_back_after_a_reload_and_is_theirs_alone(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "learn")
        _options(page)
        page.select_option("#cuewords", "3")
        page.select_option("#firstwords", "1")
        page.select_option("#speed", "1.25")
        _at(page, 4.2)
        page.evaluate("document.getElementById('player').pause()")
        page.reload()
        _wait(page, READY)
        assert page.input_value("#performer") == "b"
        assert [page.input_value(s) for s in ("#mode", "#cuewords", "#firstwords", "#speed")] == ["learn", "3", "1", "1.25"]
        assert page.inner_text("#s1 .text") == "…bell ring twice."
        _wait(page, "Math.abs(document.getElementById('player').currentTime - 4.2) < 0.05")
        assert _player(page, "playbackRate") == 1.25

        page.select_option("#performer", "a")  # another performer: their own (here, the defaults)
        _wait(page, READY)
        assert [page.input_value(s) for s in ("#mode", "#cuewords", "#firstwords", "#speed")] == ["check", "0", "0", "1"]
        assert page.inner_text("#s3 .text") == "Where shall I put them?"
        page.select_option("#performer", "b")
        assert page.input_value("#mode") == "learn"

    assert errors == []


@pytest.mark.parametrize("junk", ["{not json", "[1, 2]", "null",
                                  '{"mode": "fly", "cueWords": 99, "speed": "x", "boxes": {"s2": "x"}, "pos": 5}'])
def test_a_corrupt_saved_state_is_ignored(built: Path, junk: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # written before the page's own scripts run, as a damaged entry would be found
        page.add_init_script(f"localStorage.setItem('stagecast:The ladder', 'b');"
                             f"localStorage.setItem('stagecast:' + JSON.stringify(['The ladder', '', 'b']), {junk!r})")
        page.goto((built / "index.html").as_uri())
        _wait(page, READY)
        assert page.input_value("#performer") == "b"
        assert [page.input_value(s) for s in ("#mode", "#cuewords", "#speed")] == ["check", "0", "1"]
        _mode(page, "drill")
        assert page.locator("#drill .mine").count() == 1
    assert errors == []


def test_the_controls_fit_a_phone_and_can_be_tapped(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        _options(page)
        for mode in ("perform", "drill"):
            _mode(page, mode)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            small = page.evaluate("""[...document.querySelectorAll('button, select, summary, .check')]
                .filter(n => n.offsetParent !== null)
                .map(n => [n.id || n.textContent.trim(), n.getBoundingClientRect().height])
                .filter(([_, h]) => h < 44)""")
            assert small == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page-drill-phone.png"))
    assert errors == []


@pytest.mark.parametrize(("language", "speeds"), [("en", ["0.75×", "1×", "1.25×", "1.5×"]),
                                                  ("ru", ["0,75×", "1×", "1,25×", "1,5×"])])
def test_the_speeds_are_written_as_the_plays_language_writes_numbers(tmp_path: Path, language: str,
                                                                    speeds: list[str]) -> None:
    (tmp_path / "play.yaml").write_text(PLAY.replace("language: en", f"language: {language}"), encoding="utf-8")
    html = render_page(PageInput(load_play(tmp_path / "play.yaml")))
    select = html.split('<select id="speed">', 1)[1].split("</select>", 1)[0]
    assert select.split("</option>")[:4] == [f'<option value="{v}"{" selected" if v == "1" else ""}>{s}'
                                             for v, s in zip(["0.75", "1", "1.25", "1.5"], speeds, strict=True)]


def test_the_mode_is_offered_to_a_performer_not_to_the_read_through(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built, None)
        assert page.input_value("#performer") == "read-through"
        assert page.is_hidden("#mode") and page.is_hidden("#prompt")  # nothing to learn, check or drill
        page.select_option("#performer", "b")
        assert page.is_visible("#mode") and page.is_visible("#prompt")
    assert errors == []


def test_first_words_on_the_page_hide_a_stressed_word_as_the_terminal_does(sample_play, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(render_page(PageInput(sample_play)), encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto((tmp_path / "index.html").as_uri())
        page.select_option("#performer", "actor-c")
        _options(page)
        page.select_option("#firstwords", "2")
        # #57 is "Не Алм+аты. Алмат+ы.": `rehearse --first-words 2` shows "Не Алма́ты. ______."
        assert page.inner_text("#s57 .hidden") == "Не Алма\u0301ты. ______."


# Issue 22, item 5's follow-ups: the page as an actor expects it.

def _hidden(page, line: str) -> bool:
    return page.locator(f"#{line} .hidden").count() > 0


def test_learn_and_check_show_the_line_while_it_is_read_and_hide_it_for_your_turn(built: Path) -> None:
    line = _timeline(built)["s2"]
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "check")
        for _ in range(2):  # and again when the line comes round (a replay): it tests you again
            page.evaluate("document.getElementById('player').pause()")
            _at(page, line["start_ms"] / 1000 - 0.5)
            page.evaluate("document.getElementById('player').play()")
            _wait(page, "document.getElementById('player').paused")
            assert page.inner_text("#phase") == "Your line — say it" and _hidden(page, "s2")
            _wait(page, "!document.getElementById('player').paused")  # read back to you: now you see it
            assert page.inner_text("#phase") == "Your line — check it" and not _hidden(page, "s2")
            assert "Only me. I brought the chairs you asked for." in page.inner_text("#s2")

        _mode(page, "learn")
        page.evaluate("document.getElementById('player').pause()")
        _at(page, line["start_ms"] / 1000 - 0.3)
        page.evaluate("document.getElementById('player').play()")
        _wait(page, "document.getElementById('phase').textContent === 'Your line — listen'")
        assert not _hidden(page, "s2")  # shown as it is read to you
        _wait(page, "document.getElementById('player').paused")
        assert page.inner_text("#phase") == "Your line — say it" and _hidden(page, "s2")  # your turn: from memory
        page.evaluate("document.getElementById('player').pause()")
    assert errors == []


def test_choosing_yourself_opens_in_check_at_your_first_cue_and_a_saved_place_wins(built: Path) -> None:
    times = _timeline(built)
    with chromium() as browser:
        page, errors = _open(browser, built)  # Bob, new to the page
        assert page.input_value("#mode") == "check"  # as `rehearse` opens
        assert _player(page, "currentSrc").endswith("audio/read-through.mp3")
        # his first line is #2: the page starts at its cue, Ann's #1, not at the top of the track
        assert abs(_player(page, "currentTime") * 1000 - times["s1"]["start_ms"]) < 5 and times["s1"]["start_ms"] > 0
        assert page.evaluate("document.querySelector('.current').id") == "s1"
        _at(page, (times["s9"]["start_ms"] + 100) / 1000)
        _wait(page, "(document.querySelector('.current') || {}).id === 's9'")
        page.evaluate("window.stagecast.save()")
        page.reload()
        _wait(page, READY)
        assert abs(_player(page, "currentTime") * 1000 - times["s9"]["start_ms"] - 100) < 5
    assert errors == []


def test_hear_the_cue_with_cue_words_plays_only_those_words(built: Path) -> None:
    play = load_play(built.parent / "play.yaml")
    s6 = next(s for s in play.speeches() if s.number == 6)
    words = " ".join(p.text for p in s6.parts).split(" ")
    cue = _timeline(built)["s6"]
    # where "has just boiled." begins, by characters: the timeline times the speech only
    at = cue["start_ms"] + (cue["end_ms"] - cue["start_ms"]) * len(" ".join(words[:-3]) + " ") / len(" ".join(words))
    with chromium() as browser:
        page, errors = _open(browser, built)
        _options(page)
        page.select_option("#cuewords", "3")
        _mode(page, "drill")
        _card(page, "s7")
        assert page.inner_text("#drill .drillcue") == "Cue: Ann: …has just boiled."
        page.click("text=Hear the cue")
        assert abs(_player(page, "currentTime") * 1000 - at) < 5
        _wait(page, "document.getElementById('player').paused")
        assert abs(_player(page, "currentTime") * 1000 - cue["end_ms"]) < 5
    assert errors == []


def test_a_cue_of_several_languages_gives_the_page_each_parts_times(sample_play) -> None:
    part = {"lang": "kk", "voice": "x", "text": "Алматы", "start_ms": 10, "end_ms": 20}
    items = [{"id": "s1", "kind": "speech", "scene": "p", "start_ms": 0, "end_ms": 20,
              "parts": [{**part, "lang": "ru", "text": "Не", "start_ms": 0, "end_ms": 10}, part]}]
    data = page_data(PageInput(sample_play, (Track("read-through", "All", "a.wav", {"items": items}),)))
    assert data["tracks"][0]["items"][0]["parts"] == [{"start": 0, "end": 10, "chars": 2},
                                                      {"start": 10, "end": 20, "chars": 6}]


def test_the_drill_counts_lines_not_cards_and_says_when_one_comes_back(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "drill")
        first = page.evaluate("document.querySelector('#drill .mine').dataset.line")
        page.click("#drill button.prompt")  # so it comes back three cards later
        said = []
        while page.locator("#drill .mine").count():
            said.append((page.evaluate("document.querySelector('#drill .mine').dataset.line"),
                         page.inner_text("#drill .drillpos").split(" · ")[0]))
            page.click("#drill button.next")
        total = len(BOB)
        assert len(said) == total + 1
        assert [c for _, c in said] == [f"Line {n} of {total}" for n in (1, 2, 3, 4)] + [
            f"Line 1 of {total}, again"] + [f"Line {n} of {total}" for n in (5, 6)]
        assert said[4][0] == first
    assert errors == []


def test_a_play_cut_short_by_another_track_is_no_error(built: Path) -> None:
    with chromium() as browser:
        page, errors = _open(browser, built)
        _mode(page, "drill")
        _card(page, "s7")
        page.click("text=Hear the cue")
        _mode(page, "perform")  # another file loads before the cue could start: play() is interrupted
        page.wait_for_timeout(200)
    assert errors == []


def test_the_chosen_performer_is_kept_for_each_version_of_a_play(tmp_path: Path) -> None:
    for name, subtitle in (("one", "First version"), ("two", "Second version")):
        (tmp_path / f"{name}.yaml").write_text(PLAY.replace("language: en", f"subtitle: {subtitle}\nlanguage: en"),
                                               encoding="utf-8")
        (tmp_path / f"{name}.html").write_text(render_page(PageInput(load_play(tmp_path / f"{name}.yaml"))),
                                               encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        # chosen by a page from before: kept under the title alone, read once and kept as the rest is
        page.add_init_script("if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', 1);"
                             " localStorage.setItem('stagecast:The ladder', 'b'); }")
        page.goto((tmp_path / "one.html").as_uri())
        assert page.input_value("#performer") == "b"
        assert page.evaluate("localStorage.getItem('stagecast:The ladder')") is None
        page.goto((tmp_path / "two.html").as_uri())
        page.select_option("#performer", "a")
        page.goto((tmp_path / "one.html").as_uri())
        assert page.input_value("#performer") == "b"
        page.goto((tmp_path / "two.html").as_uri())
        assert page.input_value("#performer") == "a"


def test_loop_scene_after_the_last_line_goes_back_to_the_scenes_start(built: Path) -> None:
    times = _timeline(built)
    with chromium() as browser:
        page, errors = _open(browser, built)
        _options(page)
        _at(page, _player(page, "duration") - 0.05)  # the track has ended, in the last scene
        page.click("#loop-scene")
        assert page.inner_text("#loopnote") == "Looping #6 Ann – #11 Bob"
        assert abs(_player(page, "currentTime") * 1000 - times["s6"]["start_ms"]) < 5
    assert errors == []


ENTRANCE = """\
title: The entrance
language: en
roles:
  ann: {name: Ann}
  bob: {name: Bob}
performers:
  a: {name: Actor A, plays: ann}
  b: {name: Actor B, plays: bob}
scenes:
  - id: door
    title: The door
    body:
      - ann: "Is anyone there?"
      - ann: "No one. As ever."
      - exit: ann
  - id: hall
    title: The hall
    body:
      - enter: bob
      - bob: "Only me, with the chairs."
"""


def test_a_first_cue_that_opens_a_scene_shows_that_scene(tmp_path: Path) -> None:
    # Bob's first line opens its scene after his entrance: the track starts on the direction,
    # which highlights nothing, and the page must still show the hall, not the top of the door.
    (tmp_path / "play.yaml").write_text(ENTRANCE, encoding="utf-8")
    (tmp_path / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en, rate: 220}\n", encoding="utf-8")
    built = tmp_path / "build"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "play.yaml"), "-o", str(built)])
    assert result.exit_code == 0, result.output
    with chromium() as browser:
        page, errors = _open(browser, built, "b")
        assert _player(page, "currentTime") * 1000 < _timeline(built)["s3"]["start_ms"]  # at the entrance
        assert page.input_value("#scene") == "hall"
        _wait(page, "(() => { const r = document.getElementById('scene-hall').getBoundingClientRect();"
                    " return r.top >= 0 && r.bottom <= innerHeight; })()")
    assert errors == []
