"""Arbitrary or mutated YAML gives a valid play or located, specific errors — never a crash."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stagecast.errors import ScriptError
from stagecast.files.sound_header import NotAudio, audio_format
from stagecast.model import Play
from stagecast.readers import yaml_play
from tests.fuzz_support import SPECIAL_FILES, fuzz_settings, make_special, no_longer_than, outcome
from tests.strategies import role_id_texts, sound_files

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
         "tatyana", "speech:", "by:", "zz: 1", "\u0301", "\x00", "null",
         # blank and malformed ids, and the slips around them
         '"   "', '""', '" ": x', "Big Man", "Tatyana", "man, man", "man,", ", ", "by: []", "enter: []",
         "interval: 5", "scenes: []", "acts: []", "|x", "[man"]
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


# -- role ids ----------------------------------------------------------------------------------------
def _keeps_the_rule(role_id: str) -> bool:
    """docs/format.md: short, lowercase, no spaces (and no commas, which separate a group's roles)."""
    return bool(role_id.strip()) and role_id == role_id.lower() and not any(c.isspace() or c == "," for c in role_id)


@fuzz_settings(120)
@given(ids=st.lists(role_id_texts(), min_size=1, max_size=4))
def test_role_ids_keep_the_rule_or_are_located_errors(tmp_path: Path, ids: list[str]) -> None:
    """Every role speaks alone, all speak together in the long form and in the short form: a play
    whose ids keep the rule reads with every one of those speeches; any other is refused, located —
    never read with a speech gone."""
    path = tmp_path / "ids.yaml"
    roles = "".join(f"  {json.dumps(r)}: Someone\n" for r in ids)
    body = "".join(f"      - {json.dumps(r)}: \"Line {n}.\"\n" for n, r in enumerate(ids))
    body += f"      - speech: Together.\n        by: {json.dumps(ids)}\n      - {json.dumps(', '.join(ids))}: All.\n"
    path.write_text(f"title: Ids\nroles:\n{roles}scenes:\n  - id: one\n    body:\n{body}", encoding="utf-8")
    play = outcome(lambda: yaml_play.read(path, remember=False)[0], [path])
    if len(set(ids)) == len(ids) and all(_keeps_the_rule(r) for r in ids):
        assert play is not None
        assert [s.speakers for s in play.speeches()] == [(r,) for r in ids] + [tuple(ids)] * 2
    else:
        assert play is None


# -- files that are not files, and sound files that are not sound -----------------------------------
FILES_PLAY = """\
title: Files
roles:
  man: The Man
scenes:
  - id: first
    body:
      - man: Hello.
  - scenes/one.yaml
"""
FILES_SCENE = b"body:\n  - man: Goodbye.\n  - sound: Bell\n    file: sounds/bell.wav\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symlinks as on POSIX")
@fuzz_settings(60)
@given(scene=st.sampled_from(sorted(SPECIAL_FILES)), sound=st.sampled_from(sorted(SPECIAL_FILES)), data=sound_files())
def test_what_a_play_names_is_a_file_or_a_located_error_never_a_wait(tmp_path: Path, scene: str, sound: str,
                                                                     data: bytes) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    folder, outside = root / "play", root / "outside"
    outside.mkdir()
    folder.mkdir()
    (folder / "play.yaml").write_text(FILES_PLAY, encoding="utf-8")
    make_special(folder / "scenes" / "one.yaml", scene, FILES_SCENE, outside)
    make_special(folder / "sounds" / "bell.wav", sound, data, outside)
    files = [folder / "play.yaml"] + ([folder / "scenes" / "one.yaml"] if SPECIAL_FILES[scene] is None else [])
    with no_longer_than(20):
        play = outcome(lambda: yaml_play.read(folder, remember=False)[0], files)
    said = [(Path(d.loc.path).name, d.loc.line, d.message) for d in _diagnostics(folder)] if play is None else []
    if SPECIAL_FILES[scene] is not None:
        assert any((name, line) == ("play.yaml", 8) and message.startswith("scene file 'scenes/one.yaml' ")
                   and SPECIAL_FILES[scene] in message for name, line, message in said), said
    elif SPECIAL_FILES[sound] is not None:
        assert any((name, line) == ("one.yaml", 4) and message.startswith("sound file 'sounds/bell.wav' ")
                   and SPECIAL_FILES[sound] in message for name, line, message in said), said
    else:  # an ordinary sound file: its header decides
        try:
            audio = bool(data) and bool(audio_format(io.BytesIO(data)))
        except NotAudio:
            audio = False
        assert (play is not None) == audio, said


def _diagnostics(folder: Path):  # type: ignore[no-untyped-def]
    try:
        yaml_play.read(folder, remember=False)
    except ScriptError as exc:
        return exc.diagnostics
    return ()


@fuzz_settings(300)
@given(data=sound_files())
def test_a_sound_header_is_audio_or_says_what_the_file_is(data: bytes) -> None:
    try:
        kind = audio_format(io.BytesIO(data))
    except NotAudio as exc:
        assert exc.what.startswith(("it ", "its ", "an ID3")) and len(exc.what) >= 10 and exc.fix
        return
    assert kind in ("WAV", "FLAC", "Ogg", "MP3", "AAC", "AIFF", "M4A", "Matroska", "CAF", "AU", "AMR", "WMA")
