"""What a revision means for one performer, and the marks a revised sheet carries.

A performer's news is every line of theirs that is new, changed, moved, cut or no longer
theirs, **and every line whose cue changed** even if the line did not: the cue is rendered
exactly as on their cue sheet (:func:`stagecast.cueing.cue_for`, seen by them, in the new
and in the old version) and compared as text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..cueing import DEFAULT_CUE_WORDS, LineCue, cue_for, cues_for
from ..cuesheets.sheet import SheetLine
from ..cuesheets.sheet_text import cue_pieces
from ..labels import speaker_label
from ..model import Direction, Performer, Play, Speech
from ..reports.summary import plural
from ..rules import roles_needed
from ..text import display_text
from .compare import Change, Revision, SceneDiff
from .marks import RevisionMarks

LineStatus = Literal["added", "gained", "changed", "moved", "same", "cut", "lost"]
"""added: new in the play; gained: an existing line that is now theirs (recast or reassigned);
cut: gone from the play; lost: still in the play, said by someone else now."""


@dataclass(frozen=True)
class LineNews:
    status: LineStatus
    change: Change
    old_cue: str | None
    new_cue: str | None
    """The cue as the cue sheet prints it (None where the line is not theirs in that version)."""

    @property
    def old(self) -> Speech | None:
        return self.change.old  # type: ignore[return-value]

    @property
    def new(self) -> Speech | None:
        return self.change.new  # type: ignore[return-value]

    @property
    def cue_changed(self) -> bool:
        return self.old_cue is not None and self.new_cue is not None and self.old_cue != self.new_cue

    @property
    def line_changed(self) -> bool:
        """The line itself is news: new, changed, moved, cut or no longer theirs."""
        return self.status != "same"


@dataclass(frozen=True)
class PartNews:
    """Everything that changed for one performer, in running order."""

    revision: Revision
    performer: Performer
    old_performer: Performer | None
    lines: tuple[LineNews, ...]
    directions: tuple[Change, ...]
    """Changed stage directions naming their roles (those inside a cue show in the cue)."""

    @property
    def roles_gained(self) -> tuple[str, ...]:
        before = set(self.old_performer.roles) if self.old_performer else set()
        return tuple(r for r in self.performer.roles if r not in before)

    @property
    def roles_lost(self) -> tuple[str, ...]:
        now = set(self.performer.roles)
        return tuple(r for r in (self.old_performer.roles if self.old_performer else ()) if r not in now)

    @property
    def scenes_gained(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Roles they played before and play now in more scenes: (role, the scenes gained)."""
        return _scene_changes(self, gained=True)

    @property
    def scenes_lost(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Roles they still play, in fewer scenes: (role, the scenes no longer theirs)."""
        return _scene_changes(self, gained=False)

    @property
    def empty(self) -> bool:
        return not (self.lines or self.directions or self.roles_gained or self.roles_lost or self.scenes_gained
                    or self.scenes_lost)


def _scene_changes(news: PartNews, gained: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per-scene casting that changed, in scenes both versions have where the role appears."""
    old, new = news.revision.old, news.revision.new
    if news.old_performer is None:
        return ()
    both = [s.id for s in new.scenes if any(o.id == s.id for o in old.scenes)]
    out = []
    for role in (r for r in news.performer.roles if r in news.old_performer.roles):
        was = {s for s in both if news.old_performer.plays(role, s) and role in roles_needed(old.scene(s))}
        now = {s for s in both if news.performer.plays(role, s) and role in roles_needed(new.scene(s))}
        changed = tuple(s for s in both if s in (now - was if gained else was - now))
        if changed:
            out.append((role, changed))
    return tuple(out)


def cue_text(play: Play, speech: Speech, performer: str | None, words: int = DEFAULT_CUE_WORDS) -> str:
    """A line's cue as one string, built from the same pieces the cue sheets print."""
    return render_cue(play, cue_for(play, speech, performer, words))


def render_cue(play: Play, cue: LineCue) -> str:
    return "   ".join(f"[{t}]" if k == "item" else t for k, t in cue_pieces(SheetLine(cue, ()), play))


def _old_performer(revision: Revision, performer: Performer) -> Performer | None:
    for candidate in revision.old.performers:
        if candidate.id == performer.id:
            return candidate
    name = performer.name.casefold()
    return next((p for p in revision.old.performers if p.name.casefold() == name), None)


def part_news(revision: Revision, performer_id: str, cue_words: int = DEFAULT_CUE_WORDS) -> PartNews:
    """What changed for the performer ``performer_id`` of the new version."""
    performer = revision.new.performer(performer_id)
    old_performer = _old_performer(revision, performer)
    cues = ({id(c.speech): c for c in cues_for(revision.old, old_performer.id, cue_words)} if old_performer else {},
            {id(c.speech): c for c in cues_for(revision.new, performer.id, cue_words)})
    lines = []
    for scene in revision.scenes:
        for change in scene.entries:
            news = _line_news(revision, change, cues)
            if news is not None and (news.status != "same" or news.cue_changed):
                lines.append(news)
    in_cues = {id(i) for side in cues for c in side.values() for i in c.between}
    return PartNews(revision, performer, old_performer, tuple(lines),
                    _directions(revision, performer, old_performer, in_cues))


def _line_news(revision: Revision, change: Change, cues: tuple[dict[int, LineCue], dict[int, LineCue]]) -> LineNews | None:
    """The news about one change for a performer whose cues (old, new) are ``cues``."""
    old, new = change.old, change.new
    old_cue, new_cue = cues[0].get(id(old)), cues[1].get(id(new))
    if old_cue is None and new_cue is None:
        return None
    if new_cue is None:
        return LineNews("cut" if new is None else "lost", change, None, None)
    new_text = render_cue(revision.new, new_cue)
    if old is None:
        return LineNews("added", change, None, new_text)
    if old_cue is None:
        return LineNews("gained", change, None, new_text)
    return LineNews(change.kind, change, render_cue(revision.old, old_cue), new_text)  # type: ignore[arg-type]


def _directions(revision: Revision, performer: Performer, old_performer: Performer | None,
                in_cues: set[int]) -> tuple[Change, ...]:
    out = []
    for change in revision.changes():
        old, new = change.old, change.new
        # Directions naming a role they play in that scene (per-scene casting), in either version.
        concerns = (isinstance(new, Direction) and change.new_scene is not None
                    and any(performer.plays(r, change.new_scene.id) for r in new.roles)) or \
                   (isinstance(old, Direction) and old_performer is not None and change.old_scene is not None
                    and any(old_performer.plays(r, change.old_scene.id) for r in old.roles))
        if concerns and id(old) not in in_cues and id(new) not in in_cues:
            out.append(change)
    return tuple(out)


# -- marks ----------------------------------------------------------------------
def performer_marks(news: PartNews) -> RevisionMarks:
    """The marks and "Changed since …" notes of one performer's revised cue sheet."""
    revision = news.revision
    lines = frozenset(n.new.number for n in news.lines if n.new is not None and n.status in _MARKED)
    cues = frozenset(n.new.number for n in news.lines if n.new is not None and n.cue_changed)
    return RevisionMarks(revision.old_label, revision.date, lines, cues, tuple(_notes(news)) or (_NOTHING,))


def marks_by_performer(revision: Revision, cue_words: int = DEFAULT_CUE_WORDS) -> Callable[[str], RevisionMarks]:
    """Performer id → the marks of their revised cue sheet (what ``cues --since`` draws)."""
    return lambda performer_id: performer_marks(part_news(revision, performer_id, cue_words))


def play_marks(revision: Revision) -> RevisionMarks:
    """Marks for the whole script: every new, changed or moved speech; notes by scene."""
    lines = frozenset(c.new.number for c in revision.changes()
                      if isinstance(c.new, Speech) and c.kind in _MARKED)
    notes = [n for scene in revision.scenes if (n := scene_summary(scene))]
    return RevisionMarks(revision.old_label, revision.date, lines, frozenset(), tuple(notes) or (_NOTHING,))


_MARKED = ("added", "gained", "changed", "moved")
_NOTHING = "Nothing changed."


def scene_summary(scene: SceneDiff) -> str | None:
    """"Prologue: 2 speeches changed, 1 cut; 1 cue changed." (None when nothing changed)."""
    title = scene.scene.title
    if scene.status in ("added", "removed"):
        return f"{'New scene' if scene.status == 'added' else 'Scene cut'}: {title}."
    counts: dict[str, int] = {}
    for change in scene.changes:
        what = "speech" if change.what == "speech" else "cue" if "cue" in change.what else change.what
        counts[f"{what}|{change.kind}"] = counts.get(f"{what}|{change.kind}", 0) + 1
    parts = [f"{plural(n, key.split('|')[0])} {_VERB[key.split('|')[1]]}" for key, n in counts.items()]
    parts += [f"{name} changed" for name, _, _ in scene.fields]
    if scene.moved:
        parts.append("the scene moved")
    return f"{title}: {', '.join(parts)}." if parts else None


_VERB = {"changed": "changed", "added": "added", "removed": "cut", "moved": "moved", "cut": "marked cut",
         "restored": "restored"}


def snippet(speech: Speech, count: int = 6) -> str:
    """The first words of a speech, for naming a line that is no longer on the sheet."""
    tokens = display_text(speech).split()
    return " ".join(tokens[:count]) + ("…" if len(tokens) > count else "")


def _roles(play: Play, speech: Speech, roles: tuple[str, ...]) -> str:
    """The speaker as the other diff lines print it, by the one rule (:func:`stagecast.labels.speaker_label`),
    in capitals: a labelled group line names ``roles`` of its speakers after the label, "ALL (THE MAN)"."""
    mine = tuple(r for r in speech.speakers if r in roles) or speech.speakers
    return speaker_label(play, speech, mine).upper()


def casting_notes(news: PartNews) -> list[str]:
    """"You now also play …" / "You no longer play …" sentences."""
    revision = news.revision
    notes = [_gained_note(news, role) for role in news.roles_gained]
    for role in news.roles_lost:
        who = ", ".join(p.name for p in revision.new.performers_of(role)) if role in _role_ids(revision.new) else ""
        name = revision.old.role(role).name
        notes.append(f"You no longer play {name}" + (f"; {who} does." if who else "; the role is cut."))
    for role, scenes in news.scenes_gained:
        notes.append(f"You now play {revision.new.role(role).name} in {', '.join(scenes)}.")
    for role, scenes in news.scenes_lost:
        who = sorted({p.name for s in scenes for p in revision.new.cast_of(role, s)})
        notes.append(f"You no longer play {revision.new.role(role).name} in {', '.join(scenes)}"
                     + (f"; {' and '.join(who)} does." if who else "; no one does yet."))
    return notes


def _notes(news: PartNews) -> list[str]:
    revision, performer = news.revision, news.performer
    notes = casting_notes(news)
    gained_roles = set(news.roles_gained)
    for line in news.lines:
        if line.status == "gained" and line.new is not None and gained_roles & set(line.new.speakers):
            continue
        if line.status == "lost" and line.old is not None and set(news.roles_lost) & set(line.old.speakers):
            continue
        notes.append(line_note(revision, performer, line))
    notes += [_direction_note(c) for c in news.directions]
    return notes


def _role_ids(play: Play) -> set[str]:
    return {r.id for r in play.roles}


def _gained_note(news: PartNews, role: str) -> str:
    play = news.revision.new
    numbers = [f"#{n.new.number}" for n in news.lines
               if n.status in ("gained", "added") and n.new is not None and role in n.new.speakers]
    lines = f": {', '.join(numbers)} are new to you" if len(numbers) > 1 else \
        f": {numbers[0]} is new to you" if numbers else ""
    return f"You now also play {play.role(role).name}{lines}."


def line_note(revision: Revision, performer: Performer, line: LineNews) -> str:
    """One sentence naming a line and its news: "#5 The Director: line changed."."""
    if line.new is None or line.status == "lost":
        return _gone_note(revision, performer, line)
    head = f"#{line.new.number} {_roles(revision.new, line.new, performer.roles)}"
    what = {"added": "new line", "gained": "this line is now yours", "changed": "line changed",
            "same": "", "moved": _moved(line)}
    text = what[line.status]
    if line.status == "moved" and line.change.edited:
        text += " and changed"
    if line.cue_changed:
        text = f"{text} and cue changed" if text else "cue changed"
    return f"{head}: {text}."


def _gone_note(revision: Revision, performer: Performer, line: LineNews) -> str:
    old, new = line.old, line.new
    assert old is not None
    roles = _roles(revision.old, old, performer.roles)
    if new is None:
        return f"Cut (was #{old.number}) {roles}: “{snippet(old)}”"
    if set(new.speakers) == set(old.speakers):
        cast = " and ".join(p.name for r in new.speakers for p in revision.new.performers_of(r)) or "nobody"
        return f"#{new.number} {roles}: no longer yours; {cast} plays it now."
    return f"#{new.number} {roles}: no longer yours; now said by {_roles(revision.new, new, new.speakers)}."


def _moved(line: LineNews) -> str:
    old_scene, new_scene, old = line.change.old_scene, line.change.new_scene, line.old
    was = f" (was #{old.number})" if old is not None and line.new is not None and old.number != line.new.number else ""
    if old_scene is not None and new_scene is not None and old_scene.id != new_scene.id:
        return f"line moved from {old_scene.title}{was}"
    return f"line moved{was}"


def _direction_note(change: Change) -> str:
    item = change.item
    text = item.text if isinstance(item, Direction) else ""
    words = text.split()
    short = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    scene = change.new_scene or change.old_scene
    where = f" in {scene.title}" if scene else ""
    verb = _VERB[change.kind]
    return f"Direction {verb}{where}: [{short}]"


def revision_marks(revision: Revision, performer_id: str | None = None) -> RevisionMarks:
    """The marks for ``--since``: a performer's (their lines and cues) or the whole play's."""
    if performer_id is None:
        return play_marks(revision)
    return performer_marks(part_news(revision, performer_id))
