"""Benchmark: rehearsal audio (`stagecast audio`) against eSpeak NG's own floor, as ratios in one run.

Workload: Hamlet from the test corpus (Bosak's public-domain XML: 1,138 speeches, ~29,600
words, 35 speakers) converted into a stagecast play, with a voices.yaml that gives every
role its own eSpeak NG variant; without the corpus a generated play of the same size.

Measured, whole processes, alternating, medians:

1. floor — eSpeak NG (the espeakng-loader library) synthesising the same spoken text in ONE
   call, on one core (the way a naive tool would), its samples streamed into a WAV file;
2. cold — ``stagecast audio PLAY -o read-through.wav --jobs 2`` with an empty clip cache
   (target ≤ 0.7× the floor);
3. warm — the same after a one-line edit (a different line each run; target ≤ 0.05× cold),
   for the single WAV and for ``--split scenes``;
4. peak memory (largest process) for a 10-minute and a 3-hour generated play (flat, ≤ 150 MB);
5. MP3 — ``stagecast audio --format mp3`` with every clip cached but no MP3 segment cached
   (every scene encoded) against plain ffmpeg encoding the read-through WAV with the same codec
   settings (target ≤ 1.1×); and the MP3 after a one-line edit.

Run: .venv/bin/python bench/bench_audio.py [--runs 3] [--source hamlet|generated] [--keep DIR] [--no-mp3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pdf import HAMLET, generated, hamlet, to_yaml  # noqa: E402 (shared play converters)

VARIANTS = ["m1", "f1", "m2", "f2", "m3", "f3", "m4", "f4", "m5", "f5", "m6", "m7"]
FLOOR = """
import ctypes, sys, wave
from stagecast.audio.engines.espeak_lib import EspeakLibrary, SynthCallback
lib = EspeakLibrary.get()
out = wave.open(sys.argv[2], "wb")
out.setnchannels(1); out.setsampwidth(2); out.setframerate(lib.rate)
def stream(wav, n, events):
    if n > 0:
        out.writeframesraw(ctypes.string_at(wav, n * 2))
    return 0
callback = SynthCallback(stream)  # streamed to disk: the floor never holds 400 MB of audio
lib.lib.espeak_SetSynthCallback(callback)
lib.set_voice("gmw/en", None, None)
text = open(sys.argv[1], encoding="utf-8").read()
data = text.encode() + b"\\0"
lib.lib.espeak_Synth(data, len(data), 0, 1, 0, 1 | 0x1000, None, None)
out.close()
print(out._nframeswritten / lib.rate)
"""
MAXRSS = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); " \
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def write_play(title: str, acts: list, folder: Path) -> Path:
    to_yaml(title, acts, folder)
    roles = yaml.safe_load((folder / "play.yaml").read_text(encoding="utf-8"))["roles"]
    voices = {"default": {"lang": "en"},
              "roles": {r: {"lang": "en", "variant": VARIANTS[i % len(VARIANTS)]} for i, r in enumerate(roles)}}
    (folder / "voices.yaml").write_text(yaml.safe_dump(voices), encoding="utf-8")
    return folder


def spoken_text(folder: Path) -> str:
    from stagecast import load_play
    from stagecast.audio.plan import PlanOptions, plan_track

    sections = plan_track(load_play(folder), PlanOptions())
    return "\n\n".join(i.say.utterance.plain for s in sections for i in s.items if i.say)


CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], env: dict | None = None, label: str = "") -> tuple[float, str]:
    """Wall time of a whole process; its CPU time (with its children) is noted under ``label``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        CPU.setdefault(label, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, done.stdout


def edit_one_line(play_yaml: Path, run: int) -> None:
    """Change one word of one speech (a different speech each run, in the middle of the play)."""
    lines = play_yaml.read_text(encoding="utf-8").split("\n")
    plain = [i for i, line in enumerate(lines) if line.startswith("    - ") and ": " in line
             and not line.startswith("    - direction:") and line.split(": ", 1)[1][:1].isalpha()]
    index = plain[(len(plain) // 2 + 7 * run) % len(plain)]
    lines[index] = lines[index].rstrip() + " indeed"
    play_yaml.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", choices=("hamlet", "generated"), default="hamlet" if HAMLET.is_file() else "generated")
    parser.add_argument("--keep", type=Path, help="keep the plays and tracks here")
    parser.add_argument("--no-mp3", action="store_true", help="skip the (slow) MP3 comparison")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-audio-"))
    stagecast = str(Path(sys.executable).with_name("stagecast"))
    title, acts = hamlet() if args.source == "hamlet" else generated()
    play = write_play(title, acts, work / "play")
    text_file = work / "spoken.txt"
    text_file.write_text(spoken_text(play), encoding="utf-8")
    words = len(text_file.read_text(encoding="utf-8").split())
    out = work / "out" / "read-through.wav"

    def env(cache: Path) -> dict:
        return {**os.environ, "STAGECAST_CACHE_DIR": str(cache)}

    audio = [stagecast, "audio", str(play), "-o", str(out), "--jobs", "2", "-q"]
    floors, colds, floor_audio = [], [], 0.0
    for run in range(args.runs):
        seconds, said = timed([sys.executable, "-c", FLOOR, str(text_file), str(work / "floor.wav")], label="floor")
        floors.append(seconds)
        floor_audio = float(said)
        cache = work / f"cache-cold-{run}"
        colds.append(timed(audio, env(cache), label="cold")[0])
    cache = work / f"cache-cold-{args.runs - 1}"
    track_s = out.stat().st_size / 2 / 22050

    warms, split_warms = [], []
    split = [stagecast, "audio", str(play), "--split", "scenes", "-o", str(work / "out" / "scenes"), "--jobs", "2", "-q"]
    timed(split, env(cache))
    for run in range(args.runs):
        edit_one_line(play / "play.yaml", run)
        warms.append(timed(audio, env(cache))[0])
        edit_one_line(play / "play.yaml", run + 100)
        split_warms.append(timed(split, env(cache))[0])
    inproc = in_process(play, cache, out)

    memory = {}
    for name, (speeches, count) in {"10-minute": (60, 1750), "3-hour": (1300, 36000)}.items():
        small = write_play(*generated(speeches=speeches, words=count, roles=12), work / f"mem-{speeches}")
        target = work / "out" / f"mem-{speeches}.wav"
        _, peak_kb = timed([sys.executable, "-c", MAXRSS, stagecast, "audio", str(small), "-o", str(target),
                            "--jobs", "2"], env(work / f"cache-mem-{speeches}"))
        memory[name] = (int(peak_kb) / 1024, target.stat().st_size / 2 / 22050 / 60)

    mp3 = None
    if not args.no_mp3:
        from stagecast.audio.encode import CODECS, ffmpeg_path

        ours_cmd = [stagecast, "audio", str(play), "--format", "mp3", "-o", str(work / "out" / "ours.mp3"), "-q"]
        plain_cmd = [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(out), *CODECS["mp3"],
                     str(work / "out" / "plain.mp3")]
        timed(audio, env(cache))  # the WAV the plain encoder reads matches the play as it is now
        ours, plain, edits = [], [], []
        for _run in range(args.runs):
            shutil.rmtree(cache / "mp3", ignore_errors=True)  # encode every scene again, as a first export does
            (work / "out" / "ours.mp3").unlink(missing_ok=True)
            ours.append(timed(ours_cmd, env(cache))[0])
            plain.append(timed(plain_cmd)[0])
        for run in range(args.runs):
            edit_one_line(play / "play.yaml", run + 200)
            edits.append(timed(ours_cmd, env(cache))[0])
        mp3 = (statistics.median(ours), statistics.median(plain), statistics.median(edits))

    report(args, words, floors, floor_audio, colds, track_s, warms, split_warms, inproc, memory, mp3)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def in_process(play: Path, cache: Path, out: Path) -> dict[str, float]:
    """Where a warm re-render's time goes, measured inside one process."""
    from stagecast import load_play, render_audio
    from stagecast.audio.render import AudioOptions

    phases = {}
    start = time.perf_counter()
    loaded = load_play(play)
    phases["read the play"] = time.perf_counter() - start
    edit_one_line(play / "play.yaml", 300)
    loaded = load_play(play)
    start = time.perf_counter()
    render_audio(loaded, AudioOptions(output=out, cache_dir=cache, jobs=2))
    phases["render_audio after an edit"] = time.perf_counter() - start
    return phases


def report(args, words, floors, floor_audio, colds, track_s, warms, split_warms, inproc, memory, mp3) -> None:
    floor, cold = statistics.median(floors), statistics.median(colds)
    warm, split = statistics.median(warms), statistics.median(split_warms)
    print(f"play: {args.source}, ~{words} spoken words; floor audio {floor_audio / 60:.1f} min, "
          f"track {track_s / 60:.1f} min (with pauses between lines)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"floor (eSpeak NG, one call)  : {floor:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in floors)})")
    print(f"cold read-through WAV        : {cold:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in colds)})")
    print(f"  ratio cold / floor         : {cold / floor:.2f}x (target <= 0.7)")
    floor_cpu, cold_cpu = statistics.median(CPU["floor"]), statistics.median(CPU["cold"])
    print(f"  CPU time (all processes)   : floor {floor_cpu:.2f} s, cold {cold_cpu:.2f} s ({cold_cpu / floor_cpu:.2f}x): "
          f"shared perfectly over two idle cores that is ~{cold_cpu / 2 / floor_cpu:.2f}x of the floor")
    print(f"warm, one line edited (WAV)  : {warm:.3f} s  ratio {warm / cold:.3f}x of cold (target <= 0.05)")
    print(f"warm, one line edited (split): {split:.3f} s  ratio {split / cold:.3f}x of cold")
    for name, seconds in inproc.items():
        print(f"  in-process {name:<27}: {seconds:.3f} s  ({seconds / cold:.3f}x of cold)")
    (small, small_min), (big, big_min) = memory["10-minute"], memory["3-hour"]
    print(f"peak memory, largest process : {small:.0f} MB for {small_min:.0f} min, {big:.0f} MB for {big_min:.0f} min "
          f"(ratio {big / small:.2f}, target flat and <= 150 MB)")
    if mp3:
        print(f"MP3 (clips cached, every scene encoded): stagecast {mp3[0]:.2f} s vs plain ffmpeg on the WAV "
              f"{mp3[1]:.2f} s: {mp3[0] / mp3[1]:.2f}x (target <= 1.1)")
        print(f"MP3 after a one-line edit: {mp3[2]:.2f} s ({mp3[2] / mp3[1]:.2f}x of plain ffmpeg)")


if __name__ == "__main__":
    sys.exit(main())
