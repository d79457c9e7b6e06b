"""`stagecast --help` and `stagecast check` start fast: no PDF or audio library is imported.

Each command runs in a fresh interpreter (so nothing imported by other tests counts), and the
modules it loaded are read from ``sys.modules`` when it finishes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

HEAVY = ("reportlab", "pydub", "pyttsx3", "espeakng_loader", "stagecast.pdf", "stagecast.audio",
         "pypdf", "defusedxml", "stagecast.cuesheets.sheet_pdf", "stagecast.web")
RUN = """
import json, sys
from stagecast.cli import cli
try:
    cli.main(args=sys.argv[2:], prog_name="stagecast")
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def _modules_after(tmp_path: Path, *args: str) -> tuple[int, list[str]]:
    report = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", RUN, str(report), *args], check=True, capture_output=True, timeout=60)
    data = json.loads(report.read_text())
    return data["code"], data["modules"]


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("check", str(SAMPLE))],
                         ids=["help", "check-help", "check-sample"])
def test_help_and_check_import_no_pdf_or_audio_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, modules = _modules_after(tmp_path, *args)
    assert code == 0
    assert _heavy(modules) == []


def test_help_does_not_import_the_play_readers(tmp_path: Path) -> None:
    """`--help` needs only click and the command table: not YAML, the play model or the errors."""
    code, modules = _modules_after(tmp_path, "--help")
    assert code == 0
    assert [m for m in ("yaml", "stagecast.readers", "stagecast.model", "stagecast.errors") if m in modules] == []


def test_the_probe_does_see_heavy_imports(tmp_path: Path) -> None:
    """The same probe on `stagecast pdf` finds reportlab: the test above can fail."""
    code, modules = _modules_after(tmp_path, "pdf", str(SAMPLE), "-o", str(tmp_path / "script.pdf"))
    assert code == 0
    assert "reportlab" in modules and "stagecast.pdf" in modules
