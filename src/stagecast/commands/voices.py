"""``stagecast voices``."""

from __future__ import annotations

import click

from .audio import _engine_name


@click.command("voices")
@click.option("--lang", metavar="CODE", help="Only voices for this language (ru, en-gb, kk…).")
@click.option("--engine", metavar="NAME", callback=_engine_name,
              help="Speech engine: espeak (Linux default) or pyttsx3.")
def command(lang: str | None, engine: str | None) -> None:
    """List the installed voices a voices.yaml may name.

    \b
    Example:
      stagecast voices --lang ru
    """
    from ..audio.voices import list_voices

    found = list_voices(engine, lang)
    width = max((len(v.id) for v in found), default=0)
    for voice in found:
        extra = f", {voice.gender}" if voice.gender else ""
        click.echo(f"{voice.id:<{width}}  {', '.join(voice.languages) or '-'}  ({voice.name}{extra})")
    if not found:
        raise click.ClickException(f"no installed voice for '{lang}'") if lang else click.ClickException("no voices")
