"""Whether a sound cue's file is audio, from its header: WAV, FLAC, Ogg, MP3, AAC, M4A, AIFF ….

``check`` reads only the first bytes (and, in a WAV file, the chunk headers up to ``fmt ``), so
a play with long sounds is checked as fast as one without; decoding the sound itself is the
audio stage's work (:mod:`stagecast.audio.sounds`, which asks this module first, so the two
agree on what is not audio). Standard library only: ``check`` imports no audio library.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

FIX = "export it again as WAV, MP3 or OGG"
"""How to mend a file that is not audio, or is audio no decoder will read."""
_OGG_CODECS = (b"\x01vorbis", b"OpusHead", b"\x7fFLAC", b"Speex   ")
_MAGIC = (  # containers recognised by their first bytes alone
    (4, b"ftyp", "M4A"), (0, b"\x1a\x45\xdf\xa3", "Matroska"), (0, b"caff", "CAF"),
    (0, b".snd", "AU"), (0, b"#!AMR", "AMR"), (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "WMA"),
)
_NOT_AUDIO = (  # what a file that is no sound often is instead
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"), (b"{\\rtf", "an RTF document"),
)
_MAX_CHUNKS = 64


class NotAudio(ValueError):
    """The file is not audio: ``what`` says what it is instead, ``fix`` how to mend it."""

    def __init__(self, what: str, fix: str = FIX):
        super().__init__(what)
        self.what, self.fix = what, fix


def audio_format(handle: BinaryIO) -> str:
    """The format a file's header says it holds ("WAV", "MP3", "Ogg" …); raises :class:`NotAudio`
    saying what the file is instead when it holds no audio stagecast knows."""
    head = handle.read(64)
    if not head:
        raise NotAudio("it is empty (0 bytes)", "copy or export it again")
    if head[:3] == b"ID3":  # an ID3v2 tag (MP3, sometimes FLAC or AAC) comes before the audio
        if len(head) < 10:
            raise NotAudio("it holds the start of an ID3 tag and no sound")
        size = _syncsafe(head[6:10])
        handle.seek(10 + size + (10 if head[5] & 0x10 else 0))
        after = handle.read(4096).lstrip(b"\0")  # taggers pad with zeros
        if not after:
            raise NotAudio("it holds an ID3 tag and no sound after it")
        found = _flac(after) if after[:4] == b"fLaC" else _magic(after) or _frame(after)
        if found is None:
            raise NotAudio("an ID3 tag is followed by no MP3 or AAC audio")
        return found
    if head[:4] in (b"RIFF", b"RIFX", b"RF64"):
        return _wav(handle, head)
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "AIFF"
    if head[:4] == b"OggS":
        return _ogg(head)
    if head[:4] == b"fLaC":
        return _flac(head)
    found = _magic(head) or _frame(head)
    if found is not None:
        return found
    raise NotAudio(*_instead(head + handle.read(4032)))


def _magic(head: bytes) -> str | None:
    return next((name for at, magic, name in _MAGIC if head[at:at + len(magic)] == magic), None)


def _frame(head: bytes) -> str | None:
    """"MP3" or "AAC" when ``head`` starts with an MPEG audio frame header (or an ADTS one)."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    if layer == 0:  # ADTS: 12 sync bits, then layer 00
        return "AAC" if head[1] & 0xF0 == 0xF0 and (head[2] >> 2) & 0xF < 13 else None
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return "MP3" if version != 1 and bitrate != 15 and rate != 3 else None


def _wav(handle: BinaryIO, head: bytes) -> str:
    if len(head) < 12:
        raise NotAudio("its WAV header is cut short, so the file is damaged")
    if head[8:12] != b"WAVE":
        if all(32 <= b < 127 for b in head[8:12]):
            raise NotAudio(f"it is a RIFF file of type '{head[8:12].decode().strip()}', not WAV audio")
        raise NotAudio("it starts like a WAV file, but its header is damaged")
    order = ">" if head[:4] == b"RIFX" else "<"
    position = 12
    for _ in range(_MAX_CHUNKS):
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            break
        chunk, size = header[:4], struct.unpack(order + "I", header[4:])[0]
        if chunk == b"fmt ":
            fields = handle.read(16)
            if len(fields) < 16:
                break
            _tag, channels, rate = struct.unpack(order + "HHI", fields[:8])
            if channels == 0 or rate == 0:
                raise NotAudio(f"its WAV header gives {channels} channels at {rate} samples a second")
            return "WAV"
        if chunk == b"data":
            break
        position += 8 + size + (size & 1)
    raise NotAudio("its WAV header has no format ('fmt ') chunk, so the file is damaged")


def _flac(head: bytes) -> str:
    """A FLAC file starts with its STREAMINFO block: 34 bytes, giving the sample rate and channels."""
    if len(head) < 22 or head[4] & 0x7F != 0 or head[5:8] != b"\0\0\x22":
        raise NotAudio("it starts like a FLAC file, but its header is damaged")
    rate = (head[18] << 12) | (head[19] << 4) | (head[20] >> 4)
    if rate == 0:
        raise NotAudio("its FLAC header gives a sample rate of 0, so the file is damaged")
    return "FLAC"


def _ogg(head: bytes) -> str:
    if len(head) < 28 or head[4] != 0:
        raise NotAudio("its Ogg header is damaged")
    packet = head[27 + head[26]:] if 27 + head[26] < len(head) else b""
    if any(packet.startswith(codec) for codec in _OGG_CODECS) or not packet:
        return "Ogg"
    raise NotAudio("it is an Ogg file whose first stream is not Vorbis, Opus, FLAC or Speex audio")


def _instead(head: bytes) -> tuple[str, str] | tuple[str]:
    """What a file that is no audio is instead (and how to mend it, when that is not :data:`FIX`)."""
    if head.startswith(b"version https://git-lfs"):
        return "it is a Git LFS pointer, not the sound itself", "fetch it with git lfs pull"
    for magic, what in _NOT_AUDIO:
        if head.startswith(magic):
            return (f"it is {what}",)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = head[:exc.start].decode("utf-8") if exc.start > len(head) - 4 else ""
        if not text:
            return ("its first bytes match no sound format (WAV, FLAC, OGG, MP3, AAC, M4A, AIFF)",)
    if "\0" in text:
        return ("its first bytes match no sound format (WAV, FLAC, OGG, MP3, AAC, M4A, AIFF)",)
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return "it is a web page (HTML)", "download the sound file itself, or export it as WAV, MP3 or OGG"
    return ("it is text",)


def _syncsafe(data: bytes) -> int:
    """ID3v2's sizes: 7 bits a byte."""
    value = 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
    return value
