"""``stagecast voices``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..options import engine_option, voices_option

if TYPE_CHECKING:
    from ...audio.engines.base import VoiceInfo
    from ...audio.voice_listing import ListedVoice


@click.command("voices")
@click.option("--lang", metavar="CODE", help="Only voices for this language (ru, en-gb, kk…).")
@engine_option
@click.option("--variants", is_flag=True, help="List the voice variants (variant: in voices.yaml) instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text (default), or json: a list of objects with engine, voice, languages, gender, licence, tier.")
@click.option("--play", "play", type=click.Path(path_type=Path), metavar="PLAY",
              help="Instead: the voice each role of PLAY gets (role: engine:voice (language)), with its voices.yaml.")
@voices_option
def command(lang: str | None, engine: str | None, variants: bool, fmt: str, play: Path | None,
            voices: Path | None) -> None:
    """List the installed voices a voices.yaml may name: every installed engine's, best first
    (or one engine's, with --engine), with language, gender, licence and quality tier.

    \b
    Example:
      stagecast voices --lang ru
      stagecast voices --engine rhvoice --format json
      stagecast voices --variants
      stagecast voices --play script/
    """
    from ...audio.voice_listing import every_voice
    from ...errors import BackendError

    if engine == "auto":
        engine = None  # every engine's voices, as without --engine
    if play is not None:
        _role_voices(play, voices, engine)
        return

    if variants:
        _list_variants(engine, fmt)
        return
    found = every_voice(engine, lang)
    if not found and lang:
        # A language nothing speaks is a bad --lang value (exit 2), answered with the ones there are.
        raise click.BadParameter(_unknown_language(lang, [v.info for v in every_voice(engine)]),
                                 param_hint="'--lang'")
    if not found:
        raise BackendError("the speech engine has no voices installed",
                           hint="reinstall it, or try the other one: --engine espeak or --engine pyttsx3")
    if fmt == "json":
        import json

        click.echo(json.dumps([voice.as_json() for voice in found], ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(_lines(found, with_engine=engine is None)))


def _role_voices(play: Path, voices: Path | None, engine: str | None) -> None:
    from ...api import load_play, load_voices
    from ...audio.render import voice_table

    model = load_play(play)
    click.echo("\n".join(voice_table(model, load_voices(play, model, voices), engine)))


def _lines(found: list[ListedVoice], with_engine: bool) -> list[str]:
    """One line a voice: [engine] voice  languages  (name, gender; licence; tier); the engine
    column only when several engines are listed, so one engine's listing reads as it always has."""
    width = max(len(v.info.id) for v in found)  # written in lowercase: voices.yaml matches without case
    engine_width = max(len(v.engine) for v in found)
    lines = []
    for voice in found:
        info = voice.info
        extra = "".join(f"{sep}{part}" for sep, part in ((", ", info.gender), ("; ", voice.licence)) if part)
        engine = f"{voice.engine:<{engine_width}}  " if with_engine else ""
        lines.append(f"{engine}{info.id.lower():<{width}}  {', '.join(info.languages) or '-'}  "
                     f"({info.name}{extra}; tier {voice.tier}, {voice.tier_name})")
    return lines


def _unknown_language(lang: str, voices: list[VoiceInfo]) -> str:
    from ...readers.language_codes import suggestion

    meant = suggestion(lang)  # a country's code (kz, ua) or a language's name
    if meant and any(v.lang == meant for v in voices):
        return f"no installed voice speaks '{lang}' (did you mean '{meant}'?)"
    # Every language, not a guess: "kaz" looks like Georgian's "ka" but means Kazakh ("kk").
    codes = sorted({v.lang for v in voices})
    return f"no installed voice speaks '{lang}'; give one of the languages they speak: {', '.join(codes)}"


def _list_variants(engine: str | None, fmt: str) -> None:
    from ...audio.engines import get_engine

    chosen = get_engine(engine)
    names = getattr(chosen, "variants", None)
    if names is None:
        click.echo(f"the {chosen.name} engine has no variants: give each role another voice: instead", err=True)
        return
    ordered = sorted(names(), key=_variant_order)
    if fmt == "json":
        import json

        click.echo(json.dumps(ordered, ensure_ascii=False))
        return
    click.echo("\n".join(ordered))


def _variant_order(name: str) -> tuple[int, str]:
    """female and male first, then f1…f5 and m1…m8, then the named ones, whatever their case."""
    rank = 0 if name in ("female", "male") else 1 if re.fullmatch(r"[fm]\d", name) else 2
    return rank, name.casefold()
