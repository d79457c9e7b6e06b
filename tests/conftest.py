"""Shared fixtures. Tests that need a system tool skip on a user's machine without it,
but fail in CI (``STAGECAST_REQUIRE_TOOLS=1``, set by .ci/run)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "script"
DATA = Path(__file__).resolve().parent / "data"


def need_tool(name: str, why: str = "") -> str:
    """Path of a system tool, or skip (locally) / fail (in CI) when it is missing."""
    found = shutil.which(name)
    if found:
        return found
    message = f"needs the system tool '{name}'{': ' + why if why else ''}"
    if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
        pytest.fail(message + " (CI requires every tool; .ci/run installs it)")
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Tests never read or fill the user's cache folder (clips, engine facts, scenes already read);
    subprocesses inherit the variable."""
    os.environ["STAGECAST_CACHE_DIR"] = str(tmp_path_factory.mktemp("stagecast-cache"))


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_play():
    from stagecast import load_play

    return load_play(SAMPLE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
