"""Which installed voice says what: voices.yaml + the speech's language → an :class:`EngineVoice`.

Rules (docs/audio.md):

- a role's settings are its ``roles:`` entry on top of ``default:``; directions use
  ``narrator:`` on top of ``default:``;
- a speech's language is its ``lang:``, else its role's, else the play's;
- when the role's voice does not speak that language, the ``languages:`` entry for it is
  used (else the engine's own voice for the language); the role keeps its ``variant`` and
  ``pitch`` so the same character sounds alike in both languages, while ``rate`` and
  ``volume`` come from the language entry when it gives them;
- an unknown voice or variant is an error located in voices.yaml, with close matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import Diagnostic, ScriptError
from ..model import Loc
from ..voice_settings import VoiceConfig, VoiceSpec
from .engine_facts import installed_voices
from .engines.base import Engine, EngineError, EngineVoice, VoiceInfo, base_lang

NARRATOR = None
"""``role`` value meaning "the narrator" (stage directions, scene titles)."""


def _names(voice: VoiceInfo) -> list[str]:
    tail = voice.id.rsplit("/", 1)[-1]
    return [n.casefold().replace("_", "-") for n in (voice.id, tail, voice.name, *voice.languages)]


def find_voice(voices: list[VoiceInfo], wanted: str) -> VoiceInfo | None:
    key = wanted.casefold().replace("_", "-")
    for voice in voices:
        if key in _names(voice):
            return voice
    return None


def voice_for_language(voices: list[VoiceInfo], lang: str) -> VoiceInfo | None:
    """The engine's most plain voice for ``lang``: exact tag first, then any voice of that language."""
    key = lang.casefold().replace("_", "-")
    for voice in voices:
        if voice.languages and voice.languages[0].casefold() == key:
            return voice
    for voice in voices:
        if voice.id.rsplit("/", 1)[-1].casefold() == key:
            return voice
    base = base_lang(lang)
    return next((v for v in voices if v.lang == base), None)


_PARTS = re.compile(r"[-_/ ()+]+")


def close_matches(voices: list[VoiceInfo], wanted: str, count: int = 4) -> list[str]:
    """Voices whose names look like ``wanted``: spelling similarity, plus shared word stems
    (``en-scottish`` finds ``gmw/en-GB-scotland``)."""
    import difflib  # only to suggest close matches for a voice that is not there

    key = wanted.casefold()
    stems = {p[:4] for p in _PARTS.split(key) if len(p) >= 4}
    scored = []
    for voice in voices:
        names = _names(voice)
        ratio = max(difflib.SequenceMatcher(None, key, name).ratio() for name in names)
        words = {w[:4] for name in names for w in _PARTS.split(name) if len(w) >= 4}
        score = ratio + len(stems & words)
        if score >= 0.6:
            scored.append((-score, voice.id))
    return [ident for _, ident in sorted(scored)[:count]]


def merged(base: VoiceSpec, top: VoiceSpec | None) -> VoiceSpec:
    """``top``'s settings over ``base``'s (``None`` means "not given")."""
    if top is None:
        return base
    values = {f.name: getattr(top, f.name) if getattr(top, f.name) is not None else getattr(base, f.name)
              for f in fields(VoiceSpec) if f.name != "loc"}
    if top.voice or top.model:  # a role's voice: replaces the default's model:, and the other way round
        values.update(voice=top.voice, model=top.model)
    return VoiceSpec(**values, loc=top.loc or base.loc)


@dataclass
class VoiceResolver:
    """Resolves (role or narrator, language) to an engine voice; results (and failures) are memoised."""

    config: VoiceConfig
    engine: Engine
    voices: list[VoiceInfo]

    def __post_init__(self) -> None:
        self._memo: dict[tuple[str | None, str], EngineVoice | ScriptError] = {}
        self._models: dict[str, Path] = {}
        """Voice id → the model file voices.yaml named it by (``model:``)."""
        variants = getattr(self.engine, "variants", None)
        self._variants = set(variants()) if variants else None

    def voice(self, role: str | None, lang: str, where: Loc | None = None) -> EngineVoice:
        if (role, lang) not in self._memo:
            try:
                self._memo[(role, lang)] = self._resolve(role, lang, where)
            except ScriptError as exc:
                self._memo[(role, lang)] = exc
        found = self._memo[(role, lang)]
        if isinstance(found, ScriptError):
            raise found
        return found

    def problems(self, wanted: Iterable[tuple[str | None, str, Loc | None]]) -> list[Diagnostic]:
        """Every voice problem at once, like a compiler: each voices.yaml entry naming a voice
        or variant the engine lacks, and each (role, language) of ``wanted`` no voice speaks."""
        found: dict[tuple, Diagnostic] = {}
        for spec in self._entries():
            checks = [*([self._installed] if spec.voice or spec.lang or spec.model else []), self._check_variant]
            for check in checks:
                try:
                    check(spec)
                except ScriptError as exc:
                    found.update(((d.loc, d.message), d) for d in exc.diagnostics)
        said = {d.message for d in found.values()}
        for role, lang, where in wanted:
            try:
                self.voice(role, lang, where)
            except ScriptError as exc:
                # Once each: a default's bad variant is inherited by every role, a missing
                # language met by every role that speaks it.
                for diagnostic in exc.diagnostics:
                    if diagnostic.message not in said:
                        said.add(diagnostic.message)
                        found[(diagnostic.loc, diagnostic.message)] = diagnostic
        return sorted(found.values(), key=lambda d: d.sort_key())

    def _entries(self) -> list[VoiceSpec]:
        """voices.yaml's entries, each on its own (so a wrong default is reported once, at the default)."""
        config = self.config
        own = [config.default, config.narrator, *(s for _, s in config.roles), *(s for _, s in config.languages)]
        return [spec for spec in own if spec is not None]

    def spec_for(self, role: str | None) -> VoiceSpec:
        own = self.config.narrator if role is NARRATOR else dict(self.config.roles).get(role)
        return merged(self.config.default, own)

    def _resolve(self, role: str | None, lang: str, where: Loc | None) -> EngineVoice:
        spec = self.spec_for(role)
        chosen = self._installed(spec) if (spec.voice or spec.lang or spec.model) else None
        if chosen is None or chosen.lang != base_lang(lang):
            for_lang = self.config.for_language(lang) or self.config.for_language(base_lang(lang))
            if for_lang is not None:
                chosen = self._installed(for_lang)
                spec = replace(spec, rate=for_lang.rate or spec.rate,
                               volume=for_lang.volume if for_lang.volume is not None else spec.volume,
                               variant=spec.variant or for_lang.variant,
                               pitch=spec.pitch if spec.pitch is not None else for_lang.pitch)
            else:
                chosen = voice_for_language(self.voices, lang)
        if chosen is None:
            raise ScriptError.at(where, f"no {self.engine.name} voice speaks '{lang}'; add a voice for it under "
                                        "'languages:' in voices.yaml (`stagecast voices` lists the installed ones)")
        self._check_variant(spec)
        voice = EngineVoice(chosen.id, base_lang(lang), spec.variant, spec.rate, spec.pitch,
                            1.0 if spec.volume is None else float(spec.volume))
        finish = getattr(self.engine, "finish_voice", None)  # an engine speaking from model files (Piper)
        if finish is None:
            return voice
        try:
            return finish(voice, self._models.get(chosen.id))
        except (EngineError, OSError) as exc:
            raise ScriptError.at(spec.loc or where, str(exc)) from None

    def _model(self, spec: VoiceSpec) -> VoiceInfo:
        """The voice of a ``model:`` file (Piper), or a located error saying why it cannot be one."""
        model_voice = getattr(self.engine, "model_voice", None)
        if model_voice is None:
            raise ScriptError.at(spec.loc, f"'model:' names a Piper voice file, which the {self.engine.name} engine "
                                           "cannot speak; write 'engine: piper' in voices.yaml, or use --engine piper")
        path = Path(spec.model or "")
        try:
            found = model_voice(path)
        except EngineError as exc:
            raise ScriptError.at(spec.loc, f"model '{spec.model}': {exc}") from None
        self._models[found.id] = path
        return found

    def _installed(self, spec: VoiceSpec) -> VoiceInfo:
        if spec.model:
            return self._model(spec)
        wanted = spec.voice or spec.lang or ""
        found = find_voice(self.voices, wanted) if spec.voice else voice_for_language(self.voices, wanted)
        if found is None:
            near = close_matches(self.voices, wanted)
            hint = f" (close: {', '.join(near)})" if near else ""
            raise ScriptError.at(spec.loc, f"the {self.engine.name} engine has no voice '{wanted}'{hint}; "
                                           f"`stagecast voices --engine {self.engine.name}` lists the installed ones")
        return found

    def _check_variant(self, spec: VoiceSpec) -> None:
        if spec.variant and self._variants == set():
            raise ScriptError.at(spec.loc, f"the {self.engine.name} engine has no voice variants; give the role "
                                           "another voice: instead (`stagecast voices` lists them)")
        if spec.variant and self._variants is not None and spec.variant not in self._variants:
            import difflib

            folded = {v.casefold(): v for v in sorted(self._variants)}
            near = [folded[v] for v in difflib.get_close_matches(spec.variant.casefold(), list(folded), n=3)]
            hint = f" (close: {', '.join(near)})" if near else " (female, male, f1-f5, m1-m8 or a named one)"
            raise ScriptError.at(spec.loc, f"unknown voice variant '{spec.variant}'{hint}; "
                                           f"`stagecast voices --variants` lists all {len(self._variants)}")


def list_voices(engine: str | Engine | None = None, lang: str | None = None) -> list[VoiceInfo]:
    """Installed voices of ``engine`` (default: the platform's), optionally only those for ``lang``."""
    from .engines import get_engine

    voices = installed_voices(get_engine(engine))
    if lang:
        key = lang.casefold().replace("_", "-")
        # ru-RU, when no voice says it speaks exactly that, is answered with the Russian voices
        voices = _speaking(voices, key) or _speaking(voices, base_lang(key))
    return sorted(voices, key=lambda v: (v.lang, v.id))


def _speaking(voices: list[VoiceInfo], key: str) -> list[VoiceInfo]:
    return [v for v in voices if any(t.casefold() == key or t.casefold().startswith(key + "-") for t in v.languages)
            or (base_lang(key) == key and v.lang == key)]
