"""The implementation pages: making a plan, the team filling in items and recording
meetings, the confidence trend with its drop, the printable checklist, my tasks, the home
page's todo and the learning start page's section."""

import pytest
from django.urls import reverse

from conftest import World
from trinvis.learning.models import ImplementationItem, ImplementationPlan, Status
from trinvis.learning.tests.factories_implementation import (
    days,
    item_of,
    make_meeting,
    make_plan,
    make_task,
)

Area = ImplementationItem.Area


def _detail(plan: ImplementationPlan) -> str:
    return reverse("learning:implementation_detail", args=[plan.pk])


def test_a_leader_makes_a_plan_and_goes_on_to_choose_the_team(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("learning:implementation_create"),
        {"organisation": world.municipality_a.pk, "title": "After the course"},
    )
    plan = ImplementationPlan.objects.get(title="After the course")
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:implementation_edit", args=[plan.pk])
    assert plan.items.count() == 11
    response = client_of(world.alice).post(
        reverse("learning:implementation_edit", args=[plan.pk]),
        {
            "base_version": plan.version,
            "title": "After the course",
            "team": [world.alice.pk, world.bob.pk],
            "ambassadors": [world.bob.pk],
            "theme_days": "Every spring",
            "new_employees": "A module in the introduction",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert set(plan.team.all()) == {world.alice, world.bob}
    assert plan.theme_days == "Every spring"


def test_the_plan_page_shows_the_eleven_areas_and_anchoring(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    make_task(plan, by=world.alice, responsible=world.bob, deadline=days(-1))
    page = client_of(world.bob).get(_detail(plan)).content.decode()
    for _area, label in Area.choices:
        assert str(label) in page
    assert "Tell the team at the next meeting" in page
    assert "Overdue" in page
    assert "Recurring theme days" in page
    # Bob is on the team: he changes items and records meetings, not the plan itself.
    assert reverse("learning:implementation_item_edit", args=[item_of(plan).pk]) in page
    assert reverse("learning:implementation_meeting_create", args=[plan.pk]) in page
    assert reverse("learning:implementation_edit", args=[plan.pk]) not in page


def test_a_reader_outside_the_team_sees_no_edit_links(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    page = client_of(world.bob).get(_detail(plan)).content.decode()
    assert reverse("learning:implementation_item_edit", args=[item_of(plan).pk]) not in page
    assert reverse("learning:implementation_meeting_create", args=[plan.pk]) not in page


def test_the_team_fills_in_an_item(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    item = item_of(plan, Area.GOALS)
    response = client_of(world.bob).post(
        reverse("learning:implementation_item_edit", args=[item.pk]),
        {
            "base_version": item.version,
            "area": Area.GOALS,
            "description": "Every conversation starts from the citizen's goals",
            "activities": "Observe two conversations a month",
            "period": "Autumn",
            "responsible": world.alice.pk,
            "deadline": days(30).isoformat(),
            "status": Status.IN_PROGRESS,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.responsible == world.alice
    assert item.period == "Autumn"
    assert item.version == 2


def test_a_stale_item_save_shows_the_conflict_and_keeps_the_input(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    item = item_of(plan)
    ImplementationItem.objects.filter(pk=item.pk).update(version=5, description="Theirs")
    response = client_of(world.alice).post(
        reverse("learning:implementation_item_edit", args=[item.pk]),
        {
            "base_version": item.version,
            "area": item.area,
            "description": "Mine",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved the item" in page
    assert "Mine" in page
    assert 'name="base_version" value="5"' in page
    item.refresh_from_db()
    assert item.description == "Theirs"


def test_an_item_is_added_to_the_area_chosen(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    url = reverse("learning:implementation_item_create", args=[plan.pk])
    page = client_of(world.alice).get(url, {"area": Area.QUALITY}).content.decode()
    assert f'<option value="{Area.QUALITY}" selected>' in page
    client_of(world.alice).post(
        url, {"area": Area.QUALITY, "activities": "Super-users in each team", "status": "planned"}
    )
    assert plan.items.filter(area=Area.QUALITY).count() == 2


def test_the_team_records_a_meeting_and_the_page_shows_the_trend(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    make_meeting(plan, by=world.alice, confidence=7, held_on=days(-20))
    response = client_of(world.bob).post(
        reverse("learning:implementation_meeting_create", args=[plan.pk]),
        {
            "held_on": days(-1).isoformat(),
            "worries": "Too little time",
            "what_works": "Colleagues help each other",
            "signs_of_change": "New questions in the team meeting",
            "agreements": "Bob books the interpreter",
            "blockers": "Workload",
            "confidence": "4",
        },
    )
    assert response.status_code == 302
    page = client_of(world.alice).get(_detail(plan)).content.decode()
    assert "Confidence has fallen" in page
    assert "Confidence fell from 7 to 4" in page
    assert "confidence-trend-spec" in page  # the chart's spec
    assert "Bob books the interpreter" in page


def test_a_rise_raises_no_flag(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    make_meeting(plan, by=world.alice, confidence=5, held_on=days(-20))
    make_meeting(plan, by=world.alice, confidence=7, held_on=days(-2))
    page = client_of(world.alice).get(_detail(plan)).content.decode()
    assert "Confidence has fallen" not in page
    assert "+2" in page


def test_a_meeting_form_with_errors_says_what_is_wrong(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    response = client_of(world.alice).post(
        reverse("learning:implementation_meeting_create", args=[plan.pk]),
        {"held_on": days(3).isoformat(), "confidence": "6"},
    )
    assert response.status_code == 200
    assert "Record a meeting once it has been held." in response.content.decode()
    assert not plan.meetings.exists()


def test_the_print_view_is_the_checklist(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    make_task(plan, by=world.alice, responsible=world.bob)
    page = (
        client_of(world.bob)
        .get(reverse("learning:implementation_print", args=[plan.pk]))
        .content.decode()
    )
    for column in ("Area", "Description", "Concrete activities", "Period", "Responsible"):
        assert f'<th scope="col">{column}</th>' in page
    assert "Bob Employee" in page
    assert reverse("learning:implementation_item_edit", args=[item_of(plan).pk]) not in page


def test_my_tasks_lists_mine_and_marks_one_done(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    task = make_task(plan, by=world.alice, responsible=world.bob, deadline=days(-1))
    make_task(plan, by=world.alice, responsible=world.alice, area=Area.QUALITY, activities="Hers")
    client = client_of(world.bob)
    page = client.get(reverse("learning:tasks")).content.decode()
    assert "Tell the team at the next meeting" in page
    assert "Hers" not in page
    assert "Overdue" in page
    response = client.post(
        reverse("learning:implementation_item_done", args=[task.pk]),
        {"base_version": task.version, "next": reverse("learning:tasks")},
    )
    assert response["Location"] == reverse("learning:tasks")
    task.refresh_from_db()
    assert task.status == Status.DONE
    page = client.get(reverse("learning:tasks")).content.decode()
    assert "No open tasks" in page
    assert "Done in the last 30 days" in page


def test_marking_done_does_not_follow_a_foreign_next(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    task = make_task(plan, by=world.alice, responsible=world.bob)
    response = client_of(world.bob).post(
        reverse("learning:implementation_item_done", args=[task.pk]),
        {"base_version": task.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == _detail(plan)


def test_the_home_page_shows_tasks_due_within_two_weeks(world: World, client_of) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    make_task(plan, by=world.alice, responsible=world.bob, deadline=days(10), activities="Soon")
    make_task(
        plan,
        by=world.alice,
        responsible=world.bob,
        deadline=days(40),
        area=Area.QUALITY,
        activities="Later",
    )
    page = client_of(world.bob).get(reverse("core:home")).content.decode()
    assert "Soon" in page
    assert "Later" not in page


def test_the_learning_start_page_counts_my_tasks_and_lists_my_plans(
    world: World, client_of
) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    make_task(plan, by=world.alice, responsible=world.bob, deadline=days(-3))
    page = client_of(world.bob).get(reverse("learning:index")).content.decode()
    assert "You have 1 open task" in page
    assert "1 overdue" in page
    assert plan.title in page
    assert reverse("learning:implementation_create") not in page
    alice_page = client_of(world.alice).get(reverse("learning:index")).content.decode()
    assert reverse("learning:implementation_create") in alice_page


@pytest.mark.parametrize("meetings", [1, 6])
def test_the_plan_page_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries, meetings: int
) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    for number in range(meetings):
        make_meeting(plan, by=world.alice, confidence=number, held_on=days(-30 + number))
        make_task(plan, by=world.alice, responsible=world.bob, area=Area.values[number])
    client = client_of(world.bob)
    with django_assert_max_num_queries(11):
        assert client.get(_detail(plan)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("learning:tasks")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("learning:implementation_list")).status_code == 200
