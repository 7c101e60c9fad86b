"""The competence spider drawn in chromium under the site's real Content-Security-Policy."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, expect

from conftest import World
from tests.conftest import TIMEOUT_MS
from trinvis.competences.tests.factories import rated_team_round

pytestmark = pytest.mark.browser


def test_the_team_spider_renders_as_svg_without_breaking_the_csp(
    world: World, chromium: Browser, live_server: Any
) -> None:
    round = rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )
    # Unlike the `open_as` pages, this context keeps the CSP, so a chart that needed eval or
    # inline styles would show up as a violation.
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    client = Client()
    client.force_login(world.alice)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            problems.append(message.text)

    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(str(error)))
    failed: list[str] = []
    page.on(
        "response",
        lambda response: failed.append(response.url) if response.status >= 400 else None,
    )
    try:
        page.goto(reverse("competences:matrix", args=[round.pk]))
        canvas = page.locator('[data-chart="team-spider-spec"]')
        expect(canvas).to_have_attribute("role", "img")
        expect(canvas.locator("svg").first).to_be_visible()
        expect(canvas).to_have_class("trinvis-chart__canvas trinvis-chart--drawn")
        # Axis labels and the legend are drawn.
        expect(canvas.locator("svg text", has_text="Labour-market knowledge")).to_have_count(1)
        expect(canvas.locator("svg text", has_text="Team median").first).to_be_visible()
        # A point shows its figures on hover (vega-tooltip, styled by reports.css).
        canvas.locator("g.mark-symbol path").first.hover()
        expect(page.locator("#vg-tooltip-element")).to_contain_text("Expected level")
        # The figures are there as a table too.
        page.get_by_text("The chart's figures as a table").click()
        table = page.locator(".trinvis-chart__data table")
        expect(table).to_be_visible()
        expect(table).to_contain_text("Conversations with an interpreter")
        violations = [p for p in problems if "Content Security Policy" in p or "CSP" in p]
        assert not violations, violations
        # The browser asks for /favicon.ico on its own; every other request must succeed.
        assert [url for url in failed if not url.endswith("/favicon.ico")] == []
        assert [p for p in problems if "404" not in p] == []
    finally:
        context.close()
