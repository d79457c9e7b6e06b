"""Takes recorded on the rehearsal page (docs/takes.md): what ``stagecast serve`` accepts.

The page posts one recording per request to :data:`UPLOAD_PATH` with the server's secret token;
everything else is refused with a status and a message before a byte is written. What passes
is handed to :func:`~stagecast.takes.add_take`, which checks the audio again (sound, at most ten
minutes) and writes the take and the takes manifest atomically. The file name is made by
stagecast from the speech and the performer: nothing the browser sends names a file.
"""

from __future__ import annotations

import io
import secrets
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from ..errors import BackendError, ScriptError, UsageError
from ..files.sound_header import NotAudio, audio_format
from ..model import Play
from ..rules import speech_key

UPLOAD_PATH = "/_stagecast/take"
PROBE_PATH = "/_stagecast/recording"
TOKEN_HEADER = "X-Stagecast-Token"
MAX_BYTES = 20_000_000
"""The largest upload: ten minutes (a take's limit) of a browser's recording is under 10 MB."""
MAX_SECONDS = 600
_REMUXED = {"Matroska": ".webm"}
"""What browsers record that takes do not store as it is: Chromium's WebM, whose Opus audio is
copied into Ogg unchanged (no re-encoding, so no loss)."""


class Refused(Exception):
    """An upload refused: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Recording:
    """Where takes recorded on the page go: the play (read again for each upload, so an edit made
    while serving counts) and the token a request must carry."""

    load: Callable[[], Play]
    token: str
    play_path: Path

    @classmethod
    def new(cls, load: Callable[[], Play], play_path: Path) -> Recording:
        return cls(load, secrets.token_urlsafe(24), play_path)

    def check_token(self, given: str | None) -> None:
        if not given:
            raise Refused(401, "no token: open the page through the address `stagecast serve` printed")
        if not secrets.compare_digest(given.encode("utf-8", "replace"), self.token.encode("utf-8")):
            raise Refused(403, "wrong token: open the page through the address this `stagecast serve` printed")

    def save(self, query: str, body: bytes) -> str:
        """Save ``body`` as a take of the line and performer ``query`` names; the take's file name."""
        line, performer = _fields(query)
        play = self._play()
        who = next((p for p in play.performers if p.id == performer), None)
        if who is None:
            raise Refused(404, f"no performer {performer!r} in {play.meta.title}")
        from ..takes.adding import add_take, find_line

        try:
            speech = find_line(play, line)
        except UsageError:
            raise Refused(404, f"no line {line!r} in {play.meta.title}") from None
        casts = (None, *(c.name for c in play.casts))  # their line in the scene, in the main casting or a cast
        if not any(who.id in {p.id for p in play.with_cast(cast).speakers_of(speech)} for cast in casts):
            raise Refused(403, f"line {speech_key(speech)} is not one of {who.name}'s lines")
        suffix = _suffix(body)
        with tempfile.TemporaryDirectory(prefix="stagecast-upload-") as folder:
            source = Path(folder) / f"recording{suffix}"
            source.write_bytes(body)
            if suffix in _REMUXED.values():
                source = _remux_to_ogg(source)
            try:
                take = add_take(play, source, speech_key(speech), performer)
            except UsageError as exc:
                raise Refused(422, str(exc).replace(str(source), "the recording")) from None
            except BackendError as exc:
                raise Refused(500, str(exc)) from None
        return take.file

    def _play(self) -> Play:
        try:
            return self.load()
        except ScriptError as exc:
            raise Refused(409, f"the play cannot be read ({len(exc.diagnostics)} problem(s)): "
                               "run `stagecast check` and fix it") from None
        except (UsageError, OSError) as exc:
            raise Refused(409, f"the play cannot be read: {exc}") from None


def _fields(query: str) -> tuple[str, str]:
    values = parse_qs(query, keep_blank_values=True)
    line, performer = values.get("line", [""])[0], values.get("performer", [""])[0]
    if not line or not performer:
        raise Refused(400, "say which line and whose take: ?line=ID&performer=ID")
    return line, performer


def check_length(header: str | None) -> int:
    """The body's length from ``Content-Length``: refused when missing, empty or too large
    (before anything is read)."""
    if header is None or not header.strip().isdigit():
        raise Refused(411, "say the recording's length (Content-Length)")
    size = int(header)
    if size == 0:
        raise Refused(400, "the recording is empty")
    if size > MAX_BYTES:
        raise Refused(413, f"the recording is {size / 1e6:.1f} MB; a take may be at most {MAX_BYTES / 1e6:.0f} MB")
    return size


def check_type(header: str | None) -> None:
    if not (header or "").lower().startswith("audio/"):
        raise Refused(415, f"not audio: the upload is {header or 'of no declared type'}")


def _suffix(body: bytes) -> str:
    """The file suffix the recording is stored under, from its own first bytes (not from what
    the browser says it is)."""
    from ..takes.adding import SUFFIXES

    try:
        kind = audio_format(io.BytesIO(body))
    except NotAudio as exc:
        raise Refused(415, f"not audio: {exc}") from None
    if kind in SUFFIXES:
        return SUFFIXES[kind]
    if kind in _REMUXED:
        return _REMUXED[kind]
    raise Refused(415, f"{kind} audio cannot be a take (WebM, Ogg, MP4/M4A, MP3, WAV or FLAC can)")


def _remux_to_ogg(source: Path) -> Path:
    from ..audio.encode import ffmpeg_path

    target = source.with_suffix(".ogg")
    try:
        done = subprocess.run([ffmpeg_path(), "-nostdin", "-v", "error", "-i", str(source), "-vn", "-map", "0:a:0",
                               "-c:a", "copy", "-f", "ogg", str(target)], capture_output=True, timeout=60, check=False)
    except BackendError as exc:
        raise Refused(500, str(exc)) from None
    except subprocess.TimeoutExpired:
        raise Refused(422, "the recording could not be read in time") from None
    if done.returncode != 0 or not target.is_file():
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["ffmpeg failed"]
        raise Refused(422, f"the recording cannot be read: {reason[0]}")
    return target
