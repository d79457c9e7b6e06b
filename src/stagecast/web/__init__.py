"""The offline rehearsal page (``build/index.html``, :mod:`.page`) and the small server that
shares it with phones on the same Wi-Fi (:mod:`.server`, ``stagecast serve``): read-only, but for
the takes performers record on the page (:mod:`.uploads`), over HTTPS with ``--lan``
(:mod:`.certificate`), with what installs the page on a phone and keeps it for use offline
(:mod:`.installable`, :mod:`.app_icon`).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "render_page": "page",
    "PageInput": "page",
    "make_server": "server",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
