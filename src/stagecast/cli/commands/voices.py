"""``stagecast voices``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from ..options import engine_option

if TYPE_CHECKING:
    from ...audio.engines.base import VoiceInfo


@click.command("voices")
@click.option("--lang", metavar="CODE", help="Only voices for this language (ru, en-gb, kk…).")
@engine_option
@click.option("--variants", is_flag=True, help="List the voice variants (variant: in voices.yaml) instead.")
def command(lang: str | None, engine: str | None, variants: bool) -> None:
    """List the installed voices a voices.yaml may name.

    \b
    Example:
      stagecast voices --lang ru
      stagecast voices --variants
    """
    from ...audio.voice_choice import list_voices
    from ...errors import BackendError

    if variants:
        _list_variants(engine)
        return
    found = list_voices(engine, lang)
    if not found and lang:
        # A language nothing speaks is a bad --lang value (exit 2), answered with the ones there are.
        raise click.BadParameter(_unknown_language(lang, list_voices(engine)), param_hint="'--lang'")
    if not found:
        raise BackendError("the speech engine has no voices installed",
                           hint="reinstall it, or try the other one: --engine espeak or --engine pyttsx3")
    width = max(len(v.id) for v in found)
    for voice in found:
        extra = f", {voice.gender}" if voice.gender else ""
        click.echo(f"{voice.id:<{width}}  {', '.join(voice.languages) or '-'}  ({voice.name}{extra})")


def _unknown_language(lang: str, voices: list[VoiceInfo]) -> str:
    from ...readers.language_codes import suggestion

    meant = suggestion(lang)  # a country's code (kz, ua) or a language's name
    if meant and any(v.lang == meant for v in voices):
        return f"no installed voice speaks '{lang}' (did you mean '{meant}'?)"
    # Every language, not a guess: "kaz" looks like Georgian's "ka" but means Kazakh ("kk").
    codes = sorted({v.lang for v in voices})
    return f"no installed voice speaks '{lang}'; give one of the languages they speak: {', '.join(codes)}"


def _list_variants(engine: str | None) -> None:
    from ...audio.engines import get_engine

    chosen = get_engine(engine)
    names = getattr(chosen, "variants", None)
    if names is None:
        click.echo(f"the {chosen.name} engine has no variants: give each role another voice: instead", err=True)
        return
    click.echo("\n".join(sorted(names(), key=_variant_order)))


def _variant_order(name: str) -> tuple[int, str]:
    """female and male first, then f1…f5 and m1…m8, then the named ones, whatever their case."""
    rank = 0 if name in ("female", "male") else 1 if re.fullmatch(r"[fm]\d", name) else 2
    return rank, name.casefold()
