"""``stagecast build``: the tree, incremental rebuilds, partial failure, atomic outputs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.build import BuildOptions, build
from stagecast.cli import cli
from tests.two_voices import two_voices

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


def test_a_changed_page_script_rebuilds_the_page_alone(play: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A development version keeps its version number while page.js changes: the page must follow.
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    before = _stamps(out)
    monkeypatch.setattr("stagecast.web.page.assets_digest", lambda: "a changed page script")
    result = _build(play, out)
    assert result.exit_code == 0, result.output
    after = _stamps(out)
    assert {k for k in after if after[k] != before.get(k)} - {"manifest.json"} == {"index.html"}


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
    assert "cue sheet for 俳優 D" in result.stderr
    assert "cannot print 2 characters in performer 'actor-d': no font has '俳' (U+4FF3" in result.stderr
    assert "outputs failed; the rest are in" in result.stderr
    assert (out / "performers" / "actor-c" / "cue-sheet.pdf").is_file()
    assert (out / "index.html").is_file()
    assert not (out / "performers" / "u4ff3-u512a-d" / "cue-sheet.md").exists()  # the group is all or nothing
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "performers/u4ff3-u512a-d/cue-sheet.md" not in manifest["targets"]
    assert "performers/actor-c/cue-sheet.md" in manifest["targets"]


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


def test_a_performer_renamed_or_gone_leaves_no_stale_folder(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    (out / "README.txt").write_text("for the USB sticks\n", encoding="utf-8")
    (out / "performers" / "props").mkdir()
    (out / "performers" / "props" / "list.txt").write_text("two chairs\n", encoding="utf-8")
    (out / "performers" / "actor-e" / "my-notes.txt").write_text("breathe\n", encoding="utf-8")
    text = (play / "play.yaml").read_text(encoding="utf-8")
    text = text.replace("{name: Actor D,", "{name: Actor Dee,")
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("actor-e:")) + "\n"
    (play / "play.yaml").write_text(text, encoding="utf-8")

    result = _build(play, out)
    assert result.exit_code == 0, result.output
    folders = out / "performers"
    assert f"removed {folders / 'actor-d'}{os.sep} (no longer in the cast)" in result.stdout
    assert (f"removed stagecast's files from {folders / 'actor-e'}{os.sep} (no longer in the cast); "
            "kept the folder for what else is in it: my-notes.txt") in result.stdout
    assert sorted(p.name for p in folders.iterdir()) == ["actor-a", "actor-b", "actor-c", "actor-dee", "actor-e", "props"]
    assert [p.name for p in (folders / "actor-e").iterdir()] == ["my-notes.txt"]  # the actor's own file stays
    assert (out / "README.txt").read_text(encoding="utf-8") == "for the USB sticks\n"
    assert (folders / "props" / "list.txt").is_file()
    assert "performers/actor-d/" not in (out / "index.html").read_text(encoding="utf-8")
    assert _build(play, out).stdout.startswith("Nothing changed")


def test_an_interrupted_removal_is_finished_by_the_next_build(play: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    text = (play / "play.yaml").read_text(encoding="utf-8")
    (play / "play.yaml").write_text(text.replace("{name: Actor D,", "{name: Actor Dee,"), encoding="utf-8")
    unlink, calls = Path.unlink, []

    def interrupted(self: Path, missing_ok: bool = False) -> None:
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the first file is gone
        unlink(self, missing_ok=missing_ok)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build(play, BuildOptions(output=out, audio=False))
    assert len(list((out / "performers" / "actor-d").iterdir())) == len(PERFORMER_FILES) - 1
    assert (out / "manifest.json").read_text(encoding="utf-8") == manifest  # still lists what is left

    result = _build(play, out)
    assert result.exit_code == 0, result.output
    assert f"removed {out / 'performers' / 'actor-d'}{os.sep} (no longer in the cast)" in result.stdout
    assert not (out / "performers" / "actor-d").exists()


@pytest.mark.parametrize("form", ["list", "owners"])
def test_a_manifest_naming_files_outside_the_build_folder_deletes_nothing(play: Path, tmp_path: Path,
                                                                           form: str) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    outside = ["performers/../../precious.txt", str(precious), "performers/gone/../../../precious.txt",
               "performers/actor-a/../../../precious.txt"]
    if form == "list":  # the first manifests to record files listed them without owners
        data["files"] = [*data["files"], *outside]
    else:  # owned by a performer this build makes, as a stale file would be
        data["files"].update(dict.fromkeys(outside, {"kind": "performer documents", "performer": "actor-a"}))
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert _build(play, out).exit_code == 0
    assert precious.read_text(encoding="utf-8") == "keep me\n"


def test_moving_the_play_folder_rebuilds_nothing(play: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    before = _stamps(out)
    (tmp_path / "sub").mkdir()
    shutil.move(play, tmp_path / "sub" / "script")
    shutil.move(tmp_path / "voices.yaml", tmp_path / "sub" / "voices.yaml")
    monkeypatch.chdir(tmp_path / "sub")  # a relative PLAY, from another working directory
    result = CliRunner().invoke(cli, ["build", "script", "-o", str(out), "--no-audio"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nothing changed: all 14 outputs")
    # Only the manifest follows the play, so that `serve` saves takes where the play is now.
    assert {k: v for k, v in _stamps(out).items() if k != "manifest.json"} == {
        k: v for k, v in before.items() if k != "manifest.json"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["play"] == str(tmp_path / "sub" / "script")


SMALL = two_voices()


def _sources(out: Path) -> list[str]:
    timeline = json.loads((out / "audio" / "read-through.timeline.json").read_text(encoding="utf-8"))
    return [item["source"] for item in timeline["items"] if item["kind"] == "speech"]


def test_audio_build_moved_rebuilds_nothing_but_a_renamed_file_remakes_the_timelines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "play.yaml").write_text(SMALL, encoding="utf-8")
    (first / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en}\n", encoding="utf-8")
    out = tmp_path / "build"
    built = CliRunner().invoke(cli, ["build", str(first / "play.yaml"), "-o", str(out), "-j", "1"])
    assert built.exit_code == 0, built.output
    assert _sources(out) == ["play.yaml:13:9", "play.yaml:14:9"]

    moved = tmp_path / "elsewhere" / "deeper"
    shutil.move(first, moved)
    monkeypatch.chdir(tmp_path / "elsewhere")
    again = CliRunner().invoke(cli, ["build", "deeper/play.yaml", "-o", str(out), "-j", "1"])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Nothing changed: all 11 outputs")

    before = _stamps(out)
    (moved / "play.yaml").rename(moved / "two-voices.yaml")  # the one path an output names
    renamed = CliRunner().invoke(cli, ["build", "deeper/two-voices.yaml", "-o", str(out), "--jobs", "1"])
    assert renamed.exit_code == 0, renamed.output
    assert _sources(out) == ["two-voices.yaml:13:9", "two-voices.yaml:14:9"]
    changed = {k for k, v in _stamps(out).items() if before.get(k) != v}
    assert "performers/actor-b/rehearsal.timeline.json" in changed
    assert not changed & {"script.pdf", "cuelist.pdf", "performers/actor-a/cue-sheet.pdf"}

    script = moved / "two-voices.yaml"
    script.write_text("# draft 2\n" + SMALL, encoding="utf-8")  # same play, every line one lower
    shifted = CliRunner().invoke(cli, ["build", str(script), "-o", str(out), "-j", "1"])
    assert shifted.exit_code == 0, shifted.output
    assert _sources(out) == ["two-voices.yaml:14:9", "two-voices.yaml:15:9"]


def test_jobs_has_the_short_option_j() -> None:
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "-j, --jobs" in result.output


def _links(out: Path) -> str:
    return (out / "index.html").read_text(encoding="utf-8")


def test_a_build_without_since_removes_the_change_notes_and_their_links(play: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(play, old)
    out = tmp_path / "build"
    assert _build(play, out, "--since", str(old)).exit_code == 0
    assert "performers/actor-a/changes.md" in _links(out)
    (out / "performers" / "actor-a" / "notes.txt").write_text("breathe\n", encoding="utf-8")

    result = _build(play, out)
    assert result.exit_code == 0, result.output
    for letter in "abcde":
        notes = out / "performers" / f"actor-{letter}" / "changes.md"
        assert not notes.exists()
        assert f"removed {notes} (this build no longer makes it)" in result.stdout
    assert "changes.md" not in _links(out) and "What changed for me" not in _links(out)
    assert (out / "performers" / "actor-a" / "notes.txt").read_text(encoding="utf-8") == "breathe\n"
    assert (out / "performers" / "actor-a" / "cue-sheet.pdf").is_file()
    assert _build(play, out).stdout.startswith("Nothing changed: all 14 outputs")


def test_a_file_that_cannot_be_removed_is_named_and_removed_by_the_next_build(
        play: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old"
    shutil.copytree(play, old)
    out = tmp_path / "build"
    assert _build(play, out, "--since", str(old)).exit_code == 0
    notes = out / "performers" / "actor-c" / "changes.md"
    unlink = Path.unlink

    def refused(self: Path, missing_ok: bool = False) -> None:
        if self == notes:
            raise PermissionError(13, "Permission denied")
        unlink(self, missing_ok=missing_ok)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", refused)
        result = _build(play, out)
    assert result.exit_code == 0, result.output
    assert f"could not remove {notes} (Permission denied); the next build tries again" in result.stdout
    assert notes.is_file() and "changes.md" not in _links(out)  # left, but not offered on the page

    again = _build(play, out)
    assert f"removed {notes} (this build no longer makes it)" in again.stdout
    assert not notes.exists()


def test_a_failed_output_keeps_its_old_file_but_the_page_does_not_link_it(play: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert _build(play, out).exit_code == 0
    assert "performers/actor-e/script.pdf" in _links(out)
    text = (play / "play.yaml").read_text(encoding="utf-8")  # a glyph the PDF font lacks, in every script
    (play / "play.yaml").write_text(text.replace('"An actor of the troupe', '"俳優 of the troupe'), encoding="utf-8")
    result = _build(play, out)
    assert result.exit_code == 5
    assert "marked script for Actor E:" in result.stderr
    assert (out / "performers" / "actor-e" / "script.pdf").is_file()  # the next build tries again
    assert "performers/actor-e/script.pdf" not in _links(out)  # it shows the old play
    assert "performers/actor-e/cue-sheet.pdf" in _links(out)


def _audio_build(play: Path, out: Path, *extra: str):
    result = CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "-j", "1", *extra])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "play.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en}\n", encoding="utf-8")  # the fastest
    return folder / "play.yaml"


def test_switching_the_audio_format_removes_the_old_tracks(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    _audio_build(small, out)
    (out / "audio" / "notes.txt").write_text("mic check\n", encoding="utf-8")
    mp3s = [out / "audio" / "read-through.mp3", out / "performers" / "actor-a" / "rehearsal.mp3",
            out / "performers" / "actor-b" / "rehearsal.mp3"]

    _audio_build(small, out, "--no-audio")  # no audio made: the tracks of the cast stay
    assert all(mp3.is_file() for mp3 in mp3s)

    result = _audio_build(small, out, "--audio-format", "ogg")
    for mp3 in mp3s:
        assert not mp3.exists()
        assert f"removed {mp3} (this build no longer makes it)" in result.stdout
        assert mp3.with_suffix(".ogg").is_file() and mp3.with_suffix(".vtt").is_file()
    page = _links(out)
    assert ".mp3" not in page and "performers/actor-b/rehearsal.ogg" in page
    assert (out / "audio" / "notes.txt").read_text(encoding="utf-8") == "mic check\n"


def test_a_new_performer_in_an_old_folder_does_not_get_the_old_tracks(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    _audio_build(small, out)
    folder = out / "performers" / "actor-b"
    (folder / "notes.txt").write_text("my blocking\n", encoding="utf-8")
    # Actor B leaves; someone new with the same name (another id) takes the part and the folder
    small.write_text(SMALL.replace("  b: {name: Actor B, plays: bob}", "  nina: {name: Actor B, plays: bob}"),
                     encoding="utf-8")

    result = _audio_build(small, out, "--no-audio")
    for suffix in (".mp3", ".vtt", ".srt", ".timeline.json"):
        track = folder / f"rehearsal{suffix}"
        assert not track.exists()
        assert f"removed {track} (made for performer b, not nina, whose folder this is now)" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["cue-sheet.md", "cue-sheet.pdf", "notes.txt", "script.pdf"]
    assert (out / "performers" / "actor-a" / "rehearsal.mp3").is_file()  # still in the cast: kept
    assert "rehearsal.mp3" not in _links(out)


def test_editing_voices_yaml_remakes_the_stats_and_the_tracks_and_nothing_else(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    _audio_build(small, out)
    (small.parent / "voices.yaml").write_text("engine: espeak\ndefault: {lang: en, rate: 150}\n", encoding="utf-8")
    result = _audio_build(small, out)
    assert result.stderr.splitlines() == ["building stats", "building read-through track",
                                          "building rehearsal track for Actor A", "building rehearsal track for Actor B"]
    assert result.stdout.startswith("Built 5 outputs (6 up to date)")  # and the page, which links the tracks


def test_two_performers_with_one_name_are_two_outputs_each_and_a_second_build_makes_nothing(tmp_path):
    play = tmp_path / "play"
    play.mkdir()
    (play / "play.yaml").write_text(SMALL.replace("b: {name: Actor B,", "b: {name: Actor A,"), encoding="utf-8")
    out = tmp_path / "build"
    first = CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "--no-audio"])
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in (out / "performers").iterdir()) == ["actor-a", "actor-a-2"]
    again = CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "--no-audio"])
    assert again.exit_code == 0  # "Nothing changed": tests/golden/cli/build-twice.txt


def test_a_voice_the_engine_lacks_stops_the_build_before_anything_is_written(play: Path, tmp_path: Path) -> None:
    voices = play.parent / "voices.yaml"
    voices.write_text("engine: espeak\ndefault: {lang: en, variant: m3}\nroles:\n  wife: {voice: en-scottish}\n"
                      "  artur: {lang: en, variant: zz9}\n", encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["build", str(play), "-o", str(out)])
    assert result.exit_code == 1
    *errors, count = result.stderr.splitlines()
    assert [line.split(": error: ")[1].split(" (")[0] for line in errors] == [
        "the espeak engine has no voice 'en-scottish'", "unknown voice variant 'zz9'"]
    assert count == "2 errors found"
    assert not out.exists()
