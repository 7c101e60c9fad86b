"""organisation_create: the tree path, depth and audit entry of a new organisation."""

import pytest
from django.core.exceptions import ValidationError

from trinvis.core.models import AuditEvent
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create

Kind = Organisation.Kind


def test_new_organisation_is_placed_in_the_tree_below_its_parent(world):
    unit = organisation_create(
        by=world.alice, parent=world.unit_a_job, name="Youth desk", kind=Kind.UNIT
    )

    assert unit.path == f"{world.unit_a_job.path}{unit.pk}/"
    assert unit.depth == world.unit_a_job.depth + 1 == 4
    assert unit.ancestor_ids[-1] == world.unit_a_job.pk


def test_top_level_organisation_starts_a_new_tree(db):
    agency = organisation_create(by=None, parent=None, name="Another agency", kind=Kind.AGENCY)

    assert (agency.path, agency.depth) == (f"/{agency.pk}/", 0)


def test_creation_is_audited(world):
    unit = organisation_create(
        by=world.alice, parent=world.municipality_a, name="Youth desk", kind=Kind.UNIT
    )

    event = AuditEvent.objects.filter(action=AuditEvent.Action.ORGANISATION_CHANGED).latest("id")
    assert event.actor == world.alice
    assert event.organisation_id == unit.pk
    assert event.target == "Youth desk"
    assert event.details == {"change": "created", "fields": []}


def test_creator_may_manage_the_new_unit_in_the_same_request(world):
    assert scope_for(world.alice).can_see(world.municipality_a.pk)  # the scope is now cached

    unit = organisation_create(
        by=world.alice, parent=world.municipality_a, name="Youth desk", kind=Kind.UNIT
    )

    assert scope_for(world.alice).can_manage_people(unit.pk)


def test_invalid_organisation_is_not_created_and_not_audited(world):
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        organisation_create(by=world.alice, parent=world.team_a, name="Sub-team", kind=Kind.TEAM)

    assert "parent" in error.value.message_dict
    assert not Organisation.objects.filter(name="Sub-team").exists()
    assert AuditEvent.objects.count() == before
