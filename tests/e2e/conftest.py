"""A real browser: Debian's Chromium driven by Playwright, against the app served on loopback.

The project's scripts install Chromium where it is missing (scripts/ensure-chromium.sh); under
CI=true these tests must run and never skip."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _chromium() -> str | None:
    found = os.environ.get("GROUPDECIDE_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts/ensure-chromium.sh")], capture_output=True, text=True
    )
    return proc.stdout.strip() or None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    exe = _chromium()
    if not exe:
        if IN_CI:
            pytest.fail("Chromium is required under CI=true and could not be installed")
        pytest.skip("no Chromium here and it cannot be installed (needs root and apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=exe,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


def pytest_collection_modifyitems(items: list[Any]) -> None:
    # The browser cancels requests it no longer needs (a second icon fetch, a page left early);
    # the development server then drops the half-sent file without closing it, which Python
    # reports as a ResourceWarning. That is the test server's, not the app's: ignore it here.
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(
                pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
            )


def _collect_quietly() -> None:
    """Finalize what the server threads left behind now, without reporting their warnings."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


@pytest.fixture
def live_server(app: Any) -> Iterator[str]:
    """The test app on a free loopback port, in a thread."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    _collect_quietly()


class PageWatch:
    """Collects what must never happen on a page: dialogs, script errors, CSP violations."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("console", self._console)

    def _console(self, msg: Any) -> None:
        text = msg.text
        if msg.type == "error" and ("Content Security Policy" in text or "Refused" in text):
            self.problems.append(f"csp: {text}")
        elif msg.type == "error" and "favicon" not in text:
            self.problems.append(f"console error: {text}")


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A function that opens a fresh browser context (a separate participant) and page."""
    contexts = []

    def make(locale: str = "en-US") -> tuple[Any, PageWatch]:
        ctx = browser.new_context(locale=locale)
        contexts.append(ctx)
        page = ctx.new_page()
        return page, PageWatch(page)

    yield make
    for ctx in contexts:
        ctx.close()
