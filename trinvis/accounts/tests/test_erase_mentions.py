"""Erasure takes a person's name out of the texts others wrote: their full name and e-mail
address, whole words, in any case, replaced by the erased account's name; the rest of each
text stays. The administrator sees beforehand where the person is named."""

import datetime

from django.apps import apps
from django.db.models import JSONField, TextField
from django.urls import reverse

from conftest import add_member, make_user
from trinvis.accounts.personal_data.erase import person_erase
from trinvis.accounts.personal_data.mentions import (
    EXTRA_FIELDS,
    UNTOUCHED,
    all_texts,
    mentions_preview,
)
from trinvis.core.models import AuditEvent
from trinvis.learning.models import FollowUp, LogbookEntry
from trinvis.learning.tests.factories_personal import make_entry, make_follow_up
from trinvis.organisations.models import Membership
from trinvis.toolkits.models import Run, Toolkit, Worksheet, WorksheetRevision


def _colleague(world):
    colleague = make_user("carl@example.org", "Carl Colleague")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    return colleague


def test_others_texts_lose_the_name_and_address_and_keep_the_rest(world) -> None:
    colleague = _colleague(world)
    entry = make_entry(
        colleague, text="Visited a family with Bob Employee; BOB EMPLOYEE knows them well."
    )
    other = make_entry(colleague, text="Wrote to bob@example.org about it.")
    untouched = make_entry(colleague, text="Bob Employees and Bob Employeeship are other words.")
    talk = make_follow_up(world.charlie, world.alice)
    FollowUp.objects.filter(pk=talk.pk).update(notes="Charlie asked about Bob Employee.")
    own = make_entry(world.bob, text="My own entry, by Bob Employee")

    person_erase(by=world.admin, person=world.bob)

    name = f"Erased person #{world.bob.pk}"
    entry.refresh_from_db()
    assert entry.what_happened == f"Visited a family with {name}; {name} knows them well."
    other.refresh_from_db()
    assert other.what_happened == f"Wrote to {name} about it."
    untouched.refresh_from_db()
    assert untouched.what_happened == "Bob Employees and Bob Employeeship are other words."
    talk.refresh_from_db()
    assert talk.notes == f"Charlie asked about {name}."
    # Edited with a conflict check: whoever has the talk open sees that it changed.
    assert talk.version == 2
    assert not LogbookEntry.objects.filter(pk=own.pk).exists()  # his own: deleted
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_ERASED)
    assert event.details["mentions"] == {"learning.LogbookEntry": 2, "learning.FollowUp": 1}
    assert "Bob" not in str(event.details)


def test_the_preview_counts_the_texts_erasure_changes(world) -> None:
    colleague = _colleague(world)
    make_entry(colleague, text="Met Bob Employee.")
    make_entry(colleague, text="Met bob@example.org too.")
    make_entry(colleague, text="Met nobody.")
    make_entry(world.bob, text="I am Bob Employee")  # deleted as his own: not counted

    lines = {line.texts.key: line.count for line in mentions_preview(person=world.bob)}

    assert lines == {"learning.LogbookEntry": 2}


def test_the_preview_reads_one_query_per_model_however_many_texts_name_the_person(
    world, django_assert_max_num_queries
) -> None:
    colleague = _colleague(world)
    make_entry(colleague, text="Met Bob Employee.")
    with django_assert_max_num_queries(len(all_texts()) + 5) as few:
        mentions_preview(person=world.bob)
    for number in range(10):
        make_entry(colleague, text=f"Met Bob Employee again ({number}).")
    with django_assert_max_num_queries(len(few.captured_queries)):
        (line,) = mentions_preview(person=world.bob)
    assert line.count == 11


def test_a_short_name_is_not_searched_for(world) -> None:
    world.bob.full_name = "Bo"
    world.bob.save()
    make_entry(_colleague(world), text="Bo and Bob went to Borås.")

    assert mentions_preview(person=world.bob) == []


def test_the_erase_page_shows_where_others_name_the_person(world, client_of) -> None:
    make_entry(_colleague(world), text="Met Bob Employee.")

    page = client_of(world.admin).get(reverse("accounts:person_erase", args=[world.bob.pk]))

    html = page.content.decode()
    assert "Texts that name this person" in html
    assert f"“Erased person #{world.bob.pk}”" in html
    assert '<th scope="row">Logbook entries</th>\n    <td>1</td>' in html


def _worksheet(world, cells: dict[str, object]) -> Worksheet:
    toolkit = Toolkit.objects.create(
        slug="kit", version=1, title={"en": "Kit"}, document={}, content_hash="0"
    )
    run = Run.objects.create(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Plan 2027",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
    )
    data = {"rows": [{"key": "", "cells": cells}]}
    worksheet = Worksheet.objects.create(run=run, template_key="plan", data=data, version=3)
    WorksheetRevision.objects.create(worksheet=worksheet, version=3, data=data)
    return worksheet


def test_a_worksheets_cells_lose_the_name_and_its_revisions_keep_their_numbers(world) -> None:
    worksheet = _worksheet(
        world,
        {"activity": "Intro course", "details": "Bob Employee leads it", "points": 7},
    )

    assert {line.texts.key for line in mentions_preview(person=world.bob)} == {
        "toolkits.Worksheet",
        "toolkits.WorksheetRevision",
    }
    person_erase(by=world.admin, person=world.bob)

    cells = {
        "activity": "Intro course",
        "details": f"Erased person #{world.bob.pk} leads it",
        "points": 7,
    }
    worksheet.refresh_from_db()
    assert worksheet.data == {"rows": [{"key": "", "cells": cells}]}
    assert worksheet.version == 4  # whoever has it open sees that it changed
    revision = WorksheetRevision.objects.get(worksheet=worksheet)
    assert revision.data == worksheet.data
    assert revision.version == 3  # the number of the saved version, not a conflict check


def test_a_name_outside_ascii_is_found_in_any_case_in_texts_and_documents(world) -> None:
    world.bob.full_name = "Ørjan Ødegård"
    world.bob.save()
    entry = make_entry(_colleague(world), text="Spoke to ØRJAN ØDEGÅRD and ørjan ødegård.")
    worksheet = _worksheet(world, {"details": "Ørjan Ødegård leads it"})

    person_erase(by=world.admin, person=world.bob)

    name = f"Erased person #{world.bob.pk}"
    entry.refresh_from_db()
    assert entry.what_happened == f"Spoke to {name} and {name}."
    worksheet.refresh_from_db()
    assert worksheet.data["rows"][0]["cells"] == {"details": f"{name} leads it"}


def test_every_text_field_is_searched_or_left_alone_for_a_reason() -> None:
    searched = {f"{texts.key}.{name}" for texts in all_texts() for name in texts.names}
    for model in apps.get_models():
        if not model.__module__.startswith("trinvis."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, TextField | JSONField):
                path = f"{model._meta.label}.{field.name}"
                assert path in searched or path in UNTOUCHED, path
    for path in [*UNTOUCHED, *EXTRA_FIELDS]:
        label, name = path.rsplit(".", 1)
        apps.get_model(label)._meta.get_field(name)  # raises for a name that is gone
    assert set(EXTRA_FIELDS) <= searched
