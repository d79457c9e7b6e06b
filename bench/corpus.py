"""Scale test: every TEI play of a corpus folder through import → check → pdf → cues --all.

Run with `make corpus` (or `make corpus CORPUS=DIR`); not part of `make test`. The default
folder, ``../shared/corpus/whole``, holds two whole DraCor corpora (Greek and Swedish, CC BY-SA):
they are read from there at run time and never copied into this repository.

Each step is the real command in its own process, as a user runs it, so what is judged is what
a user sees: the exit code and the first error line. Plays run two at a time (one per core).
A step that fails is *expected* when it says, located, what is wrong (``path:line:col: error: …``,
exit 1, 2 or 4) — the table lists those so that each can be looked at — and *unexpected* when
stagecast crashed (exit 70, a traceback), timed out, printed no error line, or when a play the
importer wrote is then refused by ``check``. A PDF that needs a font PT Serif does not have
(Greek: issue #20) is counted apart. The exit code is 1 when anything was unexpected.

Usage: python bench/corpus.py [DIR] [--jobs 2] [--font FILE] [--keep OUT] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "whole"
STEPS = ("import", "check", "pdf", "cues")
_LOCATED = re.compile(r"^.+?:\d+(?::\d+)?: error: ")
_ERROR = re.compile(r"^(?:.+?: )?error: ")


@dataclass
class StepResult:
    step: str
    code: int
    seconds: float
    first_error: str = ""

    @property
    def failed(self) -> bool:
        return self.code != 0

    @property
    def needs_font(self) -> bool:
        return self.step in ("pdf", "cues") and self.failed and "no font has" in self.first_error

    @property
    def unexpected(self) -> bool:
        """A crash, a hang, silence, or an imported play that ``check`` refuses."""
        if not self.failed:
            return False
        if self.code not in (1, 2, 4) or not self.first_error or self.first_error.startswith("Traceback"):
            return True
        return self.step == "check"


@dataclass
class PlayResult:
    path: Path
    steps: list[StepResult] = field(default_factory=list)

    @property
    def failure(self) -> StepResult | None:
        return next((s for s in self.steps if s.failed), None)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)


def plays_in(folder: Path) -> list[Path]:
    """Every TEI play under ``folder``: the *.xml files except DraCor's corpus.xml registries."""
    return sorted(p for p in folder.rglob("*.xml") if p.name != "corpus.xml")


def first_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if any(line.startswith("Traceback") for line in lines):
        return "Traceback: " + lines[-1]
    return next((line for line in lines if _ERROR.match(line)), lines[-1] if lines else "")


def run_step(step: str, args: list[str], timeout: float) -> StepResult:
    command = [sys.executable, "-m", "stagecast", *args]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return StepResult(step, -1, time.perf_counter() - start, f"timed out after {timeout:.0f} s")
    seconds = time.perf_counter() - start
    return StepResult(step, done.returncode, seconds, first_error(done.stderr) if done.returncode else "")


def run_play(path: Path, name: str, out: Path, fonts: list[str], timeout: float) -> PlayResult:
    """The steps for one play, writing under ``out/name``; a failed import or check ends it."""
    result = PlayResult(path)
    out = out / name
    folder = out / "play"
    font_args = [a for font in fonts for a in ("--font", font)]
    commands = {
        "import": ["import", str(path), "-o", str(folder), "--force"],
        "check": ["check", str(folder)],
        "pdf": ["pdf", str(folder), "-o", str(out / "script.pdf"), *font_args],
        "cues": ["cues", str(folder), "--all", "-o", str(out / "cues")],
    }
    for step in STEPS:
        outcome = run_step(step, commands[step], timeout)
        result.steps.append(outcome)
        if outcome.failed and step in ("import", "check"):
            break  # nothing to print or cue
    return result


def report(results: list[PlayResult], root: Path, out: Path, wall: float, jobs: int) -> int:
    failing = [r for r in results if r.failure is not None]
    if failing:
        width = max(len(str(r.path.relative_to(root))) for r in failing)
        print(f"{'play':<{width}}  {'step':<6}  exit  first error")
        for r in failing:
            step = r.failure
            assert step is not None
            kind = " [needs a font]" if step.needs_font else " [UNEXPECTED]" if step.unexpected else ""
            print(f"{str(r.path.relative_to(root)):<{width}}  {step.step:<6}  {step.code:>4}  "
                  f"{_short(step.first_error, root, out / r.path.relative_to(root).with_suffix(''))}{kind}")
        print()
    step_failures = {s: sum(1 for r in failing if r.failure and r.failure.step == s) for s in STEPS}
    needs_font = sum(1 for r in results if any(s.needs_font for s in r.steps))
    unexpected = sum(1 for r in results if any(s.unexpected for s in r.steps))
    print(f"{len(results)} plays: {len(results) - len(failing)} passed every step, {len(failing)} failed a step "
          f"({', '.join(f'{s} {n}' for s, n in step_failures.items())})")
    print(f"needs a font: {needs_font} plays; unexpected failures: {unexpected}")
    totals = {s: sum(st.seconds for r in results for st in r.steps if st.step == s) for s in STEPS}
    print(f"time: {wall:.1f} s wall with {jobs} at once; process time per step: "
          + ", ".join(f"{s} {t:.1f} s" for s, t in totals.items()))
    slowest = sorted(results, key=lambda r: r.seconds, reverse=True)[:3]
    print("slowest: " + ", ".join(f"{r.path.stem} {r.seconds:.1f} s" for r in slowest))
    return 1 if unexpected else 0


def _short(line: str, root: Path, written: Path) -> str:
    """The line with the corpus folder and the play's output folder left out of its paths."""
    line = line.replace(str(written) + os.sep, "").replace(str(root) + os.sep, "")
    return line if len(line) <= 160 else line[:157] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2, help="plays at once (default 2: one per core)")
    parser.add_argument("--font", action="append", default=[], help="passed to `stagecast pdf --font`")
    parser.add_argument("--keep", type=Path, help="write the play folders and outputs here (default: a temp folder)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one step may take")
    args = parser.parse_args(argv)
    folder: Path = args.folder.resolve()
    if not folder.is_dir():
        print(f"no corpus folder at {args.folder}; nothing to run (give one: make corpus CORPUS=DIR)")
        return 0
    plays = plays_in(folder)
    if not plays:
        print(f"no TEI plays (*.xml) under {args.folder}; nothing to run")
        return 0
    print(f"{len(plays)} plays under {args.folder}: import, check, pdf, cues --all; {args.jobs} at once")
    with tempfile.TemporaryDirectory(prefix="stagecast-corpus-") as temp:
        out = args.keep.resolve() if args.keep else Path(temp)
        out.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            # Largest first, so that the two lanes finish close together.
            ordered = sorted(plays, key=lambda p: p.stat().st_size, reverse=True)
            futures = {p: pool.submit(run_play, p, str(p.relative_to(folder).with_suffix("")), out, args.font,
                                      args.timeout) for p in ordered}
            results = [futures[p].result() for p in plays]
        return report(results, folder, out, time.perf_counter() - start, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
