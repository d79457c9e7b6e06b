"""Synthesis in worker processes: a crash or a hang costs one line, never the build.

Each worker process owns its engines (eSpeak NG is not re-entrant, pyttsx3 is fragile), each
started when a job first needs it (one render may use several: :mod:`.engine_set`), and
makes clips one at a time: synthesise, convert to the track format, trim, check the
length, normalise loudness, store in the cache. The parent hands out jobs, and when a
worker dies (a segfault in the engine) or exceeds the per-clip timeout it is killed and
replaced; that job is reported as failed with its line's location, the others go on.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .cache import ClipCache
from .engine_set import EngineSet
from .engines.base import Engine, EngineError, EngineVoice, Utterance
from .loudness import normalise
from .pcm import RATE, standardise, trim

DEFAULT_TIMEOUT_S = 60.0
_ORPHAN_CHECK_S = 1.0
"""How often an idle worker makes sure its parent is still there (a kept worker of ``--watch``
must not outlive a watch that was killed)."""
MIN_CLIP_S = 0.08


@dataclass(frozen=True)
class ClipJob:
    key: str
    utterance: Utterance
    voice: EngineVoice
    where: str
    """``path:line:col`` of the line (for messages)."""
    what: str
    """"speech 12 (Tatyana)" — what the line is, for messages."""
    expected_s: float
    """Rough spoken length, for the sanity check on what the engine returns."""


@dataclass(frozen=True)
class Failure:
    job: ClipJob
    reason: str
    retry: bool = False
    """The worker died (a crash): worth one more try in a new worker. A line that took too long
    is not tried again (it would cost the whole timeout again)."""

    def __str__(self) -> str:
        return f"{self.job.where}: error: {self.job.what}: {self.reason}"


@dataclass(frozen=True)
class Done:
    key: str
    frames: int


class ClipProblem(Exception):
    pass


def make_clip(engine: Engine, cache: ClipCache, job: ClipJob) -> Done:
    """Synthesise, check and cache one clip (runs inside a worker)."""
    problem = ""
    for _attempt in range(3):  # pyttsx3 was seen writing empty clips under load, now and then twice: two retries
        clip = engine.synthesize(job.utterance, job.voice)
        pcm = trim(standardise(clip.pcm, clip.rate))
        problem = length_problem(len(pcm) / 2 / RATE, job.expected_s)
        if not problem:
            frames = cache.store(job.key, normalise(pcm, job.voice.volume))
            cache.store_notes(job.key, tuple(dict.fromkeys(clip.notes)))  # told by every run that uses it
            return Done(job.key, frames)
    raise ClipProblem(problem + "; nothing was cached")


def length_problem(seconds: float, expected: float) -> str:
    if seconds < max(MIN_CLIP_S, 0.2 * expected):
        return f"the engine returned {seconds * 1000:.0f} ms of audio for a line of about {expected:.1f} s"
    if seconds > 8 * expected + 5:
        return f"the engine returned {seconds:.1f} s of audio for a line of about {expected:.1f} s"
    return ""


def _serve(conn: Connection, engines: EngineSet, cache_root: Path, parent_end: int | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # an engine crash is reported by the parent, with the line's location
    if parent_end is not None:
        os.close(parent_end)  # forked with both ends: keeping the parent's would hide its death
    _die_with_parent()
    cache = ClipCache(cache_root)
    while True:
        try:
            if not conn.poll(_ORPHAN_CHECK_S):
                if os.getppid() != parent:  # killed without a word (SIGKILL, SIGTERM, a closed terminal)
                    return
                continue
            job = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if job is None:
            return
        try:
            outcome: Done | Failure = make_clip(engines.get(job.voice.engine or engines.label), cache, job)
        except (EngineError, ClipProblem, ValueError, OSError, RuntimeError, ImportError) as exc:
            outcome = Failure(job, str(exc) or type(exc).__name__)
        try:
            conn.send(outcome)
        except OSError:  # the parent went while this clip was made (the clip is cached all the same)
            return


def _die_with_parent() -> None:
    """On Linux, ask the kernel to end this worker when its parent dies, even in the middle of a
    clip (an engine that hangs would otherwise outlive a killed ``--watch``); elsewhere the idle
    check in :func:`_serve` has to do."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    job: ClipJob | None = None
    deadline: float = 0.0


class WorkerPool:
    """Run clip jobs on up to ``size`` worker processes with a per-clip ``timeout``.

    Workers outlive a :meth:`run` (their engine stays loaded for the next one, as ``audio
    --watch`` wants) until :meth:`close`; use the pool as a context manager."""

    def __init__(self, engines: EngineSet, cache: ClipCache, size: int, timeout: float = DEFAULT_TIMEOUT_S):
        self.engines, self.cache, self.size, self.timeout = engines, cache, max(1, size), timeout
        methods = multiprocessing.get_all_start_methods()
        # fork starts in milliseconds (a one-line re-render must stay fast); spawn elsewhere.
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        forked = self.context.get_start_method() == "fork"
        process = self.context.Process(target=_serve, daemon=True,
                                       args=(child, self.engines, self.cache.root, parent.fileno() if forked else None,
                                             os.getpid()))
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, jobs: list[ClipJob], progress: Callable[[int], None] | None = None
            ) -> tuple[list[Done], list[Failure]]:
        pending = deque(jobs)
        retried: set[int] = set()
        done: list[Done] = []
        failed: list[Failure] = []
        self._drop_dead()  # a kept worker may have died while idle
        workers = self.workers
        workers += [self._start() for _ in range(min(self.size, len(jobs)) - len(workers))]
        try:
            while pending or any(w.job for w in workers):
                for index, worker in enumerate(workers):
                    if worker.job is None and pending:
                        workers[index] = self._hand(worker, pending.popleft())
                busy = [w for w in workers if w.job]
                nearest = min(w.deadline for w in busy) - time.monotonic()
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=max(0.0, nearest))
                for index, worker in enumerate(workers):
                    outcome = self._collect(worker)
                    if outcome is None:
                        continue
                    crashed = isinstance(outcome, Failure) and not worker.process.is_alive()
                    if crashed and outcome.retry and id(outcome.job) not in retried:
                        # A crash can be the engine's, not the line's (pyttsx3's eSpeak driver was seen
                        # to crash on a loaded machine, once): the line is tried once more, in a new worker.
                        retried.add(id(outcome.job))
                        pending.appendleft(outcome.job)
                    else:
                        (done if isinstance(outcome, Done) else failed).append(outcome)
                        if progress:
                            progress(1)
                    if crashed and pending:
                        self._end(worker)
                        workers[index] = self._start()
        except BaseException:
            self.close()  # interrupted: busy workers hold half-done jobs
            raise
        self._drop_dead()
        return done, failed

    def _hand(self, worker: _Worker, job: ClipJob) -> _Worker:
        """Give ``job`` to ``worker``, or to a new worker if that one is gone; the one now busy."""
        try:
            worker.conn.send(job)
        except OSError:  # it died between jobs
            self._end(worker)
            worker = self._start()
            worker.conn.send(job)
        worker.job, worker.deadline = job, time.monotonic() + self.timeout
        return worker

    def _collect(self, worker: _Worker) -> Done | Failure | None:
        """A finished job's outcome, a failure for a dead or late worker, or None if still working."""
        job = worker.job
        if job is None:
            return None
        if worker.conn.poll():
            try:
                outcome = worker.conn.recv()
            except (EOFError, OSError):
                outcome = None
            if outcome is not None:
                worker.job = None
                return outcome
        if not worker.process.is_alive():
            worker.job = None
            return Failure(job, _death(worker.process.exitcode), retry=True)
        if time.monotonic() > worker.deadline:
            worker.process.kill()
            worker.process.join()
            worker.job = None
            return Failure(job, f"the engine did not finish within {self.timeout:g} s (stopped)")
        return None

    def _drop_dead(self) -> None:
        alive = []
        for worker in self.workers:
            if worker.process.is_alive():
                alive.append(worker)
            else:
                self._end(worker)
        self.workers = alive

    @staticmethod
    def _end(worker: _Worker) -> None:
        worker.process.join()
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker (a busy one is killed)."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if worker.process.is_alive() and worker.job is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in workers:
            worker.process.join(timeout=2 if worker.job is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the engine crashed ({name}); the other lines were made and cached"
    return f"the engine's worker exited unexpectedly (exit code {code})"


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
