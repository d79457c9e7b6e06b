"""``--watch``: following a play as it is edited.

:mod:`.changes` finds the files a play is made of and notices when one is saved (polling
``stat``, see the README's design section). Running a command again on each save, and
reporting a mistake without stopping, is the command line's: :mod:`stagecast.cli.watch_loop`.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "FileWatch": "changes",
    "play_files": "changes",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
