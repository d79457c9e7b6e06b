"""Issue 22, item 5 (installing the page): what ``stagecast serve`` answers for the web app
manifest, its icons and the service worker — their content and their headers — read as a
browser reads them. (The page installed and used offline in Chromium: tests/test_page_offline.py.)"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagecast.build.page_switch import stand_in
from stagecast.web import installable
from stagecast.web.page import PAGE_SCRIPTS, Link, PageInput, Track, render_page
from stagecast.web.server import make_server
from tests.pictures import png_gray


def _page(play, tracks=(("actor-c", "performers/actor-c/rehearsal.wav"),), links=()) -> str:
    return render_page(PageInput(play, tuple(Track(key, key, audio, {"items": []}) for key, audio in tracks),
                                 tuple(Link(label, href) for label, href in links)))


@pytest.fixture
def folder(tmp_path: Path, sample_play) -> Path:
    build = tmp_path / "build"
    (build / "performers" / "actor-c").mkdir(parents=True)
    (build / "performers" / "actor-c" / "rehearsal.wav").write_bytes(b"RIFF" + bytes(40))
    (build / "script.pdf").write_bytes(b"%PDF-1.4\n")
    links = (("Script", "script.pdf"), ("Elsewhere", "https://example.org/x.pdf"), ("Up", "../secret.txt"),
             ("Missing", "cuelist.pdf"))
    (build / "index.html").write_text(_page(sample_play, links=links), encoding="utf-8")
    return build


@pytest.fixture
def base(folder: Path) -> Iterator[str]:
    server = make_server(folder, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - our own server
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


def _settings(worker: str) -> dict:
    found = re.search(r"^const SETTINGS = (.*);$", worker, re.MULTILINE)
    assert found, "the worker has no settings"
    return json.loads(found.group(1))


def test_the_manifest_names_the_play_and_is_served_as_a_manifest(base: str) -> None:
    status, headers, body = _get(base + "_stagecast/app.webmanifest")
    assert status == 200 and headers["Content-Type"] == "application/manifest+json"
    assert headers["Cache-Control"] == "no-cache"
    manifest = json.loads(body)
    assert manifest["name"] == "Here.Almaty" and manifest["short_name"] == "Here.Almaty"
    assert manifest["description"] == "Monologues from the back of an old mall"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("../", "../", "standalone")
    assert manifest["lang"] == "en"
    # the page's own colours (page.css): its background and the bar at the top
    assert (manifest["background_color"], manifest["theme_color"]) == ("#fafaf7", "#fff")
    icons = {(i["src"], i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert icons == {(f"icon-{n}.png", f"{n}x{n}", purpose) for n in (192, 512) for purpose in ("any", "maskable")}


def test_the_icons_are_pngs_of_the_sizes_the_manifest_says(base: str) -> None:
    for size in (192, 512):
        status, headers, body = _get(base + f"_stagecast/icon-{size}.png")
        assert status == 200 and headers["Content-Type"] == "image/png"
        width, height, grey = png_gray(body)
        assert (width, height) == (size, size)
        corner, middle = grey[0], grey[int(size * 0.42) * size + size // 2]
        assert corner < 40 < 200 < middle  # dark ground (--ink), the light (--hi) in the middle
    # the browser tab's icon too, where the build folder has none of its own
    status, headers, body = _get(base + "favicon.ico")
    assert status == 200 and headers["Content-Type"] == "image/png" and png_gray(body)[:2] == (192, 192)


def test_the_worker_may_control_the_whole_folder_and_names_the_page_s_version(base: str, folder: Path) -> None:
    status, headers, body = _get(base + "_stagecast/offline.js")
    assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert headers["Service-Worker-Allowed"] == "/" and headers["Cache-Control"] == "no-cache"
    settings = _settings(body.decode("utf-8"))
    assert settings["version"] == hashlib.sha256((folder / "index.html").read_bytes()).hexdigest()[:16]
    assert settings["page"] == ["./", "index.html"]
    assert settings["keep"] == ["_stagecast/app.webmanifest", "_stagecast/icon-192.png", "_stagecast/icon-512.png"]
    # the track and the document the page links, in the folder and there; not another site's
    # address, nor a path out of the folder, nor a file the build did not make
    assert list(settings["files"]) == ["performers/actor-c/rehearsal.wav", "script.pdf"]


def test_a_rebuilt_page_or_track_gives_a_new_worker_and_an_untouched_one_the_same(folder: Path, sample_play) -> None:
    def settings() -> dict:
        return _settings(installable.install_file(folder, "offline.js").body.decode("utf-8"))

    first = settings()
    assert settings() == first
    track = folder / "performers" / "actor-c" / "rehearsal.wav"
    track.write_bytes(track.read_bytes() + b"\0\0")
    second = settings()
    assert second["version"] == first["version"]  # the same page: its cache is kept
    assert second["files"]["performers/actor-c/rehearsal.wav"] != first["files"]["performers/actor-c/rehearsal.wav"]
    assert second["files"]["script.pdf"] == first["files"]["script.pdf"]  # not fetched again
    # The same stagecast building a changed page (here one more track): a new version, whatever made it.
    page = _page(sample_play, tracks=(("actor-c", "performers/actor-c/rehearsal.wav"), ("a", "a.wav")))
    (folder / "index.html").write_text(page, encoding="utf-8")
    assert settings()["version"] == hashlib.sha256(page.encode("utf-8")).hexdigest()[:16] != first["version"]


def test_while_a_build_is_under_way_there_is_no_worker_to_install(base: str, folder: Path, sample_play) -> None:
    (folder / "index.html").write_text(stand_in(sample_play), encoding="utf-8")
    status, _, body = _get(base + "_stagecast/offline.js")
    # A failed update leaves a phone with the page it has until the new one is there.
    assert status == 503 and b"a build may be under way" in body
    assert _get(base + "_stagecast/app.webmanifest")[0] == 503
    assert _get(base + "_stagecast/icon-192.png")[0] == 200


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '{"tracks": [{"label": "no audio"}]}'])
def test_a_page_whose_data_cannot_be_read_gets_no_worker_and_the_server_goes_on(
        base: str, folder: Path, data: str, capfd: pytest.CaptureFixture[str]) -> None:
    # A hand-edited index.html, or one half-copied: the worker's request is refused with a reason
    # (no traceback in the terminal serve runs in), and the next request is answered as ever.
    page = f'<script type="application/json" id="stagecast-data">{data}</script>'
    (folder / "index.html").write_text(page, encoding="utf-8")
    status, _, body = _get(base + "_stagecast/offline.js")
    assert status == 503 and b"index.html has no rehearsal data stagecast can read" in body
    assert _get(base + "_stagecast/app.webmanifest")[0] == 503
    assert _get(base + "_stagecast/icon-192.png")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_link_no_file_can_have_is_left_out_of_the_worker(base: str, folder: Path, sample_play) -> None:
    # "%00" is no file name: the link is not kept for offline use, and the worker is served.
    page = _page(sample_play, links=(("Odd", "a%00b.pdf"), ("Script", "script.pdf")))
    (folder / "index.html").write_text(page, encoding="utf-8")
    status, _, body = _get(base + "_stagecast/offline.js")
    assert status == 200
    settings = _settings(body.decode("utf-8"))
    assert "script.pdf" in settings["files"] and "a%00b.pdf" not in settings["files"]


def test_other_names_under_the_prefix_are_not_found(base: str, folder: Path) -> None:
    (folder / "_stagecast").mkdir()
    (folder / "_stagecast" / "notes.txt").write_text("x", encoding="utf-8")
    for name in ("notes.txt", "", "offline.js/../notes.txt", "sw.js"):
        assert _get(base + "_stagecast/" + name)[0] == 404, name


def test_a_build_folders_own_favicon_is_served_as_it_is(base: str, folder: Path) -> None:
    (folder / "favicon.ico").write_bytes(b"\0\0\1\0")
    assert _get(base + "favicon.ico")[2] == b"\0\0\1\0"


@pytest.mark.parametrize(("title", "short"), [
    ("Here.Almaty", "Here.Almaty"),
    ("The Cherry Orchard", "The Cherry"),
    ("Rosencrantz and Guildenstern Are Dead", "Rosencrantz"),
    ("Вишнёвый сад", "Вишнёвый сад"),
    ("Rosencrantzandguildenstern", "Rosencrantz…"),
    ("Hamlet, Prince of Denmark", "Hamlet"),
])
def test_the_short_name_fits_under_an_icon(title: str, short: str) -> None:
    assert installable.short_name(title) == short
    assert len(short) <= installable.SHORT_NAME


def test_the_page_registers_its_worker_with_a_policy_that_allows_that_and_no_more(sample_play) -> None:
    page = _page(sample_play)
    assert PAGE_SCRIPTS[-1] == "page_install.js"
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["worker-src"] == "'self'" and rules["manifest-src"] == "'self'"
    assert rules["default-src"] == "'none'" and rules["script-src"] == "'unsafe-inline'"
    # the manifest is linked by the script only once the worker is registered (never from file://)
    assert 'rel="manifest"' not in page and 'register("_stagecast/offline.js", { scope: "./" })' in page


def test_the_page_colours_are_read_from_page_css() -> None:
    css = (Path(installable.__file__).parent / "page.css").read_text(encoding="utf-8")
    colours = installable.page_colours()
    for key, pattern in (("ink", r":root\{[^}]*--ink:(#\w+)"), ("light", r":root\{[^}]*--hi:(#\w+)"),
                         ("background", r"\nbody\{[^}]*background:(#\w+)"), ("bar", r"\.bar\{[^}]*background:(#\w+)")):
        assert colours[key] == re.search(pattern, css).group(1), key
