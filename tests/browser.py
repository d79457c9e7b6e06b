"""Driving Debian's Chromium with Playwright (no browser download), for page tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import need_tool

# What a sandboxed CI runner needs; nothing here relaxes file:// security.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]


@contextmanager
def chromium(*extra: str) -> Iterator[object]:
    """Chromium with the flags above and ``extra`` ones (a fake microphone, for recording)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser") or need_tool("chromium", "browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=[*FLAGS, *extra])
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_profile(profile: Path, *extra: str, **context: object) -> Iterator[object]:
    """A browser context with its own profile folder: unlike a new context, not incognito, so
    a page can be installed in it (Chromium's installability check refuses incognito)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser") or need_tool("chromium", "browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(str(profile), executable_path=path, args=[*FLAGS, *extra],
                                                       **context)
        try:
            yield browser
        finally:
            browser.close()
