"""organisation_update: saving changes and auditing which fields changed."""

import pytest
from django.core.exceptions import ValidationError

from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_update

Changed = AuditEvent.Action.ORGANISATION_CHANGED


def test_change_is_saved_and_audited_with_the_changed_fields(world):
    organisation_update(
        organisation=world.municipality_a,
        by=world.alice,
        name="Municipality A",
        population=4_000,
    )

    saved = Organisation.objects.get(pk=world.municipality_a.pk)
    assert saved.population == 4_000
    assert saved.size_class == Organisation.SizeClass.SMALL
    event = AuditEvent.objects.filter(action=Changed).latest("id")
    assert event.actor == world.alice
    assert event.details == {"change": "changed", "fields": ["population"]}


def test_saving_without_changes_writes_no_audit_event(world):
    before = AuditEvent.objects.filter(action=Changed).count()

    organisation_update(organisation=world.unit_a_job, by=world.alice, name="Jobcentre A")

    assert AuditEvent.objects.filter(action=Changed).count() == before


def test_invalid_change_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as error:
        organisation_update(organisation=world.unit_a_job, by=world.alice, population=100)

    assert "population" in error.value.message_dict
    assert Organisation.objects.get(pk=world.unit_a_job.pk).population is None


def test_path_and_depth_do_not_change_on_update(world):
    path, depth = world.team_a.path, world.team_a.depth

    organisation_update(organisation=world.team_a, by=world.alice, name="Team A renamed")

    saved = Organisation.objects.get(pk=world.team_a.pk)
    assert (saved.name, saved.path, saved.depth) == ("Team A renamed", path, depth)


def test_values_already_set_on_the_object_by_a_form_are_saved_and_audited(world):
    organisation = world.municipality_a
    organisation.population = 4_000  # what a bound ModelForm does during validation

    organisation_update(organisation=organisation, by=world.alice, population=4_000)

    assert Organisation.objects.get(pk=organisation.pk).population == 4_000
    event = AuditEvent.objects.filter(action=Changed).latest("id")
    assert event.details["fields"] == ["population"]
