"""End-to-end fixtures: the seeded app served over real HTTP, driven by headless Chromium.

Debian's Chromium (``apt-get install chromium``) is driven through Playwright; we never
download a browser. Without ``/usr/bin/chromium`` these tests skip, unless
``DIRECTORY_REQUIRE_BROWSER=1`` (CI), when they fail instead.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# Any address but the live server's: refused, as for a user offline. Only these requests
# go through Playwright's route handler; the site's own load without a round trip to it.
ELSEWHERE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Werkzeug's development server (the live server here, never production) leaves a
# static file open when the browser drops the connection mid-response, as it does when
# a page navigates away before its stylesheet arrived; the file is closed by the garbage
# collector, whose warning would otherwise fail whichever test is running then.
DROPPED_STATIC = [
    pytest.mark.filterwarnings(
        r"ignore:unclosed file <_io\.BufferedReader name='[^']*/static/:ResourceWarning"
    ),
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io\.FileIO name='[^']*/static/"
        r":pytest.PytestUnraisableExceptionWarning"
    ),
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _one_database_each(config, items)
    for item in items:
        if "browser" in item.keywords:
            for mark in DROPPED_STATIC:
                item.add_marker(mark)
    if CHROMIUM.exists():
        return
    if os.environ.get("DIRECTORY_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"{CHROMIUM} is missing and DIRECTORY_REQUIRE_BROWSER=1")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _one_database_each(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A journey runs on one database: PostgreSQL, production's, when the run has it
    (CI), else SQLite. The integration tests cover both databases under every page; a
    journey's few seconds of browser time buy nothing more the second time."""
    backends = {_backend(item) for item in items if "browser" in item.keywords}
    keep = "postgresql" if "postgresql" in backends else "sqlite"
    dropped = [i for i in items if "browser" in i.keywords and _backend(i) not in (keep, None)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]


def _backend(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("database_url") if callspec else None


@pytest.fixture
def live_server(indexed: Flask) -> Iterator[str]:
    """The seeded app with a built search index, served on a free loopback port."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, indexed, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_for(browser):  # type: ignore[no-untyped-def]
    """Open pages in a fresh context; map tiles (internet) are refused, as offline users'."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="en-GB", **options
        )
        context.route(ELSEWHERE, lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    """``screenshot(page, name, full_page=True)`` saves tests/browser/screenshots/NAME.png
    (git-ignored) for a person to look at."""

    def take(page, name: str, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
