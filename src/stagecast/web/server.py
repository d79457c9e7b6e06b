"""A small web server for the build folder, so phones on the same Wi-Fi can rehearse: it serves
the folder read-only, with what makes the page installable and usable offline (:mod:`.installable`),
and accepts one thing, takes recorded on the page (:mod:`.uploads`)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shlex
import socket
import ssl
from collections.abc import Callable
from pathlib import Path

from ..errors import BackendError, UsageError
from .certificate import DOWNLOAD, DOWNLOAD_PEM
from .installable import FAVICON, ICONS, PREFIX, NotServed, install_file
from .uploads import (
    MAX_BYTES,
    MAX_SECONDS,
    PROBE_PATH,
    TOKEN_HEADER,
    UPLOAD_PATH,
    Recording,
    Refused,
    check_length,
    check_type,
)


class StagecastServer(http.server.ThreadingHTTPServer):
    """The server, with what its requests need: where recorded takes go (``recording``; None:
    recording is off, ``recording_off`` says why) and where refusals are logged."""

    recording: Recording | None = None
    recording_off: str = "no play to save takes into"
    authority: bytes | None = None
    """The certificate authority a phone trusts to open the page over HTTPS (DER; ``serve --lan``
    sets it), offered for download at :data:`~.certificate.DOWNLOAD`; None: none is offered."""
    log_to: Callable[[str], None] | None = None

    def log(self, message: str) -> None:
        """Every upload refused or saved (``serve`` prints them on stderr)."""
        if self.log_to is not None:
            self.log_to(message)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """One line, not a traceback: a phone refusing the certificate is worth a line. A browser
        hanging up is not: it drops a track's request at every seek and when a page closes."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        self.log(f"{client_address[0]}: connection ended: {error.__class__.__name__}: {error}")


class BuildFolderHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files under one folder only (links leading outside it are refused), read-only;
    takes are posted to :data:`~.uploads.UPLOAD_PATH`."""

    server: StagecastServer

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?")[0]
        if path == PROBE_PATH:
            self._answer(self._probe)
        elif path in (PREFIX + DOWNLOAD, PREFIX + DOWNLOAD_PEM):
            self._authority(path[len(PREFIX):])
        elif path.startswith(PREFIX):
            self._install(path[len(PREFIX):])
        elif path == FAVICON and not (Path(self.directory) / FAVICON[1:]).is_file():
            self._install(next(iter(ICONS)))
        else:
            super().do_GET()

    def _install(self, name: str) -> None:
        """The manifest, icons and service worker that make the page installable (:mod:`.installable`)."""
        try:
            served = install_file(Path(self.directory), name)
        except NotServed as exc:
            self.send_error(exc.status, str(exc))
            return
        self.send_response(200)
        self.send_header("Content-Type", served.content_type)
        self.send_header("Content-Length", str(len(served.body)))
        for header, value in served.headers:
            self.send_header(header, value)
        self.end_headers()
        self.wfile.write(served.body)

    def _authority(self, name: str) -> None:
        """The authority's certificate, as a file to download: phones install it from their
        settings (docs/build.md, on a phone's home screen)."""
        if self.server.authority is None:
            self.send_error(404, "no certificate authority here: `stagecast serve --lan` offers one")
            return
        body = self.server.authority if name == DOWNLOAD else ssl.DER_cert_to_PEM_cert(self.server.authority).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-x509-ca-cert" if name == DOWNLOAD else "application/x-pem-file")
        self.send_header("Content-Disposition", f'attachment; filename="{name}"')
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - the base class's name
        self._answer(self._upload)

    def _probe(self) -> tuple[int, dict[str, object]]:
        self._recording()
        return 200, {"max_bytes": MAX_BYTES, "max_seconds": MAX_SECONDS}

    def _upload(self) -> tuple[int, dict[str, object]]:
        path, _, query = self.path.partition("?")
        if path != UPLOAD_PATH:
            raise Refused(404, f"nothing to post to at {path}")
        recording = self._recording()
        size = check_length(self.headers.get("Content-Length"))
        check_type(self.headers.get("Content-Type"))
        body = self.rfile.read(size)
        if len(body) < size:
            raise Refused(400, f"the upload stopped after {len(body)} of {size} bytes")
        take = recording.save(query, body)
        self.server.log(f"{self.client_address[0]}: saved takes/{take}")
        return 201, {"take": take, "message": f"saved as takes/{take}: build again to hear it in the tracks"}

    def _recording(self) -> Recording:
        recording = self.server.recording
        if recording is None:
            raise Refused(503, f"recording is off: {self.server.recording_off}")
        recording.check_token(self.headers.get(TOKEN_HEADER))
        return recording

    def _answer(self, handle) -> None:  # type: ignore[no-untyped-def]
        """Send what ``handle`` returns as JSON; a refusal is logged, and the connection closed
        (an unread body must not be taken for the next request)."""
        try:
            status, data = handle()
        except Refused as exc:
            self.server.log(f"{self.client_address[0]}: refused {self.command} {self.path.split('?')[0]} "
                            f"({exc.status}): {exc}")
            status, data = exc.status, {"error": str(exc)}
            self.close_connection = True
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        translated = Path(super().translate_path(path)).resolve()
        root = Path(self.directory).resolve()
        return str(translated) if translated.is_relative_to(root) else str(root / ".outside-the-build-folder")

    def send_head(self):  # type: ignore[no-untyped-def]
        """Answer byte ranges too: without them a browser cannot seek in the audio."""
        wanted = _byte_range(self.headers.get("Range"))
        path = Path(self.translate_path(self.path))
        if wanted is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start, end = wanted
        end = size - 1 if end is None or end >= size else end
        if start >= size or start > end:
            self.send_error(416, "Requested range not satisfiable")
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return _Limited(handle, end - start + 1)

    def list_directory(self, path: str | bytes):  # type: ignore[override]
        self.send_error(403, "Listing folders is not allowed")
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return None


class _Limited:
    """A file object that yields at most ``remaining`` bytes (for copyfile)."""

    def __init__(self, handle, remaining: int):  # type: ignore[no-untyped-def]
        self.handle, self.remaining = handle, remaining

    def read(self, size: int = -1) -> bytes:
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def _byte_range(header: str | None) -> tuple[int, int | None] | None:
    """``bytes=START-[END]`` → (start, end); anything else (suffix or multiple ranges) → None."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        return None
    return int(first), int(last) if last else None


def make_server(folder: Path, host: str, port: int) -> StagecastServer:
    if not (folder / "index.html").is_file() and (folder / "play.yaml").is_file():
        # Not "build -o <this folder>": that would put the outputs among the play's own files.
        out = shlex.quote(_build_folder_for(folder))
        raise UsageError(f"{folder} is a play folder, not a build folder",
                         hint=f"build it into a folder of its own first: `stagecast build {shlex.quote(str(folder))} "
                              f"-o {out}`, then `stagecast serve {out}`")
    if not (folder / "index.html").is_file():
        # A path with no build in it is a wrong argument (usage), not a failing tool.
        what = "is not a folder" if not folder.exists() else "has no index.html (it is not a build folder)"
        raise UsageError(f"{folder} {what}", hint=f"run `stagecast build -o {folder}` first, or give the build folder")
    handler = functools.partial(BuildFolderHandler, directory=str(folder))
    try:
        return StagecastServer((host, port), handler)
    except OSError as exc:
        raise BackendError(f"cannot listen on {host}:{port}: {exc.strerror}",
                           hint="choose another port with --port") from None


def _build_folder_for(play: Path) -> str:
    """Where to suggest building a play folder: ``build`` here, or beside the play folder when
    here is inside it (a build folder inside the play folder mixes outputs with the script)."""
    here, root = Path.cwd().resolve(), play.resolve()
    return os.path.relpath(root.parent / "build") if here.is_relative_to(root) else "build"


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def qr_text(url: str) -> str | None:
    """The URL as a QR code drawn with text, if the qrcode library is installed."""
    try:
        import io

        import qrcode  # type: ignore[import-untyped]
    except ImportError:
        return None
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
