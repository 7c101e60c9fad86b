"""Migration 0007 gives the "viewed" events written before it their subject (the person in
details["person"]), so "Who has viewed your data" shows them too."""

import importlib

from django.apps import apps

from trinvis.core.models import AuditEvent

migration = importlib.import_module("trinvis.core.migrations.0007_access_audit_events")


def test_earlier_viewed_events_get_their_subject(world) -> None:
    viewed = AuditEvent.objects.create(
        action=AuditEvent.Action.LEARNING_RECORDS_VIEWED,
        actor=world.alice,
        details={"person": world.bob.pk, "record": "follow_up"},
    )
    gone = AuditEvent.objects.create(
        action=AuditEvent.Action.RATINGS_VIEWED, details={"person": 999_999}
    )
    other = AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN, details={"person": world.bob.pk}
    )

    migration.fill_subject(apps, None)

    subjects = dict(AuditEvent.objects.values_list("pk", "subject_id"))
    assert subjects[viewed.pk] == world.bob.pk
    assert subjects[gone.pk] is None
    assert subjects[other.pk] is None
