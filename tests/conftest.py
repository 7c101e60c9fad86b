"""Browser fixtures: one headless Debian chromium per test process, a fresh context per test.

Browser tests use pytest-django's `live_server`, which makes them transactional: the server
thread reads what the test wrote. Under pytest-xdist each worker starts its own chromium and
its own live server on a free port, on its own test database.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Response,
    sync_playwright,
)

from tests.axe import axe_source
from trinvis.accounts.models import User
from trinvis.accounts.tests.factories_two_factor import session_verify

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam

CHROMIUM = Path("/usr/bin/chromium")
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
TIMEOUT_MS = 15_000


class OpenAs(Protocol):
    def __call__(
        self, user: User | None = None, *, language: str = "", javascript: bool = True
    ) -> Page: ...


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # next to it are still synchronous, so Django's async guard would refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def open_as(chromium: Browser, live_server: Any) -> Iterator[OpenAs]:
    """`open_as(user or None)`: a new page on the live server, logged in as that user.

    `language` sets the language cookie; `javascript=False` shows the page as a browser
    without JavaScript does.

    The session cookie comes from `Client.force_login`, so tests that are not about logging
    in do not pay for the login form.
    """
    contexts: list[BrowserContext] = []
    # A page whose style sheets did not load would pass the contrast checks vacuously.
    broken_assets: list[str] = []

    def watch_response(response: Response) -> None:
        if response.status >= 400 and settings.STATIC_URL in response.url:
            broken_assets.append(f"{response.status} {response.url}")

    def watch_failure(request: Request) -> None:
        if settings.STATIC_URL in request.url:
            broken_assets.append(f"{request.failure} {request.url}")

    def open_page(user: User | None = None, *, language: str = "", javascript: bool = True) -> Page:
        context = chromium.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            locale="en-GB",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if javascript:
            # axe-core loads with every page of the context, before the page's own scripts
            # (it only defines `window.axe`). Chromium compiles it once for the context, where
            # a script tag added after each page load cost about as much as the axe run itself.
            context.add_init_script(script=axe_source())
        contexts.append(context)
        cookies: list[SetCookieParam] = []
        if user is not None:
            client = Client()
            client.force_login(user)
            session_verify(client, user)  # two-factor login: the administrator gave the code
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
            )
        if language:
            cookies.append(
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
            )
        context.add_cookies(cookies)
        page = context.new_page()
        page.on("response", watch_response)
        page.on("requestfailed", watch_failure)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not broken_assets, f"assets did not load: {broken_assets}"
