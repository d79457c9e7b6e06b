"""The installed package is what users run (issue 21, item 5): the wheel built from this tree,
installed in a fresh environment, must hold every file the source tree has and run ``check``,
``pdf`` and ``build --no-audio`` on the sample.

The rest of the suite imports stagecast from ``src/``, where every file is present whether or not
pyproject.toml ships it, so a web asset or data file left out of package data would only break
on a user's machine. The wheel is built offline (no build isolation: this environment's setuptools,
which the test extra requires) from a copy of the tree in tmp, so a stale ``build/`` folder in the
repository can neither slip files into the wheel nor be left behind. About 10 s, hence ``slow``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement

from stagecast.cli import cli
from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.slow

PACKAGE = REPO / "src" / "stagecast"
NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
"""What Python or an editable install leaves in the source tree; never part of the package."""


def _package_files() -> set[str]:
    """Every file of the package as the wheel names it (``stagecast/web/page.js``)."""
    return {path.relative_to(PACKAGE.parent).as_posix() for path in PACKAGE.rglob("*")
            if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts}


def _need_build_backend() -> None:
    """Skip (fail in CI) where this environment's setuptools cannot build the project offline."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = next(r for r in map(Requirement, project["build-system"]["requires"]) if r.name == "setuptools")
    try:
        found = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        found = "none"
    if found != "none" and wanted.specifier.contains(found, prereleases=True):
        return
    message = (f"building the wheel offline needs {wanted} in this environment (found {found}); "
               "the test extra installs it: make test")
    if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def _clean_env() -> dict[str, str]:
    # PYTHONPATH (set when the suite runs on a worktree's src/) would import the source, not the wheel.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_build_backend()
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, tree / name)
    shutil.copytree(REPO / "src", tree / "src", ignore=NOT_SHIPPED)
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "--wheel-dir", str(dist), str(tree)],
                          capture_output=True, text=True, check=False, env=_clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = dist.glob("stagecast-*.whl")
    return built


@pytest.fixture(scope="module")
def stagecast(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``stagecast`` command of a fresh environment where the wheel is the only stagecast."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, env=env)
    where = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                           capture_output=True, text=True, check=True, env=env).stdout.strip()
    # The dependencies come from this environment without downloading anything. A folder named in a
    # .pth file is not a site folder, so the .pth files in it (this environment's editable install of
    # stagecast) are not read, and stagecast can only come from the wheel.
    ours = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    (Path(where) / "stagecast-test-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    imported = subprocess.run([str(python), "-c", "import stagecast; print(stagecast.__file__)"], cwd=venv,
                              capture_output=True, text=True, check=True, env=env).stdout.strip()
    assert Path(imported).is_relative_to(venv), f"stagecast was imported from {imported}, not from the wheel"
    return python.with_name("stagecast.exe" if os.name == "nt" else "stagecast")


@pytest.fixture
def play_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of the sample as ``script/`` with voices.yaml beside it, as in the repository."""
    shutil.copytree(SAMPLE, tmp_path / "script", ignore=NOT_SHIPPED)
    shutil.copy(REPO / "voices.yaml", tmp_path / "voices.yaml")
    return tmp_path


def _run(stagecast: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(stagecast), *args], cwd=folder, capture_output=True, text=True, check=False,
                          env=_clean_env())


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("stagecast/")}
    source = _package_files()
    assert not source - shipped, ("files under src/stagecast missing from the wheel; declare them in "
                                  f"pyproject.toml's [tool.setuptools.package-data]: {sorted(source - shipped)}")
    assert not shipped - source, f"files in the wheel that src/stagecast does not have: {sorted(shipped - source)}"
    assert {"stagecast/py.typed", "stagecast/web/page.html", "stagecast/web/page.js"} <= shipped


def test_installed_check_prints_what_the_source_prints(stagecast: Path, play_copy: Path) -> None:
    done = _run(stagecast, play_copy, "check")
    assert (done.returncode, done.stderr) == (0, "")
    from_source = CliRunner().invoke(cli, ["check", str(play_copy / "script")])
    assert done.stdout == from_source.stdout
    assert done.stdout.startswith("Here.Almaty — Monologues from the back of an old mall\n")


def test_installed_pdf_writes_the_same_bytes_as_the_source(stagecast: Path, play_copy: Path) -> None:
    done = _run(stagecast, play_copy, "pdf")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert re.fullmatch(r"wrote build/here-almaty\.pdf \(\d+ pages\)\n", done.stderr)
    made = (play_copy / "build" / "here-almaty.pdf").read_bytes()
    assert made.startswith(b"%PDF-")
    from_source = play_copy / "from-source.pdf"
    assert CliRunner().invoke(cli, ["pdf", str(play_copy / "script"), "-o", str(from_source)]).exit_code == 0
    assert made == from_source.read_bytes()


def test_installed_build_makes_a_page_that_links_what_it_built(stagecast: Path, play_copy: Path) -> None:
    done = _run(stagecast, play_copy, "build", "--no-audio")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built ") and done.stdout.endswith(" in build; open build/index.html to rehearse.\n")
    out = play_copy / "build"
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    page = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="stagecast-data">(.*?)</script>', page, re.S)[1])
    links = {link["href"] for link in data["links"]}
    links |= {link["href"] for performer in data["performers"] for link in performer["links"]}
    assert links <= made, f"the page links files build did not make: {sorted(links - made)}"
    assert {name for name in made if name.endswith(".pdf")} <= links
    assert "performers/actor-c/cue-sheet.pdf" in links
    assert (out / "script.pdf").read_bytes().startswith(b"%PDF-")
