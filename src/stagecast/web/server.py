"""A small read-only web server for the build folder, so phones on the same Wi-Fi can rehearse."""

from __future__ import annotations

import functools
import http.server
import os
import shlex
import socket
from pathlib import Path

from ..errors import BackendError, UsageError


class BuildFolderHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files under one folder only (links leading outside it are refused), read-only."""

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


def make_server(folder: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
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
        return http.server.ThreadingHTTPServer((host, port), handler)
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
