"""`stagecast voices`: every installed engine's voices, with licence and quality tier, as text or JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from stagecast.audio.engines import get_engine
from stagecast.audio.engines.rhvoice import LGPL_VOICES
from stagecast.audio.voice_choice import find_voice
from stagecast.cli import cli
from tests.test_audio_piper import need_piper
from tests.test_audio_rhvoice import need_rhvoice, no_rhvoice  # noqa: F401 - a fixture

KEYS = {"engine", "voice", "name", "languages", "gender", "licence", "tier", "quality"}


def run(*args: str):
    return CliRunner().invoke(cli, ["voices", *args])


def listing(*args: str) -> list[dict]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_voices_lists_every_installed_engine_best_tier_first():
    need_piper()
    need_rhvoice()
    result = run("--lang", "en")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["piper", "en_us-joe-medium", "en-us", "(joe;", "CC0-1.0;", "tier", "1,", "neural)"]
    assert ["rhvoice", "slt", "en-us", "(Slt,", "female;", "LGPL-2.1-or-later;", "tier", "2,", "natural)"] in lines
    assert ["espeak", "gmw/en", "en-gb,", "en", "(English", "(Great", "Britain),", "male;", "GPL-3.0-or-later;", "tier", "3,",
            "basic)"] in lines
    engines = [line[0] for line in lines]
    assert engines == sorted(engines, key=["piper", "rhvoice", "espeak"].index)


def test_voices_json_gives_engine_voice_languages_gender_licence_and_tier():
    need_piper()
    need_rhvoice()
    voices = listing()
    assert all(set(v) == KEYS for v in voices)
    assert {"engine": "rhvoice", "voice": "aleksandr", "name": "Aleksandr", "languages": ["ru-ru"],
            "gender": "male", "licence": "LGPL-2.1-or-later", "tier": 2, "quality": "natural"} in voices
    assert {"engine": "piper", "voice": "en_us-joe-medium", "name": "joe", "languages": ["en-us"], "gender": None,
            "licence": "CC0-1.0", "tier": 1, "quality": "neural"} in voices
    for voice in voices:
        if voice["engine"] == "rhvoice":
            lgpl = voice["voice"] in LGPL_VOICES
            assert voice["licence"] == ("LGPL-2.1-or-later" if lgpl else "non-commercial"), voice
        if voice["engine"] == "espeak":
            assert (voice["licence"], voice["tier"], voice["quality"]) == ("GPL-3.0-or-later", 3, "basic"), voice
    assert [v["tier"] for v in voices] == sorted(v["tier"] for v in voices)
    assert {v["engine"] for v in voices} == {"piper", "rhvoice", "espeak"}  # pyttsx3 would repeat eSpeak NG's


def test_the_voice_listed_is_what_voices_yaml_accepts():
    need_piper()
    need_rhvoice()
    voices = listing()
    for name in {v["engine"] for v in voices}:
        installed = get_engine(name).list_voices()
        for voice in (v for v in voices if v["engine"] == name):
            found = find_voice(installed, voice["voice"])
            assert found is not None and found.id.lower() == voice["voice"], voice  # listed in lowercase


def test_engine_narrows_the_listing_to_its_voices():
    need_rhvoice()
    voices = listing("--engine", "rhvoice", "--lang", "ru")
    assert voices and {v["engine"] for v in voices} == {"rhvoice"}
    assert all(v["languages"] == ["ru-ru"] for v in voices)
    text = run("--engine", "rhvoice", "--lang", "ru").stdout.splitlines()
    assert text[0].split() == ["aleksandr", "ru-ru", "(Aleksandr,", "male;", "LGPL-2.1-or-later;", "tier", "2,",
                               "natural)"]


def test_an_engine_not_installed_is_left_out_of_the_whole_listing(no_rhvoice):  # noqa: F811 - the fixture
    result = run("--lang", "ru", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "rhvoice" not in {v["engine"] for v in json.loads(result.stdout)}
    assert result.stderr == ""


def test_variants_as_json_are_a_list_of_names():
    result = run("--engine", "espeak", "--variants", "--format", "json")
    assert result.exit_code == 0, result.output
    variants = json.loads(result.stdout)
    assert variants[:2] == ["female", "male"] and "m3" in variants
