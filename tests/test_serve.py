"""``stagecast serve`` as a user runs it: the address it prints, the QR code a phone scans for it
(``--lan``, over HTTPS), and Ctrl-C as the normal way out. (Recording takes through it:
tests/test_serve_recording.py; these build folders have no manifest, so recording is off.) The server listens on a free port (``--port 0``);
the page is fetched through 127.0.0.1 only, whatever address is printed."""

from __future__ import annotations

import os
import re
import select
import signal
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qrcode  # type: ignore[import-untyped]

from stagecast.web import server
from stagecast.web.certificate import covers

PAGE = "<!doctype html><title>Rehearsal</title>\n"
SERVING = re.compile(r"Serving (?P<folder>.+) at (?P<url>(?P<scheme>https?)://(?P<host>[0-9.]+):(?P<port>[0-9]+)/)"
                     r"  \(Ctrl\+C to stop\)\n")


@pytest.fixture
def build(tmp_path: Path) -> Path:
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.fixture
def serve(build: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    """Start ``stagecast serve build/ --port 0 [...]``; yields a function returning the process
    and its first line. Each process is stopped at the end, whatever the test did."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[subprocess.Popen[str], str]:
        process = subprocess.Popen([sys.executable, "-m", "stagecast", "serve", str(build), "--port", "0", *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        started.append(process)
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "serve printed nothing in 30 s"
        return process, _first_line(process)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _first_line(process: subprocess.Popen[str]) -> str:
    """The first line, read byte by byte from the pipe: a buffered readline could take the lines
    after it too, which communicate() (reading the pipe itself) would then never see."""
    fd, got = process.stdout.fileno(), b""  # type: ignore[union-attr]
    while not got.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            break
        got += byte
    return got.decode("utf-8")


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Ctrl-C, as in a terminal; the rest of stdout and all of stderr."""
    process.send_signal(signal.SIGINT)
    return process.communicate(timeout=30)


def _fetch(port: str, scheme: str = "http") -> bytes:
    # The certificate is for this machine's LAN address, not 127.0.0.1: test_serve_recording checks it.
    unchecked = ssl._create_unverified_context() if scheme == "https" else None  # noqa: S323 - our own server
    with urllib.request.urlopen(f"{scheme}://127.0.0.1:{port}/", timeout=10, context=unchecked) as response:  # noqa: S310
        return response.read()


def _off(build: Path) -> str:
    return f"Recording off: {build}'s manifest names no play: build it again with this stagecast"


def _printed_matrix(lines: list[str]) -> list[list[bool]]:
    """Dark modules of a QR code printed with half blocks, light drawn (for a dark terminal): each
    character is two rows, its top and bottom half; a drawn half is a light module."""
    drawn = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False), "\xa0": (False, False)}
    matrix = []
    for line in lines:
        halves = [drawn[char] for char in line]
        matrix += [[not top for top, _ in halves], [not bottom for _, bottom in halves]]
    return matrix


def _qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url`` with a one-module quiet zone, as qrcode makes it (True: dark)."""
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    return [list(row) for row in code.get_matrix()]


def test_lan_prints_this_machines_address_and_a_qr_code_of_it(serve, build: Path) -> None:
    process, first = serve("--lan")
    printed = SERVING.fullmatch(first)
    assert printed, first
    assert printed["folder"] == str(build)
    assert printed["host"] == server.lan_address() and printed["scheme"] == "https"
    # it listens on the port it names, on every interface
    assert _fetch(printed["port"], "https") == PAGE.encode("utf-8")

    out, err = _stop(process)
    assert process.returncode == 0 and err == ""
    lines = out.splitlines()
    off, secure, phones = lines[:3]
    assert off == _off(build) and secure.startswith("HTTPS with a certificate from stagecast's own authority (")
    assert secure.endswith(f"each phone trusts it once, from https://{printed['host']}:{printed['port']}"
                           "/_stagecast/stagecast-ca.crt (docs/build.md, on a phone's home screen)")
    assert phones.startswith("  Android: Settings, search \"CA certificate\"") and " · iPhone: " in phones
    # a public address (this test machine's may be one) is warned about: phones will refuse it
    warned = [] if covers(printed["host"]) else [f"warning: {printed['host']} is not a private network address"
                                                 " (the authority vouches for those alone): phones cannot open"
                                                 " the page over HTTPS here, this computer can"]
    assert lines[3:3 + len(warned)] == warned
    code, (blank, stopped) = lines[3 + len(warned):-2], lines[-2:]
    assert (blank, stopped) == ("", "stopped")
    expected = _qr_matrix(printed["url"])
    assert len(code) == (len(expected) + 1) // 2 and {len(line) for line in code} == {len(expected)}
    # The last printed row has only a top half: the code's height is odd.
    assert _printed_matrix(code)[:len(expected)] == expected


def test_without_lan_it_serves_this_computer_only_and_prints_no_code(serve, build: Path) -> None:
    process, first = serve()
    printed = SERVING.fullmatch(first)
    assert printed, first
    assert printed["host"] == "127.0.0.1"
    assert _fetch(printed["port"]) == PAGE.encode("utf-8")
    out, err = _stop(process)
    assert (process.returncode, out, err) == (0, f"{_off(build)}\nstopped\n", "")


def test_lan_with_http_serves_plain_http(serve, build: Path) -> None:
    process, first = serve("--lan", "--http")
    printed = SERVING.fullmatch(first)
    assert printed and printed["scheme"] == "http", first
    assert _fetch(printed["port"]) == PAGE.encode("utf-8")
    out, _ = _stop(process)
    assert out.splitlines()[0] == _off(build)


def test_with_no_network_the_lan_address_is_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unplugged:
        def __init__(self, *_args: object) -> None:
            pass

        def connect(self, _address: object) -> None:
            raise OSError(101, "Network is unreachable")

        def close(self) -> None:
            pass

    monkeypatch.setattr(server.socket, "socket", Unplugged)
    assert server.lan_address() == "127.0.0.1"
