"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium; no browser is ever
downloaded) against pytest-django's live server, on whichever database the suite runs on.

Every page a test visits is checked with axe-core: the `page` fixture records each navigation
and fails the test if any page was not checked, and `accessible()` fails on serious or critical
violations.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("SAFEHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test-deps`")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class AccessibilityChecker:
    def __init__(self) -> None:
        self.axe = Axe()
        self.checked: set[str] = set()
        self.visited: list[str] = []

    def check(self, page: Page) -> None:
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        violations = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        self.checked.add(page.url.split("#")[0])
        assert not violations, f"axe-core violations on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:5])
            for v in violations
        )


@pytest.fixture
def axe_checker() -> AccessibilityChecker:
    return AccessibilityChecker()


@pytest.fixture
def page(browser: Browser, live_server: Any, axe_checker: AccessibilityChecker) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_navigation(frame: Any) -> None:
        if frame == page.main_frame:
            axe_checker.visited.append(frame.url.split("#")[0])

    page.on("framenavigated", on_navigation)
    yield page
    unchecked = [
        url
        for url in dict.fromkeys(axe_checker.visited)
        if url not in axe_checker.checked and not url.startswith("about:")
    ]
    context.close()
    assert not unchecked, f"pages visited without an axe-core check: {unchecked}"


@pytest.fixture
def accessible(page: Page, axe_checker: AccessibilityChecker) -> Any:
    """Call after each navigation: `accessible()` checks the current page with axe-core."""

    def check() -> None:
        axe_checker.check(page)

    return check
