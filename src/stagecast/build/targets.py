"""What a build makes: :data:`TARGETS`, one row per kind of output — its files, what its key is
made from, how it is made, and whom its files belong to in the manifest.

Adding an output is a row here (with its key) and its maker in :mod:`.documents` or
:mod:`.tracks`; running the build, the manifest and the page follow from the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

from ..rules import roles_needed
from . import documents, tracks
from .fingerprints import digest
from .inputs import BuildInputs


@dataclass(frozen=True)
class Owner:
    """What a file in the build folder belongs to, as the manifest records it: a kind of output
    (the play's documents, a performer's documents, a track) and, for a performer's, whose.
    Several targets can share one owner (a performer's cue sheet, marked script and change
    notes); a file an earlier build wrote for an owner this build makes, but which this build no
    longer writes, is stale."""

    kind: str
    performer: str | None = None
    """The performer's id in play.yaml (their folder follows their name, which can change)."""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, **({"performer": self.performer} if self.performer is not None else {})}

    @staticmethod
    def from_json(data: object) -> Owner | None:
        """None for a record this version cannot read (then the file is never stale, only departed)."""
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return None
        performer = data.get("performer")
        return Owner(data["kind"], performer if isinstance(performer, str) else None)


PLAY_DOCUMENTS, PERFORMER_DOCUMENTS, PAGE = "play documents", "performer documents", Owner("page")
TRACK_KINDS = ("read-through track", "rehearsal track")
MASTER = "master"


@dataclass
class Target:
    """One output group: its files (relative to the build folder), its key, how to make it."""

    name: str
    files: tuple[str, ...]
    key: str
    make: Callable[[], None]
    owner: Owner
    cast: str | None = None
    """The alternate cast it is made for (its files in ``casts/<cast>/``), or None."""

    @property
    def ident(self) -> str:
        """What the manifest knows it by: its first file, unique in a build (two performers may
        share a display name, never a folder)."""
        return self.files[0]


# The second argument of a key or a maker is the performer's id, or None for the play's outputs
# (Any: a play's maker takes only None, a performer's only a str).
KeyOf = Callable[[BuildInputs, Any], str]
Maker = Callable[[BuildInputs, Any], None]


def _always(_: BuildInputs) -> bool:
    return True


@dataclass(frozen=True)
class Recipe:
    """How one kind of output is made. ``each``: "play" for one target, "performer" for one per
    performer, whose ``files`` are then inside their folder; ``{format}`` in a file name is the
    audio format. ``wanted``: whether this build makes it at all."""

    each: str
    files: tuple[str, ...]
    key: KeyOf
    make: Maker
    owner: str
    wanted: Callable[[BuildInputs], bool] = _always


def _script_key(inputs: BuildInputs, _: None) -> str:
    return digest(inputs.keyed, inputs.pdf_key, inputs.marks(None))


def _cue_list_key(inputs: BuildInputs, _: None) -> str:
    """The script's: its GO points name the script's pages, which any edit can move."""
    return _script_key(inputs, None)


def _stats_key(inputs: BuildInputs, _: None) -> str:
    return digest(inputs.keyed, inputs.voices_digest)


def _notes_key(inputs: BuildInputs, performer_id: str) -> str:
    play = inputs.keyed
    return digest(play, play.performer(performer_id), inputs.marks(performer_id))


def _sheet_key(inputs: BuildInputs, performer_id: str) -> str:
    """Only the scenes the performer is in, and their roles: an edit elsewhere leaves the sheet."""
    play = inputs.keyed
    performer = play.performer(performer_id)
    mine = [(s, s.act) for s in play.scenes if set(performer.roles) & set(roles_needed(s))]
    return digest(play.meta, performer, [play.role(r) for r in performer.roles], play.acts, mine,
                  inputs.marks(performer_id), play.labels, inputs.pdf_key)


def _marked_key(inputs: BuildInputs, performer_id: str) -> str:
    play = inputs.keyed
    return digest(play, play.performer(performer_id), inputs.pdf_key, inputs.marks(performer_id))


def _track_key(inputs: BuildInputs, performer_id: str | None) -> str:
    return digest(inputs.audio_key, performer_id)


def _since(inputs: BuildInputs) -> bool:
    return inputs.revision is not None


def _with_audio(inputs: BuildInputs) -> bool:
    return inputs.options.audio


def _master_key(inputs: BuildInputs, _: None) -> str:
    return digest(inputs.audio_key, MASTER)


def _with_takes(inputs: BuildInputs) -> bool:
    """The master is for a play the cast has recorded (issue 17): a read-through of synthetic
    voices is a rehearsal aid, not an audio play."""
    return inputs.options.audio and tracks.has_takes(inputs)


TARGETS: dict[str, Recipe] = {
    "script PDF": Recipe("play", ("script.pdf",), _script_key, documents.script_pdf, PLAY_DOCUMENTS),
    "cue list": Recipe("play", ("cuelist.md", "cuelist.pdf"), _cue_list_key, documents.cue_list_files,
                       PLAY_DOCUMENTS),
    "stats": Recipe("play", ("stats.json",), _stats_key, documents.stats_file, PLAY_DOCUMENTS),
    "change notes": Recipe("performer", ("changes.md",), _notes_key, documents.change_notes, PERFORMER_DOCUMENTS,
                           wanted=_since),
    "cue sheet": Recipe("performer", ("cue-sheet.md", "cue-sheet.pdf"), _sheet_key, documents.cue_sheet_files,
                        PERFORMER_DOCUMENTS),
    "marked script": Recipe("performer", ("script.pdf",), _marked_key, documents.marked_script,
                            PERFORMER_DOCUMENTS),
    "read-through track": Recipe("play", tracks.track_files(tracks.READ_THROUGH), _track_key, tracks.read_through,
                                 TRACK_KINDS[0], wanted=_with_audio),
    "master": Recipe("play", (f"{tracks.MASTER}.{{format}}",), _master_key, tracks.master, MASTER, wanted=_with_takes),
    "rehearsal track": Recipe("performer", tracks.track_files(tracks.REHEARSAL), _track_key,
                              tracks.rehearsal_track, TRACK_KINDS[1], wanted=_with_audio),
}
"""Every kind of output, in the order a build makes them. A performer's is named "<kind> for
<their name>" in messages; the play's by its kind."""


def plan(inputs: BuildInputs) -> list[Target]:
    """This build's targets in the order they are made: the table's, with each run of
    per-performer rows made performer by performer (all of a performer's documents, then, after
    the read-through, every rehearsal track)."""
    rows = [(kind, recipe) for kind, recipe in TARGETS.items() if recipe.wanted(inputs)]
    found: list[Target] = []
    for each, run in groupby(rows, key=lambda row: row[1].each):
        if each == "play":
            found += [_target(inputs, kind, recipe, None) for kind, recipe in run]
        else:
            run_rows = list(run)
            found += [_target(inputs, kind, recipe, performer.id)
                      for performer in inputs.play.performers for kind, recipe in run_rows]
    for cast in inputs.play.casts:
        found += _cast_targets(inputs, cast.name, rows)
    return found


def _cast_targets(inputs: BuildInputs, name: str, rows: list[tuple[str, Recipe]]) -> list[Target]:
    """An alternate cast's outputs, in ``casts/<cast>/``: its script PDF (whose cast list is the
    cast's) and the outputs of each performer it recasts; everyone else's are the main ones."""
    view = inputs.for_cast(name)
    found = [_target(view, kind, recipe, None) for kind, recipe in rows if kind == "script PDF"]
    found += [_target(view, kind, recipe, performer_id)
              for performer_id in inputs.recast(name) for kind, recipe in rows if recipe.each == "performer"]
    return found


def _target(inputs: BuildInputs, kind: str, recipe: Recipe, performer_id: str | None) -> Target:
    files = tuple(f.format(format=inputs.options.audio_format) for f in recipe.files)
    make = partial(recipe.make, inputs, performer_id)
    key = recipe.key(inputs, performer_id)
    cast = f" (cast {inputs.play.cast})" if inputs.play.cast else ""
    if performer_id is None:
        return Target(kind + cast, tuple(inputs.prefix + f for f in files), key, make, Owner(recipe.owner),
                      inputs.play.cast)
    folder = f"{inputs.prefix}performers/{inputs.names[performer_id]}/"
    return Target(f"{kind} for {inputs.play.performer(performer_id).name}{cast}", tuple(folder + f for f in files),
                  key, make, Owner(recipe.owner, performer_id), inputs.play.cast)
