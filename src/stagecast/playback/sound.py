"""Choosing between spoken rehearsal (a player and a TTS voice) and text-only mode."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Play
from ..voice_settings import VoiceConfig
from .players import detect
from .rehearsal import Silent, Voice

TEXT_ONLY_NO_PLAYER = "text only: no audio device or player found"
TEXT_ONLY_ASKED = "text only: --no-sound"


def sound_for(play: Play, voices: Callable[[], VoiceConfig], player_name: str | None,
              no_sound: bool, performer: str | None = None, stale_takes: str = "skip") -> tuple[Voice, str]:
    """The voice to speak with and a note saying which mode this is. ``voices`` reads the play's
    voices.yaml, and is called only when there is a player to speak through: text-only
    rehearsal never reads it (a mistake in it does not stop that)."""
    if no_sound:
        return Silent(), TEXT_ONLY_ASKED
    player = detect(player_name)
    if player is None:
        return Silent(), TEXT_ONLY_NO_PLAYER
    from .spoken import SpokenVoice

    return SpokenVoice.create(play, voices, player, performer, stale_takes), f"with sound through {player.name}"
