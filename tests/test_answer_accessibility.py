"""axe-core on the answer form's states no plain GET shows: a matrix page, errors, saved,
an unknown link; and the whole form answered by keyboard-free clicks without JavaScript.

The plain pages are checked by tests/test_accessibility.py through the URL table; these live
beside it for its browser fixtures.
"""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.axe import assert_no_violations as axe_check
from tests.conftest import OpenAs
from trinvis.surveys.models import Response
from trinvis.surveys.tests.factories_distribution import BOB_TOKEN, invite_with_token, make_survey

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_answering_every_page_passes_axe(world: World, open_as: OpenAs, javascript: bool) -> None:
    survey = make_survey(world.municipality_a)
    invite_with_token(survey, world.bob, BOB_TOKEN)
    page = open_as(None, javascript=javascript)

    def assert_no_violations(page: Any, *, where: str) -> None:
        # axe needs JavaScript; without it the journey itself is the test.
        if javascript:
            axe_check(page, where=where)

    page.goto(reverse("answer:personal", kwargs={"token": BOB_TOKEN}))
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where="first page with an error")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("What changed?")).to_be_visible()
    page.get_by_label("What changed?").fill("We meet employers")
    page.get_by_role("checkbox", name="Jobs").check()
    page.get_by_role("button", name="Save and continue later").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert_no_violations(page, where="second page, saved")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("table")).to_be_visible()
    page.get_by_label("Your age").fill("130")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where="matrix page with errors")
    useful = page.get_by_role("radio", name=re.compile(r"^It was useful.*To a large extent$"))
    useful.check()
    page.get_by_label("Your age").fill("41")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Response.objects.get(survey=survey).submitted_at is not None
    page.goto(reverse("answer:personal", kwargs={"token": BOB_TOKEN}))
    assert_no_violations(page, where="link already used")


def test_unknown_link_page_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(None)
    page.goto(reverse("answer:personal", kwargs={"token": "no-such-token"}))
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_no_violations(page, where="unknown link")
