"""The short description of a play that ``check`` prints when the script is clean."""

from __future__ import annotations

from ..model import Cue, Direction, Pause, Play, Speech
from ..rules import running_seconds, total_words
from ..voice_settings import VoiceConfig


def languages(play: Play) -> list[str]:
    """Every language used: the play's, its roles', and its speeches', in order of first use."""
    found = dict.fromkeys([play.meta.lang])
    found.update(dict.fromkeys(r.lang for r in play.roles if r.lang))
    found.update(dict.fromkeys(s.lang for s in play.speeches() if s.lang))
    return list(found)


def plural(count: int, noun: str) -> str:
    """"1 scene", "2 scenes", "3 speeches"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun}{'es' if noun.endswith(('s', 'sh', 'ch', 'x')) else 's'}"


def format_duration(seconds: float) -> str:
    """"25 s", "34 min", "2 h 39 min"."""
    if seconds < 59.5:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def summary(play: Play, voices: VoiceConfig | None = None) -> str:
    """The play as performed (production cuts left out), and a line counting the cuts if any."""
    cuts = play.cuts
    play = play.performed()
    rates = {r.id: float(voices.rate_for(r.id)) for r in play.roles if voices and voices.rate_for(r.id)}
    intervals = play.intervals
    interval_note = f" (including {plural(len(intervals), 'interval')})" if intervals else ""
    structure = f"{plural(len(play.acts), 'act')}, " if play.acts else ""
    lines = [
        f"{play.meta.title}" + (f" — {play.meta.subtitle}" if play.meta.subtitle else ""),
        f"  structure:    {structure}{plural(len(play.scenes), 'scene')}, {plural(len(intervals), 'interval')}",
        f"  roles:        {len(play.roles)}",
        f"  performers:   {len(play.performers)}",
        f"  speeches:     {len(play.speeches())}",
        f"  words:        {total_words(play):,}",
        f"  languages:    {', '.join(languages(play))}",
        f"  running time: about {format_duration(running_seconds(play, rates))}{interval_note}",
    ]
    if cuts:
        kinds = {Speech: "speech", Direction: "direction", Cue: "cue", Pause: "pause"}
        counted = [plural(n, name) for kind, name in kinds.items() if (n := sum(isinstance(c, kind) for c in cuts))]
        lines.insert(6, f"  cut:          {', '.join(counted)} (left out of every output)")
    return "\n".join(lines)
