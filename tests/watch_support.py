"""A ``--watch`` command run as a user runs it: its own process, its output read as it comes."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

WAIT_S = 60


class Watcher:
    """``stagecast <command> … --watch`` in its own process; its output (stdout and stderr as one
    stream, in the order printed: every line is flushed) read line by line."""

    def __init__(self, *args: str, env: dict[str, str]):
        self.process = subprocess.Popen([sys.executable, "-m", "stagecast", *args, "--watch"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, **env}, preexec_fn=_ctrl_c_allowed)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, part: str) -> list[str]:
        """Every line printed up to and including the first that holds ``part``."""
        got: list[str] = []
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                got.append(self.lines.get(timeout=max(0.1, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"no line with {part!r} within {WAIT_S} s; got {got}") from None
            if part in got[-1]:
                return got

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT_S)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _ctrl_c_allowed() -> None:
    # A test run started in the background has SIGINT ignored, and a child inherits that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)



def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
