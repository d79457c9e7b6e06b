"""Hypothesis strategies for whole plays (pandoc-types' Arbitrary, for stagecast)."""

from __future__ import annotations

from hypothesis import strategies as st

from stagecast.model import Cue, Direction, Interval, Meta, Pause, Performer, Play, Role, Scene, Speech, Text
from stagecast.rules import number_speeches

ROLE_IDS = ["ann", "bob", "cy", "dee", "eve", "fay"]
WORDS = st.sampled_from(["we", "left", "at", "dawn", "Almaty", "замок", "қала", "rain", "yes", "no", "fine,", "go."])


@st.composite
def speeches(draw: st.DrawFn, roles: list[str]) -> Speech:
    speakers = draw(st.lists(st.sampled_from(roles), min_size=1, max_size=2, unique=True))
    text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=20)))
    return Speech(speakers=tuple(speakers), parts=(Text(text),))


@st.composite
def items(draw: st.DrawFn, roles: list[str]):
    kind = draw(st.sampled_from(["speech"] * 6 + ["direction", "cue", "pause"]))
    if kind == "speech":
        return draw(speeches(roles))
    if kind == "direction":
        return Direction("Something happens.", tuple(draw(st.lists(st.sampled_from(roles), max_size=2, unique=True))))
    if kind == "cue":
        return Cue(draw(st.sampled_from(["sound", "light"])), "A cue")
    return Pause(1.0)


@st.composite
def plays(draw: st.DrawFn) -> Play:
    role_ids = draw(st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=6, unique=True))
    roles = tuple(Role(r, r.title()) for r in role_ids)
    performer_count = draw(st.integers(1, 4))
    casting = {f"p{n}": [] for n in range(performer_count)}
    for role in role_ids:
        if draw(st.integers(0, 4)) > 0:  # now and then a role nobody plays
            casting[f"p{draw(st.integers(0, performer_count - 1))}"].append(role)
    performers = tuple(Performer(pid, pid.upper(), tuple(rs)) for pid, rs in casting.items())
    sequence: list[Scene | Interval] = []
    for n in range(draw(st.integers(1, 4))):
        body = tuple(draw(st.lists(items(role_ids), min_size=1, max_size=12)))
        sequence.append(Scene(f"s{n}", f"Scene {n}", body))
        if draw(st.booleans()):
            sequence.append(Interval(10))
    return Play(Meta("Generated"), roles, performers, number_speeches(sequence))


ID_ALPHABET = "abzжё-_1 ,AZЖ\t"
"""Letters that make a role id, and those that break the rule (capitals, spaces, commas)."""


def role_id_texts() -> st.SearchStrategy[str]:
    """Role ids as a user might type them: good ones (``ann``, ``жена-1``) and blank or malformed
    ones (``""``, ``"  "``, ``Ann``, ``big man``, ``a,b``)."""
    return st.one_of(st.sampled_from(["", " ", "   ", "Ann", "big man", "a,b", "a, b", "ann", "Жена"]),
                     st.text(ID_ALPHABET, max_size=6))


def _wav_header() -> bytes:
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\1" * 8)
    return out.getvalue()


SOUND_HEADERS = [
    _wav_header(),
    b"fLaC\0\0\0\x22" + bytes(10) + b"\x0a\xc4\x42\xf0" + bytes(20),  # STREAMINFO: 44.1 kHz, mono
    b"OggS\0\x02" + bytes(20) + b"\x01\x1e\x01vorbis" + bytes(30),
    b"ID3\x03\0\0\0\0\0\x02\0\0\xff\xfb\x90\x64" + bytes(40),  # an ID3 tag (2 bytes), then an MP3 frame
    b"\xff\xf1\x50\x80" + bytes(20),  # ADTS AAC
    b"FORM\0\0\0\x20AIFFCOMM" + bytes(20),
    b"\0\0\0\x20ftypM4A " + bytes(20),
    b"version https://git-lfs.github.com/spec/v1\n", b"<!DOCTYPE html><html></html>", b"Just some notes.\n",
]


@st.composite
def sound_files(draw: st.DrawFn) -> bytes:
    """The bytes of a sound file: a known header (audio or not) cut short or with bytes changed, or
    random bytes."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.binary(max_size=80))
    data = bytearray(draw(st.sampled_from(SOUND_HEADERS)))
    for _ in range(draw(st.integers(0, 3))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[:draw(st.integers(0, len(data)))]) if draw(st.booleans()) else bytes(data)
