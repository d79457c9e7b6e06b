"""``stagecast audio --watch`` as a user runs it: real eSpeak NG, a real process, real edits."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import pytest

from stagecast.api import load_play, render_audio
from stagecast.audio.render import AudioOptions, AudioSession
from tests.audio_support import write_play
from tests.watch_support import WAIT_S, Watcher, replace_in


@pytest.fixture
def play(tmp_path) -> Path:
    return write_play(tmp_path / "play")


@pytest.fixture
def cache_env(tmp_path) -> dict[str, str]:
    return {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}


def texts(timeline: Path) -> list[str]:
    return [item["text"] for item in json.loads(timeline.read_text(encoding="utf-8"))["items"]
            if item["kind"] == "speech"]


def test_an_edit_is_heard_in_the_next_track_and_only_it_is_synthesised(play, tmp_path, cache_env):
    out = tmp_path / "out"
    watcher = Watcher("audio", str(play), "--split", "scenes", "-o", str(out), "--verbose", env=cache_env)
    try:
        first = watcher.until("done in")
        assert "clips: 7 synthesised, 0 cached" in first
        assert first[-1].endswith("; watching for changes (Ctrl-C to stop)")
        before = (out / "01-gate.wav").read_bytes()
        road = (out / "02-road.wav").stat()

        replace_in(play / "play.yaml", "Then we walk faster.", "Then we walk faster, and we sing.")
        second = watcher.until("done in")
        assert second[0].endswith(f"{play / 'play.yaml'} changed")
        assert "clips: 1 synthesised, 6 cached" in second
        assert any(line.startswith(f"wrote {out / '02-road.wav'} (") for line in second)
        assert texts(out / "02-road.timeline.json")[-1] == "Then we walk faster, and we sing."
        assert (out / "01-gate.wav").read_bytes() == before  # the other scene was left alone
        assert (out / "02-road.wav").stat().st_size > road.st_size  # the longer line is in the audio
    finally:
        watcher.kill()


def test_a_mistake_is_reported_and_the_track_kept_until_it_is_fixed(play, tmp_path, cache_env):
    out = tmp_path / "castle.wav"
    watcher = Watcher("audio", str(play), "-o", str(out), env=cache_env)
    try:
        watcher.until("done in")
        track = out.read_bytes()
        replace_in(play / "play.yaml", "  - id: road\n", "  - idd: road\n")
        broken = watcher.until("nothing was written; watching for a fix: save to try again (Ctrl-C to stop)")
        assert any(line.startswith(f"{play / 'play.yaml'}:") and "error:" in line for line in broken), broken
        assert out.read_bytes() == track
        replace_in(play / "play.yaml", "  - idd: road\n", "  - id: road\n")
        fixed = watcher.until("done in")
        assert any(line.startswith(f"{out} is up to date") for line in fixed), fixed  # the same play again
        assert watcher.stop() == 0
        assert watcher.until("stopped watching")
    finally:
        watcher.kill()


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()
            and " Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]}


linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")


def watch_with_a_kept_worker(play: Path, tmp_path: Path, cache_env) -> tuple[Watcher, set[int]]:
    watcher = Watcher("audio", str(play), "-o", str(tmp_path / "a.wav"), "--jobs", "1", env=cache_env)
    watcher.until("done in")
    replace_in(play / "play.yaml", "It is.", "It is, friend.")
    watcher.until("done in")  # a render that needed a worker, which the watch keeps
    workers = children_of(watcher.process.pid)
    assert len(workers) == 1, workers
    return watcher, workers


@linux_only
def test_ctrl_c_stops_it_cleanly_with_no_worker_left(play, tmp_path, cache_env):
    watcher, workers = watch_with_a_kept_worker(play, tmp_path, cache_env)
    try:
        assert watcher.stop() == 0
        watcher.until("stopped watching")
        assert alive(workers) == set()
    finally:
        watcher.kill()


@linux_only
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP])
def test_a_killed_watch_leaves_no_worker_behind(play, tmp_path, cache_env, how):
    """Killed, or its terminal closed: its kept workers must not live on (and hold its pipes open)."""
    watcher, workers = watch_with_a_kept_worker(play, tmp_path, cache_env)
    try:
        watcher.process.send_signal(how)
        watcher.process.wait(timeout=WAIT_S)
        deadline = time.monotonic() + 10
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive(workers) == set()
    finally:
        watcher.kill()


def test_a_sound_file_added_after_the_play_named_it_is_noticed(play, tmp_path, cache_env):
    sound = play / "sounds" / "door.wav"
    kept = sound.read_bytes()
    sound.unlink()
    watcher = Watcher("audio", str(play), "-o", str(tmp_path / "a.wav"), env=cache_env)
    try:
        broken = watcher.until("watching for a fix")
        assert any("sound file 'sounds/door.wav' not found" in line for line in broken), broken
        sound.write_bytes(kept)
        assert watcher.until("done in")[-1].startswith("fixed: done in")
        assert watcher.stop() == 0
    finally:
        watcher.kill()


def test_a_play_named_by_its_file_with_a_broken_scene_file_is_fixed_by_saving_that_file(tmp_path, cache_env,
                                                                                     sample_path):
    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    replace_in(play / "scenes" / "06-afterwards.yaml", "  - director:", "  - directr:")
    watcher = Watcher("audio", str(play / "play.yaml"), "--engine", "silent", "--scene", "afterwards", "-o",
                      str(tmp_path / "a.wav"), env=cache_env)
    try:
        broken = watcher.until("watching for a fix")
        assert any("06-afterwards.yaml:" in line and "'directr'" in line for line in broken), broken
        replace_in(play / "scenes" / "06-afterwards.yaml", "  - directr:", "  - director:")
        assert watcher.until("done in")[-1].startswith("fixed: done in")
    finally:
        watcher.kill()


def test_a_wrong_option_ends_it_at_once(play, tmp_path, cache_env):
    watcher = Watcher("audio", str(play), "--performer", "Nobody", env=cache_env)
    try:
        assert watcher.until("unknown performer 'Nobody'")
        assert watcher.process.wait(timeout=WAIT_S) == 2
    finally:
        watcher.kill()


def test_a_session_keeps_its_worker_and_engine_between_renders(play, tmp_path):
    """The point of the watch: the next one-line render starts no process and loads no voice."""
    options = AudioOptions(output=tmp_path / "t.wav", cache_dir=tmp_path / "cache", jobs=1)
    with AudioSession() as session:
        first = render_audio(load_play(play), options, session=session)
        [pool] = session._pools.values()
        [worker] = pool.workers
        replace_in(play / "play.yaml", "It is.", "It is indeed.")
        second = render_audio(load_play(play), options, session=session)
        assert (first.synthesised, second.synthesised) == (7, 1)
        assert pool.workers == [worker] and worker.process.is_alive()
    assert not worker.process.is_alive()


def test_a_kept_worker_that_died_while_idle_is_replaced(play, tmp_path):
    options = AudioOptions(output=tmp_path / "t.wav", cache_dir=tmp_path / "cache", jobs=1)
    with AudioSession() as session:
        render_audio(load_play(play), options, session=session)
        [pool] = session._pools.values()
        [worker] = pool.workers
        worker.process.kill()
        worker.process.join()
        replace_in(play / "play.yaml", "It is.", "It is indeed.")
        again = render_audio(load_play(play), options, session=session)
        assert again.synthesised == 1
        assert texts(tmp_path / "t.timeline.json")[1].startswith("It is indeed.")
