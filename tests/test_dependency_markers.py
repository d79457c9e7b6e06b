"""pyproject.toml asks for a binary-only dependency exactly where a wheel of it exists.

espeakng-loader publishes wheels and no sdist, so on a platform without a wheel `pip install
stagecast` would fail as a whole. Its requirement therefore carries an environment marker, checked
here against the wheels published, recorded below. To re-check (e.g. for a new release):
``pip download espeakng-loader==VERSION --no-deps --only-binary=:all: --platform TAG -d /tmp/x``
per platform, or the file list at https://pypi.org/pypi/espeakng-loader/json.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

CHECKED = "2026-12-07"
"""espeakng-loader 0.2.4 (the newest), as published on PyPI that day: six wheels, no sdist."""
WHEELS = {
    # (sys_platform, platform_machine): the wheel's platform tag
    ("linux", "x86_64"): "manylinux_2_17_x86_64",
    ("linux", "aarch64"): "manylinux_2_28_aarch64",
    ("darwin", "x86_64"): "macosx_10_12_x86_64",
    ("darwin", "arm64"): "macosx_11_0_arm64",
    ("win32", "AMD64"): "win_amd64",
    ("win32", "ARM64"): "win_arm64",
}
NO_WHEEL = [
    ("linux", "i686"), ("linux", "armv7l"), ("linux", "armv6l"), ("linux", "ppc64le"), ("linux", "s390x"),
    ("linux", "riscv64"), ("win32", "x86"), ("freebsd14", "amd64"), ("cygwin", "x86_64"),
]
"""Where pip finds nothing to install, so the requirement must not apply. What a marker cannot see
is left to run time (espeak_lib then starts a system eSpeak NG): musl Linux (Alpine) has no wheel,
the aarch64 wheel needs glibc 2.28, and the macOS wheels' libraries need macOS 13.7 (x86-64) and
14.0 (arm64), newer than their tags say; 32-bit Python on 64-bit Windows reports AMD64."""


def espeakng_requirement() -> Requirement:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (found,) = [Requirement(d) for d in dependencies if Requirement(d).name == "espeakng-loader"]
    return found


def environment(sys_platform: str, machine: str) -> dict[str, str]:
    system = {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}.get(sys_platform, sys_platform)
    return {"sys_platform": sys_platform, "platform_machine": machine, "platform_system": system,
            "os_name": "nt" if sys_platform == "win32" else "posix"}


@pytest.mark.parametrize(("sys_platform", "machine"), list(WHEELS))
def test_espeakng_loader_is_required_where_a_wheel_exists(sys_platform, machine):
    marker = espeakng_requirement().marker
    assert marker is not None and marker.evaluate(environment(sys_platform, machine)), \
        f"espeakng-loader has a {WHEELS[sys_platform, machine]} wheel (checked {CHECKED}) but is not required there"


@pytest.mark.parametrize(("sys_platform", "machine"), NO_WHEEL)
def test_espeakng_loader_is_not_required_where_no_wheel_exists(sys_platform, machine):
    marker = espeakng_requirement().marker
    assert marker is not None and not marker.evaluate(environment(sys_platform, machine)), \
        f"espeakng-loader has no wheel for {sys_platform} {machine} (checked {CHECKED}): pip install would fail"
