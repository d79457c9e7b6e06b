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


def need_package(module: str, install: str) -> None:
    """Skip (locally) or fail (in CI) when a Python package an engine needs is not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is not None:
        return
    message = f"needs the Python package '{module}' ({install})"
    if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
        pytest.fail(message + " (CI requires every tool; make test installs it)")
    pytest.skip(message)


def without_root_override() -> list[str]:
    """A command prefix under which file permissions apply to us: as root, setpriv (util-linux)
    drops root's power to read and write anything. setpriv missing fails in CI like any tool;
    a container that forbids dropping capabilities skips, saying so."""
    import subprocess

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = need_tool("setpriv", "makes file permissions apply to root")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    if subprocess.run([*prefix, "true"], check=False).returncode != 0:
        pytest.skip("this container does not let root drop capabilities (setpriv failed)")
    return prefix


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
