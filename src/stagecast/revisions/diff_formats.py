"""``stagecast diff`` output: a revision (or one performer's part of it) as text, Markdown or JSON.

Changes are highlighted word by word (:mod:`stagecast.revisions.words`): plain text in wdiff's
style ``[-old-]{+new+}``, Markdown ``~~old~~ **new**``, JSON a list of operations.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from ..cuesheets.sheet import item_label
from ..labels import speaker_label
from ..model import Cue, Direction, Item, Pause, Play, Speech
from ..reports.summary import plural
from ..text import display_text
from .compare import Change, Revision, SceneDiff
from .performer import LineNews, PartNews, casting_notes, line_note, scene_summary, snippet
from .words import Op, kept_share, render_ops, word_ops

WIDTH = 78
JSON_VERSION = 1
REWRITTEN = 0.5
"""Below this share of words kept, a changed cue is shown as "was …" and "now …" in full."""


# -- shared pieces ----------------------------------------------------------------
def speech_text(play: Play, speech: Speech, speaker: bool = True) -> str:
    """"THE WIFE (dry): We are 2act. …" — speakers, delivery and the printed text."""
    names = speaker_label(play, speech, speech.speakers).upper()
    delivery = f"({speech.delivery}) " if speech.delivery else ""
    return f"{names}: {delivery}{display_text(speech)}" if speaker else f"{delivery}{display_text(speech)}"


def item_text(play: Play, item: Item) -> str:
    if isinstance(item, Speech):
        return speech_text(play, item)
    if isinstance(item, Direction):
        return f"[{item.text}]"
    return item_label(item)


def change_ops(revision: Revision, change: Change) -> list[Op]:
    old = item_text(revision.old, change.old) if change.old is not None else ""
    new = item_text(revision.new, change.new) if change.new is not None else ""
    if isinstance(change.old, Speech) and isinstance(change.new, Speech) and change.old.lang != change.new.lang:
        # Not in the printed text, yet it changes the voice: shown so a "changed" line says why.
        old += f" (lang: {change.old.lang or 'the role’s'})"
        new += f" (lang: {change.new.lang or 'the role’s'})"
    return word_ops(old, new)


_VERBS = {"removed": "cut", "cut": "marked cut", "restored": "restored"}
"""How a change's kind is said: an item deleted is "cut"; one marked ``cut:`` stays in the text."""


def change_title(change: Change) -> str:
    """"changed #5", "cut (was #9)", "moved #14 (was #20, from Tatyana)", "added sound cue S3",
    "marked cut #7 (too long)"."""
    title = _title(change)
    reason = getattr(change.new, "cut", None) if change.kind == "cut" else None
    return f"{title} ({reason})" if reason else title


def _title(change: Change) -> str:
    item, verb = change.item, _VERBS.get(change.kind, change.kind)
    if isinstance(item, Speech):
        new, old = change.new, change.old
        if new is None:
            return f"cut (was #{item.number})"
        was = [f"was #{old.number}"] if old is not None and old.number != new.number else []
        if change.kind == "moved" and change.old_scene is not None and change.old_scene.id != (change.new_scene.id if change.new_scene else None):
            was.append(f"from {change.old_scene.title}")
        if change.kind == "moved" and change.edited:
            verb = "moved and changed"
        return f"{verb} #{new.number}" + (f" ({', '.join(was)})" if was else "")
    what = change.what
    if isinstance(item, Cue) and item.number:
        what += f" {item.number}"
    return f"{verb} {what}"


def totals(revision: Revision) -> str:
    """"2 speeches changed, 1 sound cue changed." over the whole play."""
    counts: dict[tuple[str, str], int] = {}
    for change in revision.changes():
        key = (change.what, _VERBS.get(change.kind, change.kind))
        counts[key] = counts.get(key, 0) + 1
    parts = [f"{plural(n, what)} {verb}" for (what, verb), n in counts.items()]
    added = sum(1 for s in revision.scenes if s.status == "added")
    cut = sum(1 for s in revision.scenes if s.status == "removed")
    parts += [f"{added} new scene{'s' * (added > 1)}"] if added else []
    parts += [f"{cut} scene{'s' * (cut > 1)} cut"] if cut else []
    recast = len(revision.recasts)
    parts += [f"casting changed for {recast} role{'s' * (recast > 1)}"] if recast else []
    return (", ".join(parts) + ".") if parts else "No changes."


def _scene_label(scene: SceneDiff) -> str:
    extra = {"added": " (new scene)", "removed": " (cut)"}.get(scene.status, "")
    return scene.scene.title + (extra or (" (moved)" if scene.moved else ""))


def _cast_lines(revision: Revision) -> list[str]:
    out = []
    for recast in revision.recasts:
        before, after = ", ".join(recast.old) or "nobody", ", ".join(recast.new) or "nobody"
        out.append(f"{recast.name}: {before} → {after}")
    return out


def _line_bodies(news: PartNews, line: LineNews) -> list[tuple[str, list[Op] | str]]:
    """("Cue"|"Line", ops or plain text) rows explaining one line's news to its performer."""
    rows: list[tuple[str, list[Op] | str]] = []
    old, new = line.old, line.new
    if line.cue_changed:
        ops = word_ops(line.old_cue or "", line.new_cue or "")
        if kept_share(ops) >= REWRITTEN:
            rows.append(("Cue", ops))
        else:
            rows += [("Cue was", line.old_cue or ""), ("Cue now", line.new_cue or "")]
    elif line.status in ("added", "gained") and line.new_cue:
        rows.append(("Cue", line.new_cue))
    if new is None or line.status == "lost":
        rows.append(("Line", speech_text(news.revision.old, old, speaker=False)))  # type: ignore[arg-type]
    elif old is not None and line.change.edited and line.status in ("changed", "moved"):
        rows.append(("Line", word_ops(speech_text(news.revision.old, old, speaker=False),
                                      speech_text(news.revision.new, new, speaker=False))))
    elif line.status == "same":
        rows.append(("Line", snippet(new)))
    else:
        rows.append(("Line", speech_text(news.revision.new, new, speaker=False)))
    return rows


def _scenes_of_lines(news: PartNews) -> list[tuple[str, list[LineNews | Change]]]:
    """The performer's lines and directions grouped by scene title, in running order."""
    order: dict[int, int] = {}
    for scene in news.revision.scenes:
        for change in scene.entries:
            order[id(change)] = len(order)
    rows: list[LineNews | Change] = [*news.lines, *news.directions]
    rows.sort(key=lambda r: order.get(id(r.change if isinstance(r, LineNews) else r), 0))
    groups: list[tuple[str, list[LineNews | Change]]] = []
    for row in rows:
        change = row.change if isinstance(row, LineNews) else row
        scene = change.new_scene or change.old_scene
        title = scene.title if scene else ""
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(row)
    return groups


def _direction_title(change: Change) -> str:
    return f"{ {'removed': 'cut'}.get(change.kind, change.kind)} direction".strip()


# -- plain text -----------------------------------------------------------------
_TEXT_MARKS = (("[-", "-]"), ("{+", "+}"))


def _wrap(text: str, indent: str, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging or indent,
                         break_on_hyphens=False, break_long_words=False) or [indent.rstrip()]


def _text_body(body: list[Op] | str) -> str:
    return body if isinstance(body, str) else render_ops(body, *_TEXT_MARKS)


def render_text(revision: Revision) -> str:
    title = f"{revision.new.meta.title}: changes since {revision.since}"
    out = [title, f"Old: {revision.old_label}", f"New: {revision.new_label}", totals(revision)]
    if revision.recasts:
        out += ["", "Cast"] + [f"  {line}" for line in _cast_lines(revision)]
    for note in revision.notes:
        out += _wrap(f"- {note}", "", "  ")
    for scene in revision.scenes:
        if scene.status == "same":
            continue
        label = _scene_label(scene)
        out += ["", label, "-" * len(label)]
        for name, before, after in scene.fields:
            out += _wrap(f"{name}: " + render_ops(word_ops(before or "", after or ""), *_TEXT_MARKS), "  ", "    ")
        for change in scene.changes:
            out.append(f"  {change_title(change)}:")
            body = item_text(revision.new if change.new is not None else revision.old, change.item) \
                if change.kind in ("added", "removed") else _text_body(change_ops(revision, change))
            out += _wrap(body, "    ")
    return "\n".join(out) + "\n"


def render_part_text(news: PartNews) -> str:
    revision, performer = news.revision, news.performer
    roles = ", ".join(revision.new.role(r).name for r in performer.roles) or "no roles"
    out = [f"{revision.new.meta.title}: what changed for {performer.name} since {revision.since}",
           f"Roles: {roles}"]
    if news.empty:
        return "\n".join([*out, "", f"Nothing changed for {performer.name}: no line or cue of theirs."]) + "\n"
    for note in _part_headlines(news):
        out += _wrap(f"- {note}", "", "  ")
    for title, rows in _scenes_of_lines(news):
        out += ["", title, "-" * len(title)]
        for row in rows:
            if isinstance(row, Change):
                out.append(f"  {_direction_title(row)}:")
                out += _wrap(_text_body(change_ops(revision, row)), "    ")
                continue
            out.append(f"  {line_note(revision, performer, row)}")
            for name, body in _line_bodies(news, row):
                out += _wrap(f"{name}: {_text_body(body)}", "    ", " " * (6 + len(name)))
    return "\n".join(out) + "\n"


def _part_headlines(news: PartNews) -> list[str]:
    """Casting news, shown before the scenes."""
    return casting_notes(news)


# -- Markdown -----------------------------------------------------------------------
def _md(text: str) -> str:
    for ch in "\\*_~`[]<":
        text = text.replace(ch, "\\" + ch)
    return text


_MD_MARKS = (("~~", "~~"), ("**", "**"))


def _md_body(body: list[Op] | str) -> str:
    return _md(body) if isinstance(body, str) else render_ops(body, *_MD_MARKS, escape=_md, between=" ")


def render_md(revision: Revision) -> str:
    out = [f"# {_md(revision.new.meta.title)}: changes since {_md(revision.since)}", "",
           f"*Old:* {_md(revision.old_label)}  ", f"*New:* {_md(revision.new_label)}  ", _md(totals(revision))]
    if revision.recasts:
        out += ["", "## Cast", ""] + [f"- {_md(line)}" for line in _cast_lines(revision)]
    if revision.notes:
        out += [""] + [f"- {_md(note)}" for note in revision.notes]
    for scene in revision.scenes:
        if scene.status == "same":
            continue
        out += ["", f"## {_md(_scene_label(scene))}"]
        for name, before, after in scene.fields:
            out += ["", f"*{name}:* " + render_ops(word_ops(before or "", after or ""), *_MD_MARKS, escape=_md, between=" ")]
        for change in scene.changes:
            body = _md(item_text(revision.new if change.new is not None else revision.old, change.item)) \
                if change.kind in ("added", "removed") else _md_body(change_ops(revision, change))
            out += ["", f"**{_md(change_title(change))}:** {body}"]
    return "\n".join(out) + "\n"


def render_part_md(news: PartNews) -> str:
    revision, performer = news.revision, news.performer
    roles = ", ".join(revision.new.role(r).name for r in performer.roles) or "no roles"
    out = [f"# {_md(revision.new.meta.title)}: what changed for {_md(performer.name)}", "",
           f"*Since {_md(revision.since)}. Roles: {_md(roles)}.*"]
    if news.empty:
        return "\n".join([*out, "", f"Nothing changed for {_md(performer.name)}: no line or cue of theirs."]) + "\n"
    headlines = _part_headlines(news)
    if headlines:
        out += [""] + [f"- {_md(note)}" for note in headlines]
    for title, rows in _scenes_of_lines(news):
        out += ["", f"## {_md(title)}"]
        for row in rows:
            if isinstance(row, Change):
                out += ["", f"**{_md(_direction_title(row))}:** {_md_body(change_ops(revision, row))}"]
                continue
            out += ["", f"**{_md(line_note(revision, performer, row))}**"]
            for name, body in _line_bodies(news, row):
                out += ["", f"*{name}:* {_md_body(body)}"]
    return "\n".join(out) + "\n"


# -- JSON ---------------------------------------------------------------------------
def _ops_json(ops: list[Op]) -> list[dict[str, str]]:
    return [{"op": op, "text": text} for op, text in ops]


def _change_json(revision: Revision, change: Change) -> dict[str, Any]:
    item: dict[str, Any] = {"change": change.kind, "item": change.what}
    if change.kind == "cut":
        item["reason"] = getattr(change.new, "cut", None) or None
    for side, value in (("old", change.old), ("new", change.new)):
        if isinstance(value, Speech):
            item[f"{side}_number"] = value.number
            item[f"{side}_speakers"] = list(value.speakers)
        elif isinstance(value, Cue):
            item[f"{side}_cue"] = value.number
        elif isinstance(value, Pause):
            item[f"{side}_seconds"] = value.seconds
    if change.old_scene is not None and change.new_scene is not None and change.old_scene.id != change.new_scene.id:
        item["from_scene"] = change.old_scene.id
    item["ops"] = _ops_json(change_ops(revision, change))
    return item


def _scene_json(revision: Revision, scene: SceneDiff) -> dict[str, Any]:
    return {"id": scene.scene.id, "title": scene.scene.title, "status": scene.status, "moved": scene.moved,
            "summary": scene_summary(scene),
            "fields": [{"field": n, "old": a, "new": b} for n, a, b in scene.fields],
            "changes": [_change_json(revision, c) for c in scene.changes]}


def _line_json(news: PartNews, line: LineNews) -> dict[str, Any]:
    old, new = line.old, line.new
    scene = line.change.new_scene or line.change.old_scene
    return {"status": line.status, "scene": scene.id if scene else None,
            "number": new.number if new is not None else None, "old_number": old.number if old is not None else None,
            "note": line_note(news.revision, news.performer, line), "line_changed": line.line_changed,
            "cue_changed": line.cue_changed, "old_cue": line.old_cue, "new_cue": line.new_cue,
            "line": _ops_json(word_ops(speech_text(news.revision.old, old, False) if old is not None else "",
                                       speech_text(news.revision.new, new, False) if new is not None and line.status != "lost" else "")),
            "cue": _ops_json(word_ops(line.old_cue or "", line.new_cue or "")) if line.cue_changed else None}


def _part_json(news: PartNews) -> dict[str, Any]:
    revision = news.revision
    return {"id": news.performer.id, "name": news.performer.name,
            "roles_gained": [revision.new.role(r).name for r in news.roles_gained],
            "roles_lost": [revision.old.role(r).name for r in news.roles_lost],
            "notes": _part_headlines(news),
            "lines": [_line_json(news, line) for line in news.lines],
            "directions": [_change_json(revision, c) for c in news.directions]}


def revision_json(revision: Revision, news: PartNews | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": JSON_VERSION, "title": revision.new.meta.title,
        "old": {"label": revision.old_label, "date": revision.date}, "new": {"label": revision.new_label},
        "summary": totals(revision),
        "cast": [{"role": r.role, "name": r.name, "old": list(r.old), "new": list(r.new)} for r in revision.recasts],
        "notes": list(revision.notes),
        "scenes": [_scene_json(revision, s) for s in revision.scenes if s.status != "same"],
    }
    if news is not None:
        data["performer"] = _part_json(news)
    return data


def render_json(revision: Revision, news: PartNews | None = None) -> str:
    return json.dumps(revision_json(revision, news), ensure_ascii=False, indent=2) + "\n"


Renderer = Callable[[Revision, "PartNews | None"], str]
"""The whole revision, or with a performer's news their view of it."""


def _whole_or_part(whole: Callable[[Revision], str], part: Callable[[PartNews], str]) -> Renderer:
    return lambda revision, news: part(news) if news is not None else whole(revision)


RENDERERS: dict[str, Renderer] = {
    "text": _whole_or_part(render_text, render_part_text),
    "md": _whole_or_part(render_md, render_part_md),
    "json": render_json,
}
"""``--format`` → renderer: a new format is a row here (the command's choices follow)."""
FORMATS = tuple(RENDERERS)


def render(revision: Revision, fmt: str, news: PartNews | None = None) -> str:
    """The diff in ``fmt`` (one of :data:`FORMATS`); with ``news``, that performer's view."""
    return RENDERERS[fmt](revision, news)
