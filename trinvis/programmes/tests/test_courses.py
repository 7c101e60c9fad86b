"""The course programme, its modules, runs and regional targets: what the provider creates
and changes, how it lands in the learning catalogue (a programme, and an activity of the
kind "module" per run, with the module's headings), the version checks, what blocks a
deletion, and who sees which page."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from trinvis.learning.models import Activity, Programme
from trinvis.programmes.models import CourseModule, CourseProgramme, ModuleRun, RegionTarget
from trinvis.programmes.services_courses import (
    CourseConflict,
    CourseInput,
    ModuleInput,
    course_delete,
    course_update,
    module_delete,
    module_update,
    run_delete,
    targets_save,
)
from trinvis.programmes.tests.factories_courses import (
    HEADINGS,
    bob_enrolment,
    course_of,
    days,
    make_module,
    make_run,
    module_of,
    run_of,
)


def _html(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_creating_a_programme_puts_it_in_the_providers_catalogue(
    world: World, client_of: Any
) -> None:
    response = client_of(world.fiona).post(
        reverse("programmes:course_create"),
        {
            "provider": world.agency.pk,
            "name": "Better integration work",
            "description": "Four modules.",
            "how_modules_combine": "Module 1 first.",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "target_participants": "800",
        },
    )
    course = CourseProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:course_detail", args=[course.pk])
    assert course.provider == world.agency
    assert course.target_participants == 800
    programme = Programme.objects.get()
    assert course.programme == programme
    assert (programme.organisation, programme.name) == (world.agency, "Better integration work")
    assert programme.how_modules_combine == "Module 1 first."


def test_a_programme_ends_after_it_starts(world: World, client_of: Any) -> None:
    response = client_of(world.fiona).post(
        reverse("programmes:course_create"),
        {
            "provider": world.agency.pk,
            "name": "Backwards",
            "starts_on": "2025-01-01",
            "ends_on": "2024-01-01",
            "target_participants": "10",
        },
    )
    assert response.status_code == 200
    assert "The programme ends after it starts." in response.content.decode()
    assert not CourseProgramme.objects.exists()
    assert not Programme.objects.exists()


def test_a_change_on_an_old_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    course = course_of(world)
    data = CourseInput(name="New name", starts_on=course.starts_on, ends_on=course.ends_on)
    saved = course_update(by=world.fiona, course=course, base_version=course.version, data=data)
    assert saved.programme.name == "New name"
    with pytest.raises(CourseConflict):
        course_update(
            by=world.fiona,
            course=course,
            base_version=course.version,
            data=CourseInput(name="Late", starts_on=course.starts_on, ends_on=course.ends_on),
        )
    assert Programme.objects.get().name == "New name"


def test_the_edit_page_shows_the_conflict_and_keeps_the_input(world: World, client_of: Any) -> None:
    course = course_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:course_edit", args=[course.pk]),
        {
            "base_version": course.version - 1,
            "name": "Mine",
            "starts_on": course.starts_on.isoformat(),
            "ends_on": course.ends_on.isoformat(),
            "target_participants": "700",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved the programme" in page
    assert 'value="Mine"' in page
    assert f'name="base_version" value="{course.version}"' in page
    course.refresh_from_db()
    assert course.target_participants == 800


def test_a_run_is_a_module_activity_in_the_providers_catalogue(world: World) -> None:
    module = module_of(world)
    run = make_run(module, by=world.fiona, region=world.region_dk, capacity=12, place="Odense")
    activity = run.activity
    assert activity.kind == Activity.Kind.MODULE
    assert activity.organisation == world.agency
    assert activity.programme == module.course.programme
    assert activity.title == module.title
    assert activity.headings == HEADINGS
    assert (activity.starts_on, activity.ends_on, activity.place) == (days(30), days(31), "Odense")
    assert activity.reminder_days == [7, 90]
    assert (run.region, run.capacity) == (world.region_dk, 12)


def test_planning_a_run_on_the_page(world: World, client_of: Any) -> None:
    module = module_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:course_run_create", args=[module.pk]),
        {
            "starts_on": days(40).isoformat(),
            "place": "Bergen",
            "region": world.region_no.pk,
            "capacity": "15",
            "teachers": [world.fiona.pk],
            "follow_up_day_at": f"{days(80).isoformat()}T09:00",
            "follow_up_day_place": "Bergen library",
        },
    )
    run = ModuleRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:course_run", args=[run.pk])
    assert list(run.teachers.all()) == [world.fiona]
    assert run.activity.ends_on == days(40)  # a module of one day
    assert run.activity.follow_up_day_at is not None
    assert run.activity.follow_up_day_place == "Bergen library"


def test_the_follow_up_day_comes_after_the_module(world: World, client_of: Any) -> None:
    module = module_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:course_run_create", args=[module.pk]),
        {"starts_on": days(40).isoformat(), "follow_up_day_at": f"{days(39).isoformat()}T09:00"},
    )
    assert response.status_code == 200
    assert "The follow-up day comes after the module has ended." in response.content.decode()
    assert not ModuleRun.objects.exists()
    assert not Activity.objects.exists()


def test_a_run_moved_on_its_page_moves_its_activity(world: World, client_of: Any) -> None:
    run = run_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:course_run_edit", args=[run.pk]),
        {
            "base_version": run.version,
            "starts_on": days(60).isoformat(),
            "ends_on": days(62).isoformat(),
            "place": "Aarhus",
            "region": world.region_dk.pk,
            "capacity": "",
        },
    )
    assert response.status_code == 302
    run.refresh_from_db()
    run.activity.refresh_from_db()
    assert (run.activity.starts_on, run.activity.ends_on) == (days(60), days(62))
    assert run.activity.place == "Aarhus"
    assert run.activity.headings == HEADINGS  # the rest of the activity is kept
    assert run.version == 2


def test_a_module_change_reaches_its_runs(world: World) -> None:
    run = run_of(world)
    module = run.module
    version = run.activity.version
    module_update(
        by=world.fiona,
        module=module,
        base_version=module.version,
        data=ModuleInput(title="Module 1: Work first", position=1, headings="One\n\n  Two  "),
    )
    run.activity.refresh_from_db()
    assert run.activity.title == "Module 1: Work first"
    assert run.activity.headings == "One\nTwo"
    assert run.activity.version == version + 1


def test_a_chosen_run_cannot_be_deleted(world: World) -> None:
    enrolment = bob_enrolment(world)
    run = enrolment.choices.get().run
    with pytest.raises(ValidationError, match="1 participant chose it"):
        run_delete(by=world.fiona, run=run, base_version=run.version)
    with pytest.raises(ValidationError):
        module_delete(by=world.fiona, module=run.module, base_version=run.module.version)
    course = enrolment.course
    with pytest.raises(ValidationError, match="1 person is enrolled"):
        course_delete(by=world.fiona, course=course, base_version=course.version)
    assert ModuleRun.objects.filter(pk=run.pk).exists()


def test_deleting_a_programme_clears_its_catalogue(world: World) -> None:
    course = course_of(world)
    run_of(world)
    make_run(make_module(course, by=world.fiona, title="Module 2", position=2), by=world.fiona)
    course_delete(by=world.fiona, course=course, base_version=course.version)
    assert not CourseProgramme.objects.exists()
    assert not CourseModule.objects.exists()
    assert not Activity.objects.exists()
    assert not Programme.objects.exists()


def test_regional_targets_are_replaced_and_version_checked(world: World) -> None:
    course = course_of(world)
    course = targets_save(
        by=world.fiona,
        course=course,
        base_version=course.version,
        targets={world.region_dk: 500, world.region_no: 300},
    )
    course = targets_save(
        by=world.fiona,
        course=course,
        base_version=course.version,
        targets={world.region_dk: 450, world.region_no: None},
    )
    assert list(RegionTarget.objects.values_list("region__name", "target_participants")) == [
        ("Region DK", 450)
    ]
    with pytest.raises(CourseConflict):
        targets_save(by=world.fiona, course=course, base_version=1, targets={})
    with pytest.raises(ValidationError):
        targets_save(
            by=world.fiona,
            course=course,
            base_version=course.version,
            targets={world.municipality_a: 5},
        )


def test_the_targets_page_offers_the_providers_regions(world: World, client_of: Any) -> None:
    course = course_of(world)
    page = _html(client_of(world.fiona), reverse("programmes:course_targets", args=[course.pk]))
    assert "Region DK" in page and "Region NO" in page
    response = client_of(world.fiona).post(
        reverse("programmes:course_targets", args=[course.pk]),
        {"base_version": course.version, f"region_{world.region_dk.pk}": "500"},
    )
    assert response.status_code == 302
    assert RegionTarget.objects.get().target_participants == 500


def test_municipality_people_read_the_programme_but_do_not_run_it(
    world: World, client_of: Any
) -> None:
    run = run_of(world)
    course = run.module.course
    url = reverse("programmes:course_detail", args=[course.pk])
    page = _html(client_of(world.bob), url)
    assert "Module 1: Jobs first" in page
    assert "Town hall" in page
    assert reverse("programmes:course_enrol", args=[course.pk]) in page
    assert reverse("programmes:course_edit", args=[course.pk]) not in page
    assert reverse("programmes:course_run", args=[run.pk]) not in page
    running = _html(client_of(world.fiona), url)
    assert reverse("programmes:course_edit", args=[course.pk]) in running
    assert reverse("programmes:course_run", args=[run.pk]) in running
    # Fiona works in no municipality and leads nobody: nothing to enrol.
    assert reverse("programmes:course_enrol", args=[course.pk]) not in running


def test_the_programme_page_takes_a_fixed_number_of_queries(
    world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    course = course_of(world)
    client = client_of(world.fiona)
    url = reverse("programmes:course_detail", args=[course.pk])
    make_run(module_of(world), by=world.fiona)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(2, 7):
        module = make_module(course, by=world.fiona, title=f"Module {number}", position=number)
        for offset in (10, 20, 30):
            make_run(module, by=world.fiona, starts_in=offset, region=world.region_dk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_modules_and_runs_are_version_checked(world: World) -> None:
    run = run_of(world)
    module = run.module
    stale = module.version
    module_update(
        by=world.fiona, module=module, base_version=stale, data=ModuleInput(title="First")
    )
    with pytest.raises(CourseConflict):
        module_update(
            by=world.fiona, module=module, base_version=stale, data=ModuleInput(title="Second")
        )
    with pytest.raises(CourseConflict):
        run_delete(by=world.fiona, run=run, base_version=run.version + 1)
    module.refresh_from_db()
    assert module.title == "First"
    assert ModuleRun.objects.filter(pk=run.pk).exists()
