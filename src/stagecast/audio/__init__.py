"""Text-to-speech tracks: plan (:mod:`.plan`) → voices (:mod:`.voice_choice`) → clips, cached
(:mod:`.cache`) and made in worker processes (:mod:`.workers`) → placed in time (:mod:`.timing`)
→ the track group (audio, WebVTT, SRT, timeline JSON; :mod:`.output`). See docs/audio.md.

Nothing heavy is imported here: engines load their libraries only when they speak.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "render_audio": "render",
    "AudioOptions": "render",
    "plan_track": "plan",
    "list_voices": "voice_choice",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
