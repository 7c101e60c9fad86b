"""Catalogue pages: the start page, the list with its filters, an activity's page, the
create and edit forms (competences grouped by profile, version check), delete, and the
programme and path pages that show how modules combine."""

import datetime
import re
from typing import Any

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.competences.tests.factories import make_profile
from trinvis.learning.models import Activity, PathStep
from trinvis.learning.tests.factories_catalogue import (
    make_activity,
    make_principle,
    make_programme,
    module,
    use_in_plan,
)
from trinvis.learning.views.index import UPCOMING_SHOWN, catalogue_section

Kind = Activity.Kind


def _text(response: Any) -> str:
    """The page's main content as plain text, for assertions about what a reader sees."""
    body = response.content.decode()
    body = body[body.find("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _form(activity: Activity | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": Kind.EXTERNAL_COURSE,
        "title": "Conversations through an interpreter",
        "reminder_days": "7, 90",
        "currency": "",
    }
    if activity is not None:
        data["base_version"] = activity.version
    data.update(fields)
    return data


# --- start page and menu ----------------------------------------------------------------


def test_start_page_explains_the_module_and_shows_the_catalogue_section(
    world: World, client_of
) -> None:
    make_activity(world.municipality_a, title="Upcoming course")
    make_principle(world.municipality_a)
    response = client_of(world.bob).get(reverse("learning:index"))
    text = _text(response)
    assert "Catalogue and principles" in text
    assert "Upcoming course" in text
    assert "Municipality A" in text  # principles recorded by
    assert reverse("learning:activity_create") not in response.content.decode()


def test_the_menu_has_a_learning_entry(world: World, client_of) -> None:
    page = client_of(world.bob).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("learning:index")}"' in page


# --- list and filters -------------------------------------------------------------------


def test_list_shows_what_the_user_may_read_only(world: World, client_of) -> None:
    make_activity(world.municipality_a, title="Course of A")
    make_activity(world.municipality_b, title="Course of B")
    text = _text(client_of(world.bob).get(reverse("learning:activity_list")))
    assert "Course of A" in text
    assert "Course of B" not in text


def test_list_filters_by_kind_competence_programme_time_and_words(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    competence = profile.competences.order_by("position").first()
    assert competence is not None
    course = make_activity(world.municipality_a, title="Interpreter course")
    course.competences.add(competence)
    past = make_activity(world.municipality_a, title="Old workshop", kind=Kind.WORKSHOP)
    past.starts_on = past.ends_on = timezone.localdate() - datetime.timedelta(days=10)
    past.save()
    programme = make_programme(world.municipality_a)
    client = client_of(world.alice)
    url = reverse("learning:activity_list")

    def titles(**query: Any) -> set[str]:
        text = _text(client.get(url, query))
        return {
            title
            for title in ("Interpreter course", "Old workshop", "Module 2: Employer contact")
            if title in text
        }

    assert titles(kind=Kind.WORKSHOP) == {"Old workshop"}
    assert titles(competence=competence.pk) == {"Interpreter course"}
    assert titles(programme=programme.pk) == {"Module 2: Employer contact"}
    assert titles(when="past") == {"Old workshop"}
    assert "Old workshop" not in titles(when="upcoming")
    assert titles(q="interpreter") == {"Interpreter course"}
    assert titles(q="course house") == {
        "Interpreter course",
        "Old workshop",
        "Module 2: Employer contact",
    }
    # A value that does not fit is ignored, not an error.
    assert client.get(url, {"competence": "x", "kind": "nonsense"}).status_code == 200


def test_list_queries_do_not_grow_with_activities(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    profile = make_profile(world.municipality_a)
    competences = list(profile.competences.all())
    for number in range(12):
        activity = make_activity(world.municipality_a, title=f"Course {number}")
        activity.competences.set(competences[:3])
    make_programme(world.municipality_a)
    client = client_of(world.alice)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("learning:activity_list")).status_code == 200
    # The start page's catalogue section (other areas pin their own sections).
    request = RequestFactory().get(reverse("learning:index"))
    request.user = world.alice
    with django_assert_max_num_queries(6):
        section = catalogue_section(request)  # type: ignore[arg-type]
    assert len(section["upcoming"]) == UPCOMING_SHOWN


# --- an activity's page -----------------------------------------------------------------


def test_module_page_shows_competences_programme_paths_and_neighbours(
    world: World, client_of
) -> None:
    programme = make_programme(world.municipality_a)
    first = module(programme, 1)
    competence = make_profile(world.municipality_a).competences.get(position=0)
    first.competences.add(competence)
    use_in_plan(first)
    text = _text(client_of(world.bob).get(reverse("learning:activity_detail", args=[first.pk])))
    assert competence.name in text
    assert programme.name in text
    # Job path: 1 → 2 → 3; Short path: 3 → 1.
    assert "Job path 1 of 3 None: the path starts here Module 2: Employer contact" in text
    assert "Short path 2 of 2 Module 3: Follow-up None: the path ends here" in text
    assert "1 row of an education plan uses this activity." in text


def test_activity_page_queries_do_not_grow_with_paths(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    programme = make_programme(world.municipality_a)
    first = module(programme, 1)
    for number in range(6):
        path = programme.paths.create(name=f"Path {number}")
        PathStep.objects.create(path=path, activity=first, position=1)
    client = client_of(world.alice)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("learning:activity_detail", args=[first.pk])).status_code == 200


# --- create and edit --------------------------------------------------------------------


def test_create_form_groups_competences_by_readable_profile(world: World, client_of) -> None:
    make_profile(world.municipality_a, name="Profile of A")
    make_profile(world.municipality_b, name="Profile of B")
    text = _text(client_of(world.alice).get(reverse("learning:activity_create")))
    assert "Profile of A (Municipality A)" in text
    assert "Profile of B" not in text


def test_leader_creates_an_activity_with_competences(world: World, client_of) -> None:
    competence = make_profile(world.municipality_a).competences.get(position=2)
    response = client_of(world.alice).post(
        reverse("learning:activity_create"),
        _form(
            organisation=world.municipality_a.pk,
            competences=[competence.pk],
            starts_on="2030-03-01",
            ends_on="2030-03-02",
            follow_up_day_at="2030-05-01T09:30",
            cost="1500",
            currency="dkk",
        ),
    )
    activity = Activity.objects.get(title="Conversations through an interpreter")
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:activity_detail", args=[activity.pk])
    assert list(activity.competences.all()) == [competence]
    assert activity.reminder_days == [7, 90]
    assert activity.currency == "DKK"
    assert activity.follow_up_day_at is not None
    assert timezone.localtime(activity.follow_up_day_at).hour == 9


def test_create_form_shows_errors_and_keeps_the_input(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("learning:activity_create"),
        _form(
            organisation=world.municipality_a.pk,
            starts_on="2030-03-02",
            ends_on="2030-03-01",
            reminder_days="a week",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in page
    assert "The end date is before the start date." in page or "whole numbers" in page
    assert 'value="Conversations through an interpreter"' in page
    assert not Activity.objects.exists()


def test_a_module_is_offered_from_its_programme_page(world: World, client_of) -> None:
    programme = make_programme(world.municipality_a)
    page = (
        client_of(world.alice)
        .get(reverse("learning:activity_create"), {"programme": programme.pk})
        .content.decode()
    )
    assert re.search(rf'<option value="{programme.pk}" selected>', page)
    assert re.search(r'<option value="module" selected>', page)


def test_edit_keeps_competences_the_editor_cannot_see(world: World, client_of) -> None:
    visible = make_profile(world.municipality_a).competences.get(position=0)
    hidden = make_profile(world.municipality_b, name="B's profile").competences.get(position=0)
    activity = make_activity(world.municipality_a)
    activity.competences.set([visible, hidden])
    response = client_of(world.alice).post(
        reverse("learning:activity_edit", args=[activity.pk]),
        _form(activity, title="Renamed", competences=[]),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert list(activity.competences.all()) == [hidden]


def test_edit_conflict_keeps_the_input_and_saving_again_wins(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a)
    client = client_of(world.alice)
    url = reverse("learning:activity_edit", args=[activity.pk])
    Activity.objects.filter(pk=activity.pk).update(version=2, title="Their title")
    response = client.post(url, _form(activity, title="My title"))
    page = response.content.decode()
    assert "Someone else saved the activity" in page
    assert 'value="My title"' in page
    assert 'name="base_version" value="2"' in page
    assert Activity.objects.get(pk=activity.pk).title == "Their title"
    response = client.post(url, _form(activity, title="My title", base_version=2))
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "My title"


# --- delete -----------------------------------------------------------------------------


def test_delete_used_by_a_plan_row_is_refused_with_a_clear_message(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a)
    use_in_plan(activity)
    url = reverse("learning:activity_delete", args=[activity.pk])
    client = client_of(world.alice)
    page = client.get(url).content.decode()
    assert "cannot be deleted" in page
    assert "Choose another activity in that row first." in page
    assert "Delete the activity" not in page
    assert client.post(url).status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_delete_removes_an_unused_activity(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a)
    response = client_of(world.alice).post(reverse("learning:activity_delete", args=[activity.pk]))
    assert response["Location"] == reverse("learning:activity_list")
    assert not Activity.objects.filter(pk=activity.pk).exists()


# --- programmes and paths ---------------------------------------------------------------


def test_programme_page_shows_the_paths_by_modules_table(world: World, client_of) -> None:
    programme = make_programme(world.municipality_a)
    response = client_of(world.bob).get(reverse("learning:programme_detail", args=[programme.pk]))
    page = response.content.decode()
    table = page[page.find("Modules and paths") :]
    table = table[: table.find("</table>")]
    assert table.count('<th scope="col">') == 3  # Module + two paths
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "Module 1: The local labour market step 1 step 2" in text
    assert "Module 2: Employer contact step 2 – not in this path" in text
    assert "Module 3: Follow-up step 3 step 1" in text
    assert programme.how_modules_combine in page
    assert "Add a module" not in page  # bob reads only


def test_programme_page_queries_do_not_grow_with_paths(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    programme = make_programme(world.municipality_a)
    for number in range(6):
        path = programme.paths.create(name=f"Path {number}")
        PathStep.objects.create(path=path, activity=module(programme, 2), position=1)
    client = client_of(world.alice)
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("learning:programme_detail", args=[programme.pk])).status_code == 200
        )


def test_leader_creates_a_programme_and_a_path_and_orders_it(world: World, client_of) -> None:
    client = client_of(world.alice)
    response = client.post(
        reverse("learning:programme_create"),
        {"organisation": world.municipality_a.pk, "name": "New programme"},
    )
    programme = world.municipality_a.programmes.get(name="New programme")
    assert response["Location"] == reverse("learning:programme_detail", args=[programme.pk])
    for title in ("First", "Second"):
        client.post(
            reverse("learning:activity_create"),
            _form(
                organisation=world.municipality_a.pk,
                kind=Kind.MODULE,
                programme=programme.pk,
                title=title,
            ),
        )
    response = client.post(
        reverse("learning:path_create", args=[programme.pk]),
        {"base_version": programme.version, "name": "Both"},
    )
    path = programme.paths.get(name="Both")
    steps_url = reverse("learning:path_steps", args=[path.pk])
    for title in ("First", "Second"):
        programme.refresh_from_db()
        activity = programme.modules.get(title=title)
        client.post(
            steps_url,
            {"action": "add", "activity": activity.pk, "base_version": programme.version},
        )
    programme.refresh_from_db()
    second = path.steps.get(activity__title="Second")
    response = client.post(
        steps_url, {"action": "up", "step": second.pk, "base_version": programme.version}
    )
    assert response["Location"].endswith("#steps")
    assert [step.activity.title for step in path.steps.order_by("position")] == [
        "Second",
        "First",
    ]


def test_a_stale_step_button_says_so_and_changes_nothing(world: World, client_of) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Job path")
    step = path.steps.get(position=2)
    client = client_of(world.alice)
    response = client.post(
        reverse("learning:path_steps", args=[path.pk]),
        {"action": "up", "step": step.pk, "base_version": programme.version + 1},
        follow=True,
    )
    assert "Someone changed the programme or its paths" in response.content.decode()
    step.refresh_from_db()
    assert step.position == 2


def test_path_page_offers_only_modules_not_in_it(world: World, client_of) -> None:
    programme = make_programme(world.municipality_a)
    path = programme.paths.get(name="Short path")
    page = client_of(world.alice).get(reverse("learning:path_detail", args=[path.pk]))
    select = page.content.decode().split('id="add-module"')[1].split("</select>")[0]
    assert "Module 2: Employer contact" in select
    assert "Module 1" not in select


def test_the_detail_page_names_the_days_the_reminders_are_sent(world: World, client_of) -> None:
    """Without days of its own an activity still gets the default reminders; the page says
    when, rather than "none"."""
    activity = make_activity(world.municipality_a, title="Reminder days")
    activity.reminder_days = []
    activity.save(update_fields=["reminder_days"])
    url = reverse("learning:activity_detail", args=[activity.pk])
    assert "7, 90 days after the end" in client_of(world.alice).get(url).content.decode()
    activity.reminder_days = [14]
    activity.save(update_fields=["reminder_days"])
    assert "14 days after the end" in client_of(world.alice).get(url).content.decode()
