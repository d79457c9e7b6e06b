"""Issue 22, item 5 (installing the page): a real build (eSpeak NG, MP3) served by ``stagecast
serve`` and opened in Chromium at a phone's size installs, and after the server is gone the page
opens and its track plays from what the service worker kept. Opened from a file, the page tries
none of it. (The files themselves and their headers: tests/test_installable.py.)"""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from tests.browser import chromium, chromium_profile
from tests.conftest import need_tool
from tests.test_serve import _first_line
from tests.two_voices import two_voices

SERVING = re.compile(r"Serving .+ at (?P<url>(?P<scheme>https?)://(?P<host>[0-9.]+):[0-9]+/)(?:#token=\S+)?"
                     r"  \(Ctrl\+C to stop\)\n")
"""The first line, with the recording token after the address (these builds name their play)."""
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LINES = [("ann", "Is anyone there? I heard the bell."), ("bob", "Only me. I brought the chairs."),
         ("ann", "Then come in, and mind the step.")]
KEPT = """(async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) kept.push(new URL(request.url).pathname);
  }
  return kept;
})()"""
"""The paths of every response the page's service worker keeps."""
KEPT_KEYS = KEPT.replace("new URL(request.url).pathname", "new URL(request.url).pathname + new URL(request.url).search")
"""The same with each one's stamp (the query the worker keys a file with)."""


def _build(root: Path, lines=LINES) -> Path:
    root.mkdir(exist_ok=True)
    (root / "play.yaml").write_text(two_voices("Два голоса", lines), encoding="utf-8")
    (root / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en, rate: 170}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(root / "play.yaml"), "-o", str(root / "build")])
    assert result.exit_code == 0, result.output
    return root / "build"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("offline") / "play")


@pytest.fixture
def serve() -> Iterator[Callable[..., tuple[subprocess.Popen[str], re.Match[str]]]]:
    """``stagecast serve FOLDER --port 0 [...]`` as a user starts it; its process and first line."""
    started: list[subprocess.Popen[str]] = []

    def start(folder: Path, *args: str) -> tuple[subprocess.Popen[str], re.Match[str]]:
        process = subprocess.Popen([sys.executable, "-m", "stagecast", "serve", str(folder), "--port", "0", *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        started.append(process)
        printed = SERVING.fullmatch(_first_line(process))
        assert printed, "serve did not say where it serves"
        return process, printed

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert process.returncode == 0


def _wait(page, expression: str, timeout_s: float = 15.0) -> object:
    """Poll ``expression`` until it is true (the page's CSP forbids wait_for_function's eval),
    through the page reloading itself."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = page.evaluate(expression)
        except Error as error:
            if "context was destroyed" not in str(error):
                raise
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def _watch(page) -> list[str]:
    said: list[str] = []
    page.on("console", lambda m: said.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: said.append(f"pageerror: {e}"))
    return said


def _ready(page) -> None:
    """Wait for the page's service worker to be installed and active."""
    _wait(page, "navigator.serviceWorker.ready.then((r) => r.active !== null)")


def _kept(page, *paths: str) -> None:
    _wait(page, f"{KEPT}.then((kept) => {list(paths)!r}.every((p) => kept.includes(p)))")


def _keys(page, path: str) -> list[str]:
    return [k for k in page.evaluate(KEPT_KEYS) if k.startswith(path + "?")]


def _plays(page) -> None:
    page.evaluate("document.getElementById('player').currentTime = 0")
    page.evaluate("document.getElementById('player').play()")
    _wait(page, "document.getElementById('player').currentTime > 0.5")
    assert page.evaluate("document.getElementById('player').error") is None


def test_the_served_page_installs_and_then_opens_and_plays_with_the_server_gone(built: Path, serve,
                                                                                tmp_path: Path) -> None:
    process, printed = serve(built)
    base = printed["url"].replace(printed["host"], "127.0.0.1")
    track = (built / "performers" / "actor-b" / "rehearsal.mp3").read_bytes()
    with chromium_profile(tmp_path / "profile", **PHONE) as browser:
        page = browser.new_page()
        said = _watch(page)
        page.goto(base)
        _ready(page)
        assert page.evaluate("document.querySelector('link[rel=manifest]').href") == base + "_stagecast/app.webmanifest"
        cdp = browser.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        parsed = manifest["manifest"]
        assert (parsed["name"], parsed["startUrl"], parsed["display"]) == ("Два голоса", base, "kStandalone")
        assert {(i["sizes"], i["type"]) for i in parsed["icons"]} == {("192x192", "image/png"), ("512x512", "image/png")}
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        # The read-through loaded with the page, Actor B's track when chosen: both kept, though
        # the worker takes the page over only from its next load.
        page.select_option("#performer", "b")
        page.select_option("#mode", "perform")  # Actor B's own track (check plays the read-through)
        _kept(page, "/", "/index.html", "/audio/read-through.mp3", "/performers/actor-b/rehearsal.mp3")
        assert page.evaluate("navigator.serviceWorker.controller") is None
        page.reload()
        _wait(page, "navigator.serviceWorker.controller !== null")
        _plays(page)
        assert said == []

        _stop(process)
        page.reload()
        _wait(page, "document.getElementById('performer').value === 'b'")
        assert "Only me. I brought the chairs." in page.inner_text("#s2")
        _plays(page)
        # a kept track answers byte ranges as the server did: 206 and the bytes asked for
        ranged = page.evaluate("""fetch('performers/actor-b/rehearsal.mp3', {headers: {Range: 'bytes=100-199'}})
            .then(async (r) => [r.status, r.headers.get('Content-Range'), Array.from(new Uint8Array(await r.arrayBuffer()))])""")
        assert ranged == [206, f"bytes 100-199/{len(track)}", list(track[100:200])]
        last = page.evaluate("""fetch('performers/actor-b/rehearsal.mp3', {headers: {Range: 'bytes=-10'}})
            .then(async (r) => [r.status, Array.from(new Uint8Array(await r.arrayBuffer()))])""")
        assert last == [206, list(track[-10:])]
        beyond = page.evaluate(f"""fetch('performers/actor-b/rehearsal.mp3', {{headers: {{Range: 'bytes={len(track)}-'}}}})
            .then((r) => [r.status, r.headers.get('Content-Range')])""")
        assert beyond == [416, f"bytes */{len(track)}"]

        fresh = browser.new_page()  # as from the home screen: a new window, the start address
        fresh.goto(base)
        fresh.select_option("#performer", "read-through")
        _plays(fresh)


def test_a_rebuilt_page_replaces_the_kept_one(serve, tmp_path: Path) -> None:
    built = _build(tmp_path / "play")
    process, printed = serve(built)
    base = printed["url"].replace(printed["host"], "127.0.0.1")
    with chromium() as browser:
        page = browser.new_page(**PHONE)
        page.goto(base)
        _ready(page)
        page.reload()
        _wait(page, "navigator.serviceWorker.controller !== null")
        _kept(page, "/index.html", "/audio/read-through.mp3")
        old = set(page.evaluate("caches.keys()")) - {"stagecast-files"}
        assert len(old) == 1  # the page's cache, named with its version
        old_track = _keys(page, "/audio/read-through.mp3")
        # Built again by the same stagecast, only the text changed.
        _build(tmp_path / "play", [*LINES[:2], ("ann", "Then come in, and mind the cat.")])
        page.reload()  # the kept page first; its new worker takes over and shows the new one
        _wait(page, "document.getElementById('s3').textContent.includes('mind the cat')")
        new = set(page.evaluate("caches.keys()")) - {"stagecast-files"}
        assert len(new) == 1 and not new & old
        # the rebuilt track is kept afresh (the page loads it again), the old one let go
        _wait(page, f"{KEPT_KEYS}.then((kept) => kept.some((k) => k.startsWith('/audio/read-through.mp3?')"
                    f" && !{old_track!r}.includes(k)))")
        assert not set(old_track) & set(_keys(page, "/audio/read-through.mp3"))
    _stop(process)


def _trusting_home(home: Path, authority: Path) -> dict[str, str]:
    """An environment whose HOME has an NSS certificate store trusting ``authority`` for web
    sites, as Chromium on Linux reads it: what "Install a CA certificate" does on a phone."""
    certutil = need_tool("certutil", "trusting a certificate authority in Chromium (Debian: libnss3-tools)")
    store = home / ".pki" / "nssdb"
    store.mkdir(parents=True)
    subprocess.run([certutil, "-d", f"sql:{store}", "-N", "--empty-password"], check=True)
    subprocess.run([certutil, "-d", f"sql:{store}", "-A", "-t", "C,,", "-n", "stagecast", "-i", str(authority)],
                   check=True)
    return {**os.environ, "HOME": str(home)}


def test_over_https_a_phone_that_trusts_the_authority_gets_the_worker(built: Path, serve, tmp_path: Path) -> None:
    """Clicking through the warning is not enough (browsers fetch no service worker over a
    certificate they were not told to trust): the phone installs the authority serve offers."""
    from playwright.sync_api import Error

    process, printed = serve(built, "--lan")
    assert printed["scheme"] == "https"
    base = printed["url"].replace(printed["host"], "127.0.0.1")
    with chromium() as browser:
        with pytest.raises(Error, match="net::ERR_CERT_AUTHORITY_INVALID"):
            browser.new_page(**PHONE).goto(base)
    # Downloaded past the warning, as a phone does the first time.
    unchecked = ssl._create_unverified_context()  # noqa: S323 - not trusted yet: that is the point
    with urllib.request.urlopen(base + "_stagecast/stagecast-ca.crt", context=unchecked, timeout=10) as answer:  # noqa: S310
        (tmp_path / "stagecast-ca.crt").write_bytes(answer.read())
    with chromium(env=_trusting_home(tmp_path / "home", tmp_path / "stagecast-ca.crt")) as browser:
        page = browser.new_page(**PHONE)
        said = _watch(page)
        page.goto(base)
        _ready(page)
        _kept(page, "/index.html", "/_stagecast/app.webmanifest")
        page.reload()
        _wait(page, "navigator.serviceWorker.controller !== null")
        assert said == []
    _stop(process)


def test_from_a_file_the_page_tries_no_worker_and_says_nothing(built: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(**PHONE)
        said = _watch(page)
        # Counts every call, whatever the page does after (an init script runs before the page's own).
        page.add_init_script("""window.registered = [];
            const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
            navigator.serviceWorker.register = (...args) => { window.registered.push(args[0]); return register(...args); };""")
        page.goto((built / "index.html").as_uri())
        page.select_option("#performer", "b")
        _wait(page, "document.getElementById('player').readyState >= 1")
        _plays(page)
        assert page.evaluate("window.registered") == []
        assert page.evaluate("document.querySelector('link[rel=manifest]')") is None
        assert "Only me." in page.inner_text("#s2")
    assert said == []


def test_the_player_keeps_playing_while_its_track_is_being_kept(tmp_path: Path, sample_play) -> None:
    """A track of a few megabytes, sought through while the worker installs and keeps it, on the
    first visit and the next: Chromium stops a player whose file comes part from the server and
    part from the worker ("data source error"), as it did when the worker took over open pages."""
    import threading
    import wave

    from stagecast.web.page import PageInput, Track, render_page
    from stagecast.web.server import make_server

    seconds = 240
    with wave.open(str(tmp_path / "long.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * (seconds * 8000))
    items = [{"id": "x", "kind": "speech", "scene": sample_play.scenes[0].id, "start_ms": 0, "end_ms": seconds * 1000}]
    page_html = render_page(PageInput(sample_play, (Track("actor-c", "Actor C", "long.wav", {"items": items}),)))
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    server = make_server(tmp_path, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with chromium() as browser:
            page = browser.new_page(**PHONE)
            said = _watch(page)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            for visit in ("first", "next"):
                page.select_option("#performer", "actor-c")
                _wait(page, "document.getElementById('player').readyState >= 1")
                for at in (200, 20, 230, 100, 5, 150, 60, 220):
                    page.evaluate(f"document.getElementById('player').currentTime = {at}")
                    _wait(page, "!document.getElementById('player').seeking || document.getElementById('player').error")
                    assert page.evaluate("document.getElementById('player').error") is None, (visit, at)
                _kept(page, "/long.wav")
                page.reload()
            assert page.evaluate("navigator.serviceWorker.controller") is not None
    finally:
        server.shutdown()
        server.server_close()
    assert said == []
