"""The script recogniser: source lines (any document format) → a play, every guess listed.

It reads line by line with the conventions of :mod:`.conventions`: front matter (the first line
is the title), a cast list, act and scene headings (by their words, or by the document's heading
styles), intervals, speeches (speaker and text on one line, or the speaker alone with the speech
below, or a name the document sets apart), parentheticals, and stage directions (lines in
italics or brackets). A speaker name is taken when it is in capitals, in the cast list, pinned
by the user, followed by a colon, set in bold, or met twice; what it could not be sure of is a
:class:`~.cast_and_scenes.Guess`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from ...errors import ScriptError
from ...model import Act, Cue, Interval, Meta, Speech
from ...notation.direction_words import Mentions, direction_kind, make_direction
from ..imported import SpeechText, has_words, plain
from . import conventions as c
from .cast_and_scenes import Collected, Guess, Recognised, SceneDraft
from .source_lines import SourceLine, refuse


@dataclass
class _Open:
    """The speech being read."""

    speakers: tuple[str, ...]
    label: str | None
    text: SpeechText
    line: SourceLine
    paren_only: bool = True
    delivery: str | None = None
    indent: float | None = None


def recognise(lines: list[SourceLine], path: str, pinned: list[str] | None = None) -> Recognised:
    """The play in ``lines``; ``pinned``: the speakers' names when the user gave them."""
    reader = _Reader([ln for ln in lines if not c.SKIPPED.match(ln.text.strip())], path, pinned or [])
    return reader.read()


class _Reader:
    def __init__(self, lines: list[SourceLine], path: str, pinned: list[str]):
        self.lines = lines
        self.out = Collected(path)
        self.pinned = {c.name_key(n) for n in pinned}
        for name in pinned:
            self.out.cast.add(name, None, None, listed=True)
        self.counts = Counter(c.name_key(m.group("name")) for ln in lines
                              if (m := c.INLINE.match(ln.text.strip()) or c.ALONE.match(ln.text.strip())))
        self.convention = any(n >= 2 for n in self.counts.values())
        """Names written before their speech recur: a name met once in the same form is a speaker too (a guess)."""
        self.mode = "front"
        self.front: list[SourceLine] = []
        self.open: _Open | None = None
        self.on_stage: dict[str, None] = {}
        self.last_speakers: tuple[str, ...] = ()
        self.spoken: list[tuple[Speech, SourceLine]] = []
        self.last_indent: float | None = None

    # -- the whole document ---------------------------------------------------------------
    def read(self) -> Recognised:
        skip = False
        for i, line in enumerate(self.lines):
            if skip:
                skip = False
                continue
            skip = self._line(i, line)
        self._close()
        self._seen_once()
        meta = self._meta()
        self._acts_for_every_scene()
        recognised = self.out.finish(meta)
        if not recognised.play.speeches():
            raise self._nothing_found()
        return recognised

    def _meta(self) -> Meta:
        texts = [ln.text for ln in self.lines]
        title = self.front[0].text.strip() if self.front else PurePath(self.out.path).stem
        notes = "\n".join(ln.text.strip() for ln in self.front[1:]) or None
        return Meta(title=plain(title), lang=c.guess_language(texts), notes=notes, loc=self.out.loc(None))

    def _acts_for_every_scene(self) -> None:
        """A play with acts puts every scene in one: scenes before the first act get an act of their own."""
        drafts = [p for p in self.out.parts if isinstance(p, SceneDraft) and p.items]
        if self.out.acts and any(d.act is None for d in drafts):
            first = next(d for d in drafts if d.act is None)
            self.out.acts.insert(0, Act("0", first.title))
            for draft in drafts:
                draft.act = draft.act or "0"

    def _nothing_found(self) -> ScriptError:
        found = f"{len(self.lines)} line{'' if len(self.lines) == 1 else 's'} of text"
        headings = sum(1 for p in self.out.parts if isinstance(p, SceneDraft) and p.from_heading)
        if headings:
            found += f", {headings} scene headings"
        return refuse(self.out.path, f"no speeches recognised: found {found}, but no line that names a "
                      "speaker (TATYANA: text, ТАТЬЯНА. Текст, or the name alone on a line above the speech)",
                      "name the speakers with --speaker NAME (repeated) or --speakers FILE (one name a line), "
                      "or write each speech as NAME: text; docs/import.md lists the conventions")

    # -- one line ---------------------------------------------------------------------------
    def _line(self, i: int, line: SourceLine) -> bool:
        """Read line ``i``; True when it consumed the next line too."""
        text = line.text.strip()
        if self.mode == "cast" and self._cast_line(line):
            return False
        if c.CONTENTS.match(text) or c.TOC_LINE.search(text):
            return False
        if c.CAST.match(text):
            self._close()
            self.mode = "cast"
            return False
        if c.INTERVAL.match(text):
            return self._interval(i, line)
        if self._heading(line):
            return False
        if line.speaker is not None and (cue := c.cue_tag(line.speaker)) is not None:
            self._close()  # the speech before ends: a NAME (CONT’D) after the cue is a speech of its own
            self._add(Cue(cue[0], plain(text), cue[1], loc=self.out.loc(line)), line)  # type: ignore[arg-type]
            return False
        start = self._start(i, line)
        if start is not None:
            self._speech(line, *start)
            return False
        if self.mode == "front":
            self.front.append(line)
            return False
        self._other(line, text)
        return False

    def _cast_line(self, line: SourceLine) -> bool:
        """A line of the cast list; False when the list has ended (the line is read as anything else)."""
        text = line.text.strip()
        found = c.HEADING.match(text)
        if (line.heading or (c.heading(text) and not (found and found.group("single"))) or c.INTERVAL.match(text)
                or c.CONTENTS.match(text) or c.TOC_LINE.search(text)):  # a Prologue in the cast list is a role
            self.mode = "play"
            return False
        if line.italic or c.bracketed(text):
            return True
        name, description = c.cast_entry(text, line.speaker)
        if not name or len(name) > 60 or self.out.cast.listed(name):
            self.mode = "play"  # a name met again: the dialogue has begun
            return False
        if self.pinned and c.name_key(name) not in self.pinned:
            return True
        self.out.cast.add(name, plain(description) if description else None, line, listed=True)
        return True

    def _interval(self, i: int, line: SourceLine) -> bool:
        self._close()
        following = self.lines[i + 1].text.strip() if i + 1 < len(self.lines) else ""
        minutes = c.MINUTES.match(following)
        self.mode = "play"
        self.out.parts.append(Interval(float(minutes.group(1)) if minutes else 15.0, plain(line.text),
                                       loc=self.out.loc(line)))
        return minutes is not None

    def _heading(self, line: SourceLine) -> bool:
        text = line.text.strip()
        found = c.heading(text)
        if found is None and line.heading is None:
            return False
        named = c.INLINE.match(text) or c.ALONE.match(text)
        if line.heading is None and named and self.out.cast.listed(named.group("name")):
            return False  # PROLOGUE: a role of the cast list, speaking
        self._close()
        lone = sum(1 for ln in self.lines if ln.heading == line.heading) < 3
        if self.mode == "front" and found is None and (not self.front or lone):
            self.front.append(line)  # the title, and a title page's lines in large type ("Copy for Actor C")
            return True
        self.mode = "play"
        self.on_stage.clear()
        level = found.level if found else self._level_by_look(line)
        if level == "act":
            act_id = str(len(self.out.acts) + 1)
            self.out.acts.append(Act(act_id, plain(text), loc=self.out.loc(line)))
            return True
        act = self.out.acts[-1].id if self.out.acts else None
        draft = SceneDraft(plain(text), act, line)
        self.out.parts.append(draft)
        if found is None and lone:
            self.out.guesses.append(Guess(line, f"'{plain(text)}' read as a scene heading by its look "
                                          "(a heading style or large bold type)", draft))
        return True

    def _level_by_look(self, line: SourceLine) -> str:
        """An act when headings of this size name acts elsewhere, or when it is the largest of two
        heading sizes the document uses for headings that name neither."""
        levels = {ln.heading for ln in self.lines if ln.heading is not None and c.heading(ln.text) is not None
                  and c.heading(ln.text).level == "act"}  # type: ignore[union-attr]
        if levels:
            return "act" if line.heading in levels else "scene"
        unknown = sorted({ln.heading for ln in self.lines[1:] if ln.heading is not None and not c.CAST.match(ln.text)
                          and not c.CONTENTS.match(ln.text.strip())})
        return "act" if len(unknown) > 1 and line.heading == unknown[0] else "scene"

    # -- speeches ---------------------------------------------------------------------------
    def _start(self, i: int, line: SourceLine) -> tuple[str, str | None, str | None] | None:
        """(speaker as written, delivery, text on the same line) when line ``i`` starts a speech."""
        text = line.text.strip()
        if line.speaker is not None:
            return line.speaker, None, text
        if line.italic or c.bracketed(text) or c.TRANSITION.match(text):
            return None
        if self.open is not None and self.open.paren_only and not c.is_caps(text.split(".")[0].split(":")[0]):
            return None  # the line under a name alone is its speech ("Yep. Well, I mean…")
        strict = self.mode == "front"  # a title page's centred lines (the author's name) are no speakers
        if strict and not self.front and not c.is_caps(text.split("(")[0].strip(" .:")) and not c.INLINE.match(text):
            return None  # the first line is the title
        inline = c.INLINE.match(text)
        if inline and self._accept(inline.group("name"), not strict and (inline.group("sep") == ":" or line.bold)):
            return inline.group("name"), inline.group("delivery"), inline.group("text")
        alone = c.ALONE.match(c.CONTINUED.sub("", text))
        if alone and i + 1 < len(self.lines) and self._accept(alone.group("name"), not strict and (line.bold or line.centred), True):
            following = self.lines[i + 1]
            if not (following.heading or c.heading(following.text) or following.speaker):
                return text if c.CONTINUED.search(text) else alone.group("name"), alone.group("delivery"), None
        return None

    def _accept(self, name: str, marked: bool, alone: bool = False) -> bool:
        key = c.name_key(c.CONTINUED.sub("", name))
        if key in c.GROUP:
            return True
        if self.pinned:
            return key in self.pinned or self.out.cast.find(name) is not None
        if self.out.cast.listed(name) or all(self.out.cast.listed(part) for part in c.GROUP_JOIN.split(name)):
            return True
        if self.mode == "front":  # a title page's lines in capitals are no speakers: a speaker comes back
            return self.counts[key] >= 2
        if c.is_caps(name):
            return True
        return marked or (not alone and (self.counts[key] >= 2 or (self.convention and len(key.split()) <= 2)))

    def _speech(self, line: SourceLine, name: str, delivery: str | None, text: str | None) -> None:
        self.mode = "play"
        if delivery and self.out.cast.listed(f"{name} ({delivery})"):
            name, delivery = f"{name} ({delivery})", None  # the bracket is part of the name the cast list gives
        continued = bool(c.CONTINUED.search(name))
        name = c.CONTINUED.sub("", name).strip()
        speakers, label = self._speakers(name, line)
        if not (continued and self.open is not None and self.open.speakers == speakers):
            self._close()
            self.open = _Open(speakers, label, SpeechText(literal_parens=False), line)
        if delivery and self.open.delivery is None and not self.open.text.lines[-1]:
            self.open.delivery = plain(delivery)
        elif delivery:
            self.open.text.paren(f"({delivery})")
        if text:
            self._say(text, line)

    def _speakers(self, name: str, line: SourceLine) -> tuple[tuple[str, ...], str | None]:
        if c.name_key(name) in c.GROUP and self.out.cast.find(name) is None:
            on_stage = tuple(self.on_stage)
            if on_stage:
                self.out.guesses.append(Guess(line, f"'{name}' read as one speech by everyone on stage "
                                              f"({', '.join(on_stage)})"))
                return on_stage, name
            self.out.guesses.append(Guess(line, f"'{name}' names a group, but nobody is known to be on stage: "
                                          "read as a role of its own"))
        parts = c.GROUP_JOIN.split(name)
        if len(parts) > 1 and self.out.cast.find(name) is None:
            found = [self.out.cast.find(part) for part in parts]
            if all(found):
                return tuple(dict.fromkeys(r.id for r in found if r)), None
        role = self.out.cast.find(name) or self.out.cast.add(name, None, line, listed=False)
        return (role.id,), None

    def _goes_on(self, line: SourceLine) -> bool:
        """A paragraph with no speaker after a speech goes on with it: the line under the name, a
        line of the same paragraph, or a paragraph set like the speech's (a guess: it may be a direction)."""
        assert self.open is not None
        if self.open.paren_only or line.follows:
            return True
        if line.indent is not None and self.open.indent is not None and abs(line.indent - self.open.indent) > 5:
            return False  # set like the action, not the dialogue (a screenplay)
        self.out.guesses.append(Guess(line, "a paragraph with no speaker under a speech: read as the speech going "
                                      "on (it may be a stage direction)"))
        return True

    def _say(self, text: str, line: SourceLine | None = None) -> None:
        assert self.open is not None
        if self.open.indent is None and line is not None:
            self.open.indent = line.indent
        if self.open.text.lines[-1]:
            self.open.text.spoken(" ")
        self.open.text.mixed(text)
        if has_words(self.open.text.parts()):
            self.open.paren_only = False

    def _close(self) -> None:
        spoken, self.open = self.open, None
        if spoken is None:
            return
        parts = spoken.text.parts()
        if not has_words(parts):
            note = " ".join(p.text for p in parts if hasattr(p, "text")) or spoken.label or ""
            self._add(make_direction(note or "…", spoken.speakers, self.out.loc(spoken.line)), spoken.line)
            return
        speech = Speech(spoken.speakers, parts, delivery=spoken.delivery, label=spoken.label,
                        loc=self.out.loc(spoken.line))
        self._add(speech, spoken.line)
        for guess in self.out.guesses:
            if guess.item is None and guess.line is spoken.line:
                guess.item = speech
        self.on_stage.update(dict.fromkeys(spoken.speakers))
        self.last_speakers = spoken.speakers
        self.last_indent = spoken.indent
        self.spoken.append((speech, spoken.line))

    def _seen_once(self) -> None:
        """A speaker met once who is in no cast list and was not pinned: perhaps no speaker at all."""
        counts = Counter(r for speech, _ in self.spoken for r in speech.speakers)
        unlisted = {r.id: r for r in self.out.cast.roles.values() if not r.listed}
        for speech, line in self.spoken:
            if speech.label is None and len(speech.speakers) == 1 and counts[speech.speakers[0]] == 1 \
                    and speech.speakers[0] in unlisted:
                name = unlisted[speech.speakers[0]].name
                self.out.guesses.append(Guess(line, f"speaker '{name}' is met only once: check it is a speaker", speech))

    # -- directions and the rest ----------------------------------------------------------
    def _other(self, line: SourceLine, text: str) -> None:
        marked = line.italic or c.bracketed(text)
        if marked and self.open is not None and self.open.paren_only:
            self.open.text.paren(f"({c.unbracketed(text)})")
            return
        if not marked and self.open is not None and self._goes_on(line):
            self._say(text, line)
            return
        self._close()
        draft = self._scene(line)
        words = c.unbracketed(text)
        if marked and draft.from_heading and not draft.items and not draft.setting and direction_kind(words) == "business":
            draft.setting = plain(words)
            return
        mentions = Mentions({r.id: [r.name] for r in self.out.cast.roles.values()})
        direction = make_direction(words, mentions.find(words), self.out.loc(line), previous_speakers=self.last_speakers)
        self._add(direction, line)
        set_apart = line.indent is not None and self.last_indent is not None and abs(line.indent - self.last_indent) > 5
        if not marked and self.last_speakers and not set_apart:
            self.out.guesses.append(Guess(line, "a line after the speeches with no speaker and neither italic nor "
                                          "in brackets: read as a stage direction (it may be a speech)", direction))
        if direction.kind == "entrance":
            self.on_stage.update(dict.fromkeys(direction.roles))
        elif direction.kind == "exit":
            for role in direction.roles:
                self.on_stage.pop(role, None)

    def _scene(self, line: SourceLine) -> SceneDraft:
        """The scene an item goes in: the current one, or one titled like the act or the play."""
        parts = self.out.parts
        act = self.out.acts[-1] if self.out.acts else None
        last = parts[-1] if parts else None
        if not isinstance(last, SceneDraft) or last.act != (act.id if act else None):
            title = act.title if act else (self.front[0].text.strip() if self.front else PurePath(self.out.path).stem)
            parts.append(SceneDraft(plain(title), act.id if act else None, line, from_heading=False))
        self.mode = "play"
        return parts[-1]  # type: ignore[return-value]

    def _add(self, item, line: SourceLine) -> None:  # type: ignore[no-untyped-def]
        self._scene(line).items.append(item)
