"""What a build is made from: the options it was given, and the play, voices and PDF settings
read once for every target. They are read before the build folder is locked, so a mistake in
the play is reported before anything waits or is written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..api import load_play, load_voices, voices_file
from ..files.output_place import BUILD_FOLDER
from ..model import Play
from ..pdf_settings import is_builtin, pdf_settings
from ..rules import slug, slugs
from ..voice_settings import VoiceConfig
from .fingerprints import digest, file_digest, placeless, sources, takes_digest

if TYPE_CHECKING:  # the audio path is imported only when a track is made
    from ..audio.session import AudioSession

AUDIO_FORMATS = ("mp3", "ogg", "wav")


@dataclass(frozen=True)
class BuildOptions:
    output: Path = BUILD_FOLDER
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
    stale_takes: str = "skip"
    """A take recorded for words since changed: ``skip`` it (the line is synthesised) or ``use`` it."""
    wait: bool = True
    """When another build is writing the folder: wait for it (saying so), or refuse (``--no-wait``)."""


class BuildInputs:
    """The play as read (``play``, for making outputs) and without its place (``keyed``, for
    keys), its voices, each performer's folder name (``names``: id → folder), the revision to
    mark (``--since``) and what every PDF and every track is also made from."""

    def __init__(self, play_path: Path, options: BuildOptions, session: AudioSession | None = None,
                 notice: Callable[[str], None] = lambda _: None):
        self.play_path, self.options, self.session, self.notice = play_path, options, session, notice
        self.out = options.output
        # The play as performed: every output of a build leaves the production cuts out.
        self.play: Play = load_play(play_path).performed()
        self.keyed = placeless(self.play)
        self.voices: VoiceConfig = load_voices(play_path, self.play, options.voices)
        found = voices_file(play_path, options.voices)
        self.voices_digest = file_digest(found) if found else "none"
        self.names = dict(zip([p.id for p in self.play.performers], slugs([p.name for p in self.play.performers]),
                              strict=True))
        self.revision = self._revision()
        self.pdf = pdf_settings(self.play, options.fonts, options.paper)
        # What every PDF is also made from: the paper and the fonts' bytes (not their paths, which
        # move with the play folder).
        self.pdf_key = digest(self.pdf.paper, [f if is_builtin(f) else file_digest(Path(f)) for f in self.pdf.fonts])
        self._marks: dict[str | None, object] = {}
        self.prefix = ""
        """Where in the build folder these outputs go: "" for the main casting, ``casts/<cast>/``
        for an alternate cast's (:meth:`for_cast`)."""

    def _revision(self):  # type: ignore[no-untyped-def]
        if not self.options.since:
            return None
        from ..api import revision_since

        return revision_since(self.options.since, self.play_path, self.play)

    def marks(self, performer_id: str | None):  # type: ignore[no-untyped-def]
        """Revision marks for a performer's outputs (or the whole play's), or None. Worked out
        once: a performer's key and each of their outputs need them."""
        if self.revision is None:
            return None
        if performer_id not in self._marks:
            from ..revisions.performer import part_news, performer_marks, play_marks

            self._marks[performer_id] = (play_marks(self.revision) if performer_id is None
                                         else performer_marks(part_news(self.revision, performer_id)))
        return self._marks[performer_id]

    def for_cast(self, name: str) -> BuildInputs:
        """These inputs with the play as the alternate cast ``name`` plays it, its outputs in
        ``casts/<cast>/`` of the build folder (docs/build.md)."""
        from ..api import as_cast

        view = copy.copy(self)
        view.__dict__.pop("audio_key", None)  # worked out again, from the cast's play
        view.play = self.play.with_cast(name)
        view.keyed = placeless(view.play)
        view.prefix = f"casts/{slug(name)}/"
        view.out = self.out / "casts" / slug(name)
        view._marks = {}
        if self.revision is not None:
            from ..revisions.compare import compare

            old = self.revision
            view.revision = compare(as_cast(old.old, name), view.play, old.old_label, old.new_label, old.date)
        return view

    def recast(self, name: str) -> list[str]:
        """The performers whose parts the alternate cast ``name`` changes: the only ones whose
        outputs differ from the main casting's."""
        view = self.play.with_cast(name)
        return [p.id for p, q in zip(self.play.performers, view.performers, strict=True) if p != q]

    def folder(self, performer_id: str) -> Path:
        """Where a performer's outputs go."""
        return self.out / "performers" / self.names[performer_id]

    @cached_property
    def audio_key(self) -> str:
        """What every track is also made from: the play and where each line is in its files,
        voices.yaml, the engine, the format, the sound files' bytes and the takes (the manifest and
        every file in takes/, by their bytes). Worked out only for a build that makes tracks."""
        play = self.play
        sounds = sorted({i.file for s in play.scenes for i in s.items if getattr(i, "file", None)})
        return digest(self.keyed, sources(play), self.voices_digest, self.options.engine, self.options.audio_format,
                      [(f, file_digest(Path(play.root) / f)) for f in sounds], self.options.stale_takes,
                      takes_digest(Path(play.root)))
