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
