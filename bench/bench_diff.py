"""Benchmark: `stagecast diff` on a Hamlet-sized play, as ratios.

Two versions of Hamlet (Bosak's XML from the test corpus, or the generated play of the same
size; see bench_pdf.py): the new one has every 20th speech reworded (one word replaced), ten
speeches moved to other scenes, one scene cut. Measured:

- in-process: comparing (alignment + moves) and every performer's news (their lines and cues
  in both versions) against the time it takes just to read the two plays;
- whole processes: `stagecast diff OLD NEW` against `git diff --no-index --word-diff` of the
  same two folders, a line-based tool that knows nothing about speeches.

Median of ``--runs``. Run: .venv/bin/python bench/bench_diff.py [--runs 5] [--source ...]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_pdf import HAMLET, generated, hamlet, to_yaml


def edited(acts: list) -> list:
    """A rewrite: every 20th speech reworded, ten speeches moved to another scene, one scene cut."""
    rnd = random.Random(3)
    scenes = [(a, s) for a, (_, ss) in enumerate(acts) for s in range(len(ss))]
    out = [(title, [(st, list(items)) for st, items in ss]) for title, ss in acts]
    count = 0
    for _, ss in out:
        for _, items in ss:
            for k, item in enumerate(items):
                if item[0] == "speech":
                    count += 1
                    if count % 20 == 0:
                        words = item[2].split(" ")
                        words[len(words) // 2] = "indeed"
                        items[k] = ("speech", item[1], " ".join(words))
    for _ in range(10):
        a, s = rnd.choice(scenes)
        b, t = rnd.choice(scenes)
        source, target = out[a][1][s][1], out[b][1][t][1]
        speeches = [k for k, it in enumerate(source) if it[0] == "speech"]
        if speeches:
            target.insert(rnd.randrange(len(target) + 1), source.pop(rnd.choice(speeches)))
    del out[-1][1][0]
    return out


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", choices=("hamlet", "generated"), default="hamlet" if HAMLET.is_file() else "generated")
    args = parser.parse_args()
    from stagecast import load_play
    from stagecast.revisions.compare import compare
    from stagecast.revisions.diff_formats import render
    from stagecast.revisions.performer import part_news

    title, acts = hamlet() if args.source == "hamlet" else generated()
    work = Path(tempfile.mkdtemp(prefix="bench-diff-"))
    try:
        old_path, new_path = to_yaml(title, acts, work / "old"), to_yaml(title, edited(acts), work / "new")
        old, new = load_play(old_path), load_play(new_path)
        revision = compare(old, new)
        print(f"{args.source}: {len(old.speeches())} speeches, {len(old.performers)} performers; "
              f"{sum(1 for _ in revision.changes())} changes found")
        read = _median(lambda: (load_play(old_path), load_play(new_path)), args.runs)
        align = _median(lambda: compare(old, new), args.runs)
        parts = _median(lambda: [part_news(revision, p.id) for p in new.performers], args.runs)
        text = _median(lambda: render(revision, "text"), args.runs)
        print(f"read both plays {read:.3f} s; compare {align:.3f} s ({align / read:.2f}×); "
              f"every performer's news {parts:.3f} s ({parts / read:.2f}×); text {text:.3f} s")
        stagecast = str(Path(sys.executable).with_name("stagecast"))
        git = shutil.which("git")
        ours = _median(lambda: subprocess.run([stagecast, "diff", str(old_path), str(new_path)], check=True,
                                              stdout=subprocess.DEVNULL), args.runs)
        if git:
            theirs = _median(lambda: subprocess.run([git, "diff", "--no-index", "--word-diff", str(old_path), str(new_path)],
                                                    stdout=subprocess.DEVNULL), args.runs)
            print(f"stagecast diff {ours:.3f} s; git diff --word-diff {theirs:.3f} s; ratio {ours / theirs:.1f}×")
    finally:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
