"""`make bench`, engine rows: each speech engine's cold read-through and one-line-edit re-render,
as ratios to eSpeak NG's single-call floor on the same text, measured in the same run.

Workload: the bench's generated English play (the ``en`` row of run.py) at 1/SCALE of its size —
the same generator, so the same speech lengths and the same 36 roles, a tenth of the speeches and
words by default (a Hamlet-sized cold render through Piper takes minutes per run). Piper's
packaged voice is English, so the play is English for every engine. Each engine gets its own
copy of the play and a voices.yaml naming it: eSpeak NG a variant per role (as the other rows),
RHVoice its LGPL English voices in turn, Piper its packaged voices (``joe``).

Per engine, alternating with the floor, medians: the cold render (``stagecast audio``, empty
cache, ``--jobs 2``), its real-time factor (seconds of speech in the track ÷ wall seconds;
target for RHVoice and Piper ≥ 20×) and CPU seconds; then warm re-renders after a one-line edit
(exactly one clip synthesised), whose ratio to the floor should stay eSpeak's own (the cache must
make a better voice free after the first render). An engine that is not installed is skipped
with a note saying what to install.

Run on its own: .venv/bin/python bench/bench_engines.py [--runs 3] [--scale 10] [--engines espeak,rhvoice,piper]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audio import FLOOR, spoken_text, write_play  # noqa: E402 (shared with the area benches)
from bench_pdf import generated  # noqa: E402

ENGINES = ("espeak", "rhvoice", "piper")
RTF_TARGET = 20.0
"""A natural engine's cold read-through, in seconds of speech per wall second on two cores."""
WARM_SLACK = 1.10
"""A warm re-render "unchanged from eSpeak's": within 10% of its time (the run-to-run spread of
a sub-second process on this shared machine)."""
ONE_CLIP = "clips: 1 synthesised,"
RHVOICE_VOICES = ("slt", "bdl", "clb", "alan")
"""RHVoice's LGPL English voices, given to the roles in turn (the ones installed)."""


@dataclass
class EngineRow:
    """One row of run.py's table (the same fields as its ``Row``)."""

    what: str
    workload: str
    ours: float
    theirs: float
    unit: str
    target: float
    note: str = ""
    met: bool | None = None
    goal: str = ""


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def timed(cmd: list[str], env: dict[str, str] | None, into: Timing) -> str:
    """Run a whole process (after a ``sync``, as run.py does); its wall and CPU seconds go ``into``."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    into.walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    into.cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return done.stderr


def missing(engine: str) -> str:
    """Why ``engine`` cannot run here ("" when it can): what the user would be told to install."""
    from stagecast.audio.engines.base import EngineError

    try:
        if not english_voices(engine):
            return f"{engine} has no English voice installed (the play is English)"
    except EngineError as exc:
        return str(exc)
    except ImportError as exc:  # an engine's own dependency is absent
        return str(exc)
    return ""


def english_voices(engine: str) -> list[str]:
    from stagecast.audio.engines import get_engine

    return [v.id for v in get_engine(engine).list_voices() if any(x.split("-")[0] == "en" for x in v.languages)]


def voices_yaml(engine: str, roles: list[str]) -> dict:
    """voices.yaml naming ``engine`` for every role, its English voices in turn."""
    installed = english_voices(engine)
    if engine == "rhvoice":
        voices = [v for v in RHVOICE_VOICES if v in installed] or installed
    else:
        voices = installed
    return {"engine": engine, "default": {"lang": "en", "voice": voices[0]},
            "roles": {role: {"lang": "en", "voice": voices[i % len(voices)]} for i, role in enumerate(roles)}}


def engine_play(base: Path, engine: str, folder: Path) -> Path:
    """A copy of ``base`` whose voices.yaml names ``engine``."""
    shutil.copytree(base, folder, dirs_exist_ok=True)
    if engine != "espeak":
        roles = list(yaml.safe_load((base / "play.yaml").read_text(encoding="utf-8"))["roles"])
        (folder / "voices.yaml").write_text(yaml.safe_dump(voices_yaml(engine, roles)), encoding="utf-8")
    return folder


def speech_seconds(track: Path) -> float:
    """Seconds of speech in a track (its timeline's speech items; not the pauses between them)."""
    timeline = json.loads(track.with_suffix(".timeline.json").read_text(encoding="utf-8"))
    return sum(i["end_ms"] - i["start_ms"] for i in timeline["items"] if i["kind"] == "speech") / 1000


def scaled_play(reference_size: tuple[int, int, int], scale: int, folder: Path) -> Path:
    """The generated English play at 1/``scale`` of (speeches, words, roles), roles kept."""
    speeches, words, roles = reference_size
    return write_play(*generated(speeches=max(2, speeches // scale), words=max(20, words // scale), roles=roles),
                      folder)


Edit = Callable[[Path, int, str], None]
"""run.py's ``edit_one_line``: add a word to one speech (a different one per run index)."""


def measure(base: Path, work: Path, runs: int, engines: list[str], edit: Edit, scale: int
            ) -> tuple[list[EngineRow], list[str]]:
    """The engine rows for the play ``base`` (a 1/``scale`` slice), and a note per engine skipped."""
    stagecast = str(Path(sys.executable).with_name("stagecast"))
    work.mkdir(parents=True, exist_ok=True)
    text = work / "engines-spoken.txt"
    text.write_text(spoken_text(base), encoding="utf-8")
    floor_cmd = [sys.executable, "-c", FLOOR, str(text), str(work / "engines-floor.wav")]
    floor, notes = Timing(), []
    ready = []
    for engine in engines:
        why = missing(engine)
        if why:
            notes.append(f"engine {engine} skipped, not installed here: {why}")
        else:
            ready.append(engine)
    results = {}
    for engine in ready:
        play = engine_play(base, engine, work / f"engines-{engine}")
        out = work / f"engines-{engine}-out" / "read-through.wav"
        cold, warm = Timing(), Timing()
        cache = work / f"engines-{engine}-cache"
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)  # cold: empty; the last one's clips serve the warm runs
            timed([stagecast, "audio", str(play), "-o", str(out), "--jobs", "2", "-q"], _env(cache), cold)
            timed(floor_cmd, None, floor)
        speech = speech_seconds(out)
        for index in range(max(runs, 5)):  # a warm run is short: more runs, a steadier median
            edit(play, index, "indeed")
            said = timed([stagecast, "audio", str(play), "-o", str(out), "--jobs", "2", "--verbose"], _env(cache), warm)
            if ONE_CLIP not in said:
                raise SystemExit(f"a warm {engine} run did not synthesise exactly one clip:\n{said}")
        shutil.rmtree(cache, ignore_errors=True)
        results[engine] = (cold, warm, speech)
    return rows(results, floor, scale), notes


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "STAGECAST_CACHE_DIR": str(cache)}


def rows(results: dict[str, tuple[Timing, Timing, float]], floor: Timing, scale: int) -> list[EngineRow]:
    workload = f"en/{scale}" if scale != 1 else "en"
    reference = results["espeak"][1].wall / floor.wall if "espeak" in results else None
    out = []
    for engine, (cold, warm, speech) in results.items():
        natural = engine != "espeak"
        rtf = speech / cold.wall
        out.append(EngineRow(
            f"cold read-through audio, {engine}, vs eSpeak NG one call", workload, cold.wall, floor.wall, "s", 0,
            f"{rtf:.1f}× real time ({speech / 60:.1f} min of speech in {cold.wall:.1f} s"
            + (f"; the whole play ≈{cold.wall * scale:.0f} s" if scale != 1 and natural else "")
            + f"); CPU {cold.cpu:.1f} s: on two idle cores ≈{2 * speech / cold.cpu:.0f}× real time; runs "
            + ", ".join(f"{x:.1f}" for x in cold.walls),
            met=rtf >= RTF_TARGET if natural else None, goal=f"≥ {RTF_TARGET:g}× real time" if natural else "—"))
        ratio = warm.wall / floor.wall
        met = None if not natural or reference is None else ratio <= reference * WARM_SLACK
        goal = "—" if not natural else (f"≤ {reference * WARM_SLACK:.3f}× (eSpeak's +10%)" if reference else "eSpeak's")
        out.append(EngineRow(
            f"warm re-render after a one-line edit, {engine}, vs eSpeak NG one call", workload, warm.wall,
            floor.wall, "s", 0, f"runs {', '.join(f'{x:.2f}' for x in warm.walls)}; CPU {warm.cpu:.2f} s"
            + (f" (eSpeak's {results['espeak'][1].cpu:.2f} s)" if natural and "espeak" in results else ""),
            met=met, goal=goal))
    return out


def main() -> int:
    from run import edit_one_line  # run.py's edit, so both benches change a line the same way

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10, help="the play at 1/SCALE of Hamlet's size (1: whole)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--keep", type=Path, help="keep the plays and outputs here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="stagecast-bench-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    base = scaled_play(HAMLET_SIZE, args.scale, work / "engines-play")
    found, notes = measure(base, work, args.runs, args.engines.split(","), edit_one_line, args.scale)
    for row in found:
        print(" | ".join(str(x) for x in (row.what, row.workload, f"{row.ours:.3f}", f"{row.theirs:.3f}",
                                          f"{row.ours / row.theirs:.3f}×", row.goal, row.met, row.note)))
    print("\n".join(notes))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


HAMLET_SIZE = (1133, 29871, 36)
"""The ``en`` play of run.py: speeches, words and roles of the German Hamlet it is modelled on."""

if __name__ == "__main__":
    sys.exit(main())
