"""Where the espeakng-loader wheel is missing (no wheel for the platform) or its library cannot
load (an older macOS), eSpeak NG comes from the system; where there is none, the user is told
what to install. The wheel is made to be missing by making its import fail."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stagecast.audio.engines import default_engine, espeak_lib
from stagecast.audio.engines.espeak_lib import WHEEL, EspeakInstall, EspeakLibrary
from stagecast.cli import cli

HINT = ("hint: install your system's eSpeak NG: apt install espeak-ng (Debian, Ubuntu, Raspberry Pi OS), "
        "dnf install espeak-ng, apk add espeak-ng; or pip install espeakng-loader where it has a wheel")
BLOCK_WHEEL = "import sys; sys.modules['espeakng_loader'] = None\n"
"""Run first in a child process: ``import espeakng_loader`` then fails as if pip had not installed it."""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the messages and paths of Linux")


@pytest.fixture
def no_wheel(monkeypatch):
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)
    monkeypatch.setattr(EspeakLibrary, "_instance", None)  # this process may have started the wheel's


@pytest.fixture
def no_system_library(monkeypatch):
    monkeypatch.setattr(espeak_lib, "_system_libraries", lambda ask_the_loader: [])


def system_library() -> str:
    """The system's libespeak-ng, or skip (locally) / fail (in CI, where .ci/run installs it)."""
    found = espeak_lib._system_libraries(ask_the_loader=True)
    if found:
        return found[0]
    message = "needs a system eSpeak NG library (apt install libespeak-ng1)"
    if os.environ.get("STAGECAST_REQUIRE_TOOLS"):
        pytest.fail(message + " (CI requires every tool; .ci/run installs it)")
    pytest.skip(message)


def test_without_any_espeak_ng_the_error_says_what_to_install(no_wheel, no_system_library, tmp_path):
    result = CliRunner().invoke(cli, ["voices", "--engine", "espeak"],
                                env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        "error: the speech engine 'espeak' cannot start: eSpeak NG was not found: no espeakng-loader wheel is "
        "installed (pip installs it on Linux x86-64 and aarch64, macOS and 64-bit Windows; this is "
        f"Linux {platform.machine()}) and no system eSpeak NG library (libespeak-ng) is there",
        HINT,
    ]


def test_a_wheel_library_that_cannot_load_is_named_with_the_reason(monkeypatch, no_wheel, no_system_library,
                                                                   tmp_path):
    """As on an Intel Mac before macOS 13.7: the wheel installs, its library does not load."""
    broken = tmp_path / "libespeak-ng.dylib"
    broken.write_bytes(b"not a library")
    monkeypatch.setattr(espeak_lib, "_wheel", lambda: EspeakInstall(str(broken), str(tmp_path), WHEEL))
    with pytest.raises(OSError) as raised:
        EspeakLibrary()
    assert str(raised.value).startswith("eSpeak NG could not be started: the espeakng-loader wheel: cannot be "
                                        f"loaded ({broken}: ")


def test_linux_without_espeak_ng_defaults_to_pyttsx3_and_says_so_once(monkeypatch, capsys):
    from stagecast.audio import engines

    monkeypatch.setattr(espeak_lib, "find_install", lambda: None)
    monkeypatch.setattr(engines, "_told", set())
    assert [default_engine(), default_engine()] == ["pyttsx3", "pyttsx3"]
    assert capsys.readouterr().err == "note: eSpeak NG was not found, so trying pyttsx3; for eSpeak NG, " \
        + HINT.removeprefix("hint: ") + "\n"


def test_pyttsx3_without_the_wheel_leaves_the_library_to_its_own_driver(no_wheel, no_system_library, monkeypatch):
    from stagecast.audio.engines.pyttsx3_engine import _prepare_linux_espeak

    monkeypatch.delenv("ESPEAK_DATA_PATH", raising=False)
    _prepare_linux_espeak()  # used to raise ImportError: the wheel was a hard requirement
    assert "ESPEAK_DATA_PATH" not in os.environ


def test_without_the_wheel_the_system_espeak_ng_lists_voices_and_speaks(tmp_path):
    library = system_library()
    env = {**os.environ, "STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    listing = subprocess.run([sys.executable, "-c", BLOCK_WHEEL + "from stagecast.cli import main\n"
                              "sys.argv = ['stagecast', 'voices', '--engine', 'espeak', '--lang', 'ru']\nmain()"],
                             capture_output=True, text=True, env=env, check=False)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.splitlines()[0].split()[:2] == ["zle/ru", "ru"]
    spoken = subprocess.run([sys.executable, "-c", BLOCK_WHEEL + """
from stagecast.audio.engines.base import EngineVoice, Utterance
from stagecast.audio.engines.espeak import EspeakEngine
engine = EspeakEngine()
clip = engine.synthesize(Utterance("Good evening, everyone.", "en"), EngineVoice("en", "en", variant="female"))
print(engine._lib().install.where, engine._lib().data_path, len(clip.pcm) / 2 / clip.rate, sep="\\n")
"""], capture_output=True, text=True, env=env, check=False)
    assert spoken.returncode == 0, spoken.stderr
    where, data, seconds = spoken.stdout.splitlines()
    assert where == library
    assert (Path(data) / "phontab").is_file()
    assert 0.8 < float(seconds) < 4
