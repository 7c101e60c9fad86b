"""Catalogue writes: activities with their rules and version check, deletes that a plan row
or an enrolment blocks, programmes, and the paths that order their modules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from trinvis.competences.tests.factories import make_profile
from trinvis.learning.models import Activity, Enrolment, Path, PathStep, Programme
from trinvis.learning.services import catalogue as services
from trinvis.learning.services.catalogue import ActivityInput, CatalogueConflict, ProgrammeInput
from trinvis.learning.tests.factories_catalogue import (
    make_activity,
    make_programme,
    module,
    use_in_plan,
)

Kind = Activity.Kind


def _steps(path: Path) -> list[str]:
    return [
        step.activity.title
        for step in PathStep.objects.filter(path=path).select_related("activity")
    ]


def test_create_saves_fields_and_competences(world: World) -> None:
    competences = list(make_profile(world.municipality_a).competences.order_by("position"))
    activity = services.activity_create(
        by=world.alice,
        organisation=world.municipality_a,
        data=ActivityInput(
            kind=Kind.EXTERNAL_COURSE,
            title="  Motivational conversation ",
            description="Line one\r\nLine two",
            cost=Decimal("1200"),
            currency="dkk",
            reminder_days=[90, 7, 7],
            competence_ids=frozenset({competences[0].pk, competences[2].pk}),
        ),
    )
    activity.refresh_from_db()
    assert activity.title == "Motivational conversation"
    assert activity.description == "Line one\nLine two"
    assert activity.currency == "DKK"
    assert activity.reminder_days == [7, 90]
    assert set(activity.competences.all()) == {competences[0], competences[2]}
    assert activity.version == 1


def test_activity_without_reminders_is_saved(world: World) -> None:
    activity = services.activity_create(
        by=world.alice,
        organisation=world.municipality_a,
        data=ActivityInput(kind=Kind.MENTORING, title="Mentoring", reminder_days=[]),
    )
    assert activity.reminder_days == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "starts_on": datetime.date(2026, 5, 2),
                "ends_on": datetime.date(2026, 5, 1),
            },
            "ends_on",
        ),
        ({"cost": Decimal("100"), "currency": ""}, "currency"),
        ({"currency": "KR."}, "currency"),
        ({"reminder_days": [0, 7]}, "reminder_days"),
        ({"competence_ids": frozenset({999_999})}, "competences"),
    ],
)
def test_create_refuses_bad_input_with_the_field_named(
    world: World, changes: dict, field: str
) -> None:
    data = ActivityInput(kind=Kind.EXTERNAL_COURSE, title="Course", **changes)
    with pytest.raises(ValidationError) as caught:
        services.activity_create(by=world.alice, organisation=world.municipality_a, data=data)
    assert field in caught.value.message_dict
    assert not Activity.objects.filter(title="Course").exists()


def test_only_a_module_of_the_same_organisation_belongs_to_a_programme(world: World) -> None:
    programme_b = make_programme(world.municipality_b)
    data = ActivityInput(kind=Kind.WORKSHOP, title="Workshop", programme=programme_b)
    with pytest.raises(ValidationError) as caught:
        services.activity_create(by=world.alice, organisation=world.municipality_a, data=data)
    messages = caught.value.message_dict["programme"]
    assert any("Only a module" in message for message in messages)
    assert any("another organisation" in message for message in messages)


def test_update_raises_the_version_and_a_stale_save_is_a_conflict(world: World) -> None:
    activity = make_activity(world.municipality_a)
    data = ActivityInput(kind=Kind.EXTERNAL_COURSE, title="Renamed")
    saved = services.activity_update(by=world.alice, activity=activity, base_version=1, data=data)
    assert saved.version == 2
    with pytest.raises(CatalogueConflict) as caught:
        services.activity_update(
            by=world.admin,
            activity=activity,
            base_version=1,
            data=ActivityInput(kind=Kind.EXTERNAL_COURSE, title="Other"),
        )
    assert caught.value.current.version == 2
    activity.refresh_from_db()
    assert activity.title == "Renamed"


def test_a_module_in_a_path_cannot_leave_its_programme(world: World) -> None:
    programme = make_programme(world.municipality_a)
    first = module(programme, 1)
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            by=world.alice,
            activity=first,
            base_version=first.version,
            data=ActivityInput(kind=Kind.EXTERNAL_COURSE, title=first.title),
        )
    assert "Job path" in caught.value.message_dict["programme"][0]
    first.refresh_from_db()
    assert first.programme == programme


def test_delete_is_refused_while_a_plan_row_or_an_enrolment_uses_it(world: World) -> None:
    activity = make_activity(world.municipality_a)
    row = use_in_plan(activity)
    Enrolment.objects.create(activity=activity, person=world.bob)
    with pytest.raises(ValidationError) as caught:
        services.activity_delete(by=world.alice, activity=activity)
    assert any("education plan" in message for message in caught.value.messages)
    assert any("enrolled" in message for message in caught.value.messages)
    row.activity = None
    row.save()
    Enrolment.objects.all().delete()
    services.activity_delete(by=world.alice, activity=activity)
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_deleting_a_module_takes_it_out_of_its_paths(world: World) -> None:
    programme = make_programme(world.municipality_a)
    services.activity_delete(by=world.alice, activity=module(programme, 1))
    assert _steps(programme.paths.get(name="Job path")) == [
        "Module 2: Employer contact",
        "Module 3: Follow-up",
    ]


def test_programme_update_checks_the_version(world: World) -> None:
    programme = make_programme(world.municipality_a)
    data = ProgrammeInput(name="New name", how_modules_combine="Any order.")
    services.programme_update(by=world.alice, programme=programme, base_version=1, data=data)
    with pytest.raises(CatalogueConflict):
        services.programme_update(by=world.alice, programme=programme, base_version=1, data=data)
    programme.refresh_from_db()
    assert (programme.name, programme.version) == ("New name", 2)


def test_deleting_a_programme_keeps_its_modules_on_their_own(world: World) -> None:
    programme = make_programme(world.municipality_a)
    assert services.programme_delete(by=world.alice, programme=programme) == 3
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not Path.objects.exists()
    assert Activity.objects.filter(kind=Kind.MODULE, programme=None).count() == 3


def test_path_steps_are_added_moved_and_removed_in_order(world: World) -> None:
    programme = make_programme(world.municipality_a)
    path = services.path_create(
        by=world.alice, programme=programme, base_version=1, name="Everything"
    )
    for number in (1, 2, 3):
        programme.refresh_from_db()
        services.path_step_add(
            by=world.alice,
            path=path,
            base_version=programme.version,
            activity=module(programme, number),
        )
    programme.refresh_from_db()
    third = PathStep.objects.get(path=path, activity=module(programme, 3))
    services.path_step_move(
        by=world.alice, path=path, base_version=programme.version, step_id=third.pk, up=True
    )
    assert _steps(path) == [
        "Module 1: The local labour market",
        "Module 3: Follow-up",
        "Module 2: Employer contact",
    ]
    programme.refresh_from_db()
    first = PathStep.objects.get(path=path, activity=module(programme, 1))
    services.path_step_remove(
        by=world.alice, path=path, base_version=programme.version, step_id=first.pk
    )
    assert list(PathStep.objects.filter(path=path).values_list("position", flat=True)) == [1, 2]
    assert _steps(path)[0] == "Module 3: Follow-up"


def test_moving_the_first_step_up_changes_nothing(world: World) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Job path")
    first = PathStep.objects.get(path=path, position=1)
    services.path_step_move(by=world.alice, path=path, base_version=1, step_id=first.pk, up=True)
    programme.refresh_from_db()
    assert programme.version == 1
    assert _steps(path)[0] == "Module 1: The local labour market"


def test_a_step_button_on_an_old_page_is_refused(world: World) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Job path")
    last = PathStep.objects.get(path=path, position=3)
    services.path_step_move(by=world.alice, path=path, base_version=1, step_id=last.pk, up=True)
    with pytest.raises(CatalogueConflict):
        services.path_step_move(by=world.alice, path=path, base_version=1, step_id=last.pk, up=True)
    assert _steps(path)[1] == "Module 3: Follow-up"


def test_only_the_programmes_own_modules_join_its_paths(world: World) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Short path")
    outsider = make_activity(world.municipality_a)
    with pytest.raises(ValidationError):
        services.path_step_add(by=world.alice, path=path, base_version=1, activity=outsider)
    with pytest.raises(ValidationError):
        services.path_step_add(
            by=world.alice, path=path, base_version=1, activity=module(programme, 1)
        )
    assert PathStep.objects.filter(path=path).count() == 2
