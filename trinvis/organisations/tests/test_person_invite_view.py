"""Inviting a person from an organisation's people page."""

from django.core import mail
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import page_text

Role = Membership.Role


def url(organisation) -> str:
    return reverse("organisations:invite", args=[organisation.pk])


def form_data(organisation, **overrides: object) -> dict[str, object]:
    return {
        "full_name": "Nina New",
        "email": "nina@example.org",
        "organisation": organisation.pk,
        "role": Role.EMPLOYEE,
        **overrides,
    }


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_form_offers_the_municipalitys_units_and_the_roles_a_leader_may_give(world, client_of):
    form = client_of(world.alice).get(url(world.municipality_a)).context["form"]

    units = {unit.name for unit in form.fields["organisation"].queryset}
    roles = {value for value, _label in form.fields["role"].choices}
    assert units == {
        "Municipality A",
        "Refugee service A",
        "Language centre A",
        "Jobcentre A",
        "Team A",
    }
    assert Role.ADMINISTRATOR not in roles
    assert Role.LEADER in roles


def test_leader_invites_a_new_person_who_gets_an_e_mail(
    world, client_of, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world.alice).post(url(world.municipality_a), form_data(world.team_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:people", args=[world.municipality_a.pk])
    membership = Membership.objects.get(user__email="nina@example.org")
    assert (membership.organisation, membership.role) == (world.team_a, Role.EMPLOYEE)
    assert [message.to for message in mail.outbox] == [["nina@example.org"]]


def test_leader_cannot_invite_an_administrator(world, client_of):
    response = client_of(world.alice).post(
        url(world.municipality_a), form_data(world.team_a, role=Role.ADMINISTRATOR)
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="nina@example.org").exists()


def test_leader_cannot_invite_into_another_municipality_through_the_form(world, client_of):
    response = client_of(world.alice).post(url(world.municipality_a), form_data(world.unit_b_nav))

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Membership.objects.filter(organisation=world.unit_b_nav).exclude(user=world.charlie)


def test_inviting_an_active_member_shows_why_nothing_happened(world, client_of):
    response = client_of(world.alice).post(
        url(world.municipality_a), form_data(world.team_a, email="bob@example.org")
    )

    assert response.status_code == 200
    assert "bob@example.org is already a member of Team A." in page_text(response)


def test_employee_gets_403(world, client_of):
    response = client_of(world.bob).post(url(world.team_a), form_data(world.team_a))

    assert response.status_code == 403
    assert not User.objects.filter(email="nina@example.org").exists()


def test_outsider_gets_404(world, client_of):
    response = client_of(world.charlie).post(url(world.municipality_a), form_data(world.team_a))

    assert response.status_code == 404
    assert client_of(world.fiona).get(url(world.municipality_a)).status_code == 404
    assert not User.objects.filter(email="nina@example.org").exists()
