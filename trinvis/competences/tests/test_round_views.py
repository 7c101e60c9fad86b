"""Opening a round, its page, and closing or reopening it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.competences.models import Assessment, Round
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)
from trinvis.organisations.models import Membership

IN_THREE_WEEKS = timezone.localdate() + datetime.timedelta(days=21)
# Measured: session, user, scope (2), header organisation, round, participant, people count,
# counts per kind, own statuses, people, their statuses.
MAX_DETAIL = 12


def _open_url(profile=None, organisation=None) -> str:
    url = reverse("competences:round_open")
    query = []
    if profile is not None:
        query.append(f"profile={profile.pk}")
    if organisation is not None:
        query.append(f"organisation={organisation.pk}")
    return url + ("?" + "&".join(query) if query else "")


def _rated(world: World) -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def test_a_leader_chooses_the_profile_then_the_team_then_the_people(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    browser = client_of(world.alice)
    assert profile.name in browser.get(_open_url()).content.decode()
    step = browser.get(_open_url(profile)).content.decode()
    assert "Team A" in step and "Jobcentre A" in step
    page = browser.get(_open_url(profile, world.team_a)).content.decode()
    assert "Bob Employee" in page
    # Everyone of the team is ticked to begin with.
    assert f'value="{world.bob.pk}"' in page and "checked" in page


def test_opening_a_round_for_a_team(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).post(
        _open_url(profile, world.team_a),
        {
            "title": "Spring 2027",
            "people": [world.bob.pk],
            "mode": ["self", "team"],
            "deadline": IN_THREE_WEEKS.isoformat(),
            "reminder_days": 3,
        },
    )
    round = Round.objects.get(title="Spring 2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("competences:round_detail", args=[round.pk])
    assert round.organisation == world.team_a
    assert (round.self_assessment, round.leader_assessment, round.team_assessment) == (
        True,
        False,
        True,
    )
    assert list(round.people.all()) == [world.bob]


def test_people_and_a_way_of_assessing_are_needed(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).post(
        _open_url(profile, world.team_a),
        {"title": "Spring", "deadline": IN_THREE_WEEKS.isoformat(), "reminder_days": 3},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"people", "mode"}
    assert not Round.objects.exists()


def test_the_services_objections_land_on_their_fields(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).post(
        _open_url(profile, world.team_a),
        {
            "title": "Spring",
            "people": [world.bob.pk],
            "mode": ["self"],
            "deadline": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "reminder_days": 3,
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"deadline"}
    assert "cannot be in the past" in response.content.decode()
    assert not Round.objects.exists()


def test_someone_outside_the_team_cannot_be_chosen(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).post(
        _open_url(profile, world.team_a),
        {
            "title": "Spring",
            "people": [world.charlie.pk],
            "mode": ["self"],
            "deadline": IN_THREE_WEEKS.isoformat(),
            "reminder_days": 3,
        },
    )
    assert "people" in response.context["form"].errors
    assert not Round.objects.exists()


def test_an_employee_may_not_open_a_round(world, client_of) -> None:
    profile = make_profile(world.municipality_a)
    assert client_of(world.bob).get(_open_url(profile)).status_code == 403
    assert client_of(world.bob).get(_open_url()).status_code == 403


@pytest.mark.parametrize("persona", ["charlie", "fiona"])
def test_without_a_write_role_anywhere_opening_is_forbidden(world, client_of, persona) -> None:
    profile = make_profile(world.municipality_a)
    # Refused before the profile is looked up.
    assert client_of(getattr(world, persona)).get(_open_url(profile)).status_code == 403


def test_a_leader_of_another_municipality_does_not_find_the_profile(world, client_of) -> None:
    leader_b = make_user("leader-b@example.org", "Leader B", language="en")
    add_member(leader_b, world.municipality_b, Membership.Role.LEADER)
    profile = make_profile(world.municipality_a)
    assert client_of(leader_b).get(_open_url(profile)).status_code == 404


def test_the_leader_sees_each_persons_status(world, client_of) -> None:
    round = _rated(world)
    page = client_of(world.alice).get(reverse("competences:round_detail", args=[round.pk]))
    html = page.content.decode()
    assert "Bob Employee" in html and "Colleague 1" in html
    assert reverse("competences:assess", args=[round.pk, "leader", world.bob.pk]) in html
    assert reverse("competences:matrix", args=[round.pk]) in html
    assert [row.submitted for row in page.context["progress"]] == [6, 6]


def test_the_person_assessed_is_asked_to_assess_themself(world, client_of) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob, *colleagues(world.team_a, 2)],
        by=world.alice,
        title="Autumn",
    )
    html = client_of(world.bob).get(reverse("competences:round_detail", args=[round.pk]))
    text = html.content.decode()
    assert "Assess yourself" in text
    assert reverse("competences:assess", args=[round.pk, "self", world.bob.pk]) in text
    assert "assessment of you is not in yet" in text
    # Colleagues' names and statuses are not shown to an employee, only counts.
    assert "Colleague 1" not in text
    assert "0 of 3" in text


def test_the_person_learns_when_the_leaders_assessment_is_in(world, client_of) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
        title="Autumn",
    )
    rate(round, kind=Assessment.Kind.LEADER, person=world.bob, by=world.alice, levels=[3] * 5)
    text = (
        client_of(world.bob)
        .get(reverse("competences:round_detail", args=[round.pk]))
        .content.decode()
    )
    assert "assessment of you is in" in text


def test_an_employee_of_the_team_not_in_the_round_sees_only_the_summary(world, client_of) -> None:
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=colleagues(world.team_a, 2),
        by=world.alice,
        title="Autumn",
    )
    response = client_of(world.bob).get(reverse("competences:round_detail", args=[round.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Colleague" not in text and "Assess yourself" not in text
    assert "0 of 2" in text


def test_closing_and_reopening_a_round(world, client_of) -> None:
    round = _rated(world)
    browser = client_of(world.alice)
    url = reverse("competences:round_close", args=[round.pk])
    assert browser.post(url, {"action": "close"}).status_code == 302
    round.refresh_from_db()
    assert not round.is_open
    refused = browser.post(url, {"action": "reopen"})
    assert "deadline" in refused.context["close_form"].errors
    new_deadline = timezone.localdate() + datetime.timedelta(days=10)
    assert browser.post(url, {"action": "reopen", "deadline": new_deadline}).status_code == 302
    round.refresh_from_db()
    assert round.is_open and round.deadline == new_deadline


def test_an_employee_may_not_close_the_round(world, client_of) -> None:
    round = _rated(world)
    url = reverse("competences:round_close", args=[round.pk])
    assert client_of(world.bob).post(url, {"action": "close"}).status_code == 403
    assert client_of(world.charlie).post(url, {"action": "close"}).status_code == 404
    round.refresh_from_db()
    assert round.is_open


@pytest.mark.parametrize("size", [5, 30])
def test_the_round_page_has_a_fixed_number_of_queries(
    world, client_of, django_assert_max_num_queries, size
) -> None:
    people = [world.bob, *colleagues(world.team_a, size - 1)]
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=people,
        by=world.alice,
        team_assessment=True,
    )
    for person in people[::2]:
        rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[3] * 5)
        rate(round, kind=Assessment.Kind.LEADER, person=person, by=world.alice, levels=[2] * 5)
    url = reverse("competences:round_detail", args=[round.pk])
    for user in (world.alice, world.bob):
        browser = client_of(user)
        browser.get(reverse("core:home"))
        with django_assert_max_num_queries(MAX_DETAIL):
            assert browser.get(url).status_code == 200


@pytest.mark.parametrize("size", [5, 30])
def test_the_open_form_has_a_fixed_number_of_queries(
    world, client_of, django_assert_max_num_queries, size
) -> None:
    colleagues(world.team_a, size)
    profile = make_profile(world.municipality_a)
    browser = client_of(world.alice)
    browser.get(reverse("core:home"))
    with django_assert_max_num_queries(10):
        assert browser.get(_open_url(profile, world.team_a)).status_code == 200
