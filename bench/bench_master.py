"""The master (`stagecast audio --master`, issue 17 item 6) as ratios, for bench/run.py.

Rows:
  master MP3   `stagecast audio --master -o x.mp3` from a warm clip cache (the clips are the
               read-through's; mastering is what is measured) vs plain ffmpeg encoding the
               master's own WAV with the same codec settings                          ≤ 1.5×
  master WAV   the same with -o x.wav vs ffmpeg copying that WAV (pcm_s16le to pcm_s16le)
  memory       peak RSS of `audio --master` (warm), 3-hour vs 10-minute generated play   flat

Every third speech has a take (the issue's workload): 2-3 s of noise at speech level, a
different recording per line, added with stagecast's own add_recording (a copy of the play is
used, so the other rows' plays stay as they were).

Run alone: .venv/bin/python bench/bench_master.py [--runs 3] [--only de,en] [--keep DIR]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def master_rows(name: str, play: Path, work: Path, runs: int) -> list:
    import shutil

    from run import LAST_CPU, STAGECAST, Row, cache_env, run, side_by_side

    from stagecast.audio.encode import ffmpeg_path
    from stagecast.audio.master import CODECS

    play = shutil.copytree(play, work / f"{name}-master-play", dirs_exist_ok=True)
    takes = add_takes(play)
    env = cache_env(work / f"{name}-master-cache")
    rows = []
    wav = work / f"{name}-master.wav"
    run([STAGECAST, "audio", str(play), "--master", "-o", str(wav), "--jobs", "2", "-q"], env)  # the clips
    for fmt in ("mp3", "wav"):
        out = work / f"{name}-master.{fmt}"
        ours_cmd = [STAGECAST, "audio", str(play), "--master", "-o", str(out), "--jobs", "2", "-q"]
        plain = work / f"{name}-plain.{fmt}"
        theirs_cmd = [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", str(wav),
                      *CODECS[fmt], str(plain)]
        cpu: dict[str, list[float]] = {"ours": [], "theirs": []}

        def timed(cmd: list[str], side: str, cpu=cpu) -> float:
            seconds = run(cmd, env)[0]
            cpu[side].append(LAST_CPU[0])
            return seconds

        ours, theirs, a, b = side_by_side(lambda c=ours_cmd: timed(c, "ours"),
                                          lambda c=theirs_cmd: timed(c, "theirs"), runs)
        hours = (wav.stat().st_size - 44) / 4 / 22050 / 3600
        rows.append(Row(f"`audio --master` ({fmt.upper()}) vs ffmpeg encoding the master's WAV", name, ours, theirs,
                        "s", 1.5 if fmt == "mp3" else 0,
                        f"{hours:.1f} h stereo; runs {', '.join(f'{x:.1f}' for x in a)} vs "
                        f"{', '.join(f'{x:.1f}' for x in b)}; CPU {statistics.median(cpu['ours']):.1f} vs "
                        f"{statistics.median(cpu['theirs']):.1f} s; {takes} takes",
                        met=None if fmt == "mp3" else True, goal="≤ 1.5×" if fmt == "mp3" else "(context)"))
    return rows


def add_takes(play_folder: Path, every: int = 3) -> int:
    """A take for every ``every``-th speech; returns how many."""
    import io
    import random
    import wave

    from stagecast import load_play
    from stagecast.audio.pcm import audioop
    from stagecast.takes.adding import add_recording, recorder_of

    play = load_play(play_folder)
    rng = random.Random(3)
    count = 0
    for number, speech in enumerate(play.speeches()):
        if number % every:
            continue
        pcm = audioop.mul(rng.randbytes(int(22050 * rng.uniform(2, 3)) * 2), 2, 0.1)
        data = io.BytesIO()
        with wave.open(data, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(22050)
            wav.writeframes(pcm)
        add_recording(play, speech, data.getvalue(), recorder_of(play, speech, None) or play.performers[0].id)
        count += 1
    return count


def master_memory_row(work: Path) -> list:
    from bench_audio import MAXRSS
    from bench_audio import write_play as write_english_play
    from bench_pdf import generated
    from run import STAGECAST, Row, cache_env, run

    peaks = {}
    for label, (speeches, words) in {"10 min": (60, 1750), "3 h": (1300, 36000)}.items():
        play = write_english_play(*generated(speeches=speeches, words=words, roles=12), work / f"master-mem-{speeches}")
        out = work / f"master-mem-{speeches}.mp3"
        env = cache_env(work / f"master-mem-cache-{speeches}")
        cmd = [sys.executable, "-c", MAXRSS, STAGECAST, "audio", str(play), "--master", "-o", str(out), "--jobs", "2"]
        run(cmd, env)  # the clips
        peaks[label] = int(run(cmd, env)[1]) / 1024
    small, big = peaks["10 min"], peaks["3 h"]
    return [Row("peak memory of `audio --master` (warm), 3 h vs 10 min play", "en", big, small, "MB", 0,
                met=big <= 150 and big - small <= 20, goal="≤ 150 MB, flat",
                note="the largest process: stagecast's own mixing, or an ffmpeg pass")]


def main() -> int:
    import argparse
    import shutil
    import tempfile

    from run import english_like, german_hamlet, table

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="de,en")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="stagecast-bench-master-"))
    work.mkdir(parents=True, exist_ok=True)
    plays = {"de": german_hamlet(work / "hamlet-de")}
    plays["en"] = english_like(plays["de"], work / "generated-en")
    rows = []
    for name in [n for n in args.only.split(",") if n in plays]:
        rows += master_rows(name, plays[name], work, args.runs)
    rows += master_memory_row(work)
    print(table(rows))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
