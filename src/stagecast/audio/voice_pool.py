"""Distinct automatic voices: the roles that speak one language share out the installed voices
for it, best engine first, so two characters do not sound alike while voices remain.

Order of the pool for a language: every voice of the best installed engine that speaks it (a
Piper voice, then RHVoice's LGPL voices — its non-commercial ones are never chosen unasked —, then
the next engine's, then eSpeak NG's voice for the language with each of its variants. Roles take
from it in the play's role order (the narrator last), those with a ``gender:`` first: the first
voice not yet taken whose gender is the role's (a voice of unknown gender next), else the first
not taken. When none is left, the pool is used again with the pitch moved further from normal each
round. Roles whose voices.yaml entry names their voice are served first, so no automatic voice
repeats theirs if that can be avoided. Deterministic: the same play always gets the same voices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .engines.base import VoiceInfo, base_lang

ESPEAK_VARIANTS = ("m1", "f1", "m2", "f2", "m3", "f3", "m4", "f4", "m5", "f5", "m6", "m7")
"""eSpeak NG variants tried, alternating so that either gender finds one early."""
PITCH_STEPS = (8, -8, 16, -16, 24, -24)
"""How far from normal (50) the pitch moves in each round once every voice is taken."""
_PITCHLESS = ("piper",)
"""Engines that cannot move a voice's pitch: not used again with another pitch."""


@dataclass(frozen=True)
class Choice:
    """One voice the pool gives out."""

    engine: str
    voice: VoiceInfo
    variant: str | None = None
    pitch: int | None = None

    @property
    def gender(self) -> str | None:
        if self.variant and self.variant[0] in "mf" and self.variant[1:].isdigit():
            return "male" if self.variant[0] == "m" else "female"
        return self.voice.gender

    def same_voice(self) -> tuple[str, str, str | None, int | None]:
        return (self.engine, self.voice.id.casefold(), self.variant, self.pitch)


def pool_for(lang: str, engines: Iterable[str], voices_of: Callable[[str], list[VoiceInfo]],
             variants_of: Callable[[str], set[str] | None]) -> list[Choice]:
    """Every voice for ``lang``, in the order roles take them (module docstring)."""
    base = base_lang(lang)
    pool: list[Choice] = []
    for engine in engines:
        speaking = [v for v in voices_of(engine) if v.lang == base and _free(engine, v)]
        variants = variants_of(engine)
        if variants:  # eSpeak NG: its one plain voice for the language, then that voice's variants
            from .voice_choice import voice_for_language

            plain = voice_for_language(voices_of(engine), lang)
            speaking = [plain] if plain else []
            pool += [Choice(engine, v) for v in speaking]
            pool += [Choice(engine, v, variant) for v in speaking for variant in ESPEAK_VARIANTS if variant in variants]
        else:
            pool += [Choice(engine, v) for v in speaking]
    return pool


def _free(engine: str, voice: VoiceInfo) -> bool:
    """Whether a voice may be chosen without being asked for: RHVoice's non-commercial voices
    (Debian's rhvoice-russian installs several) only when voices.yaml names them."""
    if engine != "rhvoice":
        return True
    from .engines.rhvoice import LGPL_VOICES

    return voice.id.casefold() in LGPL_VOICES


def share_out(roles: list[tuple[str | None, str | None]], pool: list[Choice],
              taken: Iterable[tuple[str, str, str | None]]) -> dict[str | None, Choice]:
    """Each of ``roles`` ((role id, gender), in order) gets a choice from ``pool``; ``taken``:
    voices already given to roles by their voices.yaml entries."""
    used = {(*voice, None) for voice in taken}
    given: dict[str | None, Choice] = {}
    # Roles the play gives a gender choose first: a role that would take any voice must not take
    # the one voice of a gender another role needs (RHVoice has one LGPL male Russian voice).
    for role, gender in sorted(roles, key=lambda r: r[1] is None):
        free = [c for c in pool if c.same_voice() not in used]
        choice = _best(free, gender) or _again(pool, gender, used)
        if choice is not None:
            used.add(choice.same_voice())
            given[role] = choice
    return given


def _best(free: list[Choice], gender: str | None) -> Choice | None:
    if not free:
        return None
    if gender is None:
        return free[0]
    return (next((c for c in free if c.gender == gender), None) or next((c for c in free if c.gender is None), None)
            or free[0])


def _again(pool: list[Choice], gender: str | None, used: set[tuple]) -> Choice | None:
    """Every voice taken: one used again, with its pitch moved (rounds go further from normal),
    the first such not given yet."""
    movable = [c for c in pool if c.engine not in _PITCHLESS] or pool
    if not movable:
        return None
    matching = [c for c in movable if gender is None or c.gender == gender] or movable
    tries = [Choice(c.engine, c.voice, c.variant, 50 + step) for step in PITCH_STEPS for c in matching]
    return next((c for c in tries if c.same_voice() not in used), tries[-1])
