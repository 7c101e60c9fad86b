"""The competence journey in chromium: a leader builds a profile from the shipped example and
opens a self + leader round; an employee rates himself without JavaScript; the leader rates
him and finds the conversation point in the matrix."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import World
from tests.conftest import OpenAs
from trinvis.competences.models import Assessment, Profile, Round
from trinvis.competences.selectors import profile_competences

pytestmark = pytest.mark.browser


def _rate_all(page: Page, profile: Profile, levels: dict[int, int], default: int) -> None:
    for competence in profile_competences(profile=profile):
        level = levels.get(competence.pk, default)
        page.locator(f"input[name='level_{competence.pk}'][value='{level}']").check()


def test_a_leader_builds_a_profile_opens_a_round_and_meets_the_conversation_point(
    world: World, open_as: OpenAs
) -> None:
    alice = open_as(world.alice)
    alice.goto(reverse("competences:profile_create"))
    alice.get_by_label("Organisation", exact=True).select_option(str(world.municipality_a.pk))
    alice.get_by_label("The example profile for integration work").check()
    alice.get_by_role("button", name="Create the profile").click()
    expect(alice).to_have_url(re.compile(r"/competences/profiles/\d+/$"))
    profile = Profile.objects.get(organisation=world.municipality_a)
    assert profile.competences.count() >= 10

    alice.get_by_role("link", name="Open an assessment round").click()
    if alice.get_by_label("Unit or team").count():
        alice.get_by_label("Unit or team").select_option(str(world.team_a.pk))
        alice.get_by_role("button", name=re.compile("Continue|Next")).click()
    alice.get_by_label("Title", exact=True).fill("Autumn 2027")
    for checkbox in alice.locator("input[name='people']").all():
        checkbox.uncheck()
    alice.get_by_label("Bob Employee").check()
    alice.get_by_label(re.compile("Self-assessment: each person")).check()
    alice.get_by_label(re.compile("Leader assessment: the leader")).check()
    alice.get_by_role("button", name="Open the round").click()
    round = Round.objects.get(profile=profile)
    expect(alice).to_have_url(re.compile(rf"/competences/rounds/{round.pk}/$"))

    # Bob finds his self-assessment on the home page and fills it in without JavaScript.
    bob = open_as(world.bob, javascript=False)
    bob.goto(reverse("core:home"))
    bob.get_by_role("link", name="Autumn 2027").click()
    first = profile_competences(profile=profile)[0]
    _rate_all(bob, profile, {first.pk: 5}, default=3)
    bob.get_by_role("button", name="Submit").click()
    assert Assessment.objects.get(round=round, kind="self", person=world.bob).is_submitted

    # The leader rates bob two levels lower on the first competence: a conversation point.
    alice.goto(reverse("competences:assess", args=[round.pk, "leader", world.bob.pk]))
    _rate_all(alice, profile, {first.pk: 3}, default=3)
    alice.get_by_role("button", name="Submit").click()
    alice.goto(reverse("competences:matrix", args=[round.pk]))
    points = alice.locator("#matrix-points ~ ul").first
    expect(points).to_contain_text("Bob Employee")
    expect(points).to_contain_text(first.name)
    expect(alice.locator("[data-chart] svg").first).to_be_visible()
