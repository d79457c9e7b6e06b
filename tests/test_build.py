"""``stagecast build``: the tree, incremental rebuilds, partial failure, atomic outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.cli import cli

PERFORMER_FILES = ("cue-sheet.md", "cue-sheet.pdf", "script.pdf")


@pytest.fixture
def play(tmp_path: Path, sample_path: Path) -> Path:
    shutil.copytree(sample_path, tmp_path / "script")
    shutil.copy(sample_path.parent / "voices.yaml", tmp_path / "voices.yaml")
    return tmp_path / "script"


def _build(play: Path, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "--no-audio", *extra])


def _stamps(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_build_writes_the_documented_tree(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = _build(play, out)
    assert result.exit_code == 0, result.output
    files = set(_stamps(out))
    assert {"index.html", "script.pdf", "cuelist.md", "cuelist.pdf", "stats.json", "manifest.json"} <= files
    for letter in "abcde":
        assert {f"performers/actor-{letter}/{name}" for name in PERFORMER_FILES} <= files
    assert json.loads((out / "stats.json").read_text(encoding="utf-8"))["version"] == 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "performers/actor-c/cue-sheet.pdf" in page and "Сәлеметсіз" in page


def test_second_build_does_nothing_and_says_so(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    before = _stamps(out)
    again = _build(play, out)
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing changed: all 14 outputs")
    after = _stamps(out)
    assert {k: v for k, v in after.items() if k != "manifest.json"} == {
        k: v for k, v in before.items() if k != "manifest.json"}


def test_editing_one_scene_rebuilds_only_what_depends_on_it(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    before = _stamps(out)
    scene = play / "scenes" / "04-artur.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("But I learned.", "But I did learn."),
                     encoding="utf-8")
    result = _build(play, out)
    assert result.exit_code == 0, result.output
    after = _stamps(out)
    changed = {k for k in after if after[k] != before.get(k)} - {"manifest.json"}
    assert "performers/actor-c/cue-sheet.md" in changed  # Artur's performer
    assert "script.pdf" in changed and "index.html" in changed
    for other in "abde":  # not in Artur's scene: their cue sheets are untouched
        assert f"performers/actor-{other}/cue-sheet.md" not in changed
        assert f"performers/actor-{other}/cue-sheet.pdf" not in changed
    assert "cuelist.md" in changed  # GO points read every scene


def test_one_broken_output_fails_with_exit_5_and_the_rest_is_built(play: Path, tmp_path: Path) -> None:
    text = (play / "play.yaml").read_text(encoding="utf-8")
    (play / "play.yaml").write_text(text.replace("{name: Actor D,", "{name: 俳優 D,"), encoding="utf-8")
    out = tmp_path / "build"
    result = _build(play, out)
    assert result.exit_code == 5
    assert "cue sheet for 俳優 D:" in result.stderr
    assert "U+4FF3" in result.stderr
    assert "outputs failed; the rest are in" in result.stderr
    assert (out / "performers" / "actor-c" / "cue-sheet.pdf").is_file()
    assert (out / "index.html").is_file()
    assert not (out / "performers" / "u4ff3-u512a-d" / "cue-sheet.md").exists()  # the group is all or nothing
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "cue sheet for 俳優 D" not in manifest["targets"]
    assert "cue sheet for Actor C" in manifest["targets"]


def test_no_partial_files_are_left(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_build_since_an_old_copy_marks_changes_and_writes_notes(play: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(play, old)
    scene = play / "scenes" / "04-artur.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("But I learned.", "But I did learn."),
                     encoding="utf-8")
    out = tmp_path / "build"
    result = _build(play, out, "--since", str(old))
    assert result.exit_code == 0, result.output
    notes = (out / "performers" / "actor-c" / "changes.md").read_text(encoding="utf-8")
    assert "what changed for Actor C" in notes and "did learn" in notes
    untouched = (out / "performers" / "actor-a" / "changes.md").read_text(encoding="utf-8")
    assert "Nothing changed for Actor A" in untouched
    from pypdf import PdfReader

    first = PdfReader(out / "performers" / "actor-c" / "cue-sheet.pdf").pages[0].extract_text()
    assert f"Revised {old}" in " ".join(first.split())
    assert "What changed for me" in (out / "index.html").read_text(encoding="utf-8")
