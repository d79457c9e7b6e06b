"""A real build (eSpeak NG audio, MP3) opened in Chromium: the highlighted line follows the track."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from tests.browser import chromium
from tests.test_web_page import ARTIFACTS, _choose, _open, _wait
from tests.two_voices import two_voices

PLAY = two_voices("Два голоса", [("ann", "Is anyone there? I heard the bell."),
                                 ("bob", "Only me. I brought the chairs."),
                                 ("ann", "Then come in, and mind the step."),
                                 ("bob", "Спасибо. (beat) Thank you.", "ru")])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real")
    (root / "play.yaml").write_text(PLAY, encoding="utf-8")
    (root / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en, rate: 170}\nlanguages:\n  ru: {lang: ru}\n",
                                      encoding="utf-8")
    out = root / "build"
    result = CliRunner().invoke(cli, ["build", str(root / "play.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_highlight_follows_the_real_track(built: Path) -> None:
    timeline = json.loads((built / "performers" / "actor-b" / "rehearsal.timeline.json").read_text(encoding="utf-8"))
    speech = next(i for i in timeline["items"] if i["kind"] == "speech" and i["id"] == "s3")
    gap = next(i for i in timeline["items"] if i["kind"] == "gap" and i["id"] == "s4")
    with chromium() as browser:
        page, requests, errors = _open(browser, (built / "index.html").as_uri())
        _choose(page, "b")
        page.select_option("#mode", "perform")  # Actor B's own track (a performer opens in check: the read-through)
        _wait(page, "document.getElementById('player').currentSrc.endsWith('rehearsal.mp3')"
                    " && document.getElementById('player').readyState >= 1 && !window.stagecast.seeking()")
        duration = page.evaluate("document.getElementById('player').duration")
        assert abs(duration * 1000 - timeline["duration_ms"]) < 150  # MP3 frames pad the end a little
        for item in (speech, gap):
            middle = (item["start_ms"] + item["end_ms"]) / 2000
            page.evaluate(f"document.getElementById('player').currentTime = {middle}")
            _wait(page, f"(document.querySelector('.current') || {{}}).id === '{item['id']}'")
        assert "YOUR LINE" in page.inner_text("#now")
        assert page.locator("#s4 .hidden").count() == 2  # the words before and after "(beat)"
        page.click("#s4")
        assert page.locator("#s4 .hidden").count() == 0
        assert "Спасибо." in page.inner_text("#s4")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page-real-build.png"))
    assert errors == []
    assert all(url.startswith("file://") for url in requests)
    assert any(url.endswith("performers/actor-b/rehearsal.mp3") for url in requests)
