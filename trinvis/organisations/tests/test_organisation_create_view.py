"""Creating organisations: top level by the platform admin, units and teams by leaders."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Organisation
from trinvis.organisations.tests.helpers import page_text

ROOT_URL = reverse("organisations:create_root")
NEW_UNIT = {"name": "Youth desk", "kind": "unit", "unit_type": "employment"}


def url(parent) -> str:
    return reverse("organisations:create", args=[parent.pk])


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(ROOT_URL), ROOT_URL)
    assert_redirects_to_login(
        client.post(url(world.municipality_a), NEW_UNIT), url(world.municipality_a)
    )


def test_leader_adds_a_unit_to_their_municipality(world, client_of):
    response = client_of(world.alice).post(url(world.municipality_a), NEW_UNIT)

    unit = Organisation.objects.get(name="Youth desk")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[unit.pk])
    assert unit.parent == world.municipality_a
    assert unit.unit_type == "employment"
    assert unit.path == f"{world.municipality_a.path}{unit.pk}/"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ORGANISATION_CHANGED, organisation_id=unit.pk, actor=world.alice
    ).exists()


def test_form_offers_only_the_kinds_allowed_below_the_parent(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a))

    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert response.status_code == 200
    assert kinds == ["unit", "team"]


def test_invalid_input_shows_the_form_again_and_creates_nothing(world, client_of):
    response = client_of(world.alice).post(
        url(world.municipality_a), {"name": "Team X", "kind": "team", "population": "12"}
    )

    assert response.status_code == 200
    assert "Only a municipality has a country, number and population." in page_text(response)
    assert not Organisation.objects.filter(name="Team X").exists()


def test_employee_gets_403(world, client_of):
    response = client_of(world.bob).post(url(world.team_a), {"name": "Sub", "kind": "unit"})

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sub").exists()


def test_facilitator_gets_403_at_the_agency_and_404_in_a_municipality(world, client_of):
    browser = client_of(world.fiona)

    assert browser.post(url(world.agency), NEW_UNIT).status_code == 403
    assert browser.post(url(world.municipality_a), NEW_UNIT).status_code == 404
    assert not Organisation.objects.filter(name="Youth desk").exists()


def test_outsider_gets_404(world, client_of):
    response = client_of(world.charlie).post(url(world.municipality_a), NEW_UNIT)

    assert response.status_code == 404
    assert not Organisation.objects.filter(name="Youth desk").exists()


def test_platform_admin_creates_a_top_level_municipality(world, client_of):
    response = client_of(world.admin).post(
        ROOT_URL,
        {
            "name": "Aarhus",
            "kind": "municipality",
            "country": "DK",
            "municipality_number": "751",
            "population": "360000",
        },
    )

    aarhus = Organisation.objects.get(name="Aarhus")
    assert response.status_code == 302
    assert (aarhus.parent, aarhus.depth, aarhus.size_class) == (None, 0, "large")


def test_duplicate_municipality_number_is_explained_at_the_field(world, client_of):
    response = client_of(world.admin).post(
        url(world.region_dk),
        {
            "name": "Copy",
            "kind": "municipality",
            "country": "DK",
            "municipality_number": "461",
            "population": "1000",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["municipality_number"] == [
        "Another municipality in Denmark already has the number 461."
    ]
    assert not Organisation.objects.filter(name="Copy").exists()


def test_leader_may_not_create_a_top_level_organisation(world, client_of):
    response = client_of(world.alice).post(ROOT_URL, {"name": "Mine", "kind": "agency"})

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Mine").exists()
