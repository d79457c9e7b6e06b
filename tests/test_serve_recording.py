"""Recording takes on the rehearsal page through ``stagecast serve`` (docs/takes.md): what is
saved into the play, and every upload that is refused (status, message, log line, nothing
written). The server runs here as ``serve`` sets it up; the browser test runs ``serve`` itself."""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast import load_play
from stagecast.cli import cli
from stagecast.takes import load_takes
from stagecast.web.server import StagecastServer, make_server
from stagecast.web.uploads import MAX_BYTES, Recording
from tests.browser import chromium
from tests.conftest import need_tool
from tests.test_web_page import _wait
from tests.two_voices import two_voices

TOKEN = "the-right-token"


@pytest.fixture
def play_and_build(tmp_path: Path) -> tuple[Path, Path]:
    play = tmp_path / "play"
    play.mkdir()
    (play / "play.yaml").write_text(two_voices(), encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "--no-audio"])
    assert result.exit_code == 0, result.output
    return play, out


@pytest.fixture
def served(play_and_build: tuple[Path, Path]) -> Iterator[tuple[StagecastServer, list[str], Path]]:
    play, out = play_and_build
    server = make_server(out, "127.0.0.1", 0)
    server.recording = Recording(lambda: load_play(play), TOKEN, play)
    logged: list[str] = []
    server.log_to = logged.append
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, logged, play
    server.shutdown()
    server.server_close()


def _post(server: StagecastServer, query: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    try:
        connection.request("POST", "/_stagecast/take" + query, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def _audio(tmp_path: Path, name: str, *codec: str) -> bytes:
    """One second of a 440 Hz tone, encoded by ffmpeg as the browsers record it."""
    target = tmp_path / name
    subprocess.run([need_tool("ffmpeg", "browser recordings"), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=1", *codec, str(target)], check=True)
    return target.read_bytes()


def test_a_chromium_webm_take_is_saved_into_the_play_as_ogg(served, tmp_path: Path) -> None:
    server, logged, play = served
    webm = _audio(tmp_path, "take.webm", "-c:a", "libopus")
    status, answer = _post(server, "?line=s2&performer=b", webm,
                           {"X-Stagecast-Token": TOKEN, "Content-Type": "audio/webm"})
    assert status == 201, answer
    assert re.fullmatch(r"s2-b-\d{8}T\d{6}\.ogg", answer["take"])
    assert (play / "takes" / answer["take"]).read_bytes()[:4] == b"OggS"
    (take,) = load_takes(play).takes
    assert (take.file, take.performer, take.text) == (answer["take"], "b", "Only me.")
    assert logged == [f"127.0.0.1: saved takes/{answer['take']}"]


def test_what_safari_records_mp4_aac_is_kept_as_m4a(served, tmp_path: Path) -> None:
    server, _, play = served
    mp4 = _audio(tmp_path, "take.mp4", "-c:a", "aac", "-movflags", "frag_keyframe+empty_moov")  # fragmented, as Safari writes
    status, answer = _post(server, "?line=1&performer=a", mp4, {"X-Stagecast-Token": TOKEN, "Content-Type": "audio/mp4"})
    assert status == 201, answer
    assert answer["take"].endswith(".m4a") and [t.file for t in load_takes(play).takes] == [answer["take"]]


ABUSE = [
    ("no token", "?line=s1&performer=a", {"X-Stagecast-Token": None}, 401, "no token"),
    ("wrong token", "?line=s1&performer=a", {"X-Stagecast-Token": "guess"}, 403, "wrong token"),
    ("path in the line", "?line=../../play.yaml&performer=a", {}, 404, "no line '../../play.yaml'"),
    ("path in the performer", "?line=s1&performer=../takes", {}, 404, "no performer '../takes'"),
    ("someone else's line", "?line=s2&performer=a", {}, 403, "line s2 is not one of Actor A's lines"),
    ("no line", "?performer=a", {}, 400, "say which line"),
    ("not audio by its type", "?line=s1&performer=a", {"Content-Type": "text/plain"}, 415, "not audio: the upload is text/plain"),
    ("not audio inside", "?line=s1&performer=a", {"body": "%PDF-1.4 pretending"}, 415, "not audio: it is a PDF document"),
    ("a broken WebM", "?line=s1&performer=a", {"body": "\x1a\x45\xdf\xa3 and no more"}, 422,
     "the recording cannot be read: "),
]


@pytest.mark.parametrize(("query", "headers", "status", "message"), [a[1:] for a in ABUSE], ids=[a[0] for a in ABUSE])
def test_upload_abuse_is_refused_logged_and_writes_nothing(served, tmp_path: Path, query: str, headers: dict,
                                                           status: int, message: str) -> None:
    server, logged, play = served
    headers = {k: v for k, v in {"X-Stagecast-Token": TOKEN, "Content-Type": "audio/webm", **headers}.items() if v}
    body = headers.pop("body", "").encode("latin-1") or _audio(tmp_path, "take.webm", "-c:a", "libopus")
    got, answer = _post(server, query, body, headers)
    assert (got, answer["error"][:len(message)]) == (status, message)
    assert logged == [f"127.0.0.1: refused POST /_stagecast/take ({status}): {answer['error']}"]
    assert not (play / "takes").exists()


def test_an_oversized_body_is_refused_before_it_is_read(served) -> None:
    server, logged, play = served
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    connection.putrequest("POST", "/_stagecast/take?line=s1&performer=a")
    for name, value in {"X-Stagecast-Token": TOKEN, "Content-Type": "audio/webm",
                        "Content-Length": str(MAX_BYTES + 1)}.items():
        connection.putheader(name, value)
    connection.endheaders(b"\x1a\x45\xdf\xa3")  # only the start of it is ever sent
    answer = connection.getresponse()
    assert answer.status == 413 and "a take may be at most 20 MB" in json.loads(answer.read())["error"]
    connection.close()
    assert len(logged) == 1 and not (play / "takes").exists()


def test_an_upload_cut_short_saves_nothing(served) -> None:
    """A phone that loses the network mid-upload: the server sees the body end early."""
    server, logged, play = served
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30) as raw:
        raw.sendall(f"POST /_stagecast/take?line=s1&performer=a HTTP/1.1\r\nHost: x\r\nX-Stagecast-Token: {TOKEN}\r\n"
                    "Content-Type: audio/ogg\r\nContent-Length: 5000\r\n\r\nOggS".encode())
        raw.shutdown(socket.SHUT_WR)
        answer = raw.makefile("rb").read().decode()
    assert answer.startswith("HTTP/1.0 400 ") and "the upload stopped after 4 of 5000 bytes" in answer
    assert len(logged) == 1 and not (play / "takes").exists()


def test_a_browser_hanging_up_mid_file_is_not_logged(served) -> None:
    """A browser drops a track's request at every seek and when a page closes: routine, so
    serve's terminal is not filled with "connection reset" lines during a rehearsal."""
    server, logged, _ = served
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30) as raw:
            raw.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
            assert raw.recv(100).startswith(b"HTTP/1.0 200 ")
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # hang up: a reset
    time.sleep(0.5)
    assert logged == []


def test_with_no_play_recording_is_off(play_and_build) -> None:
    _, out = play_and_build
    server = make_server(out, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, answer = _post(server, "?line=s1&performer=a", b"x", {"X-Stagecast-Token": TOKEN,
                                                                     "Content-Type": "audio/webm"})
    finally:
        server.shutdown()
        server.server_close()
    assert (status, answer["error"]) == (503, "recording is off: no play to save takes into")


def _serve(out: Path, *args: str) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen([sys.executable, "-m", "stagecast", "serve", str(out), "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    ready, _, _ = select.select([process.stdout], [], [], 30)
    assert ready, "serve printed nothing in 30 s"
    return process, process.stdout.readline(), process.stdout.readline()  # type: ignore[union-attr]


def test_serve_finds_the_play_in_the_manifest_and_a_phone_records_a_line(play_and_build) -> None:
    """The whole path in Chromium with its fake microphone: record, stop, save."""
    play, out = play_and_build
    process, first, second = _serve(out)
    try:
        url = re.search(r"at (http://127\.0\.0\.1:\d+/#token=[\w-]+) ", first)
        assert url, first
        assert second == f"Recording on: takes recorded on the page are saved into {play / 'takes'}\n"
        with chromium("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream") as browser:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url[1] + "&performer=b")
            _wait(page, "document.querySelector('button.take') !== null")
            assert page.locator("button.take").evaluate_all("b => b.map(x => x.dataset.line)") == ["s2"]
            page.click("button.take")
            _wait(page, "document.querySelector('button.take.on') !== null")
            page.wait_for_timeout(1200)
            page.click("button.take")
            page.click("button.keep", timeout=10_000)
            _wait(page, "(document.querySelector('.takestatus') || {}).textContent === "
                        "'Take saved. Build again to hear it in the tracks.'", 20)
            assert errors == []
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    (take,) = load_takes(play).takes
    assert take.performer == "b" and take.file.endswith(".ogg")
    assert re.search(r"serve: 127\.0\.0\.1: saved takes/s2-b-\S+\.ogg", err)


def test_opened_from_a_file_the_page_says_recording_needs_serve(play_and_build) -> None:
    _, out = play_and_build
    with chromium() as browser:
        page = browser.new_page()
        page.goto((out / "index.html").as_uri() + "#performer=a")
        note = page.locator("#recnote")
        _wait(page, "!document.getElementById('recnote').hidden")
        assert note.text_content() == ("Recording your lines needs this page opened at the address "
                                       "stagecast serve prints.")
        assert page.locator("button.take").count() == 0


def test_lan_serves_https_with_a_certificate_for_this_address(play_and_build) -> None:
    """Signed by the authority it offers for download; naming this machine's LAN address when
    the authority may vouch for it (a private address: tests/test_serve_trust.py)."""
    from cryptography import x509

    from stagecast.web.certificate import covers
    from stagecast.web.server import lan_address

    _, out = play_and_build
    process, first, second = _serve(out, "--lan")
    try:
        found = re.search(r"at https://([0-9.]+):(\d+)/#token=[\w-]+ ", first)
        assert found and found[1] == lan_address(), first
        third = process.stdout.readline()  # type: ignore[union-attr]
        assert third.startswith("HTTPS with a certificate from stagecast's own authority (") and second.startswith("Recording on")
        download = f"https://127.0.0.1:{found[2]}/_stagecast/stagecast-ca.crt"
        assert f"from {download.replace('127.0.0.1', found[1])} (" in third
        with urllib.request.urlopen(download, timeout=10, context=ssl._create_unverified_context()) as answer:  # noqa: S310,S323 - as a phone that has not trusted it yet
            authority = answer.read()
        trusting = ssl.create_default_context(cadata=ssl.DER_cert_to_PEM_cert(authority))
        with socket.create_connection(("127.0.0.1", int(found[2])), timeout=10) as raw, \
                trusting.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            pem = ssl.DER_cert_to_PEM_cert(tls.getpeercert(binary_form=True))
    finally:
        process.terminate()
        process.communicate(timeout=30)
    names = x509.load_pem_x509_certificate(pem.encode()).extensions.get_extension_for_class(x509.SubjectAlternativeName)
    addresses = {str(a) for a in names.value.get_values_for_type(x509.IPAddress)}
    assert addresses == ({"127.0.0.1", found[1]} if covers(found[1]) else {"127.0.0.1"})
