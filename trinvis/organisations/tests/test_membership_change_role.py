"""membership_change_role: who may give which role, and the audit trail of changes."""

import pytest
from django.core.exceptions import ValidationError

from trinvis.accounts.tests.helpers import make_person
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership
from trinvis.organisations.services import membership_change_role
from trinvis.organisations.tests.helpers import join

Role = Membership.Role


def role_of(membership: Membership) -> str:
    membership.refresh_from_db()
    return membership.role


def test_leader_promotes_an_employee_and_the_change_is_audited_with_from_and_to(world):
    bobs = Membership.objects.get(user=world.bob)

    membership_change_role(membership=bobs, role=Role.LEADER, by=world.alice)

    assert role_of(bobs) == Role.LEADER
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert event.actor == world.alice
    assert event.target == "bob@example.org"
    assert event.organisation_id == world.team_a.pk
    assert event.details == {"from": Role.EMPLOYEE, "to": Role.LEADER}


def test_nobody_can_change_their_own_role(world):
    alices = Membership.objects.get(user=world.alice)

    with pytest.raises(ValidationError) as error:
        membership_change_role(membership=alices, role=Role.EMPLOYEE, by=world.alice)

    assert "own role" in error.value.message_dict["role"][0]
    assert role_of(alices) == Role.LEADER


def test_leader_cannot_make_anybody_an_administrator(world):
    bobs = Membership.objects.get(user=world.bob)

    with pytest.raises(ValidationError):
        membership_change_role(membership=bobs, role=Role.ADMINISTRATOR, by=world.alice)

    assert role_of(bobs) == Role.EMPLOYEE
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_leader_cannot_take_administrator_rights_away(world):
    it_admin = join(make_person("it@example.org"), world.municipality_a, Role.ADMINISTRATOR)

    with pytest.raises(ValidationError):
        membership_change_role(membership=it_admin, role=Role.EMPLOYEE, by=world.alice)

    assert role_of(it_admin) == Role.ADMINISTRATOR


def test_administrator_may_grant_and_remove_administrator_rights(world):
    it_admin = join(make_person("it@example.org"), world.municipality_a, Role.ADMINISTRATOR)
    bobs = Membership.objects.get(user=world.bob)

    membership_change_role(membership=bobs, role=Role.ADMINISTRATOR, by=it_admin.user)
    assert role_of(bobs) == Role.ADMINISTRATOR
    membership_change_role(membership=bobs, role=Role.EMPLOYEE, by=it_admin.user)
    assert role_of(bobs) == Role.EMPLOYEE


def test_employee_cannot_change_anybodys_role(world):
    colleague = join(make_person("colleague@example.org"), world.team_a, Role.EMPLOYEE)

    with pytest.raises(ValidationError):
        membership_change_role(membership=colleague, role=Role.LEADER, by=world.bob)

    assert role_of(colleague) == Role.EMPLOYEE


def test_leader_cannot_change_roles_in_another_municipality(world):
    charlies = Membership.objects.get(user=world.charlie)

    with pytest.raises(ValidationError):
        membership_change_role(membership=charlies, role=Role.LEADER, by=world.alice)

    assert role_of(charlies) == Role.EMPLOYEE


def test_giving_the_same_role_again_changes_and_audits_nothing(world):
    bobs = Membership.objects.get(user=world.bob)

    membership_change_role(membership=bobs, role=Role.EMPLOYEE, by=world.alice)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()
