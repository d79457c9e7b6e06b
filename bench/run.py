"""`make bench`: every speed and memory target of PRODUCT.md §5.1 as a ratio, measured side by side.

Workloads (Hamlet-sized):
  de  the German Hamlet (Schlegel, DraCor TEI in tests/data/corpus), imported with
      stagecast.interchange.import_play and written as a play folder;
  en  a generated English play with the same number of speeches, words and roles.

Rows (each pair alternates in one run; whole processes; medians):
  audio cold     `stagecast audio` (read-through WAV, empty clip cache, --jobs 2) vs eSpeak NG
                 synthesising the same spoken text in ONE call                        ≤ 0.70×
  audio warm     the same after a one-line edit, warm cache, vs cold                  ≤ 0.05×
                 (one WAV, with the floor of copying it in the kernel; and --split scenes),
                 as a new process and in `audio --watch` (from the save to the new track)
  script PDF     `stagecast pdf` vs screenplain on the same text as Fountain          ≤ 0.50×
  cue sheets     `stagecast cues --all --format pdf` vs `stagecast pdf`               ≤ 0.50×
  memory         peak RSS of audio assembly, 3-hour vs 10-minute generated play       flat, ≤ 150 MB
  start-up       `stagecast --help` vs `python -c "import click"`                     ≤ 1.60×
  engines        each engine's (eSpeak NG, RHVoice, Piper) cold read-through and one-line-edit
                 re-render of the en play at 1/10 of its size, vs eSpeak NG in one call on the same
                 text; cold ≥ 20× real time for RHVoice or Piper, warm as eSpeak's (bench_engines.py)

Run: .venv/bin/python bench/run.py [--runs 3] [--only de,en] [--skip audio] [--engine-scale 10] [--keep DIR]
The per-area scripts (bench_pdf.py, bench_audio.py, bench_engines.py, bench_import.py, bench_diff.py) go deeper.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audio import FLOOR, MAXRSS, VARIANTS, spoken_text  # noqa: E402 (shared with the area benches)
from bench_audio import write_play as write_english_play  # noqa: E402
from bench_engines import ENGINES, measure, scaled_play  # noqa: E402
from bench_pdf import generated  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GERMAN_HAMLET = REPO / "tests" / "data" / "corpus" / "dracor" / "gersh_hamlet_prinz_von_daenemark.xml"
POLYGLOT = REPO / "tests" / "data" / "scripts" / "polyglot.yaml"
BIN = Path(sys.executable).parent
STAGECAST = str(BIN / "stagecast")
FLOOR_VOICES = {"de": "gmw/de", "en": "gmw/en"}


@dataclass
class Row:
    what: str
    workload: str
    ours: float
    theirs: float
    unit: str
    target: float
    note: str = ""

    met: bool | None = None
    """Set for rows whose target is not a ratio (memory)."""
    goal: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs

    def cells(self) -> list[str]:
        fmt = (lambda v: f"{v:.0f} MB") if self.unit == "MB" else (lambda v: f"{v:.3f} s" if v < 1 else f"{v:.2f} s")
        met = self.ratio <= self.target if self.met is None else self.met
        shown = "—" if self.goal == "—" else "yes" if met else "**no**"  # "—": a reference row, no target
        return [self.what, self.workload, fmt(self.ours), fmt(self.theirs), f"{self.ratio:.3f}×",
                self.goal or f"≤ {self.target:g}×", shown, self.note]


# -- timing helpers -------------------------------------------------------------------------------
LAST_CPU = [0.0]
"""CPU seconds (user + system, the process and its children) of the last :func:`run`."""
LAST_STDERR = [""]


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    if hasattr(os, "sync"):
        os.sync()  # no run pays for writing back the hundreds of MB of audio the one before it left
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    LAST_STDERR[0] = done.stderr
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def side_by_side(ours, theirs, runs: int) -> tuple[float, float, list[float], list[float]]:
    """Medians of ``runs`` alternating calls of two zero-argument functions returning seconds."""
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(theirs())
    return statistics.median(a), statistics.median(b), a, b


def cache_env(cache: Path) -> dict[str, str]:
    return {**os.environ, "STAGECAST_CACHE_DIR": str(cache)}


# -- workloads --------------------------------------------------------------------------------------
def german_hamlet(folder: Path) -> Path:
    from stagecast.interchange import import_play, write_play_folder

    play = import_play(GERMAN_HAMLET)
    write_play_folder(play, folder)
    voices = ["default: {lang: de}", "roles:"]
    voices += [f"  {r.id}: {{lang: de, variant: {VARIANTS[i % len(VARIANTS)]}}}" for i, r in enumerate(play.roles)]
    (folder / "voices.yaml").write_text("\n".join(voices) + "\n", encoding="utf-8")
    return folder


def english_like(reference: Path, folder: Path) -> Path:
    """A generated English play with the reference play's speeches, words and roles."""
    from stagecast import load_play
    from stagecast.rules import total_words

    play = load_play(reference)
    speeches = len(play.speeches())
    return write_english_play(*generated(speeches=speeches, words=total_words(play), roles=len(play.roles)), folder)


def size_of(folder: Path) -> str:
    from stagecast import load_play
    from stagecast.rules import running_seconds, total_words

    play = load_play(folder)
    return (f"{len(play.speeches()):,} speeches, {total_words(play):,} words, {len(play.roles)} roles, "
            f"~{running_seconds(play) / 3600:.1f} h")


_SPEECH_LINE = re.compile(r'^(\s*- [\w-]+(?:, [\w-]+)*: )(.*\S)\s*$')


def edit_one_line(folder: Path, run_index: int, word: str = "indeed") -> None:
    """Add ``word`` to one speech in the middle of the play (a different one each run). Each warm
    row adds its own word, so its edit is a line no other row has synthesised already."""
    path, text = one_line_edit(folder, run_index, word)
    path.write_text(text, encoding="utf-8")


def one_line_edit(folder: Path, run_index: int, word: str) -> tuple[Path, str]:
    """The file :func:`edit_one_line` changes and its new text."""
    files = [folder / "play.yaml", *sorted((folder / "scenes").glob("*.yaml"))]
    spots = [(f, i) for f in files if f.is_file()
             for i, line in enumerate(f.read_text(encoding="utf-8").split("\n"))
             if (m := _SPEECH_LINE.match(line)) and m.group(1).split()[1] not in ("direction:", "id:")
             and m.group(2)[:1] not in "|>&*[{"]
    path, index = spots[(len(spots) // 2 + 7 * run_index) % len(spots)]
    lines = path.read_text(encoding="utf-8").split("\n")
    head, text = _SPEECH_LINE.match(lines[index]).groups()  # type: ignore[union-attr]
    text = text[:-1] + f' {word}"' if text.endswith('"') and text.startswith('"') else f"{text} {word}"
    lines[index] = head + text
    return path, "\n".join(lines)


ONE_CLIP = "clips: 1 synthesised,"
"""What a warm run prints with --verbose: exactly the edited line was synthesised."""


def one_edit(cmd: list[str], env: dict[str, str]) -> float:
    seconds, _ = run(cmd, env)
    if ONE_CLIP not in LAST_STDERR[0]:
        raise SystemExit(f"a warm run did not synthesise exactly one clip: {' '.join(cmd)}\n{LAST_STDERR[0]}")
    return seconds


def watched_edits(cmd: list[str], env: dict[str, str], play: Path, runs: int, word: str) -> list[float]:
    """Seconds from saving a one-line edit to ``cmd --watch`` having written the new track, as the
    user waits for it (the watch notices the save, then renders)."""
    watch = subprocess.Popen([*cmd, "--watch"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert watch.stdout is not None

    def rendered() -> str:
        lines = []
        while not (line := watch.stdout.readline()).startswith("done in"):  # type: ignore[union-attr]
            lines.append(line)
            if not line or "watching for a fix" in line:
                raise SystemExit(f"the watched render failed: {' '.join(cmd)}\n{''.join(lines)}")
        return "".join(lines)

    try:
        rendered()  # the first render, everything cached
        seconds = []
        for i in range(runs):
            path, text = one_line_edit(play, i, word)
            os.sync()
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")  # as an editor saves
            output = rendered()
            seconds.append(time.perf_counter() - start)
            if ONE_CLIP not in output:
                raise SystemExit(f"a watched edit did not synthesise exactly one clip:\n{output}")
    finally:
        watch.terminate()
        watch.wait()
    return seconds


# -- rows -------------------------------------------------------------------------------------------
def audio_rows(name: str, lang: str, play: Path, work: Path, runs: int) -> list[Row]:
    text = work / f"{name}-spoken.txt"
    text.write_text(spoken_text(play), encoding="utf-8")
    out = work / f"{name}-out" / "read-through.wav"
    floor_cmd = [sys.executable, "-c", FLOOR.replace('"gmw/en"', "sys.argv[3]"), str(text), str(work / "floor.wav"),
                 FLOOR_VOICES[lang]]
    counter = iter(range(1000))
    cpu: dict[str, list[float]] = {"cold": [], "floor": []}

    def cold() -> float:
        cache = work / f"{name}-cache-{next(counter)}"
        seconds = run([STAGECAST, "audio", str(play), "-o", str(out), "--jobs", "2", "-q"], cache_env(cache))[0]
        cpu["cold"].append(LAST_CPU[0])
        shutil.rmtree(cache, ignore_errors=True)
        return seconds

    def floor() -> float:
        seconds = run(floor_cmd)[0]
        cpu["floor"].append(LAST_CPU[0])
        return seconds

    cold_s, floor_s, colds, floors = side_by_side(cold, floor, runs)
    cache = work / f"{name}-cache-warm"
    # Each warm row edits its own copy of the play with its own word: one new line to synthesise.
    copies = {row: work / f"{name}-play-{row}" for row in ("split", "watch-one", "watch-split")}
    for copy in copies.values():
        shutil.copytree(play, copy, dirs_exist_ok=True)
    split = work / f"{name}-out" / "scenes"
    one_wav = [STAGECAST, "audio", str(play), "--jobs", "2", "--verbose", "-o", str(out)]
    per_scene = [STAGECAST, "audio", str(copies["split"]), "--jobs", "2", "--verbose", "-o", str(split),
                 "--split", "scenes"]
    run(one_wav, cache_env(cache))
    run(per_scene, cache_env(cache))
    warms, split_warms, kernel = [], [], []
    count = max(runs, 7)  # a warm run takes a fraction of a second: more runs, a steadier median
    for i in range(count):
        edit_one_line(play, i, "indeed")
        warms.append(one_edit(one_wav, cache_env(cache)))
        kernel.append(kernel_copy(out))
        edit_one_line(copies["split"], i, "truly")
        split_warms.append(one_edit(per_scene, cache_env(cache)))
    watch_one = watched_edits([STAGECAST, "audio", str(copies["watch-one"]), "--jobs", "2", "--verbose", "-o",
                               str(work / f"{name}-out" / "watched.wav")], cache_env(cache), copies["watch-one"],
                              count, "surely")
    watch_split = watched_edits([STAGECAST, "audio", str(copies["watch-split"]), "--jobs", "2", "--verbose", "-o",
                                 str(work / f"{name}-out" / "watched"), "--split", "scenes"], cache_env(cache),
                                copies["watch-split"], count, "again")
    shutil.rmtree(cache, ignore_errors=True)
    cold_cpu, floor_cpu = statistics.median(cpu["cold"]), statistics.median(cpu["floor"])
    spread = (f"runs {', '.join(f'{x:.1f}' for x in colds)} vs {', '.join(f'{x:.1f}' for x in floors)}; "
              f"CPU {cold_cpu:.1f} vs {floor_cpu:.1f} s: on two idle cores ≈{cold_cpu / 2 / floor_cpu:.2f}×")
    copy_s = statistics.median(kernel)
    size_mb = out.stat().st_size / 2**20

    def listed(values: list[float]) -> str:
        return f"runs {', '.join(f'{x:.2f}' for x in values)}"

    return [Row("cold read-through audio vs eSpeak NG, one call", name, cold_s, floor_s, "s", 0.7, spread),
            Row("warm re-render after a one-line edit vs cold, one WAV", name, statistics.median(warms), cold_s, "s",
                0.05, f"{listed(warms)}; copying the {size_mb:.0f} MB file in the "
                      f"kernel, as a re-render copies its unchanged scenes: {copy_s:.2f} s "
                      f"({copy_s / cold_s:.3f}× of cold)"),
            Row("warm re-render after a one-line edit vs cold, --split scenes", name, statistics.median(split_warms),
                cold_s, "s", 0.05, listed(split_warms)),
            Row("`audio --watch`: saving a one-line edit to the new track vs cold, one WAV", name,
                statistics.median(watch_one), cold_s, "s", 0.05, listed(watch_one)),
            Row("`audio --watch`: saving a one-line edit to the new track vs cold, --split scenes", name,
                statistics.median(watch_split), cold_s, "s", 0.05, listed(watch_split))]


def kernel_copy(path: Path) -> float:
    """Seconds to copy ``path`` the way a re-render copies unchanged audio (into a preallocated
    file with ``copy_file_range``), after the same ``sync`` a timed run gets: what rewriting a
    whole-play WAV costs on this file system, measured between the runs it is compared with."""
    target = path.with_name(f"copy-{path.name}")
    os.sync()
    start = time.perf_counter()
    if not hasattr(os, "copy_file_range"):
        shutil.copyfile(path, target)  # not Linux: the best the platform offers
    else:
        with open(path, "rb") as src, open(target, "wb") as dst:
            left = os.fstat(src.fileno()).st_size
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(dst.fileno(), 0, left)
            while left > 0:
                left -= os.copy_file_range(src.fileno(), dst.fileno(), left)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def screenplain_path() -> str | None:
    for candidate in (BIN / "screenplain", REPO / "bench" / ".venv-screenplain" / "bin" / "screenplain"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("screenplain")


def pdf_rows(name: str, play: Path, work: Path, runs: int) -> list[Row]:
    from stagecast import load_play
    from stagecast.interchange import export_fountain

    rows = []
    script = [STAGECAST, "pdf", str(play), "-o", str(work / f"{name}-script.pdf")]
    screenplain = screenplain_path()
    if screenplain is None:
        print("screenplain not found: pip install 'screenplain[PDF]' (it is in the test extras)", file=sys.stderr)
    else:
        fountain = work / f"{name}.fountain"
        fountain.write_text(export_fountain(load_play(play)), encoding="utf-8")
        theirs = [screenplain, "--format", "pdf", str(fountain), str(work / f"{name}-screenplain.pdf")]
        run(script), run(theirs)  # warm the page cache and .pyc files
        ours_s, theirs_s, _, _ = side_by_side(lambda: run(script)[0], lambda: run(theirs)[0], runs)
        rows.append(Row("script PDF vs screenplain (same text as Fountain)", name, ours_s, theirs_s, "s", 0.5,
                        f"{_pages(work / f'{name}-script.pdf')} vs {_pages(work / f'{name}-screenplain.pdf')} pages"))
    sheets = [STAGECAST, "cues", str(play), "--all", "--format", "pdf", "-o", str(work / f"{name}-sheets")]
    run(sheets)
    ours_s, theirs_s, _, _ = side_by_side(lambda: run(sheets)[0], lambda: run(script)[0], runs)
    count = len(list((work / f"{name}-sheets").glob("*.pdf")))
    rows.append(Row("every performer's PDF cue sheet vs the script PDF", name, ours_s, theirs_s, "s", 0.5,
                    f"{count} cue sheets"))
    return rows


def polyglot_row(work: Path, runs: int) -> list[Row]:
    """The multilingual test play (a speech in each script, Hebrew and Arabic shaped right to left)
    as a script PDF, against screenplain on the same text: start-up, font loading and shaping."""
    from stagecast import load_play
    from stagecast.interchange import export_fountain

    screenplain = screenplain_path()
    if screenplain is None:
        return []
    fountain = work / "polyglot.fountain"
    fountain.write_text(export_fountain(load_play(POLYGLOT)), encoding="utf-8")
    script = [STAGECAST, "pdf", str(POLYGLOT), "-o", str(work / "polyglot-script.pdf")]
    theirs = [screenplain, "--format", "pdf", str(fountain), str(work / "polyglot-screenplain.pdf")]
    run(script), run(theirs)
    ours_s, theirs_s, _, _ = side_by_side(lambda: run(script)[0], lambda: run(theirs)[0], runs)
    return [Row("script PDF vs screenplain (same text as Fountain)", "multilingual", ours_s, theirs_s, "s", 0.5,
                "tests/data/scripts/polyglot.yaml; screenplain's Courier has no Hebrew, Arabic or Georgian")]


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def memory_row(work: Path) -> list[Row]:
    """Peak RSS of assembling a track from a warm cache (the output deleted first, so it is
    written whole), for a 10-minute and a 3-hour play; the cold render's peak is noted."""
    peaks = {}
    for label, (speeches, words) in {"10 min": (60, 1750), "3 h": (1300, 36000)}.items():
        play = write_english_play(*generated(speeches=speeches, words=words, roles=12), work / f"mem-{speeches}")
        out = work / f"mem-{speeches}.wav"
        env = cache_env(work / f"mem-cache-{speeches}")
        cmd = [sys.executable, "-c", MAXRSS, STAGECAST, "audio", str(play), "-o", str(out), "--jobs", "2"]
        cold_kb = int(run(cmd, env)[1])
        minutes = (out.stat().st_size - 44) / 2 / 22050 / 60
        out.unlink()
        peaks[label] = (int(run(cmd, env)[1]) / 1024, cold_kb / 1024, minutes)
    (small, small_cold, small_min), (big, big_cold, big_min) = peaks["10 min"], peaks["3 h"]
    # Flat: what the longer play adds is a sliver of the audio it adds (the play model grows with
    # the text; audio buffers must not grow with the track).
    added_audio_mb = (big_min - small_min) * 60 * 22050 * 2 / 2**20
    flat = big <= 150 and big - small <= 0.05 * added_audio_mb
    return [Row("peak memory of audio assembly, 3 h vs 10 min play", "en", big, small, "MB", 0, met=flat,
                goal="≤ 150 MB, flat",
                note=f"{big_min:.0f} vs {small_min:.0f} min of audio (+{added_audio_mb:.0f} MB of PCM, "
                     f"+{big - small:.0f} MB of memory); cold render (largest process) {big_cold:.0f} vs "
                     f"{small_cold:.0f} MB")]


def engine_rows(reference: Path, work: Path, runs: int, scale: int, engines: list[str],
                notes: list[str]) -> list[Row]:
    """bench_engines.py's rows for ``reference`` (the en play) at 1/``scale`` of its size; an
    engine not installed here is skipped, with a note added to ``notes``."""
    from stagecast import load_play
    from stagecast.rules import total_words

    play = load_play(reference)
    size = (len(play.speeches()), total_words(play), len(play.roles))
    base = scaled_play(size, scale, work / "engines-play")
    print(f"engines: {size_of(base)}", file=sys.stderr)
    found, skipped = measure(base, work, runs, engines, edit_one_line, scale)
    notes += skipped
    return [Row(**asdict(row)) for row in found]


def startup_row(runs: int) -> list[Row]:
    help_cmd, click_cmd = [STAGECAST, "--help"], [sys.executable, "-c", "import click"]
    run(help_cmd), run(click_cmd)
    ours, theirs, _, _ = side_by_side(lambda: run(help_cmd)[0], lambda: run(click_cmd)[0], runs)
    return [Row("`stagecast --help` vs `python -c \"import click\"`", "—", ours, theirs, "s", 1.6,
                f"median of {runs}")]


# -- report -----------------------------------------------------------------------------------------
def machine() -> str:
    try:
        info = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.+)", info)
        cpus = re.search(r"^CPU\(s\):\s*(\d+)", info, re.MULTILINE)
        cpu = f"{model.group(1).strip() if model else platform.processor()}, {cpus.group(1) if cpus else os.cpu_count()} CPUs"
    except OSError:
        cpu = f"{platform.processor()}, {os.cpu_count()} CPUs"
    return (f"{datetime.date.today().isoformat()} · {cpu} · {platform.system()} {platform.release()} · "
            f"Python {platform.python_version()} · load average {os.getloadavg()[0]:.1f} at the end")


def table(rows: list[Row]) -> str:
    head = ["measure", "play", "stagecast", "baseline", "ratio", "target", "met", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per pair (start-up: 7× this)")
    parser.add_argument("--only", default="de,en", help="workloads: de (German Hamlet), en (generated)")
    parser.add_argument("--skip", default="", help="comma-separated: audio, pdf, memory, startup, engines")
    parser.add_argument("--engine-scale", type=int, default=10, help="the engine rows' play: 1/N of the en play")
    parser.add_argument("--engines", default=",".join(ENGINES), help="the engine rows' engines")
    parser.add_argument("--keep", type=Path, help="keep the plays and outputs here")
    args = parser.parse_args()
    # Measure stagecast as it is installed: pip compiles a wheel's bytecode at install time, but this
    # editable checkout is run from source, and PYTHONDONTWRITEBYTECODE (set on some machines, e.g.
    # the one the figures in bench/README.md come from) would recompile it at every start (~40 ms).
    compileall.compile_dir(REPO / "src" / "stagecast", quiet=1)
    skip = set(filter(None, args.skip.split(",")))
    work = args.keep or Path(tempfile.mkdtemp(prefix="stagecast-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # Every stagecast process gets the bench's own cache folder, never the user's (rows that need
    # an empty or a separate one set their own). After a warm-up run the scene files read are
    # remembered there, as they are for anyone running stagecast twice (see bench/README.md).
    os.environ["STAGECAST_CACHE_DIR"] = str(work / "cache")
    plays = {"de": german_hamlet(work / "hamlet-de")}
    plays["en"] = english_like(plays["de"], work / "generated-en")
    rows: list[Row] = []
    for name in [n for n in args.only.split(",") if n in plays]:
        print(f"{name}: {size_of(plays[name])}", file=sys.stderr)
        if "pdf" not in skip:
            rows += pdf_rows(name, plays[name], work, max(args.runs, 5))
        if "audio" not in skip:
            rows += audio_rows(name, name, plays[name], work, args.runs)
    if "pdf" not in skip:
        rows += polyglot_row(work, max(args.runs, 5))
    if "memory" not in skip:
        rows += memory_row(work)
    if "startup" not in skip:
        rows += startup_row(7 * args.runs)
    notes: list[str] = []
    if "engines" not in skip:
        rows += engine_rows(plays["en"], work, args.runs, args.engine_scale, args.engines.split(","), notes)
    print(table(rows))
    if notes:
        print("\n" + "\n".join(notes))
    print(f"\n{machine()}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
