"""Downloading an organisation's people as CSV: personal data, so it is audited."""

import csv
import io

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.core.models import AuditEvent

Exported = AuditEvent.Action.PERSONAL_DATA_EXPORTED


def url(organisation) -> str:
    return reverse("organisations:export", args=[organisation.pk])


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_leader_downloads_the_people_of_the_municipality_as_csv(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="people-{world.municipality_a.pk}-'
    )
    assert rows(response) == [
        ["name", "email", "unit", "role", "active"],
        ["Alice Leader", "alice@example.org", "Municipality A", "leader", "yes"],
        ["Bob Employee", "bob@example.org", "Team A", "employee", "yes"],
    ]


def test_download_writes_a_personal_data_exported_audit_event(world, client_of):
    client_of(world.alice).get(url(world.municipality_a), REMOTE_ADDR="192.0.2.7")

    event = AuditEvent.objects.get(action=Exported)
    assert event.actor == world.alice
    assert event.organisation_id == world.municipality_a.pk
    assert event.ip_address == "192.0.2.7"
    assert event.details == {"what": "people", "rows": 2}


def test_employee_gets_403_and_nothing_is_exported(world, client_of):
    response = client_of(world.bob).get(url(world.team_a))

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=Exported).exists()


def test_outsider_gets_404(world, client_of):
    assert client_of(world.charlie).get(url(world.municipality_a)).status_code == 404
    assert client_of(world.fiona).get(url(world.municipality_a)).status_code == 404
    assert not AuditEvent.objects.filter(action=Exported).exists()
