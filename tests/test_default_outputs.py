"""Defaults that agree (issue 22, item 8): without -o, every command that makes files writes
them into build/ (where audio and build always wrote), text is printed, and each says where it
wrote in one line, relative to the working folder when it is inside it and that is shorter."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli
from tests.conftest import SAMPLE
from tests.two_voices import two_voices

AVAILABILITY = Path(__file__).parent / "data" / "schedule" / "availability.yaml"


def _run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(("args", "written", "said"), [
    (("pdf",), ["build/here-almaty.pdf"], "wrote build/here-almaty.pdf (14 pages)\n"),
    (("pdf", "-p", "Actor C"), ["build/here-almaty-actor-c.pdf"], "wrote build/here-almaty-actor-c.pdf (14 pages)\n"),
    (("cues", "-p", "Actor C", "--format", "pdf"), ["build/here-almaty-actor-c-cues.pdf"],
     "wrote build/here-almaty-actor-c-cues.pdf\n"),
    (("cues", "--all", "--format", "md"), [f"build/cue-sheets/actor-{x}.md" for x in "abcde"],
     "wrote 5 cue sheets in build/cue-sheets/ (actor-a.md … actor-e.md)\n"),
    (("cuelist", "--format", "pdf"), ["build/here-almaty-cuelist.pdf"], "wrote build/here-almaty-cuelist.pdf\n"),
    (("schedule", "--availability", AVAILABILITY, "--format", "pdf"), ["build/here-almaty-calls.pdf"],
     "wrote build/here-almaty-calls.pdf\n"),
], ids=["pdf", "marked-copy", "cue-sheet-pdf", "cues-all", "cuelist-pdf", "schedule-pdf"])
def test_files_go_into_build_and_the_command_says_so(args: tuple, written: list[str], said: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(args[0], SAMPLE, *args[1:])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(said) and result.stdout == ""
    assert _files(tmp_path) == written


@pytest.mark.parametrize("args", [("cues", "-p", "Actor C"), ("cuelist",), ("cuelist", "--format", "csv"),
                                  ("stats",), ("export", "--to", "fountain"), ("sources",)])
def test_text_is_printed_and_nothing_is_written(args: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(args[0], SAMPLE, *args[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout and "wrote" not in result.stderr
    assert _files(tmp_path) == []


def test_audio_writes_where_the_others_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    Path("play").mkdir()
    Path("play/play.yaml").write_text(two_voices(), encoding="utf-8")
    Path("play/voices.yaml").write_text("engine: espeak\n", encoding="utf-8")
    result = _run("audio", "play")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote build/audio/two-voices.wav (")
    assert (tmp_path / "build" / "audio" / "two-voices.wav").is_file()


def test_wrote_names_the_path_relative_to_the_working_folder_when_shorter(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "out" / "s.pdf"
    assert _run("pdf", SAMPLE, "-o", inside).stderr == "wrote out/s.pdf (14 pages)\n"
    deep = tmp_path.joinpath(*"abcdefgh")
    deep.mkdir(parents=True)
    os.chdir(deep)
    elsewhere = Path(tempfile.gettempdir()) / f"{tmp_path.name}.csv"
    try:  # ../../../… would be longer than the path as given
        assert _run("cuelist", SAMPLE, "-o", elsewhere).stderr == f"wrote {elsewhere}\n"
    finally:
        elsewhere.unlink(missing_ok=True)
    assert _run("cuelist", SAMPLE, "-o", tmp_path / "c.csv").stderr == f"wrote {tmp_path / 'c.csv'}\n"  # not ../../…


def test_a_file_named_build_is_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("build").write_text("my notes\n", encoding="utf-8")
    result = _run("pdf", SAMPLE)
    assert result.exit_code == 4
    assert result.stderr == "error: build is a file, where a folder is needed\n" \
                            "hint: choose another output path, or move that file away\n"
    assert Path("build").read_text(encoding="utf-8") == "my notes\n"
    assert _files(tmp_path) == ["build"]


def test_cues_all_for_a_play_with_no_performers_says_so_and_writes_nothing(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Not "wrote 0 cue sheets in build/cue-sheets/ ()", with an empty folder made for them.
    monkeypatch.chdir(tmp_path)
    Path("play").mkdir()
    Path("play/play.yaml").write_text(
        "title: Tiny\nlanguage: en\nroles:\n  a: {name: Anna}\n"
        "scenes:\n  - id: one\n    title: One\n    body:\n      - a: Hello there.\n", encoding="utf-8")
    result = _run("cues", "play", "--all")
    assert result.exit_code == 0, result.output  # an imported play before it is cast
    assert result.stderr.endswith(
        "warning: no cue sheets written: this play has no performers yet\n"
        "hint: give each role to a performer under 'performers:' in play.yaml (docs/format.md)\n")
    assert not Path("build").exists()


def test_a_path_outside_the_working_folder_is_said_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Beside the working folder, "../elsewhere/x.pdf" is shorter than the absolute path, but it says
    # the same file differently from every folder: the path as given is clearer, and stable.
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    out = tmp_path / "elsewhere" / "x.pdf"
    result = _run("pdf", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out} (14 pages)\n"
    inside = _run("pdf", SAMPLE, "-o", tmp_path / "here" / "y.pdf")
    assert inside.stderr == "wrote y.pdf (14 pages)\n"
