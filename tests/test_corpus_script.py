"""`make corpus` (bench/corpus.py): the scale run over a folder of TEI plays says which play
failed which step with its first error, and fails only for what a user could not act on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.corpus import StepResult

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "bench" / "corpus.py"
SMALL_PLAY = REPO / "tests" / "data" / "corpus" / "dracor" / "rus_chekhov_tragik_ponevole.xml"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


def test_an_absent_corpus_folder_is_said_and_is_no_failure(tmp_path):
    done = run(str(tmp_path / "whole"))
    assert done.returncode == 0
    assert done.stdout == f"no corpus folder at {tmp_path / 'whole'}; nothing to run (give one: make corpus CORPUS=DIR)\n"


def test_a_play_that_fails_a_step_is_listed_with_its_first_error(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "tei").mkdir(parents=True)
    shutil.copy(SMALL_PLAY, folder / "tei" / "tragik.xml")
    (folder / "tei" / "broken.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<body></text></TEI>',
                                               encoding="utf-8")
    (folder / "corpus.xml").write_text("<corpus/>", encoding="utf-8")  # DraCor's registry: not a play
    done = run(str(folder), "--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"2 plays under {folder}: import, check, pdf, cues --all; 1 at once"
    assert lines[1].split() == ["play", "step", "exit", "first", "error"]
    assert lines[2].split(None, 3) == ["tei/broken.xml", "import", "1",
                                       "tei/broken.xml:3:9: error: not well-formed XML: mismatched tag"]
    assert "2 plays: 1 passed every step, 1 failed a step (import 1, check 0, pdf 0, cues 0)" in lines
    assert "needs a font: 0 plays; unexpected failures: 0" in lines


def test_a_crash_a_check_refusal_or_silence_is_unexpected_and_a_font_is_counted_apart():
    assert StepResult("pdf", 70, 0.1, "error: stagecast hit a bug").unexpected
    assert StepResult("cues", 1, 0.1, "Traceback: KeyError: 'x'").unexpected
    assert StepResult("check", 1, 0.1, "play/play.yaml:3:1: error: unknown role 'x'").unexpected
    assert StepResult("pdf", 1, 0.1, "").unexpected
    font = StepResult("pdf", 1, 0.1, "play/play.yaml:4:1: error: cannot print 'Α' (U+0391 GREEK CAPITAL LETTER "
                                     "ALPHA) in this title: no font has it")
    assert font.needs_font and not font.unexpected
    assert not StepResult("import", 1, 0.1, "x.xml:3:9: error: not well-formed XML: mismatched tag").unexpected
