"""`stagecast build` killed (SIGKILL) at random moments, many times, leaves nothing broken.

Each round edits one line of a small play (so there is work to do), sometimes empties the clip
cache (so the kill can land in synthesis), starts a real build — eSpeak NG, ffmpeg, PDFs — and
kills it after a random delay. After every kill:

- no truncated output: every PDF parses, every WAV's header matches its size, every MP3 decodes
  to its timeline's length, every HTML page is complete, every JSON file parses;
- every audio group is consistent: the track lasts what its timeline says, and no caption ends
  after it;
- the page matches what it links: every file it links is there, and each track's timings in it
  are the ones in the track's timeline (or it is the stand-in of an unfinished build, linking
  nothing);
- the play folder is byte-for-byte what it was.

Then a build without a kill succeeds, leaves no temporary file behind, and reuses every clip the
killed builds cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from stagecast.build.page_switch import REBUILDING
from stagecast.files.user_cache import temp_folder
from tests.audio_support import parse_srt, parse_vtt, write_play
from tests.conftest import need_tool

ROUNDS = 8  # per format: 16 kills at random moments in all
EDIT_FROM = '"Then we walk faster."'
MP3_TOLERANCE_MS = 60  # ffprobe's length of an MP3 vs the frames the timeline counts


def _hash_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _wav_ms(path: Path) -> float:
    """The WAV's length from its header, after checking every size field matches the file."""
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", f"{path}: not a WAV"
    assert int.from_bytes(data[4:8], "little") == len(data) - 8, f"{path}: RIFF size does not match the file"
    at, rate, width = 12, 0, 0
    while at + 8 <= len(data):
        name, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if name == b"fmt ":
            rate = int.from_bytes(data[at + 12:at + 16], "little")
            width = int.from_bytes(data[at + 20:at + 22], "little")
        if name == b"data":
            assert at + 8 + size == len(data), f"{path}: data chunk of {size} bytes in a file of {len(data)}"
            return size / width / rate * 1000
        at += 8 + size
    raise AssertionError(f"{path}: no data chunk")


def _mp3_ms(path: Path) -> float:
    done = subprocess.run([need_tool("ffprobe"), "-v", "error", "-show_entries", "format=duration", "-of",
                           "csv=p=0", str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout) * 1000


def _check_group(timeline_path: Path) -> None:
    stem = timeline_path.name.removesuffix(".timeline.json")
    audio = next(timeline_path.with_name(f"{stem}.{ext}") for ext in ("wav", "mp3")
                 if timeline_path.with_name(f"{stem}.{ext}").exists())
    timeline = json.loads(timeline_path.read_text(encoding="utf-8"))
    vtt = parse_vtt(timeline_path.with_name(f"{stem}.vtt").read_text(encoding="utf-8"))
    srt = parse_srt(timeline_path.with_name(f"{stem}.srt").read_text(encoding="utf-8"))
    length = _wav_ms(audio) if audio.suffix == ".wav" else _mp3_ms(audio)
    tolerance = 1 if audio.suffix == ".wav" else MP3_TOLERANCE_MS
    consistent = abs(length - timeline["duration_ms"]) <= tolerance and \
        max(c[2] for c in vtt) <= timeline["duration_ms"] and max(c[2] for c in srt) <= timeline["duration_ms"]
    if consistent:
        return
    # The one window the design allows (audio/group.py): a kill between the renames that put
    # the new audio in place and the ones that put its sidecars. Then the audio was renamed
    # into place after the timeline (a later ctime); a mismatch any other way round is a bug.
    assert audio.stat().st_ctime_ns > timeline_path.stat().st_ctime_ns, (
        f"{audio}: {length:.0f} ms but its timeline says {timeline['duration_ms']} ms")


def check_outputs(out: Path) -> None:
    """Every file a reader can see is whole, and every audio group agrees with itself."""
    visible = [p for p in out.rglob("*") if p.is_file() and not any(part.startswith(".") for part in
                                                                    p.relative_to(out).parts)]  # temp: unseen
    for path in visible:
        if path.suffix == ".pdf":
            assert len(PdfReader(path, strict=True).pages) > 0, path
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), f"{path}: cut short"
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".wav":
            _wav_ms(path)
    for timeline in [p for p in visible if p.name.endswith(".timeline.json")]:
        _check_group(timeline)
    if (out / "index.html").is_file():
        check_page(out)


def page_data(out: Path) -> dict | None:
    """The data the page embeds, or None for the stand-in of an unfinished build."""
    page = (out / "index.html").read_text(encoding="utf-8")
    if REBUILDING in page:
        assert "href=" not in page and "src=" not in page, "the stand-in links something"
        return None
    found = re.search(r'<script type="application/json" id="stagecast-data">(.*?)</script>', page, re.S)
    assert found, "no data in the page"
    return json.loads(found.group(1))


def check_page(out: Path) -> None:
    """The page links only files that are there, and shows each track with its timeline's timings."""
    data = page_data(out)
    if data is None:
        return
    links = [link["href"] for link in data["links"]] + [
        link["href"] for performer in data["performers"] for link in performer["links"]]
    for href in links + [track["audio"] for track in data["tracks"]]:
        assert (out / href).is_file(), f"the page links {href}, which is not there"
    for track in data["tracks"]:
        timeline = json.loads((out / track["audio"]).with_suffix(".timeline.json").read_text(encoding="utf-8"))
        shown = [(item["id"], item["start"], item["end"]) for item in track["items"]]
        assert shown == [(item["id"], item["start_ms"], item["end_ms"]) for item in timeline["items"]], (
            f"the page's timings for {track['audio']} are not its timeline's")


def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith((".part", ".lock")) or p.name.startswith(".stagecast-")]


def _clips(cache: Path) -> dict[str, int]:
    """Cached clips and when each was written."""
    return {p.name: p.stat().st_mtime_ns for p in (cache / "clips").rglob("*.wav")}


def _build(play: Path, out: Path, fmt: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stagecast", "build", str(play), "-o", str(out),
                             "--audio-format", fmt, "--jobs", "2", "-q"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_killed_builds_leave_whole_outputs_and_the_next_build_recovers(tmp_path: Path, fmt: str) -> None:
    if fmt == "mp3":
        need_tool("ffmpeg", "MP3 tracks")
        need_tool("ffprobe", "to measure MP3 length")
    play = write_play(tmp_path / "play")
    out, cache = tmp_path / "build", tmp_path / "cache"
    env = {**os.environ, "STAGECAST_CACHE_DIR": str(cache)}
    rnd = random.Random(int.from_bytes(os.urandom(4), "little"))
    started = time.perf_counter()
    first = _build(play, out, fmt, env)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode() if first.stderr else ""
    full = time.perf_counter() - started  # a cold build: the longest a round can take
    text = (play / "play.yaml").read_text(encoding="utf-8")
    kills = []
    for round_ in range(ROUNDS):
        (play / "play.yaml").write_text(text.replace(EDIT_FROM, f'"Then we walk faster, {round_} times."'),
                                        encoding="utf-8")
        if round_ % 4 == 3 and round_ < ROUNDS - 1:
            shutil.rmtree(cache, ignore_errors=True)
        sources = _hash_tree(play)
        delay = rnd.uniform(0.05, full)
        process = _build(play, out, fmt, env)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        kills.append((round(delay, 2), process.returncode))
        check_outputs(out)
        assert _hash_tree(play) == sources, f"round {round_}: the build changed the play folder"
    before = _clips(cache)
    final = _build(play, out, fmt, env)
    assert final.wait(timeout=300) == 0, final.stderr.read().decode() if final.stderr else ""
    check_outputs(out)
    assert _leftovers(out) == [], f"temporary files of killed builds were not cleaned up (kills: {kills})"
    assert _leftovers(cache) == [], f"temporary files of killed builds were left in the clip cache (kills: {kills})"
    assert page_data(out) is not None, "the page is still the stand-in"
    after = _clips(cache)
    # Whatever the killed builds finished synthesising is used as it is, never made again.
    assert {name: after.get(name) for name in before} == before, "the final build re-made cached clips"
    assert any(code == -signal.SIGKILL for _, code in kills), kills
    again = subprocess.run([sys.executable, "-m", "stagecast", "build", str(play), "-o", str(out),
                            "--audio-format", fmt], env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and again.stdout.startswith("Nothing changed"), again.stdout + again.stderr


def test_the_next_build_removes_temporary_files_only_of_dead_processes(tmp_path: Path) -> None:
    """What SIGKILL leaves (atomic.write_bytes' .part files) is cleaned; a live writer's is not."""
    play = write_play(tmp_path / "play")
    out = tmp_path / "build"
    (out / "performers" / "actor-a").mkdir(parents=True)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = out / "performers" / "actor-a" / f".script.pdf.{gone.pid}-0123456789ab.part"
    alive = out / f".index.html.{os.getppid()}-0123456789ab.part"
    old = out / ".stats.json.0123456789ab.part"  # no pid (an older stagecast): judged by age
    young = out / ".cuelist.md.0123456789ab.part"
    foreign = out / ".someone-elses.part"  # not a name stagecast makes: never touched
    for path in (dead, alive, old, young, foreign):
        path.write_bytes(b"half a fi")
    for path in (old, foreign):
        os.utime(path, (time.time() - 3 * 86400,) * 2)
    done = subprocess.run([sys.executable, "-m", "stagecast", "build", str(play), "-o", str(out), "--no-audio", "-q"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [p.exists() for p in (dead, alive, old, young, foreign)] == [False, True, False, True, True]


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_the_next_build_cleans_what_a_killed_one_left_in_the_cache_and_the_tracks_folders(tmp_path: Path) -> None:
    """A build killed while making tracks leaves .part files in the clip cache's temporary folder
    and a staging folder beside the track; the next build removes them, even one that has
    nothing to make (and so never writes into the cache or that folder)."""
    play = write_play(tmp_path / "play")
    out, cache = tmp_path / "build", tmp_path / "cache"
    env = {**os.environ, "STAGECAST_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "stagecast", "build", str(play), "-o", str(out), "--no-audio", "-q"]
    assert subprocess.run(command, env=env, capture_output=True, timeout=120).returncode == 0
    pid = _dead_pid()
    clip = temp_folder(cache) / f".{'ab' * 32}.wav.{pid}-0123456789ab.part"
    staging = out / "audio" / f".stagecast-{pid}-k2x9q1"
    lock = out / ".stagecast.lock"
    for path in (clip, staging / "000-read-through.wav"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a clip")
    lock.write_text(f"{pid}\n", encoding="utf-8")  # a killed build's: its lock went with it
    done = subprocess.run(command[:-1], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Nothing changed")
    assert [p.exists() for p in (clip, staging, lock)] == [False, False, False]


def test_a_build_killed_after_changing_outputs_leaves_a_page_that_links_nothing(
        tmp_path: Path, sample_path: Path) -> None:
    """Killed once it has replaced the script PDF: the page is the stand-in (not the old page
    beside a new script); the next build puts the page back, matching its files."""
    play = tmp_path / "script"
    shutil.copytree(sample_path, play)
    out = tmp_path / "build"
    command = [sys.executable, "-m", "stagecast", "build", str(play), "-o", str(out), "--no-audio", "-q"]
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    scene = play / "scenes" / "04-artur.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("But I learned.", "But I did learn."),
                     encoding="utf-8")
    script = (out / "script.pdf").stat().st_mtime_ns
    build = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while build.poll() is None:
            page = (out / "index.html").read_text(encoding="utf-8")
            if REBUILDING in page and (out / "script.pdf").stat().st_mtime_ns != script:
                os.killpg(build.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert "But I did learn." not in (out / "index.html").read_text(encoding="utf-8")
    assert page_data(out) is None, "the page stands beside a script it does not match"
    again = subprocess.run(command[:-1], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "But I did learn." in (out / "index.html").read_text(encoding="utf-8")
    assert "But I did learn." in (out / "performers" / "actor-c" / "cue-sheet.md").read_text(encoding="utf-8")
    check_outputs(out)
    assert _leftovers(out) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are read from /proc (Linux)")
def test_a_file_of_a_killed_process_nobody_reaped_is_abandoned(tmp_path: Path) -> None:
    """A killed build's worker whose parent died too may stay a zombie (a container's first
    process need not reap orphans): it answers signal 0 but will never finish its file."""
    from stagecast.files.atomic import abandoned

    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while Path(f"/proc/{zombie.pid}/stat").read_bytes().rsplit(b")", 1)[1][1:2] != b"Z":
            assert time.monotonic() < deadline, "the child never exited"
            time.sleep(0.01)
        part = tmp_path / f".clip.wav.{zombie.pid}-0123456789ab.part"
        part.write_bytes(b"half")
        assert abandoned(part, str(zombie.pid))
        assert not abandoned(part, str(os.getppid()))  # a live process's file is kept
    finally:
        zombie.wait()
