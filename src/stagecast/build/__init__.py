"""``stagecast build``: everything a company needs, in one folder, rebuilt only where needed.

Each output group is a *target* (:mod:`.targets`: a table of the kinds of output, each with
its files, its key and its maker) with a key: a hash of exactly the parts of the model (and
files and options) it is made from (:mod:`.fingerprints`). ``manifest.json`` — written last
(:mod:`.manifest`) — records the keys of the last good build; a target whose key is unchanged
and whose files are all there is skipped. A target that fails is reported with its location
and left out of the manifest, so the next build tries it again; the others are still built
(exit 5). The manifest also records every file written and whom it was written for, so that
files a build no longer makes are deleted — and only those. The tree is documented in
docs/build.md.

One build at a time writes a folder (:mod:`stagecast.files.locking`); the page is taken down
while the files it links change (:mod:`.page_switch`) and written last but the manifest
(:mod:`.index_page`). :mod:`.run` puts these together.
"""

from .inputs import AUDIO_FORMATS, BuildOptions
from .outcome import BuildReport
from .run import build

__all__ = ["AUDIO_FORMATS", "BuildOptions", "BuildReport", "build"]
