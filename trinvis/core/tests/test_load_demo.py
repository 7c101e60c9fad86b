"""`manage.py load_demo`: demo organisations and the five personas, loaded safely."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import log_in
from trinvis.core.demo import DEMO_PASSWORD
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership, Organisation

PERSONAS = ["alice", "bob", "charlie", "fiona", "admin"]


@pytest.fixture
def debug_on(settings, monkeypatch):
    monkeypatch.delenv("TRINVIS_ALLOW_DEMO", raising=False)
    settings.DEBUG = True


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), User.objects.count(), Membership.objects.count()


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def test_loading_twice_gives_the_same_data(db, debug_on):
    call_command("load_demo")
    first = counts()

    call_command("load_demo")

    assert counts() == first
    assert first[0] > 10 and first[1] > 25


def test_refused_when_debug_is_off(db, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("TRINVIS_ALLOW_DEMO", raising=False)

    with pytest.raises(CommandError, match="TRINVIS_ALLOW_DEMO=1"):
        call_command("load_demo")

    assert counts() == (0, 0, 0)


def test_allowed_with_debug_off_when_explicitly_asked_for(db, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("TRINVIS_ALLOW_DEMO", "1")

    call_command("load_demo")

    assert User.objects.filter(email="alice@example.org").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_logs_in_with_the_demo_password(db, debug_on, persona):
    call_command("load_demo")

    assert DEMO_PASSWORD == "trinvis-demo"
    response = log_in(Client(), f"{persona}@example.org", DEMO_PASSWORD)
    assert response.status_code == 302, persona


def test_personas_have_the_roles_the_demo_describes(db, debug_on):
    call_command("load_demo")
    odense = organisation("Odense Kommune")
    bergen = organisation("Bergen kommune")
    team_dk = organisation("Team Integration og Job")
    team_no = organisation("Team Introduksjon og arbeid")
    agency = organisation("Nordisk Integrationsnetværk (demo)")
    alice, bob, charlie, fiona, admin = (
        scope_for(User.objects.get(email=f"{name}@example.org")) for name in PERSONAS
    )

    assert alice.can_manage_people(odense.pk) and alice.can_manage_people(team_dk.pk)
    assert not alice.can_see(bergen.pk)
    assert bob.roles_in(team_dk.pk) == {Membership.Role.EMPLOYEE}
    assert not bob.can_see_detail(odense.pk)
    assert charlie.roles_in(team_no.pk) == {Membership.Role.EMPLOYEE}
    assert not charlie.can_see(odense.pk)
    assert fiona.roles_in(agency.pk) == {Membership.Role.FACILITATOR}
    assert odense.pk in fiona.aggregate_ids and bergen.pk in fiona.aggregate_ids
    assert admin.is_platform_admin


def test_demo_municipalities_have_valid_numbers_and_size_classes(db, debug_on):
    call_command("load_demo")

    odense, bergen = organisation("Odense Kommune"), organisation("Bergen kommune")
    assert (odense.country, odense.municipality_number, odense.size_class) == ("DK", "461", "large")
    assert (bergen.country, bergen.municipality_number, bergen.size_class) == (
        "NO",
        "4601",
        "large",
    )
    for municipality in (odense, bergen):
        municipality.full_clean()


def test_reloading_keeps_a_personas_own_language_choice(db, debug_on):
    call_command("load_demo")
    User.objects.filter(email="alice@example.org").update(language="en")

    call_command("load_demo")

    assert User.objects.get(email="alice@example.org").language == "en"
