"""The rehearsal page in real headless Chromium: over file:// and through `stagecast serve`.

The page here is made from the sample play with a timeline laid out by hand and a silent
WAV, so the test controls every time; tests/test_build_web.py does the same on a real build.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
import wave
from pathlib import Path

import pytest

from stagecast.cueing import lines_of
from stagecast.model import Speech
from stagecast.web.page import Link, PageInput, Track, render_page, speech_id
from stagecast.web.server import make_server
from tests.browser import chromium

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
STEP_MS = 2000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_play) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("site")
    mine = {id(s) for s in lines_of(sample_play, "actor-c")}
    items, start = [], 0
    for scene in sample_play.scenes:
        for item in scene.items:
            if isinstance(item, Speech):
                kind = "gap" if id(item) in mine else "speech"
                items.append({"id": speech_id(item), "kind": kind, "scene": scene.id,
                              "start_ms": start, "end_ms": start + STEP_MS})
                start += STEP_MS
    with wave.open(str(folder / "actor-c.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * (start * 8))
    page = render_page(PageInput(sample_play, (Track("actor-c", "Actor C", "actor-c.wav", {"items": items}),),
                                 (Link("Script (PDF)", "script.pdf"),)))
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder, items


def _wait(page, expression: str, timeout_s: float = 5.0) -> None:
    """Poll ``expression`` (the page's CSP forbids the eval that wait_for_function uses)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 412, "height": 860})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, requests, errors


def _choose(page, performer: str) -> None:
    page.select_option("#performer", performer)
    # loaded, and placed where the page puts a performer (their first cue)
    _wait(page, "document.getElementById('player').readyState >= 1 && !window.stagecast.seeking()")


def _check_page(page, items: list[dict], screenshot: str) -> None:
    _choose(page, "actor-c")
    target = next(i for i in items if i["kind"] == "gap" and i["id"] == "s45")
    page.evaluate(f"document.getElementById('player').currentTime = {(target['start_ms'] + 500) / 1000}")
    _wait(page, "(document.querySelector('.current') || {}).id === 's45'")
    assert "YOUR LINE" in page.inner_text("#now")
    other = next(i for i in items if i["kind"] == "speech" and i["start_ms"] > target["start_ms"])
    page.evaluate(f"document.getElementById('player').currentTime = {(other['start_ms'] + 100) / 1000}")
    _wait(page, f"document.querySelector('.current').id === '{other['id']}'")
    # own lines hidden until tapped; others' lines in full
    own = page.locator("#s45 .hidden")
    assert own.count() >= 1
    page.click("#s45")
    assert page.locator("#s45 .hidden").count() == 0
    assert "uncle was killed" in page.inner_text("#s45")
    assert page.locator(".speech:not(.mine) .hidden").count() == 0
    # scene jump moves the player and the view
    page.select_option("#scene", "couple")
    first = next(i for i in items if i["scene"] == "couple")
    assert abs(page.evaluate("document.getElementById('player').currentTime") * 1000 - first["start_ms"]) < 50
    assert page.get_attribute("#s48 .hidden", "data-full") == "Бұл — менің тарихи отаным."
    assert page.get_attribute("#s48 .text", "lang") == "kk"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot))


def test_page_over_file_url(site) -> None:
    folder, items = site
    with chromium() as browser:
        page, requests, errors = _open(browser, (folder / "index.html").as_uri())
        _check_page(page, items, "page-file.png")
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests


def test_page_through_serve_and_nothing_outside_the_folder(site, tmp_path: Path) -> None:
    folder, items = site
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (folder / "escape").symlink_to(tmp_path / "secret.txt")
    server = make_server(folder, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with chromium() as browser:
            page, requests, errors = _open(browser, base + "index.html")
            _check_page(page, items, "page-served.png")
        assert errors == []
        assert all(url.startswith(base) for url in requests), requests
        for path in ("escape", "../secret.txt", "%2e%2e/secret.txt"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + path)
            assert refused.value.code == 404
        (folder / "audio").mkdir(exist_ok=True)
        with pytest.raises(urllib.error.HTTPError) as listing:
            urllib.request.urlopen(base + "audio/")
        assert listing.value.code == 403
        ranged = urllib.request.urlopen(urllib.request.Request(base + "actor-c.wav", headers={"Range": "bytes=4-7"}))
        assert ranged.status == 206 and ranged.read() == (folder / "actor-c.wav").read_bytes()[4:8]
    finally:
        server.shutdown()
        server.server_close()


def test_text_and_keyboard(site) -> None:
    folder, items = site
    with chromium() as browser:
        page, _, _ = _open(browser, (folder / "index.html").as_uri())
        _choose(page, "actor-c")
        ids = [i["id"] for i in items]
        at = ids.index(page.evaluate("document.querySelector('.current').id"))
        # opened at Actor C's first line (#42), which opens its scene: no cue before it to start from
        assert at == next(n for n, i in enumerate(items) if i["kind"] == "gap") == ids.index("s42")
        page.focus("body")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.querySelector('.current').id") == items[at + 2]["id"]
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("document.querySelector('.current').id") == items[at + 1]["id"]
        assert page.get_attribute("#performer", "aria-label") == "Choose your performer"
        assert page.locator("p.interval").all_inner_texts() == ["Interval (15 minutes)"]
        assert page.locator(".mine[tabindex='0'][role='button']").count() == 18
