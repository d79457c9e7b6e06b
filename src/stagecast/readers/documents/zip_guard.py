"""Refuse a zip bomb before anything is unpacked: a .docx or .odt is a zip archive, and its
central directory declares each member's size. Python's zip reader never gives more bytes than
a member declares (it fails on the CRC instead), so checking the declared sizes bounds the memory."""

from __future__ import annotations

import io
import zipfile

from .source_lines import refuse

MAX_UNPACKED = 200_000_000
"""Bytes, all members together: far above any real play (a 300-page script is a few MB)."""
MAX_RATIO = 200
"""Unpacked/packed, for a member over 1 MB: XML packs about 10×; a bomb packs thousands of times."""
MAX_MEMBERS = 10_000


def open_zip(data: bytes, path: str, kind: str) -> zipfile.ZipFile:
    """The archive, once its declared sizes are sane; a damaged or oversized one is refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(path, f"this {kind} file is damaged: it is not a zip archive that can be opened",
                     "open it in Word or LibreOffice and save it again, then import the new file") from None
    total = sum(m.file_size for m in members)
    bomb = next((m for m in members if m.file_size > 1_000_000
                 and m.file_size > MAX_RATIO * max(m.compress_size, 1)), None)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED or bomb is not None:
        what = (f"'{bomb.filename}' would unpack {bomb.file_size:,} bytes from {bomb.compress_size:,}" if bomb
                else f"it would unpack {total:,} bytes in {len(members):,} files")
        raise refuse(path, f"refused to unpack this {kind} file: {what} (a zip bomb, or not a document)",
                     "a play's document unpacks to a few megabytes; save the script again from your word processor")
    return archive
