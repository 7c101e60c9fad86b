"""The distribution pages: opening a survey, its page, inviting, reminding, closing."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.organisations.models import Membership
from trinvis.surveys.models import Invitation, Response, Survey
from trinvis.surveys.services_responses import invitations_create
from trinvis.surveys.tests.factories_distribution import make_questionnaire, make_survey


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.municipality_a)


def test_leader_opens_a_survey_from_a_questionnaire(world: World, client_of: Any) -> None:
    questionnaire = make_questionnaire(world.municipality_a)
    url = reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}"
    client = client_of(world.alice)
    form = client.get(url)
    assert form.status_code == 200
    assert questionnaire.title in form.content.decode()
    done = client.post(
        url,
        {
            "title": "Spring wave",
            "wave": "after the course",
            "organisation": world.municipality_a.pk,
            "mode": "open",
            "minimum_group": 5,
            "retention_days": 365,
        },
    )
    survey = Survey.objects.get(title="Spring wave")
    assert done["Location"] == reverse("surveys:survey_detail", kwargs={"pk": survey.pk})
    assert survey.opened_by == world.alice
    assert survey.open_token


def test_create_refuses_an_organisation_outside_the_users_survey_roles(
    world: World, client_of: Any
) -> None:
    questionnaire = make_questionnaire(None)
    url = reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}"
    page = client_of(world.alice).post(
        url,
        {
            "title": "X",
            "organisation": world.municipality_b.pk,
            "mode": "personal",
            "minimum_group": 5,
        },
    )
    assert page.status_code == 200
    assert not Survey.objects.filter(title="X").exists()


def test_create_refuses_a_group_below_three(world: World, client_of: Any) -> None:
    questionnaire = make_questionnaire(world.municipality_a)
    url = reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}"
    page = client_of(world.alice).post(
        url,
        {
            "title": "Y",
            "organisation": world.municipality_a.pk,
            "mode": "personal",
            "minimum_group": 2,
        },
    )
    assert page.status_code == 200
    assert not Survey.objects.filter(title="Y").exists()


def test_owner_sees_response_rate_and_who_answered_never_what(
    survey: Survey, world: World, client_of: Any
) -> None:
    invitations_create(by=world.alice, survey=survey, users=[world.bob, world.charlie])
    bobs = Invitation.objects.get(user=world.bob)
    Response.objects.create(survey=survey, invitation=bobs, submitted_at=timezone.now())
    page = client_of(world.alice).get(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    html = page.content.decode()
    assert "50 % (1 of 2 invited)" in html
    assert "Bob Employee" in html
    assert "Charlie Employee" in html
    assert "never what they answered" in html


def test_a_reader_sees_figures_but_no_names(world: World, client_of: Any) -> None:
    survey = make_survey(world.team_a)
    invitations_create(by=world.alice, survey=survey, users=[world.bob])
    page = client_of(world.bob).get(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    html = page.content.decode()
    assert "0 % (0 of 1 invited)" in html
    assert "Bob Employee</th>" not in html
    assert "Invite people" not in html


def test_open_survey_page_shows_the_link_and_what_is_stored(world: World, client_of: Any) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    page = client_of(world.alice).get(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    html = page.content.decode()
    assert f"/s/o/{survey.open_token}/" in html
    assert "No name, no e-mail, no IP address." in html
    assert 'readonly value="http' in html


def test_detail_query_count_does_not_grow_with_invitations(
    survey: Survey, world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    people = [make_user(f"p{i}@example.org", f"Person {i}") for i in range(15)]
    for person in people:
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
    invitations_create(by=world.alice, survey=survey, users=people)
    client = client_of(world.alice)
    url = reverse("surveys:survey_detail", kwargs={"pk": survey.pk})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_invite_lists_members_by_organisation_and_invites_the_ticked(
    survey: Survey, world: World, client_of: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(world.alice)
    url = reverse("surveys:survey_invite", kwargs={"pk": survey.pk})
    html = client.get(url).content.decode()
    assert "Team A" in html
    assert "Bob Employee" in html
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"people": [world.bob.pk]})
    assert done.status_code == 302
    assert list(Invitation.objects.filter(survey=survey).values_list("user", flat=True)) == [
        world.bob.pk
    ]


def test_invite_all_members_of_one_organisation(
    survey: Survey, world: World, client_of: Any
) -> None:
    colleague = make_user("colleague@example.org", "Colleague")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    url = reverse("surveys:survey_invite", kwargs={"pk": survey.pk})
    client_of(world.alice).post(url, {"everyone_in": world.team_a.pk})
    invited = set(Invitation.objects.filter(survey=survey).values_list("user", flat=True))
    assert invited == {world.bob.pk, colleague.pk}


def test_facilitator_invites_municipality_participants_by_email(
    world: World, client_of: Any
) -> None:
    survey = make_survey(world.agency)
    url = reverse("surveys:survey_invite", kwargs={"pk": survey.pk})
    client = client_of(world.fiona)
    html = client.get(url).content.decode()
    assert "Bob Employee" not in html  # she sees the municipalities as figures only
    done = client.post(url, {"emails": "bob@example.org, charlie@example.org"})
    assert done.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_unknown_addresses_are_listed_and_nobody_is_invited(
    survey: Survey, world: World, client_of: Any
) -> None:
    url = reverse("surveys:survey_invite", kwargs={"pk": survey.pk})
    page = client_of(world.alice).post(
        url, {"people": [world.bob.pk], "emails": "charlie@example.org\nghost@example.org"}
    )
    assert page.status_code == 200
    assert "ghost@example.org" in page.content.decode()
    assert not Invitation.objects.filter(survey=survey).exists()


def test_invite_cannot_pick_a_person_outside_the_list(
    survey: Survey, world: World, client_of: Any
) -> None:
    url = reverse("surveys:survey_invite", kwargs={"pk": survey.pk})
    page = client_of(world.alice).post(url, {"people": [world.charlie.pk]})
    assert page.status_code == 200
    assert not Invitation.objects.filter(survey=survey).exists()


def test_remind_and_close_and_reopen(survey: Survey, world: World, client_of: Any) -> None:
    invitations_create(by=world.alice, survey=survey, users=[world.bob])
    client = client_of(world.alice)
    remind = client.post(reverse("surveys:survey_remind", kwargs={"pk": survey.pk}))
    assert remind.status_code == 302
    assert Invitation.objects.get(user=world.bob).reminded_at is not None
    close_url = reverse("surveys:survey_close", kwargs={"pk": survey.pk})
    client.post(close_url, {"action": "close"})
    survey.refresh_from_db()
    assert not survey.is_open
    client.post(close_url, {"action": "reopen"})
    survey.refresh_from_db()
    assert survey.is_open


def test_employee_may_not_close_a_survey_they_see(world: World, client_of: Any) -> None:
    survey = make_survey(world.team_a)
    close_url = reverse("surveys:survey_close", kwargs={"pk": survey.pk})
    assert client_of(world.bob).post(close_url, {"action": "close"}).status_code == 403
    survey.refresh_from_db()
    assert survey.is_open
