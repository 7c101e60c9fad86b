"""membership_set_active: deactivating and reactivating people, and what that does to login."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import is_logged_in, log_in, make_person
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership
from trinvis.organisations.services import membership_set_active
from trinvis.organisations.tests.helpers import join

Role = Membership.Role


def deactivate(membership: Membership, by: User) -> Membership:
    return membership_set_active(membership=membership, active=False, by=by)


def test_person_whose_last_membership_is_deactivated_cannot_log_in(world):
    deactivate(Membership.objects.get(user=world.bob), world.alice)

    browser = Client()
    response = log_in(browser, "bob@example.org")

    assert not User.objects.get(pk=world.bob.pk).is_active
    assert response.status_code == 200
    assert not is_logged_in(browser)


def test_deactivation_ends_a_session_that_was_already_open(world, client_of):
    browser = client_of(world.bob)
    assert browser.get("/").status_code == 200

    deactivate(Membership.objects.get(user=world.bob), world.alice)

    response = browser.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_reactivation_lets_the_person_log_in_again(world):
    bobs = Membership.objects.get(user=world.bob)
    deactivate(bobs, world.alice)

    membership_set_active(membership=bobs, active=True, by=world.alice)

    browser = Client()
    assert log_in(browser, "bob@example.org").status_code == 302
    assert is_logged_in(browser)


def test_person_with_another_active_membership_can_still_log_in(world):
    second = join(world.bob, world.unit_a_language, Role.EMPLOYEE)

    deactivate(second, world.alice)

    assert User.objects.get(pk=world.bob.pk).is_active
    assert log_in(Client(), "bob@example.org").status_code == 302


def test_deactivation_and_reactivation_are_audited(world):
    bobs = Membership.objects.get(user=world.bob)

    deactivate(bobs, world.alice)
    membership_set_active(membership=bobs, active=True, by=world.alice)

    events = AuditEvent.objects.filter(target="bob@example.org").order_by("id")
    assert [e.action for e in events] == [
        AuditEvent.Action.MEMBERSHIP_DEACTIVATED,
        AuditEvent.Action.MEMBERSHIP_REACTIVATED,
    ]
    assert {(e.actor_id, e.organisation_id) for e in events} == {(world.alice.pk, world.team_a.pk)}


def test_nobody_can_deactivate_themself(world):
    alices = Membership.objects.get(user=world.alice)

    with pytest.raises(ValidationError):
        deactivate(alices, world.alice)

    alices.refresh_from_db()
    assert alices.is_active


def test_leader_cannot_deactivate_an_administrator(world):
    it_admin = join(make_person("it@example.org"), world.municipality_a, Role.ADMINISTRATOR)

    with pytest.raises(ValidationError):
        deactivate(it_admin, world.alice)

    it_admin.refresh_from_db()
    assert it_admin.is_active


def test_deactivating_an_inactive_membership_again_writes_no_second_event(world):
    bobs = Membership.objects.get(user=world.bob)
    deactivate(bobs, world.alice)

    deactivate(bobs, world.alice)

    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_DEACTIVATED).count() == 1
