"""``stagecast build``: everything a company needs, in one folder, rebuilt only where needed.

Each output group is a *target* with a key: a hash of exactly the parts of the model (and
files and options) it is made from. ``manifest.json`` — written last — records the keys of
the last good build; a target whose key is unchanged and whose files are all there is
skipped. A target that fails is reported with its location and left out of the manifest,
so the next build tries it again; the others are still built (exit 5). The manifest also
records every file written and whom it was written for (:class:`Owner`), so that files a
build no longer makes are deleted — and only those. The tree is documented in docs/build.md.

One build at a time writes a folder (:mod:`.locking`); the page is taken down while the files
it links change (:mod:`.page_switch`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..api import load_play, load_voices
from ..cuesheets.cue_list import cue_list, render_md
from ..cuesheets.sheet import cue_sheet
from ..cuesheets.sheet_text import render_md as sheet_md
from ..errors import BackendError, BuildFailed, StagecastError
from ..files import atomic, locking
from ..files.user_cache import cache_root, temp_folder
from ..labels import play_labels
from ..model import Loc, Play, Scene
from ..pdf_settings import is_builtin, pdf_settings
from ..readers.voices_yaml import find_voices
from ..reports.statistics import stats
from ..rules import roles_needed, slugs
from ..voice_settings import VoiceConfig
from .page_switch import PageSwitch, is_stand_in, stand_in

if TYPE_CHECKING:  # the audio path is imported only when a track is made
    from ..audio.session import AudioSession

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
AUDIO_FORMATS = ("mp3", "ogg", "wav")


@dataclass(frozen=True)
class BuildOptions:
    output: Path = Path("build")
    audio: bool = True
    audio_format: str = "mp3"
    jobs: int | None = None
    voices: Path | None = None
    engine: str | None = None
    paper: str | None = None
    """"a4" or "letter"; ``None``: play.yaml's ``pdf: paper``, else A4."""
    since: str | None = None
    """Mark what changed since this git revision or old copy, and write per-performer change notes."""
    fonts: tuple[str, ...] = ()
    """TrueType fonts for the PDFs (--font); empty: play.yaml's ``pdf: font``, else PT Serif alone."""
    wait: bool = True
    """When another build is writing the folder: wait for it (saying so), or refuse (``--no-wait``)."""


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


PLAY_DOCUMENTS, PAGE = Owner("play documents"), Owner("page")
TRACK_KINDS = ("read-through track", "rehearsal track")


@dataclass
class Target:
    """One output group: its files (relative to the build folder), its key, how to make it."""

    name: str
    files: tuple[str, ...]
    key: str
    make: Callable[[], None]
    owner: Owner = PLAY_DOCUMENTS

    @property
    def ident(self) -> str:
        """What the manifest knows it by: its first file, unique in a build (two performers may
        share a display name, never a folder)."""
        return self.files[0]


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    """Folders of performers no longer in the cast, deleted with what earlier builds wrote there."""
    kept: list[tuple[Path, list[str]]] = field(default_factory=list)
    """Such folders emptied of our files but kept for what else is in them (those names)."""
    stale: list[tuple[Path, str]] = field(default_factory=list)
    """Files earlier builds wrote that this one no longer writes, deleted (and why)."""
    stuck: list[tuple[Path, str]] = field(default_factory=list)
    """Such files that could not be deleted (and the system's reason); the next build tries again."""
    play: Play | None = None
    """The play as this build read it."""

    def removals(self) -> list[str]:
        """One line per departed performer's folder and per stale file, for the summary."""
        return [*(f"removed {folder}{os.sep} (no longer in the cast)" for folder in self.removed),
                *(f"removed stagecast's files from {folder}{os.sep} (no longer in the cast); kept the folder "
                  f"for what else is in it: {', '.join(left)}" for folder, left in self.kept),
                *(f"removed {path} ({why})" for path, why in self.stale),
                *(f"could not remove {path} ({why}); the next build tries again" for path, why in self.stuck)]


def _digest(*parts: object) -> str:
    """A stable hash of model values: their reprs leave out source locations by design."""
    text = "\x1f".join(repr(p) for p in (__version__, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _placeless(play: Play) -> Play:
    """The play without where it was read from (``root``, ``source``), for keys: moving the play
    folder or building from another working directory changes no output. The one output that
    names a place, the timeline's ``source``, is keyed by :func:`_sources` instead."""
    return dataclasses.replace(play, root=".", source="")


def _sources(play: Play) -> list[str | None]:
    """``file:line:col`` of every scene, interval and scene item, the file relative to the play
    folder: what an audio timeline's ``source`` says (so an edit that only moves a line, or a
    renamed scene file, still remakes the timelines)."""
    root = os.path.abspath(play.root)
    relative: dict[str, str] = {}

    def where(loc: Loc | None) -> str | None:
        if loc is None:
            return None
        if loc.path not in relative:
            relative[loc.path] = Path(os.path.relpath(os.path.abspath(loc.path), root)).as_posix()
        return f"{relative[loc.path]}:{loc.line}:{loc.column}"

    found = []
    for part in play.sequence:
        found.append(where(part.loc))
        if isinstance(part, Scene):
            found += [where(item.loc) for item in part.items]
    return found


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    except OSError:
        return "missing"


class Builder:
    def __init__(self, play_path: Path, options: BuildOptions, log: Callable[[str], None],
                 session: AudioSession | None = None, notice: Callable[[str], None] = lambda _: None):
        self.play_path, self.options, self.log, self.session = play_path, options, log, session
        self.notice = notice
        self.out = options.output
        self.play: Play = load_play(play_path)
        self.keyed = _placeless(self.play)
        self.voices: VoiceConfig = load_voices(play_path, self.play, options.voices)
        voices_file = find_voices(play_path, options.voices)
        self.voices_digest = _file_digest(voices_file) if voices_file else "none"
        self.names = dict(zip([p.id for p in self.play.performers], slugs([p.name for p in self.play.performers]),
                              strict=True))
        self.tracks: dict[str, tuple[str, str]] = {}
        self.revision = self._revision()
        self.pdf = pdf_settings(self.play, options.fonts, options.paper)
        # What every PDF is also made from: the paper and the fonts' bytes (not their paths, which
        # move with the play folder).
        self.pdf_key = _digest(self.pdf.paper, [f if is_builtin(f) else _file_digest(Path(f)) for f in self.pdf.fonts])

    def _revision(self):  # type: ignore[no-untyped-def]
        if not self.options.since:
            return None
        from ..api import revision_since

        return revision_since(self.options.since, self.play_path, self.play)

    def _marks(self, performer_id: str | None):  # type: ignore[no-untyped-def]
        """Revision marks for a performer's outputs (or the whole play's), or None."""
        if self.revision is None:
            return None
        from ..revisions.performer import part_news, performer_marks, play_marks

        if performer_id is None:
            return play_marks(self.revision)
        return performer_marks(part_news(self.revision, performer_id))

    # -- targets -------------------------------------------------------------
    def targets(self) -> list[Target]:
        play = self.keyed
        found = [
            Target("script PDF", ("script.pdf",), _digest(play, self.pdf_key, self._marks(None)),
                   self._script_pdf),
            Target("cue list", ("cuelist.md", "cuelist.pdf"),
                   _digest(play.meta, play.sequence, play.labels, self.pdf_key), self._cuelist),
            Target("stats", ("stats.json",), _digest(play, self.voices_digest), self._stats),
        ]
        for performer in play.performers:
            found += self._performer_targets(performer.id)
        if self.options.audio:
            found += self._audio_targets()
        return found

    def _performer_targets(self, performer_id: str) -> list[Target]:
        play, name = self.keyed, self.names[performer_id]
        performer = play.performer(performer_id)
        mine = [(s, s.act) for s in play.scenes if set(performer.roles) & set(roles_needed(s))]
        marks = self._marks(performer_id)
        sheet_key = _digest(play.meta, performer, [play.role(r) for r in performer.roles], play.acts, mine, marks,
                            play.labels, self.pdf_key)
        owner = Owner("performer documents", performer_id)
        notes = []
        if self.revision is not None:
            notes.append(Target(f"change notes for {performer.name}", (f"performers/{name}/changes.md",),
                                _digest(play, performer, marks), lambda: self._changes(performer_id), owner))
        return [*notes,
            Target(f"cue sheet for {performer.name}", (f"performers/{name}/cue-sheet.md",
                                                       f"performers/{name}/cue-sheet.pdf"),
                   sheet_key, lambda: self._cue_sheet(performer_id), owner),
            Target(f"marked script for {performer.name}", (f"performers/{name}/script.pdf",),
                   _digest(play, performer, self.pdf_key, marks), lambda: self._marked(performer_id), owner),
        ]

    def _audio_targets(self) -> list[Target]:
        fmt = self.options.audio_format
        sounds = sorted({i.file for s in self.play.scenes for i in s.items if getattr(i, "file", None)})
        base = _digest(self.keyed, _sources(self.play), self.voices_digest, self.options.engine, fmt,
                       [(f, _file_digest(Path(self.play.root) / f)) for f in sounds])
        found = [self._track("read-through", play_labels(self.play)("everyone"), None, "audio/read-through", base)]
        for performer in self.play.performers:
            name = self.names[performer.id]
            found.append(self._track(performer.id, performer.name, performer.id,
                                     f"performers/{name}/rehearsal", base))
        return found

    def _track(self, key: str, label: str, performer: str | None, stem: str, base: str) -> Target:
        fmt = self.options.audio_format
        self.tracks[key] = (label, f"{stem}.{fmt}")
        files = tuple(f"{stem}{suffix}" for suffix in (f".{fmt}", ".vtt", ".srt", ".timeline.json"))
        owner = Owner(TRACK_KINDS[1], performer) if performer else Owner(TRACK_KINDS[0])
        return Target(f"{'rehearsal track for ' + label if performer else 'read-through track'}", files,
                      _digest(base, performer), lambda: self._audio(performer, stem), owner)

    # -- makers --------------------------------------------------------------
    def _script_pdf(self) -> None:
        from ..pdf import ScriptPdfOptions, render_script_pdf

        options = ScriptPdfOptions(paper=self.pdf.paper, fonts=self.pdf.fonts, marks=self._marks(None))
        render_script_pdf(self.play, options, self.out / "script.pdf")

    def _marked(self, performer_id: str) -> None:
        from ..pdf import ScriptPdfOptions, render_script_pdf

        name = self.play.performer(performer_id).name
        options = ScriptPdfOptions(paper=self.pdf.paper, fonts=self.pdf.fonts, performer=performer_id,
                                   watermark=name, marks=self._marks(performer_id))
        render_script_pdf(self.play, options, self.out / "performers" / self.names[performer_id] / "script.pdf")

    def _cue_sheet(self, performer_id: str) -> None:
        from ..cuesheets.sheet_pdf import render_pdf

        sheet = cue_sheet(self.play, performer_id)
        folder = self.out / "performers" / self.names[performer_id]
        marks = self._marks(performer_id)
        # Made first: a failure leaves neither file new.
        pdf = render_pdf(sheet, paper=self.pdf.paper, marks=marks, fonts=self.pdf.fonts)
        atomic.write_text(folder / "cue-sheet.md", sheet_md(sheet, marks=marks))
        atomic.write_bytes(folder / "cue-sheet.pdf", pdf)

    def _changes(self, performer_id: str) -> None:
        from ..revisions.diff_formats import render
        from ..revisions.performer import part_news

        text = render(self.revision, "md", part_news(self.revision, performer_id))
        atomic.write_text(self.out / "performers" / self.names[performer_id] / "changes.md", text)

    def _cuelist(self) -> None:
        from ..cuesheets.sheet_pdf import render_cuelist_pdf

        rows = cue_list(self.play)
        pdf = render_cuelist_pdf(self.play, rows, self.pdf.paper, self.pdf.fonts)
        atomic.write_text(self.out / "cuelist.md", render_md(self.play, rows))
        atomic.write_bytes(self.out / "cuelist.pdf", pdf)

    def _stats(self) -> None:
        text = json.dumps(stats(self.play, self.voices), ensure_ascii=False, indent=2) + "\n"
        atomic.write_text(self.out / "stats.json", text)

    def check_voices(self) -> None:
        """A voice voices.yaml names that the engine lacks stops the build before anything is
        written, as a mistake in the play does: every track would fail on it, and the page would
        be left with none."""
        from ..audio.render import check_voices

        try:
            check_voices(self.play, self.voices, self.options.engine)
        except BackendError:
            pass  # no engine to ask (not installed, will not start): each track fails on it, the rest is built

    def _audio(self, performer: str | None, stem: str) -> None:
        from ..audio.render import AudioOptions, Progress, render_audio

        options = AudioOptions(performer=performer, format=self.options.audio_format,
                               output=self.out / f"{stem}.{self.options.audio_format}", jobs=self.options.jobs,
                               engine=self.options.engine, voices=self.options.voices, wait=self.options.wait)
        # No bar, but an `audio` run writing the same track is waited for saying so, as a build is.
        render_audio(self.play, options, self.voices, progress=Progress(self.notice), session=self.session)

    def page(self, good: set[str]) -> None:
        """index.html, linking only ``good`` files: those of the targets this build made or found up
        to date. A file left from an earlier build (a failed target's, or one this build does not
        make, such as the tracks during a --no-audio build) may not match the script: not linked."""
        from ..web.page import Link, PageInput, Track, render_page

        def there(file: str) -> bool:
            return file in good and (self.out / file).is_file()

        tracks = []
        for key, (label, audio) in self.tracks.items():
            timeline = Path(audio).with_suffix(".timeline.json").as_posix()
            if there(audio) and there(timeline):
                tracks.append(Track(key, label, audio, json.loads((self.out / timeline).read_text(encoding="utf-8"))))
        label = play_labels(self.play)
        docs = [("script_pdf", "script.pdf"), ("cue_list_pdf", "cuelist.pdf"), ("stats_json", "stats.json")]
        links = tuple(Link(label(key), href) for key, href in docs if there(href))
        per = {p.id: tuple(Link(label(key), f"performers/{self.names[p.id]}/{file}")
                           for key, file in (("my_changes", "changes.md"), ("my_sheet_pdf", "cue-sheet.pdf"),
                                             ("my_sheet_md", "cue-sheet.md"), ("my_script_pdf", "script.pdf"))
                           if there(f"performers/{self.names[p.id]}/{file}"))
               for p in self.play.performers}
        atomic.write_text(self.out / "index.html", render_page(PageInput(self.play, tuple(tracks), links, per)))


def _load_manifest(folder: Path) -> tuple[dict[str, str], dict[str, Owner | None]]:
    """The last good build's keys by target, and the files earlier builds wrote with what each
    belongs to (both empty when there is no manifest, or one this version cannot read). A plain
    list of files (the first manifests that had one) is read with no owners."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}, {}
    keys, files = data.get("targets"), data.get("files")
    if isinstance(files, list):
        files = dict.fromkeys((f for f in files if isinstance(f, str)), None)
    return ({str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
            {f: Owner.from_json(o) for f, o in files.items() if isinstance(f, str) and _inside(f)}
            if isinstance(files, dict) else {})


def _inside(entry: str) -> bool:
    """Whether a recorded name stays inside the build folder: a damaged or hand-edited manifest
    must never lead a build to delete anything outside it."""
    parts = entry.split("/")
    return all(part not in ("", ".", "..") and "\\" not in part and ":" not in part for part in parts)


def _departed(recorded: Iterable[str], cast: set[str]) -> dict[str, list[str]]:
    """What earlier builds wrote for performers no longer in the cast, by their folder's name."""
    departed: dict[str, list[str]] = {}
    for entry in recorded:
        parts = entry.split("/")
        if len(parts) == 3 and parts[0] == "performers" and parts[1] not in cast:
            departed.setdefault(parts[1], []).append(entry)
    return departed


def _remove_departed(out: Path, recorded: Iterable[str], cast: set[str], report: BuildReport) -> None:
    """Delete what earlier builds wrote for performers no longer in the cast, then each such
    folder once it is empty. Only recorded files are deleted, so anything else put there stays
    (and keeps the folder). The manifest is rewritten only after this, so a build interrupted
    here leaves the record in place and the next build finishes the job."""
    for name, entries in sorted(_departed(recorded, cast).items()):
        folder = out / "performers" / name
        if folder.is_symlink() or not folder.is_dir():
            continue  # removed already, or a link the user made: not ours to follow
        for entry in entries:
            try:
                if not (out / entry).is_dir():
                    (out / entry).unlink(missing_ok=True)
            except OSError:
                pass  # stays recorded (it still exists), so the next build tries again
        try:
            folder.rmdir()
        except OSError:
            report.kept.append((folder, _names(folder)))
        else:
            report.removed.append(folder)


def _names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        return [f"(cannot list it: {exc.strerror})"]


def _stale(recorded: dict[str, Owner | None], targets: list[Target], keys: dict[str, str],
           holders: dict[str, str]) -> list[tuple[str, str]]:
    """Files earlier builds wrote that this one no longer writes and should go, with why:
    - those of an owner whose targets this build all made or found up to date (a performer's
      change notes after a build without --since, an mp3 after switching to ogg). An owner this
      build does not make at all (the tracks in a --no-audio build) keeps its files; so does one
      with a failed target, whose earlier files stay until a build makes it;
    - those made for a performer in a folder that now belongs to another performer (a new one
      took the old name), whatever this build makes: no one should find another person's track
      in their folder.
    A file some target of this build writes is never stale. ``holders``: each performer folder's
    performer (id) now."""
    planned = {f for target in targets for f in target.files}
    done: dict[Owner, bool] = {}
    for target in targets:
        done[target.owner] = done.get(target.owner, True) and target.ident in keys
    found = []
    for entry, owner in sorted(recorded.items()):
        if entry in planned or owner is None:
            continue
        parts = entry.split("/")
        now = holders.get(parts[1]) if len(parts) == 3 and parts[0] == "performers" else None
        if done.get(owner):
            found.append((entry, "this build no longer makes it"))
        elif owner.performer is not None and now is not None and now != owner.performer:
            found.append((entry, f"made for performer {owner.performer}, not {now}, whose folder this is now"))
    return found


def _remove_stale(out: Path, stale: list[tuple[str, str]], report: BuildReport) -> None:
    """Delete the stale files (never a link, which stagecast does not make). One that cannot be
    deleted stays recorded in the manifest, so the next build tries again."""
    for entry, why in stale:
        path = out / entry
        if path.is_symlink() or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError as exc:
            report.stuck.append((path, exc.strerror or str(exc)))
        else:
            report.stale.append((path, why))


def _written(out: Path, recorded: dict[str, Owner | None], targets: list[Target],
             keys: dict[str, str]) -> dict[str, dict[str, str]]:
    """What the manifest records as ours, with what each file belongs to: this build's outputs and
    earlier builds' files that are still there (a --no-audio build still remembers the tracks an
    earlier one wrote, and whose they are)."""
    planned = {f: target.owner for target in targets for f in target.files}
    ours = {f for target in targets if target.ident in keys for f in target.files}
    files = {}
    for entry in {*recorded, *ours, "index.html"}:
        if (out / entry).is_file():
            owner = PAGE if entry == "index.html" else planned.get(entry) or recorded.get(entry)
            files[entry] = owner.to_json() if owner else {}
    return dict(sorted(files.items()))


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already says exactly that (a build that changed nothing
    writes nothing, not even its manifest)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    atomic.write_text(path, text)


def _up_to_date(target: Target, previous: dict[str, str], out: Path) -> bool:
    """The last good build made ``target`` from the same inputs, and its files are all there."""
    return previous.get(target.ident) == target.key and all((out / f).is_file() for f in target.files)


def _make(targets: list[Target], previous: dict[str, str], out: Path, log: Callable[[str], None],
          report: BuildReport) -> dict[str, str]:
    """Make each target whose key changed or whose files are missing; the keys of the good ones."""
    keys: dict[str, str] = {}
    for target in targets:
        if _up_to_date(target, previous, out):
            report.skipped.append(target.name)
            keys[target.ident] = target.key
            continue
        log(f"building {target.name}")
        try:
            target.make()
        except StagecastError as exc:
            report.failed.append((target.name, exc.format()))
            continue
        report.built.append(target.name)
        keys[target.ident] = target.key
    return keys


def build(play_path: str | os.PathLike[str], options: BuildOptions = BuildOptions(),
          log: Callable[[str], None] = lambda _: None, session: AudioSession | None = None,
          notice: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Build everything for the play into ``options.output``; raise :class:`BuildFailed` (exit 5)
    after building what could be built when some targets failed. ``session``: see
    :func:`~stagecast.audio.render.render_audio` (``build --watch`` keeps one). ``notice``: told
    when the build waits for another one writing the same folder."""
    builder = Builder(Path(play_path), options, log, session, notice)  # reads the play: its errors come first
    with locking.hold(locking.lock_file(options.output), "build", options.output, wait=options.wait,
                      notice=notice):
        return _build(builder, options, log)


def _build(builder: Builder, options: BuildOptions, log: Callable[[str], None]) -> BuildReport:
    out = options.output
    performers = [p for p in out.glob("performers/*") if p.is_dir()]
    for folder in (out, out / "audio", *performers):
        atomic.clean_stale(folder)  # temp files of a build that was killed
    atomic.clean_once(temp_folder(cache_root()))  # and in the clip cache, which this build may not write
    previous, recorded = _load_manifest(out)
    targets = builder.targets()
    to_make = [t for t in targets if not _up_to_date(t, previous, out)]
    if any(t.owner.kind in TRACK_KINDS for t in to_make):
        builder.check_voices()  # only when a track is to be made: an up-to-date build imports no audio
    report = BuildReport(play=builder.play)
    cast = set(builder.names.values())
    holders = {folder: performer for performer, folder in builder.names.items()}
    # Files to delete when every target is made: with nothing to make, exactly those deleted below.
    doomed = [*(e for entries in _departed(recorded, cast).values() for e in entries),
              *(e for e, _ in _stale(recorded, targets, {t.ident: t.key for t in targets}, holders))]
    changing = bool(to_make) or any((out / e).is_file() for e in doomed)
    page = PageSwitch(out, [*recorded, *(f for t in targets for f in t.files)])
    if changing:
        page.take_down(stand_in(builder.play))
    try:
        _remove_departed(out, recorded, cast, report)
        keys = _make(targets, previous, out, log, report)
        _remove_stale(out, _stale(recorded, targets, keys, holders), report)
    except BaseException:
        page.put_back_if_unchanged()
        raise
    page_key = _digest(sorted(keys.items()), builder.keyed)
    fresh = changing or report.built or report.failed or report.stale or previous.get("page") != page_key
    if fresh or not (out / "index.html").is_file() or is_stand_in(out / "index.html"):
        builder.page({f for target in targets if target.ident in keys for f in target.files})
        report.built.append("rehearsal page")
    else:
        report.skipped.append("rehearsal page")
    keys["page"] = page_key
    manifest = {"version": MANIFEST_VERSION, "stagecast": __version__, "targets": keys,
                "files": _written(options.output, recorded, targets, keys)}
    _write_if_changed(options.output / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    if report.failed:
        by_message: dict[str, list[str]] = {}
        for name, message in report.failed:  # one engine failure fails every track: say it once
            by_message.setdefault(message, []).append(name)
        details = "\n".join(f"{', '.join(names)}: {message}" for message, names in by_message.items())
        raise BuildFailed("\n".join([details, *report.removals(), f"{len(report.failed)} of {len(targets)} "
                                      f"outputs failed; the rest are in {options.output}"]))
    return report
