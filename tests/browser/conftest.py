"""A real Chromium for the browser tests: Debian's ``chromium`` (scripts/ensure-chromium installs it),
driven by Playwright for Python against pytest-django's live server.

Playwright's own browser download is never used: the browser is launched from ``$CHROMIUM``
(default ``/usr/bin/chromium``). When a test fails, a screenshot of its page is saved to
``var/screenshots/<test name>.png`` and named in the failure report.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Browser, Error, Page, ViewportSize, sync_playwright

from accounts.models import User
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless in a closed network: without these Chromium keeps calling home (updates, sync, QUIC probes).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
#: Wide enough for the desktop layout; the narrow checks set 320 px themselves.
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def fixed_needs(transactional_db: None) -> None:
    """The needs taxonomy, as its data migration writes it: the flush after each transactional test
    empties the table. (``serialized_rollback`` cannot restore it here: while Playwright runs, Django
    gives this thread another connection object, without the serialized contents.)"""
    importlib.import_module("directory.migrations.0003_fixed_needs").add_needs(apps, None)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests.

    Package-scoped rather than session-scoped: between its calls the Playwright sync API marks an
    asyncio loop as running in this thread, and that must not outlive the browser tests. While it
    does, Django would refuse the ORM calls the tests make to prepare their data; the live server's
    requests run in threads of their own and are not affected."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/ensure-chromium (or set CHROMIUM)")
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if saved is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, in Dutch; fails on a script error."""
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="nl-NL", bypass_csp=True, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    script_errors: list[str] = []
    tab.on("pageerror", lambda error: script_errors.append(f"{tab.url}: {error}"))
    yield tab
    context.close()
    assert not script_errors, "script errors in the pages:\n" + "\n".join(script_errors)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """When a browser test fails, save what its page showed and say where in the report."""
    report = yield
    if report.when == "call" and report.failed:
        tab = getattr(item, "funcargs", {}).get("page")
        if isinstance(tab, Page):
            report.sections.append(("browser", _screenshot(tab, item.name)))
    return report


def _screenshot(tab: Page, name: str) -> str:
    folder = SCREENSHOTS
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="nvm-screenshots-"))
    path = folder / f"{name}.png"
    try:
        tab.screenshot(path=str(path), full_page=True)
    except Error as error:
        return f"no screenshot of {tab.url}: {error}"
    return f"screenshot of {tab.url}: {path}"


def log_in(page: Page, user: User) -> None:
    """Log in through the real login form as ``user`` (any earlier session is dropped first)."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
