"""axe-core on the page that lists the municipality reports, with a municipality to report
on and without one, and on the home page that leads a leader there; the report links work
without JavaScript."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs

pytestmark = pytest.mark.browser


def test_the_list_of_municipality_reports_passes_axe(world: World, open_as: OpenAs) -> None:
    url = reverse("programmes:municipality_reports")
    for user in (world.alice, world.bob):
        page = open_as(user)
        page.goto(url)
        assert_no_violations(page, where=f"{user.full_name}: {url}")
    page = open_as(world.alice)
    page.goto(reverse("core:home"))
    assert_no_violations(page, where="alice's home page")


def test_a_leader_finds_the_report_without_javascript(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice, javascript=False)
    page.goto(reverse("core:home"))
    page.get_by_role("link", name="Reports on your municipality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports on your municipality")
    link = page.get_by_role("link", name="Download as PDF – Municipality A")
    expect(link).to_have_attribute(
        "href", reverse("programmes:municipality_report_pdf", args=[world.municipality_a.pk])
    )
