"""An engine's version and voices are asked once per installed engine, then read from the cache."""

from __future__ import annotations

import hashlib
import json

from stagecast.audio.cache import CACHE_FORMAT, STRESS_VERSION, clip_key, normalised_text
from stagecast.audio.engine_facts import engine_facts
from stagecast.audio.engines.base import EngineVoice, Utterance
from stagecast.audio.engines.espeak import EspeakEngine
from stagecast.audio.engines.silent import SilentEngine


class CountingEspeak(EspeakEngine):
    """The real eSpeak NG, counting how often it is asked for its voices."""

    def __init__(self) -> None:
        self.asked = 0

    def list_voices(self):
        self.asked += 1
        return super().list_voices()


def test_espeak_voices_are_asked_once_then_remembered(tmp_path):
    engine = CountingEspeak()
    first = engine_facts(engine, tmp_path)
    second = engine_facts(engine, tmp_path)
    assert engine.asked == 1
    assert second == first
    assert first.version == engine.version() and first.version.startswith("espeak-ng ")
    assert {"ru", "kk", "en"} <= {v.lang for v in first.voices}
    assert [p.parent.name for p in tmp_path.rglob("*.json")] == ["engines"]


def test_a_damaged_memo_is_asked_again_and_rewritten(tmp_path):
    engine = CountingEspeak()
    engine_facts(engine, tmp_path)
    [memo] = (tmp_path / "engines").iterdir()
    memo.write_text('{"format": 1, "version": "espeak-ng', encoding="utf-8")
    facts = engine_facts(engine, tmp_path)
    assert engine.asked == 2
    assert json.loads(memo.read_text(encoding="utf-8"))["version"] == facts.version


def test_another_installed_engine_is_asked_again(tmp_path, monkeypatch):
    engine = CountingEspeak()
    engine_facts(engine, tmp_path)
    real = EspeakEngine.identity
    monkeypatch.setattr(CountingEspeak, "identity", lambda self: real(self) + "|upgraded")
    engine_facts(engine, tmp_path)
    assert engine.asked == 2
    assert len(list((tmp_path / "engines").iterdir())) == 2


def test_an_engine_without_identity_is_asked_every_time(tmp_path):
    facts = engine_facts(SilentEngine(), tmp_path)
    assert facts.version == "silent 1" and facts.voices
    assert not (tmp_path / "engines").exists()


def test_clip_keys_are_the_sha256_of_the_documented_json():
    """The key is built from pieces for speed; it must stay the hash of the whole JSON so
    clips cached by earlier versions are still found."""
    voice = EngineVoice("zle/ru", "ru", variant="f3", rate=150, pitch=40, volume=0.8)
    for text in ("Это мой за\u0301мок", 'a "quoted"\\ line\n  with  spaces', "\x00text\x00 🎭"):
        payload = {"format": CACHE_FORMAT, "engine": "espeak", "version": "espeak-ng 1.52.0",
                   "voice": voice.key(), "lang": "ru", "text": normalised_text(text)}
        if "\u0301" in text:  # a line with marked stress: also how marks reach the engine
            payload["stress"] = STRESS_VERSION
        whole = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        assert clip_key("espeak", "espeak-ng 1.52.0", voice, Utterance(text, "ru")) == whole
