"""Finding a performer, role or scene of a play by what a user typed: its id or its name.

Here, not in :mod:`stagecast.api`, because outputs need these lookups too (a performer's copy,
a scene's track) and outputs never import the API, which reads plays: looking a name up in a
play already read is neither reading nor rendering. :mod:`stagecast.api` re-exports them.
"""

from __future__ import annotations

from .errors import NotFoundError, UsageError
from .model import Performer, Play, Role, Scene


def _match(kind: str, name: str, options: list[tuple[str, str]]) -> str:
    """Find an id by id or display name, case-insensitively; unknown → :class:`NotFoundError`."""
    wanted = name.casefold().strip()
    for ident, _ in options:
        if wanted == ident.casefold():
            return ident
    named = [ident for ident, display in options if wanted == display.casefold()]
    if len(named) > 1:
        raise UsageError(f"{len(named)} {kind}s are called '{name}': {', '.join(named)}",
                         hint=f"give the {kind}'s id instead")
    if named:
        return named[0]
    raise NotFoundError(kind, name, [f"{i} ({d})" if d != i else i for i, d in options])


def find_performer(play: Play, name: str) -> Performer:
    try:
        return play.performer(_match("performer", name, [(p.id, p.name) for p in play.performers]))
    except NotFoundError as exc:
        try:
            role = find_role(play, name)
        except NotFoundError:
            raise exc from None
        cast = " and ".join(p.name for p in play.performers_of(role.id)) or "no one yet"
        raise NotFoundError("performer", name, exc.valid, f"{role.name} is a role, played by {cast}") from None


def find_role(play: Play, name: str) -> Role:
    return play.role(_match("role", name, [(r.id, r.name) for r in play.roles]))


def find_scene(play: Play, name: str) -> Scene:
    return play.scene(_match("scene", name, [(s.id, s.title) for s in play.scenes]))


def in_cast(play: Play, name: str | None) -> Play:
    """The play as the alternate cast ``name`` plays it (``casts:`` in play.yaml; ``None``: as
    cast); an unknown cast → :class:`NotFoundError` listing the play's casts."""
    if name is None:
        return play
    wanted = name.casefold().strip()
    found = next((c.name for c in play.casts if c.name.casefold() == wanted), None)
    if found is None:
        raise NotFoundError("cast", name, [c.name for c in play.casts],
                            "" if play.casts else "play.yaml has no casts: section")
    return play.with_cast(found)
