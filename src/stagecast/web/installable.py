"""What makes the served rehearsal page installable on a phone's home screen and usable offline:
the web app manifest, its icons and the service worker, made by ``stagecast serve`` from the
build folder's ``index.html`` at each request (nothing is written into the build folder).

They live under :data:`PREFIX`, beside the recording probe. The worker keeps the page (its
cache is named with a digest of ``index.html``, so a rebuilt page replaces the old one whatever
stagecast version built it) and each file the page refers to (tracks, documents) the first time
it is fetched, stamped with the file's size and time, so a rebuild refetches only the files
it changed. The page registers the worker itself (``page_install.js``), on http(s) only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .app_icon import icon_png, rgb

PREFIX = "/_stagecast/"
MANIFEST = "app.webmanifest"
WORKER = "offline.js"
ICONS = {"icon-192.png": 192, "icon-512.png": 512}
FAVICON = "/favicon.ico"
"""Asked for by every browser tab: answered with the small icon when the build folder has none."""
SHORT_NAME = 12
"""Characters a home screen shows under an icon before it cuts the name short."""

_DATA = re.compile(rb'<script type="application/json" id="stagecast-data">(.*?)</script>', re.DOTALL)


class NotServed(Exception):
    """A request for one of these files that cannot be answered: ``status`` and why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Served:
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = (("Cache-Control", "no-cache"),)


@dataclass(frozen=True)
class PageFacts:
    """What the files here need from the page: its digest, title and the files it refers to."""

    version: str
    title: str
    subtitle: str | None
    lang: str
    files: tuple[str, ...]
    """Paths relative to the page (tracks, then documents), as the page's links spell them."""


def install_file(folder: Path, name: str) -> Served:
    """The file ``PREFIX + name`` for the page in ``folder``; :class:`NotServed` if there is none."""
    if name not in (MANIFEST, WORKER, *ICONS):
        raise NotServed(404, f"no such file: {PREFIX}{name}")
    colours = page_colours()
    if name in ICONS:
        return Served(icon_png(ICONS[name], rgb(colours["ink"]), rgb(colours["light"])), "image/png")
    facts = page_facts(folder / "index.html")
    if name == MANIFEST:
        body = json.dumps(manifest(facts, colours), ensure_ascii=False, indent=1)
        return Served(body.encode("utf-8"), "application/manifest+json")
    # The worker's scope is the page's folder, above the worker's own: the browser allows
    # that only when the server says so.
    return Served(worker_script(facts, folder).encode("utf-8"), "text/javascript; charset=utf-8",
                  (("Cache-Control", "no-cache"), ("Service-Worker-Allowed", "/")))


def page_facts(page: Path) -> PageFacts:
    try:
        stat = page.stat()
    except OSError:
        raise NotServed(404, "the build folder has no index.html") from None
    return _read_facts(str(page), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_facts(page: str, _mtime_ns: int, _size: int) -> PageFacts:
    """Read once per version of the page (the worker is asked for at every visit)."""
    try:
        html = Path(page).read_bytes()
    except OSError:
        raise NotServed(404, "the build folder has no index.html") from None
    found = _DATA.search(html)
    if found is None:
        # The stand-in a build puts up while it works (build/page_switch.py), or a page stagecast
        # did not make: no worker, so a phone keeps the page it has until the build is done.
        raise NotServed(503, "index.html is not a rehearsal page now (a build may be under way)")
    try:
        data: dict[str, Any] = json.loads(found.group(1))
        links = [link["href"] for link in data.get("links", [])]
        links += [link["href"] for p in data.get("performers", []) for link in p.get("links", [])]
        files = [t["audio"] for t in data.get("tracks", [])] + links
        local = tuple(dict.fromkeys(f for f in files if isinstance(f, str) and _local(f)))
    except (ValueError, KeyError, TypeError, AttributeError):
        # A hand-edited or half-copied page: answered like the stand-in, so the server goes on
        # and a phone keeps the page it has.
        raise NotServed(503, "index.html has no rehearsal data stagecast can read: "
                             "build it again (stagecast build)") from None
    return PageFacts(hashlib.sha256(html).hexdigest()[:16], data.get("title") or "stagecast",
                     data.get("subtitle"), data.get("lang") or "en", local)


def _local(href: str) -> bool:
    """A file in the build folder (not another site's address, nor one leading out of it)."""
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc or href.startswith("/") or ".." in unquote(parts.path).split("/"))


def manifest(facts: PageFacts, colours: dict[str, str]) -> dict[str, Any]:
    """The web app manifest: the page, under the play's title, full screen without the browser's bar."""
    icons = [{"src": name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
             for name, size in ICONS.items()]
    icons += [{**icon, "purpose": "maskable"} for icon in icons]
    found: dict[str, Any] = {
        "name": facts.title, "short_name": short_name(facts.title), "lang": facts.lang, "dir": "auto",
        # Relative to this file: the folder the page is in.
        "start_url": "../", "scope": "../", "display": "standalone",
        "background_color": colours["background"], "theme_color": colours["bar"], "icons": icons,
    }
    if facts.subtitle:
        found["description"] = facts.subtitle
    return found


def short_name(title: str) -> str:
    """The title if it fits under an icon; else its first words that do, or its start and "…"."""
    if len(title) <= SHORT_NAME:
        return title
    words = ""
    for word in title.split():
        if len(f"{words} {word}".strip()) > SHORT_NAME:
            break
        words = f"{words} {word}".strip()
    return words.rstrip(",.;:—–-") or title[:SHORT_NAME - 1] + "…"


def worker_script(facts: PageFacts, folder: Path) -> str:
    """The service worker: ``offline_worker.js`` with this page's version and files in it."""
    stamps = {}
    for href in facts.files:
        try:
            stat = (folder / unquote(urlsplit(href).path)).stat()
        except (OSError, ValueError):  # ValueError: a name no file can have ("%00")
            continue  # not there: the page's link will fail online too
        stamps[href] = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    settings = {"version": facts.version, "page": ["./", "index.html"],
                "keep": [PREFIX.lstrip("/") + name for name in (MANIFEST, *ICONS)], "files": stamps}
    script = resources.files(__package__).joinpath("offline_worker.js").read_text(encoding="utf-8")
    return script.replace("/*{{settings}}*/", f"const SETTINGS = {json.dumps(settings, ensure_ascii=False)};")


@functools.lru_cache(maxsize=1)
def page_colours() -> dict[str, str]:
    """The page's colours, read from page.css so that the installed app looks like the page:
    the ink and the highlight (the icon), the body's background and the header bar's."""
    css = resources.files(__package__).joinpath("page.css").read_text(encoding="utf-8")
    wanted = {"ink": (":root", "--ink"), "light": (":root", "--hi"), "background": ("body", "background"),
              "bar": (".bar", "background")}
    found = {}
    for key, (selector, prop) in wanted.items():
        rule = re.search(rf"(?:^|}})\s*{re.escape(selector)}\s*{{([^}}]*)}}", css, re.MULTILINE)
        value = re.search(rf"(?:^|;)\s*{re.escape(prop)}\s*:\s*(#[0-9a-fA-F]{{3,6}})\b", rule.group(1)) if rule else None
        if value is None:
            raise ValueError(f"page.css has no {prop} colour in its {selector} rule")
        found[key] = value.group(1).lower()
    return found
