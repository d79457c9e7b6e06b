"""A full disk or a folder we may not write to, injected at the write layer (CI runs as root, so
real permissions would not stop it): a clear message naming the file, exit 4, and every file of
the previous build intact — no half-written output, no temporary file left behind."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import stagecast.files.atomic as atomic
from stagecast.cli import cli
from tests.audio_support import write_play

DISK_FULL = "the disk is full ({}); nothing was half-written — free some space and run again"
# Injected, so the folder is in fact writable: the message cannot tell a read from a write.
DENIED = "permission denied ({})\nhint: check that you may read the play's files and write in the output folder"


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(play: Path, out: Path, *extra: str) -> Result:
    result = CliRunner().invoke(cli, ["build", str(play), "-o", str(out), "--jobs", "1", "-q", *extra])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A play built once (WAV audio), then edited so that the next build rewrites every output."""
    monkeypatch.setenv("STAGECAST_CACHE_DIR", str(tmp_path / "cache"))
    play = write_play(tmp_path / "play")
    out = tmp_path / "build"
    assert _build(play, out, "--audio-format", "wav").exit_code == 0
    yaml = play / "play.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Tiny Castle", "Small Castle")
                    .replace("The road is long", "The road is very long"), encoding="utf-8")
    return play, out


def _failing(error: int, when: Callable[[Path], bool], real: Callable) -> Callable:
    def replace(src, dst, *args, **kwargs):
        if when(Path(dst)):
            raise OSError(error, os.strerror(error), str(src), None, str(dst))
        return real(src, dst, *args, **kwargs)
    return replace


def _assert_untouched(out: Path, before: dict[str, str]) -> None:
    after = _tree(out)
    assert {k: v for k, v in after.items() if not k.startswith(".")} == before
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".part") or p.name.startswith(".stagecast-")]
    assert leftovers == []


@pytest.mark.parametrize("error, message", [(errno.ENOSPC, DISK_FULL), (errno.EACCES, DENIED)])
def test_failing_fsync_of_a_document_keeps_the_old_one(built, monkeypatch: pytest.MonkeyPatch, error: int,
                                                       message: str) -> None:
    """The data did not reach the disk (ENOSPC surfaces at write or fsync): the old file stays."""
    play, out = built
    before = _tree(out)

    def fsync(fd: int) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    result = _build(play, out, "--audio-format", "wav", "--no-audio")
    assert result.exit_code == 4
    assert result.stderr == f"error: {message.format(out / 'script.pdf')}\n"
    _assert_untouched(out, before)


@pytest.mark.parametrize("error, message", [(errno.ENOSPC, DISK_FULL), (errno.EACCES, DENIED)])
def test_a_rename_refused_midway_leaves_every_file_whole(built, monkeypatch: pytest.MonkeyPatch, error: int,
                                                         message: str) -> None:
    """The third output fails: the two before it are new and whole, the rest are the old ones."""
    play, out = built
    before = _tree(out)
    calls = []

    def third(path: Path) -> bool:  # os.replace is patched for everyone: count only the outputs
        if out in path.parents:
            calls.append(path)
        return len(calls) == 3 and calls[-1] == path

    monkeypatch.setattr(atomic.os, "replace", _failing(error, third, os.replace))
    result = _build(play, out, "--audio-format", "wav", "--no-audio")
    assert result.exit_code == 4
    assert result.stderr == f"error: {message.format(calls[2])}\n"
    after = _tree(out)
    changed = {k for k in before if after.get(k) != before[k]}
    assert changed == {str(p.relative_to(out)) for p in calls[:2]}
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    monkeypatch.undo()
    assert _build(play, out, "--audio-format", "wav", "--no-audio").exit_code == 0  # and it recovers


def test_disk_full_while_writing_a_track_keeps_the_previous_group(built, monkeypatch: pytest.MonkeyPatch) -> None:
    play, out = built
    before = _tree(out)
    import stagecast.audio.assemble as assemble

    real = assemble.write_segments

    def full_disk(write, segments, cache):
        real(write, segments[:1], cache)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(assemble, "write_segments", full_disk)
    result = _build(play, out, "--audio-format", "wav")
    assert result.exit_code == 4
    assert result.stderr == f"error: {DISK_FULL.format(out / 'audio' / 'read-through.wav')}\n"
    after = _tree(out)
    for key in before:
        if "/rehearsal." in key or key.startswith("audio/"):
            assert after[key] == before[key], f"{key} changed although its group failed"
    assert not [p for p in out.rglob("*") if p.name.endswith(".part") or p.name.startswith(".stagecast-")]


def test_a_refused_rename_of_the_timeline_keeps_the_group_old(built, monkeypatch: pytest.MonkeyPatch) -> None:
    """The group's renames: if the first one fails, no file of the group is new."""
    play, out = built
    before = _tree(out)
    import stagecast.audio.group as group

    monkeypatch.setattr(group.os, "replace", _failing(errno.EACCES, lambda p: p.suffix == ".wav" and out in p.parents,
                                                      os.replace))
    result = _build(play, out, "--audio-format", "wav")
    assert result.exit_code == 4
    assert result.stderr.startswith("error: permission denied (")
    after = _tree(out)
    for key in before:
        if key.endswith((".wav", ".vtt", ".srt", ".timeline.json")):
            assert after[key] == before[key], f"{key} changed although its group failed"
    assert not [p for p in out.rglob("*") if p.name.startswith(".stagecast-")]


def test_a_file_where_a_folder_is_needed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    play = write_play(tmp_path / "play")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["pdf", str(play), "-o", "notes.txt/script.pdf"])
    assert result.exit_code == 4
    assert result.stderr == ("error: notes.txt is a file, where a folder is needed\n"
                             "hint: choose another output path, or move that file away\n")
    cache = CliRunner().invoke(cli, ["audio", str(play), "-o", "t.wav"],
                               env={"STAGECAST_CACHE_DIR": str(tmp_path / "notes.txt" / "cache")})
    assert cache.exit_code == 4
    assert cache.stderr == ("error: notes.txt is a file, where a folder is needed for notes.txt/cache\n"
                            "hint: this is stagecast's cache folder (for clips and scenes); set STAGECAST_CACHE_DIR "
                            "to a folder you can write to\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no file can be made")
def test_a_folder_that_takes_no_files_is_named_not_our_temporary_file(tmp_path: Path) -> None:
    play = write_play(tmp_path / "play")
    result = CliRunner().invoke(cli, ["audio", str(play), "-o", "/proc/x.wav"],
                                env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 4
    assert result.stderr == "error: cannot write in /proc: no such file or directory\n"


def test_a_read_only_disk_names_the_users_file_not_our_temporary_one(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """On a read-only disk even removing the temporary file that was never made fails (EROFS):
    the message still names the output."""
    play = write_play(tmp_path / "play")
    real_open, real_unlink = os.open, Path.unlink

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).endswith(atomic.SUFFIX):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(atomic.SUFFIX):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(atomic.os, "open", read_only_open)
    monkeypatch.setattr(Path, "unlink", read_only_unlink)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["pdf", str(play), "-o", "out/script.pdf"])
    assert result.exit_code == 4
    assert result.stderr == ("error: the disk is read-only (out/script.pdf)\n"
                             "hint: choose an output folder on a disk you can write to\n")


@pytest.mark.parametrize(("error", "first"), [
    (errno.EROFS, "error: the disk is read-only (cache)"),
    (errno.EACCES, "error: permission denied (cache)"),
])
def test_a_cache_folder_that_cannot_be_written_gets_the_cache_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   error: int, first: str) -> None:
    play = write_play(tmp_path / "play")
    cache = tmp_path / "cache"
    real_mkdir = Path.mkdir

    def refused(self: Path, *args, **kwargs) -> None:
        if self == cache or cache in self.parents:
            raise OSError(error, os.strerror(error), str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refused)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["audio", str(play), "-o", "t.wav"], env={"STAGECAST_CACHE_DIR": str(cache)})
    assert result.exit_code == 4
    assert result.stderr == (f"{first}\nhint: this is stagecast's cache folder (for clips and scenes); "
                             "set STAGECAST_CACHE_DIR to a folder you can write to\n")
