"""axe-core on the states of the round pages no plain GET shows: errors, conflict, closed.

The plain pages are checked by tests/test_accessibility.py through the URL table; these live
beside it for its browser fixtures.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.competences.models import Round
from trinvis.competences.services.rounds import round_close
from trinvis.competences.tests.factories import colleagues, make_profile, make_round, rate

pytestmark = pytest.mark.browser


def _round(world: World) -> Round:
    return make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob, *colleagues(world.team_a, 2)],
        by=world.alice,
        team_assessment=True,
    )


def test_the_open_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    profile = make_profile(world.municipality_a)
    page = open_as(world.alice)
    page.goto(reverse("competences:round_open"))
    assert_no_violations(page, where="choose a profile")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Unit or team assessed")).to_be_visible()
    assert_no_violations(page, where="choose the unit")
    page.get_by_label("Unit or team assessed").select_option(str(world.team_a.pk))
    page.get_by_role("button", name="Next: choose the people").click()
    expect(page.get_by_role("checkbox", name="Bob Employee")).to_be_checked()
    page.get_by_label("Deadline", exact=True).fill("2000-01-01")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where=f"open a round of {profile.name} with errors")


def test_the_rating_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    round = _round(world)
    page = open_as(world.bob)
    page.goto(reverse("competences:assess", args=[round.pk, "self", world.bob.pk]))
    page.get_by_role("radio", name="4 Competent performer").first.check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_violations(page, where="self-assessment with errors")


def test_the_rating_form_after_a_conflict_passes_axe(world: World, open_as: OpenAs) -> None:
    round = _round(world)
    page = open_as(world.alice)
    page.goto(reverse("competences:assess", args=[round.pk, "leader", world.bob.pk]))
    rate(round, kind="leader", person=world.bob, by=world.admin, levels=[1, 2], submit=False)
    page.get_by_role("radio", name="3 Practised performer").first.check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert").first).to_contain_text("Someone else saved")
    assert_no_violations(page, where="leader assessment after a conflict")


def test_the_closed_rounds_pages_pass_axe(world: World, open_as: OpenAs) -> None:
    round = _round(world)
    rate(round, kind="self", person=world.bob, by=world.bob, levels=[3, 4], submit=False)
    round_close(by=world.alice, round=round)
    page = open_as(world.bob)
    page.goto(reverse("competences:assess", args=[round.pk, "self", world.bob.pk]))
    assert_no_violations(page, where="closed self-assessment")
    page = open_as(world.alice)
    page.goto(reverse("competences:round_detail", args=[round.pk]))
    expect(page.get_by_label("New deadline")).to_be_visible()
    assert_no_violations(page, where="closed round, reopen form")
