"""Two stagecast runs at once, as real processes: one build (or track) at a time per output, each
run whole, and runs with different outputs — sharing one clip cache — side by side."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stagecast.audio.cache import ClipCache
from stagecast.audio.pcm import HEADER, read_header
from stagecast.files.locking import hold, lock_file
from tests.audio_support import PLAY, write_play
from tests.test_interrupt import check_outputs

HINT = "hint: run again when it has finished, or leave out --no-wait to wait for it\n"


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "STAGECAST_CACHE_DIR": str(cache), "PYTHONIOENCODING": "utf-8"}


def _start(args: list[str], cwd: Path, cache: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stagecast", *args], cwd=cwd, env=_env(cache),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _run(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stagecast", *args], cwd=cwd, env=_env(cache),
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".stagecast.lock"}


def _edit(play: Path, words: str) -> None:
    yaml = play / "play.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Then we walk faster.", words), encoding="utf-8")


def _check_manifest(out: Path) -> None:
    """The manifest parses and records exactly the files in the folder (the hidden ones aside)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    there = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert set(manifest["files"]) == there - {"manifest.json"}


@pytest.mark.parametrize("audio", [["--no-audio"], ["--audio-format", "wav"]], ids=["no-audio", "wav"])
def test_two_builds_of_one_play_into_one_folder_at_once_both_succeed(tmp_path: Path, audio: list[str]) -> None:
    play, cache = write_play(tmp_path / "play"), tmp_path / "cache"
    build = ["build", "play", "-o", "build", *audio]
    assert _run(build, tmp_path, cache).returncode == 0
    _edit(play, "Then we walk faster, and faster still.")  # work for both: every output but one changes
    runs = [_start(build, tmp_path, cache) for _ in range(2)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, _, stderr in results:
        assert code == 0, stderr
    assert all("Traceback" not in stderr for _, _, stderr in results)
    out = tmp_path / "build"
    _check_manifest(out)
    check_outputs(out)  # every file whole, the page matching what it links
    assert "and faster still" in (out / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.rglob(".*") if p.name.endswith((".part", ".lock")) or p.name.startswith(".stagecast-")]
    again = _run(build, tmp_path, cache)
    assert again.returncode == 0 and again.stdout.startswith("Nothing changed"), again.stdout + again.stderr


def test_a_second_build_waits_for_the_first_saying_so_and_writes_nothing_meanwhile(tmp_path: Path) -> None:
    write_play(tmp_path / "play")
    out = tmp_path / "build"
    with hold(lock_file(out), "build", out):  # a build in progress: this process
        waiting = _start(["build", "play", "-o", "build", "--no-audio"], tmp_path, tmp_path / "cache")
        first = waiting.stderr.readline()
        assert first == f"waiting for another stagecast build of this folder (pid {os.getpid()}) to finish…\n"
        time.sleep(0.5)
        assert waiting.poll() is None
        assert [p.name for p in out.iterdir()] == [".stagecast.lock"]
    stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert stdout == "Built 8 outputs (0 up to date) in build; open build/index.html to rehearse.\n"
    assert "waiting" not in stderr  # said once
    _check_manifest(out)


def test_with_no_wait_a_second_build_refuses_and_changes_nothing(tmp_path: Path) -> None:
    play, cache = write_play(tmp_path / "play"), tmp_path / "cache"
    assert _run(["build", "play", "-o", "build", "--no-audio"], tmp_path, cache).returncode == 0
    _edit(play, "Then we run.")
    out = tmp_path / "build"
    before = _tree(out)
    with hold(lock_file(out), "build", out):
        refused = _run(["build", "play", "-o", "build", "--no-audio", "--no-wait"], tmp_path, cache)
    assert refused.returncode == 4
    assert refused.stderr == (f"error: another stagecast build of build{os.sep} is running (pid {os.getpid()}); "
                              f"nothing was changed\n{HINT}")
    assert refused.stdout == ""
    assert _tree(out) == before


def test_with_no_wait_a_second_render_of_one_track_refuses(tmp_path: Path) -> None:
    write_play(tmp_path / "play")
    track = tmp_path / "tracks" / "castle.wav"
    with hold(lock_file(track, folder=False), "render", track):
        refused = _run(["audio", "play", "-o", "tracks/castle.wav", "--no-wait"], tmp_path, tmp_path / "cache")
        assert refused.returncode == 4
        assert refused.stderr == (f"error: another stagecast render of {Path('tracks/castle.wav')} is running "
                                  f"(pid {os.getpid()}); nothing was changed\n{HINT}")
        assert [p.name for p in track.parent.iterdir()] == [".castle.wav.lock"]
        waiting = _start(["audio", "play", "-o", "tracks/castle.wav"], tmp_path, tmp_path / "cache")
        assert waiting.stderr.readline() == (f"waiting for another stagecast render of this track (pid {os.getpid()}) "
                                             "to finish…\n")
    stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert stdout.startswith(f"wrote {Path('tracks/castle.wav')} (")
    assert sorted(p.name for p in track.parent.iterdir()) == [
        "castle.srt", "castle.timeline.json", "castle.vtt", "castle.wav"]


def test_builds_of_two_plays_sharing_one_cache_run_side_by_side(tmp_path: Path) -> None:
    """The same lines in two plays: both builds make the same clips at once, neither waits, and
    every clip in the cache is whole."""
    write_play(tmp_path / "one")
    write_play(tmp_path / "two", PLAY.replace("Tiny Castle", "Another Castle"))
    cache = tmp_path / "cache"
    runs = [_start(["build", name, "-o", f"build-{name}", "--audio-format", "wav"], tmp_path, cache)
            for name in ("one", "two")]
    for run in runs:
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        assert "waiting" not in stderr
    for name in ("one", "two"):
        check_outputs(tmp_path / f"build-{name}")
    clips = list((cache / "clips").rglob("*.wav"))
    assert clips and all(ClipCache(cache).frames(clip.stem) is not None for clip in clips)
    assert not [p for p in cache.rglob(".*") if p.name.endswith(".part")]


WRITER = """
import sys, time
from pathlib import Path
from stagecast.audio.cache import ClipCache
root, frames, byte = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
cache = ClipCache(root)
stored = [cache.store(f"{n:064x}", bytes([byte]) * (frames * 2)) for n in range(300)]
(root / f"done-{byte}").touch()
while len(list(root.glob("done-*"))) < 2:  # both have stored every clip
    time.sleep(0.01)
# What this run laid its track out with: each clip in the cache must be that long when copied.
wrong = [n for n in range(300) if cache.frames(f"{n:064x}") != stored[n]]
if wrong:
    sys.exit(f"{len(wrong)} clips are not the length store() returned")
"""


def test_two_processes_making_the_same_clips_agree_on_each_and_never_leave_a_short_one(tmp_path: Path) -> None:
    """Two writers make the same clips at the same time, at two lengths (eSpeak's length varies a
    little from run to run); each goes on with the length of the clip that is in the cache, and a
    reader meanwhile only ever finds one writer's clip, whole."""
    cache = tmp_path / "cache"
    lengths = {0x11: 40_000, 0x22: 60_000}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(cache), str(frames), str(byte)],
                                stderr=subprocess.PIPE, text=True)
               for byte, frames in lengths.items()]
    clips, read = ClipCache(cache), 0
    while any(w.poll() is None for w in writers):
        for path in list((cache / "clips").rglob("*.wav")) if (cache / "clips").is_dir() else []:
            data = path.read_bytes()
            frames = read_header(data[:HEADER])
            assert frames is not None and len(data) == HEADER + frames * 2, "a short clip"
            assert lengths[data[HEADER]] == frames and data[HEADER:] == data[HEADER:HEADER + 1] * (frames * 2), \
                "a clip mixing two writes"
            read += 1
    assert [(w.returncode, w.stderr.read()) for w in writers] == [(0, ""), (0, "")]
    assert read  # the reader did read while they wrote
    made = {clips.frames(f"{n:064x}") for n in range(300)}
    assert made <= set(lengths.values()) and None not in made
    assert not list(cache.rglob("*.part"))


def _idle(started) -> None:  # noqa: ANN001 - a multiprocessing Event
    started.set()
    time.sleep(30)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="only forked processes inherit a held lock")
def test_a_lock_ends_with_its_run_though_a_forked_worker_lives_on(tmp_path: Path) -> None:
    """`build --watch` keeps its speech workers (forked while a build held the folder's lock)
    between builds: another build waiting on the lock gets it when the build ends, not when
    the watch does."""
    import fcntl
    import multiprocessing

    out = tmp_path / "build"
    fork = multiprocessing.get_context("fork")
    started = fork.Event()
    with hold(lock_file(out), "build", out):
        worker = fork.Process(target=_idle, args=(started,), daemon=True)
        worker.start()
        assert started.wait(timeout=30)
        waiter = os.open(lock_file(out), os.O_RDWR)  # another build, waiting on this very file
    try:
        fcntl.flock(waiter, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError while the worker holds it
    finally:
        os.close(waiter)
        worker.kill()
        worker.join()


def test_a_folder_on_a_file_system_without_locks_is_built_with_a_note(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from click.testing import CliRunner

    import stagecast.files.locking as locking
    from stagecast.cli import cli

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(locking.fcntl, "flock", no_locks)
    monkeypatch.chdir(tmp_path)
    write_play(tmp_path / "play")
    result = CliRunner().invoke(cli, ["build", "play", "-o", "build", "--no-audio"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"note: build cannot be locked ({os.strerror(errno.ENOLCK)}); another stagecast run writing there at the "
        "same time would mix its files with this one's")
    assert (tmp_path / "build" / "manifest.json").is_file()
    assert not (tmp_path / "build" / ".stagecast.lock").exists()
