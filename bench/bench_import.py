"""Benchmark: `stagecast import` on the big corpus plays, as ratios to a baseline in the same run.

For the XML plays the baseline is parsing the same bytes with defusedxml's ElementTree (the
least any safe importer must do); for the Fountain plays it is screenplain's parser (a test
dependency). Also timed: writing the YAML folder and reading it back with load_play.
In-process, median of N runs each, alternating. Nothing here is asserted: it prints a table.

Run: .venv/bin/python bench/bench_import.py [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import defusedxml.ElementTree as SafeET

from stagecast.api import load_play
from stagecast.interchange import read_import, write_play_folder

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus"
FILES = (
    "dracor/gersh_hamlet_prinz_von_daenemark.xml",
    "shakespeare_en/bosak_hamlet.xml",
    "dracor/rus_ostrovsky_groza.xml",
    "dracor/rus_chekhov_chaika.xml",
    "fountain/ebscreenplays_cyber_bob_ep01_traffic_control_dogs.fountain",
    "fountain/afterwriting_syntax_test.fountain",
)


def _median(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _baseline(path: Path):
    data = path.read_bytes()
    if path.suffix == ".xml":
        return lambda: SafeET.fromstring(data)
    from screenplain.parsers import fountain

    text = data.decode("utf-8-sig")
    return lambda: fountain.parse(io.StringIO(text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, median of {runs}")
    print(f"{'file':58} {'KB':>5} {'import':>8} {'baseline':>9} {'ratio':>6} {'write':>7} {'load':>7}")
    for name in FILES:
        print(_row(name, runs))


def _row(name: str, runs: int) -> str:
    path = CORPUS / name
    imported = _median(lambda: read_import(path), runs)
    baseline = _median(_baseline(path), runs)
    play = read_import(path).play
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10_000))
        write = _median(lambda: write_play_folder(play, Path(tmp) / str(next(counter))), runs)
        load = _median(lambda: load_play(Path(tmp) / "0"), max(3, runs // 2))
    return (f"{name:58} {path.stat().st_size // 1024:5d} {imported * 1000:6.0f}ms {baseline * 1000:7.0f}ms "
            f"{imported / baseline:5.1f}× {write * 1000:5.0f}ms {load * 1000:5.0f}ms")

if __name__ == "__main__":
    main()
