"""Open generated pages in Debian's headless Chromium through Playwright (no conftest needed).

``open_page(path)`` is a context manager giving a :class:`PageVisit`: the Playwright page,
plus every console error, page error, dialog and off-machine request seen while it was
open. Every request is routed: ``file:``, ``data:``, ``about:`` and ``blob:`` URLs go through,
anything else is aborted and recorded in ``blocked`` (a test then fails on it).

Without /usr/bin/chromium (or the playwright package) tests skip with one line saying why,
except under CI=true, where they fail. Never runs ``playwright install``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("MILGRAPH_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--no-default-browser-check"]


def require_browser() -> None:
    """Skip (or, under CI=true, fail) when headless Chromium cannot be driven here."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "browser tests need the playwright package (.venv/bin/pip install playwright)"
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class PageVisit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.blocked, f"requests left the machine: {self.blocked}"
        assert not self.dialogs, f"the page opened dialogs: {self.dialogs}"
        assert not self.page_errors, f"page errors: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target))
        return target


@contextlib.contextmanager
def launch(viewport: tuple[int, int] = (1400, 900)) -> Iterator[object]:
    """A fresh persistent Chromium context (own throw-away profile directory)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="milgraph-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": viewport[0], "height": viewport[1]}, offline=False)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _watch(context, visit: PageVisit) -> None:
    def route(r):
        url = r.request.url
        if url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            visit.blocked.append(url)
            r.abort()

    context.route("**/*", route)


def _attach(page, visit: PageVisit) -> None:
    page.on("console", lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)


@contextlib.contextmanager
def open_page(path: str | Path, ready_flag: str = "() => window.milgraph && window.milgraph.ready",
              timeout_ms: int = 30000, viewport: tuple[int, int] = (1400, 900)) -> Iterator[PageVisit]:
    """Load a local HTML file and wait until ``ready_flag`` (a JS expression) is true."""
    with launch(viewport) as context:
        visit = PageVisit(page=None)
        _watch(context, visit)
        page = context.pages[0] if context.pages else context.new_page()
        visit.page = page
        _attach(page, visit)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_function(ready_flag, timeout=timeout_ms)
        yield visit
