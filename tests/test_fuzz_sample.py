"""Fuzz: the sample play folder (play.yaml, scene files, voices.yaml) with random edits.

`stagecast check` on the mutated folder gives either a play that every cheap output accepts, or
errors that each point at a line of one of the folder's files — never another exception.
(Random YAML and a one-file play are fuzzed in test_reader_fuzz.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stagecast.api import check_play, load_play
from stagecast.errors import ScriptError
from tests.conftest import REPO, SAMPLE
from tests.fuzz_support import assert_located, edits, exercise, fuzz_settings, mutate

NOISE = [
    "no", "yes", "on", "~", "null", "1984", "0x1F", "1e3", ".inf", "2022-02-24", "\t", ":", "- ", "  ", "    ",
    '"', "'", "+", "(", ")", "[", "]", "{", "}", "#", "&a", "*a", "&x [a, b]", "<<: *x", "!!python/object:os.system",
    "? complex", "---", "...", "%YAML 1.1", "|", ">-", "\ufeff", "\r\n", "\u0301", "\u0301\u0301", "\x00", "\x85",
    "director", "maria", "actor-a", "nobody", "speech:", "by:", "by: [director, wife]", "enter: nobody",
    "exit: [maria, ghost]", "zz: 1", "lang: zz", "lang: ru", "delivery: ", "number: S2", "number: 07",
    "- sound: x\n    file: sounds/none.wav", "    file: ../../etc/passwd", "    file: /etc/passwd",
    "  - scenes/01-prologue.yaml", "  - scenes/missing.yaml", "  - ../play.yaml", "  - interval: 15",
    "  - interval: -1", "  - pause: 1e9", "  - pause: nan", "variant: m9", "rate: 9999", "pitch: -1",
    "  - director: \"Зам+ок [aside] (beat) +\"", "  - maria, director: Together.", "  - direction: ''",
    "acts: []", "scenes: []", "roles: {}", "performers: {}", "title:", "- id: tatyana", "id: one",
    '  "   ": Ghost', '  "": Nobody', "  Big Man: Big", "  maria,wife: Two", '  - "  ": "Boo."', '  - "": "Boo."',
    "  - maria, maria: Twice.", "  - maria, , wife: Gap.", "by: []", "by: ','", "enter: []", "  - interval: 5",
    "    file: sounds", "    file: play.yaml", "|x", "[maria",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample laid out as in the repository: script/ with voices.yaml beside it."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE, root / "script")
    shutil.copy(REPO / "voices.yaml", root / "voices.yaml")
    return root / "script"


def _files(folder: Path) -> list[Path]:
    return [folder / "play.yaml", *sorted((folder / "scenes").glob("*.yaml")), folder.parent / "voices.yaml"]


@fuzz_settings(30)
@given(which=st.integers(0, 100), changes=edits(NOISE))
def test_mutated_sample_gives_play_or_located_errors(folder: Path, which: int, changes) -> None:
    files = _files(folder)
    target = files[which % len(files)]
    original = target.read_bytes()
    try:
        target.write_text(mutate(original.decode("utf-8"), changes), encoding="utf-8", errors="surrogatepass")
        report = check_play(folder)
        if report.errors:
            assert_located(ScriptError(report.diagnostics), files)
            return
        for warning in report.diagnostics:
            assert warning.loc is None or Path(warning.loc.path).resolve() in {f.resolve() for f in files}
        play = load_play(folder)  # what check accepted, every command can load
        exercise(play)
    finally:
        target.write_bytes(original)


@fuzz_settings(25)
@given(which=st.integers(0, 100), position=st.integers(0, 1 << 20), byte=st.integers(0, 255))
def test_a_flipped_byte_gives_play_or_located_errors(folder: Path, which: int, position: int, byte: int) -> None:
    """Bytes, not characters: broken UTF-8, control characters, a NUL in the middle of a key."""
    files = _files(folder)
    target = files[which % len(files)]
    original = target.read_bytes()
    at = position % len(original)
    try:
        target.write_bytes(original[:at] + bytes([byte]) + original[at + 1:])
        report = check_play(folder)
        if report.errors:
            assert_located(ScriptError(report.diagnostics), files)
        else:
            exercise(load_play(folder))
    finally:
        target.write_bytes(original)


def test_the_unmutated_sample_is_valid(folder: Path) -> None:
    assert not check_play(folder).errors


def _read(folder: Path, remember: bool):  # type: ignore[no-untyped-def]
    try:
        play = load_play(folder, remember=remember)
    except ScriptError as exc:
        return [str(d) for d in exc.diagnostics]
    return play, [s.loc for s in play.scenes], [i.loc for s in play.scenes for i in s.items]


@fuzz_settings(30)
@given(first=st.integers(0, 100), second=st.integers(0, 100), changes=edits(NOISE), more=edits(NOISE))
def test_remembered_scene_files_read_exactly_as_a_fresh_read(folder: Path, first: int, second: int, changes,
                                                            more) -> None:
    """Two random edits (play.yaml's roles, a scene file, voices.yaml), each followed by a read that
    may take unchanged scene files from the cache: always the very play, or the very errors, that
    reading every file afresh gives."""
    files = _files(folder)
    targets = [files[first % len(files)], files[second % len(files)]]
    originals = {t: t.read_bytes() for t in targets}
    try:
        for target, change in zip(targets, (changes, more), strict=True):
            target.write_text(mutate(target.read_text(encoding="utf-8", errors="surrogateescape"), change),
                              encoding="utf-8", errors="surrogateescape")
            assert _read(folder, remember=True) == _read(folder, remember=False)
    finally:
        for target, data in originals.items():
            target.write_bytes(data)
