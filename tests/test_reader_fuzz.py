"""Arbitrary or mutated YAML gives a valid play or located, specific errors — never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stagecast.errors import ScriptError
from stagecast.model import Play
from stagecast.readers import yaml_play
from tests.fuzz_support import fuzz_settings

BASE = """\
title: Fuzz
language: en
roles:
  tatyana: {name: Tatyana, lang: en}
  man: The Man
performers:
  actor-a: {name: Actor A, plays: [tatyana]}
  actor-b: {name: Actor B, plays: man}
acts:
  - id: one
    title: One
    scenes:
      - id: kitchen
        title: The kitchen
        body:
          - enter: tatyana
          - tatyana: "We left (beat) within the hour."
            delivery: quietly
          - sound: A car
            number: S1
          - man, tatyana: "Together."
          - pause: 2
  - interval: 15
  - id: two
    scenes:
      - id: road
        body:
          - speech: "Зам+ок."
            by: [man]
            lang: ru
          - light: Fade
            number: L1
"""
NOISE = ["no", "yes", "1984", "~", "\t", ":", "- ", "  ", '"', "'", "+", "(", ")", "&a", "*a", "[", "{", "#",
         "tatyana", "speech:", "by:", "zz: 1", "\u0301", "\x00", "null"]
GENERIC = ("invalid", "something went wrong", "error:")


def _check_outcome(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    line_count = max(1, text.count("\n") + 1)
    try:
        play, warnings = yaml_play.read(path)
    except ScriptError as exc:
        assert exc.diagnostics, "a ScriptError must carry at least one diagnostic"
        for diagnostic in exc.diagnostics:
            assert diagnostic.loc is not None
            assert Path(diagnostic.loc.path).name == path.name
            assert 1 <= diagnostic.loc.line <= line_count + 1
            assert diagnostic.loc.column >= 1
            assert len(diagnostic.message) > 12 and diagnostic.message not in GENERIC
        return
    assert isinstance(play, Play)


@fuzz_settings(150)
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(NOISE), st.booleans()), max_size=4))
def test_mutated_play_gives_play_or_located_errors(tmp_path: Path, edits: list[tuple[int, str, bool]]) -> None:
    text = BASE
    for position, noise, replace_line in edits:
        position %= len(text) + 1
        if replace_line:
            lines = text.split("\n")
            lines[position % len(lines)] = noise
            text = "\n".join(lines)
        else:
            text = text[:position] + noise + text[position:]
    _check_outcome(tmp_path / "play.yaml", text)


@fuzz_settings(100)
@given(pieces=st.lists(st.sampled_from(list("abc:-[]{}'\"\n #&*!|>?,+()\t") + ["title: ", "roles:", "\u0301"]),
                      max_size=60))
def test_random_yaml_gives_play_or_located_errors(tmp_path: Path, pieces: list[str]) -> None:
    _check_outcome(tmp_path / "random.yaml", "".join(pieces))


def test_base_play_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "play.yaml"
    path.write_text(BASE, encoding="utf-8")
    play, warnings = yaml_play.read(path)
    assert [s.id for s in play.scenes] == ["kitchen", "road"]
    assert [a.id for a in play.acts] == ["one", "two"]
    assert [s.number for s in play.speeches()] == [1, 2, 3]
    assert warnings == []
