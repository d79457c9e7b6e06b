"""Which installed voice says what: voices.yaml + the speech's language → an :class:`EngineVoice`.

Rules (docs/audio.md):

- a role's settings are its ``roles:`` entry on top of ``default:``; directions use
  ``narrator:`` on top of ``default:``;
- a speech's language is its ``lang:``, else its role's, else the play's;
- an entry's engine is the one named on the command line, else its own ``engine:``, else
  voices.yaml's, else the one its settings need or the best installed one (:meth:`VoiceResolver._engine_of`);
- a role with no entry naming its voice gets an automatic one, distinct from the other roles'
  of its language where the engines allow (:mod:`.voice_pool`);
- when the role's voice does not speak that language, the ``languages:`` entry for it is
  used (else the automatic voice for the language); the role keeps its ``variant`` and
  ``pitch`` so the same character sounds alike in both languages, while ``rate`` and
  ``volume`` come from the language entry when it gives them;
- an unknown voice or variant is an error located in voices.yaml, with close matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..errors import Diagnostic, ScriptError
from ..model import Loc, Play
from ..voice_settings import VoiceConfig, VoiceSpec
from .engine_facts import installed_voices
from .engine_set import EngineSet, platform_engine
from .engines.base import Engine, EngineError, EngineVoice, VoiceInfo, base_lang
from .voice_pool import Choice, pool_for, share_out

NARRATOR = None
"""``role`` value meaning "the narrator" (stage directions, scene titles)."""


def _names(voice: VoiceInfo) -> list[str]:
    tail = voice.id.rsplit("/", 1)[-1]
    return [n.casefold().replace("_", "-") for n in (voice.id, tail, voice.name, *voice.languages)]


def find_voice(voices: list[VoiceInfo], wanted: str, by_language: bool = True) -> VoiceInfo | None:
    """The voice named ``wanted`` (its id, the id's last part, its name, or, with ``by_language``, a language tag)."""
    key = wanted.casefold().replace("_", "-")
    for voice in voices:
        if key in (_names(voice) if by_language else _names(voice)[:3]):
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
    if top.voice or top.model or top.engine:  # a role's voice: replaces the default's model:, and the other way round
        values.update(voice=top.voice, model=top.model, engine=top.engine)
    return VoiceSpec(**values, loc=top.loc or base.loc)


@dataclass
class VoiceResolver:
    """Resolves (role or narrator, language) to an engine voice; results (and failures) are memoised.

    ``play`` gives the roles' order and genders, and ``speakers`` which roles speak each language in
    the whole play (:func:`speakers`): the automatic voices are shared out among those
    (:mod:`.voice_pool`), the same whichever part of the play is rendered."""

    config: VoiceConfig
    engines: EngineSet
    play: Play | None = None
    speakers: dict[str, list[str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._memo: dict[tuple[str | None, str], EngineVoice | ScriptError] = {}
        self._models: dict[str, Path] = {}
        """Voice id → the model file voices.yaml named it by (``model:``)."""
        self._shared: dict[str, dict[str | None, Choice]] = {}
        self._variant_sets: dict[str, set[str] | None] = {}

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
        or variant the engine lacks, and each (role, language) of ``wanted`` no voice speaks.
        An engine named but not installed is no such problem: :class:`BackendError` (exit 4), at once."""
        found: dict[tuple, Diagnostic] = {}
        for spec in self._entries():
            checks = [*([self._installed] if spec.fixes_voice() else []),
                      lambda spec: self._check_variant(spec, self._engine_of(spec))]
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
        """voices.yaml's entries, each on its own (so a wrong default is reported once, at the
        default); of a role's list of alternatives, the one used."""
        config = self.config
        own = [self._alternative(s) for s in (config.default, config.narrator, *(s for _, s in config.roles),
                                               *(s for _, s in config.languages))]
        return [spec for spec in own if spec is not None]

    def spec_for(self, role: str | None) -> VoiceSpec:
        own = self.config.narrator if role is NARRATOR else dict(self.config.roles).get(role)
        return merged(self._alternative(self.config.default) or VoiceSpec(), self._alternative(own))

    def _for_language(self, lang: str) -> VoiceSpec | None:
        config = self.config
        return self._alternative(config.for_language(lang) or config.for_language(base_lang(lang)))

    def _alternative(self, spec: VoiceSpec | None) -> VoiceSpec | None:
        """Of an entry's alternatives, the first whose engine is installed (and is the one named on
        the command line, if one is); a single entry is used as it is (a missing engine is then an error)."""
        if spec is None or not spec.others:
            return spec
        named = self.engines.overrides
        for alternative in spec.alternatives():
            engine = alternative.engine
            if engine is None or engine == named or (named is None and self.engines.installed(engine)):
                return replace(alternative, others=())
        return None  # none for the engine named on the command line: the role's voice is chosen automatically

    def _resolve(self, role: str | None, lang: str, where: Loc | None) -> EngineVoice:
        spec = self.spec_for(role)
        chosen = self._installed(spec) if spec.fixes_voice() else None
        if chosen is not None and spec.model:
            self._check_model_language(role, chosen[1])
        pitch = None
        if chosen is None or chosen[1].lang != base_lang(lang):
            for_lang = self._for_language(lang)
            if for_lang is not None:
                chosen = self._installed(for_lang)
                spec = replace(spec, rate=for_lang.rate or spec.rate,
                               volume=for_lang.volume if for_lang.volume is not None else spec.volume,
                               variant=spec.variant or for_lang.variant,
                               pitch=spec.pitch if spec.pitch is not None else for_lang.pitch)
            else:
                auto = self._automatic(role, lang)
                chosen = (auto.engine, auto.voice) if auto else None
                if auto is not None:
                    pitch, spec = auto.pitch, replace(spec, variant=spec.variant or auto.variant)
        if chosen is None:
            engines = self.engines.candidates()
            which = f"{engines[0]} voice" if self.engines.forced else f"installed voice ({', '.join(engines)})"
            raise ScriptError.at(where, f"no {which} speaks '{lang}'; add a voice for it under "
                                        "'languages:' in voices.yaml (`stagecast voices` lists the installed ones)")
        engine_name, info = chosen
        self._check_variant(spec, engine_name)
        voice = EngineVoice(info.id, base_lang(lang), spec.variant, spec.rate,
                            spec.pitch if spec.pitch is not None else pitch,
                            1.0 if spec.volume is None else float(spec.volume), engine=engine_name)
        finish = getattr(self.engines.get(engine_name), "finish_voice", None)  # speaking from model files (Piper)
        if finish is None:
            return voice
        try:
            return replace(finish(voice, self._models.get(info.id)), engine=engine_name)
        except (EngineError, OSError) as exc:
            raise ScriptError.at(spec.loc or where, str(exc)) from None

    def _check_model_language(self, role: str | None, model: VoiceInfo) -> None:
        """A role's own ``model:`` must speak the role's language (a Piper file for another one
        would otherwise be passed over without a word, for an automatic voice)."""
        own = self._alternative(dict(self.config.roles).get(role)) if role is not NARRATOR else None
        if own is None or not own.model or self.play is None:
            return
        spoken = next((r.lang for r in self.play.roles if r.id == role), None) or self.play.meta.lang
        if model.lang and model.lang != base_lang(spoken):
            raise ScriptError.at(own.loc, f"model '{own.model}' speaks '{model.lang}', but role '{role}' speaks "
                                          f"'{spoken}'; give the role a voice for '{spoken}', or put this model under "
                                          f"'languages: {model.lang}:'")

    def _automatic(self, role: str | None, lang: str) -> Choice | None:
        """The voice :mod:`.voice_pool` gives ``role`` for ``lang`` (roles that speak it share them out)."""
        key = base_lang(lang)
        known = self.speakers.setdefault(key, [])
        if role not in known:  # a role met only now (not in the play given): shared out again with it
            known.append(role)
            self._shared.pop(key, None)
        if key not in self._shared:
            engines = self.engines.candidates()
            pool = pool_for(lang, engines, lambda name: self.engines.facts(name).voices, self._variants)
            taken, auto = [], []
            for who in self._in_order(known):
                spec = self.spec_for(who)
                fixed = self._quietly(spec) if spec.fixes_voice() else None
                if fixed is not None and fixed[1].lang == key:
                    taken.append((fixed[0], fixed[1].id.casefold(), spec.variant))
                else:
                    auto.append((who, self._gender(who)))
            self._shared[key] = share_out(auto, pool, taken)
        return self._shared[key].get(role)

    def _in_order(self, roles: list[str | None]) -> list[str | None]:
        order = {r.id: n for n, r in enumerate(self.play.roles)} if self.play else {}
        unique = list(dict.fromkeys(roles))
        return sorted(unique, key=lambda r: (r is NARRATOR, order.get(r, len(order)) if r else 0))

    def _gender(self, role: str | None) -> str | None:
        if self.play is None or role is NARRATOR:
            return None
        return next((r.gender for r in self.play.roles if r.id == role), None)

    def _quietly(self, spec: VoiceSpec) -> tuple[str, VoiceInfo] | None:
        try:
            return self._installed(spec)
        except ScriptError:
            return None  # told where that role's own voice is resolved

    def _model(self, spec: VoiceSpec) -> VoiceInfo:
        """The voice of a ``model:`` file (Piper), or a located error saying why it cannot be one."""
        engine = self.engines.get(self._engine_of(spec))
        model_voice = getattr(engine, "model_voice", None)
        if model_voice is None:
            raise ScriptError.at(spec.loc, f"'model:' names a Piper voice file, which the {engine.name} engine "
                                           "cannot speak; write 'engine: piper' in voices.yaml, or use --engine piper")
        path = Path(spec.model or "")
        try:
            found = model_voice(path)
        except EngineError as exc:
            raise ScriptError.at(spec.loc, f"model '{spec.model}': {exc}") from None
        self._models[found.id] = path
        return found

    def _engine_of(self, spec: VoiceSpec) -> str:
        """The engine an entry's voice belongs to: the one named on the command line, else the
        entry's own, else voices.yaml's, else the one its settings need (``model:`` Piper,
        ``variant:`` eSpeak NG), else the best installed one that has the voice it names."""
        engines = self.engines
        named = engines.overrides or spec.engine or engines.forced
        if named:
            engines.facts(named, spec.loc if spec.engine and not engines.overrides else engines.where)
            return named
        if spec.model:
            return "piper"
        if spec.variant and self._variants(platform_engine()):
            return platform_engine()  # eSpeak NG: the other engines need not be started at all
        candidates = engines.candidates()
        if spec.variant:
            return next((name for name in candidates if self._variants(name)), candidates[-1])
        wanted = spec.voice or spec.lang or ""
        for name in candidates:
            voices = engines.facts(name).voices
            if spec.voice and find_voice(voices, wanted, by_language=False) is not None:
                return name
        for name in candidates:
            voices = engines.facts(name).voices
            if (find_voice(voices, wanted) if spec.voice else voice_for_language(voices, wanted)) is not None:
                return name
        return candidates[-1]

    def _installed(self, spec: VoiceSpec) -> tuple[str, VoiceInfo]:
        name = self._engine_of(spec)
        if spec.model:
            return name, self._model(spec)
        voices = self.engines.facts(name).voices
        wanted = spec.voice or spec.lang or ""
        found = find_voice(voices, wanted) if spec.voice else voice_for_language(voices, wanted)
        if found is None:
            near = close_matches(voices, wanted)
            hint = f" (close: {', '.join(near)})" if near else ""
            raise ScriptError.at(spec.loc, f"the {name} engine has no voice '{wanted}'{hint}; "
                                           f"`stagecast voices --engine {name}` lists the installed ones")
        return name, found

    def _variants(self, name: str) -> set[str] | None:
        if name not in self._variant_sets:
            variants = getattr(self.engines.get(name), "variants", None)
            self._variant_sets[name] = set(variants()) if variants else None
        return self._variant_sets[name]

    def _check_variant(self, spec: VoiceSpec, name: str) -> None:
        if not spec.variant:
            return
        variants = self._variants(name)
        if variants == set():
            raise ScriptError.at(spec.loc, f"the {name} engine has no voice variants; give the role "
                                           "another voice: instead (`stagecast voices` lists them)")
        if variants is not None and spec.variant not in variants:
            import difflib

            folded = {v.casefold(): v for v in sorted(variants)}
            near = [folded[v] for v in difflib.get_close_matches(spec.variant.casefold(), list(folded), n=3)]
            hint = f" (close: {', '.join(near)})" if near else " (female, male, f1-f5, m1-m8 or a named one)"
            raise ScriptError.at(spec.loc, f"unknown voice variant '{spec.variant}'{hint}; "
                                           f"`stagecast voices --variants` lists all {len(variants)}")


def speakers(play: Play) -> dict[str, list[str | None]]:
    """Each language's speakers in the whole play (the narrator, ``None``, in the play's language)."""
    from .utterance import spoken_langs

    found: dict[str, list[str | None]] = {}
    for speech in play.speeches():
        for lang in spoken_langs(play, speech):  # a mixed speech's other languages too
            roles = found.setdefault(base_lang(lang), [])
            if speech.speakers and speech.speakers[0] not in roles:
                roles.append(speech.speakers[0])
    found.setdefault(base_lang(play.meta.lang), []).append(NARRATOR)
    return found


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
