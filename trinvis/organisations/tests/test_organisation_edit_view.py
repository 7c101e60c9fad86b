"""Editing an organisation's name and facts."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Organisation

A_FORM = {"name": "Municipality A", "country": "DK", "municipality_number": "461"}


def url(organisation) -> str:
    return reverse("organisations:edit", args=[organisation.pk])


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_leader_changes_the_population_and_the_size_class_follows(world, client_of):
    response = client_of(world.alice).post(
        url(world.municipality_a), {**A_FORM, "population": "19999"}
    )

    saved = Organisation.objects.get(pk=world.municipality_a.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[saved.pk])
    assert (saved.population, saved.size_class) == (19_999, "medium")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ORGANISATION_CHANGED).latest("id")
    assert (event.actor, event.details["fields"]) == (world.alice, ["population"])


def test_kind_cannot_be_changed_once_created(world, client_of):
    browser = client_of(world.alice)

    assert "kind" not in browser.get(url(world.unit_a_job)).context["form"].fields
    browser.post(url(world.unit_a_job), {"name": "Jobcentre A", "kind": "team"})
    assert Organisation.objects.get(pk=world.unit_a_job.pk).kind == "unit"


def test_invalid_change_is_shown_and_not_saved(world, client_of):
    response = client_of(world.alice).post(
        url(world.municipality_a), {**A_FORM, "municipality_number": "46", "population": "1"}
    )

    assert response.status_code == 200
    assert "municipality_number" in response.context["form"].errors
    assert Organisation.objects.get(pk=world.municipality_a.pk).population == 210_000


def test_employee_gets_403(world, client_of):
    response = client_of(world.bob).post(url(world.team_a), {"name": "Renamed"})

    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.team_a.pk).name == "Team A"


def test_facilitator_gets_404_for_a_municipality_seen_only_as_key_figures(world, client_of):
    assert client_of(world.fiona).get(url(world.municipality_a)).status_code == 404


def test_outsider_gets_404(world, client_of):
    response = client_of(world.charlie).post(
        url(world.municipality_a), {**A_FORM, "population": "1"}
    )

    assert response.status_code == 404
    assert Organisation.objects.get(pk=world.municipality_a.pk).population == 210_000
