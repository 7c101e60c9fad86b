"""Writing implementation plans: the eleven areas, the team, items as tasks, conflicts, and
the follow-up meetings with their confidence trend."""

import pytest
from django.core.exceptions import ValidationError

from conftest import World, add_member, make_user
from trinvis.learning.models import ImplementationItem, ProcessMeeting, Status
from trinvis.learning.selectors_implementation import (
    confidence_drops,
    confidence_figure,
    my_tasks,
    plan_people,
    tasks_due,
)
from trinvis.learning.services import implementation as services
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import (
    days,
    item_of,
    make_meeting,
    make_plan,
    make_task,
)
from trinvis.organisations.models import Membership
from trinvis.reports.charts.lines import LineChart

Area = ImplementationItem.Area


def test_a_new_plan_has_one_empty_item_for_each_of_the_eleven_areas(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice, team=[world.bob])
    areas = list(plan.items.order_by("pk").values_list("area", flat=True))
    assert areas == list(Area.values)
    assert len(areas) == 11
    assert all(item.description == "" for item in plan.items.all())
    assert list(plan.team.all()) == [world.bob]
    assert plan.created_by == world.alice


def test_the_team_is_chosen_among_the_people_of_the_organisation(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(world.municipality_a, by=world.alice, team=[world.charlie])
    assert "team" in error.value.message_dict
    assert not world.municipality_a.implementation_plans.exists()


def test_the_people_of_a_plan_are_its_organisation_below_and_the_municipality_above(
    world: World,
) -> None:
    people = set(plan_people(world.team_a))
    assert world.bob in people
    assert world.alice in people  # leader of the municipality above the team
    assert world.charlie not in people
    assert world.fiona not in people  # the agency above is not part of the team's world
    assert world.admin not in people


def test_a_plan_links_only_to_activities_in_its_own_line(world: World) -> None:
    other = make_activity(world.municipality_b, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            by=world.alice,
            organisation=world.municipality_a,
            data=services.PlanInput(title="Plan", activity=other),
        )
    assert "activity" in error.value.message_dict
    own = make_activity(world.municipality_a)
    plan = services.plan_create(
        by=world.alice,
        organisation=world.team_a,
        data=services.PlanInput(title="Plan", activity=own),
    )
    assert plan.activity == own


def test_a_stale_plan_save_is_a_conflict_that_writes_nothing(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    services.plan_update(
        by=world.alice,
        plan=plan,
        base_version=plan.version,
        data=services.PlanInput(title="First", theme_days="Every spring"),
    )
    with pytest.raises(services.ImplementationConflict) as error:
        services.plan_update(
            by=world.alice,
            plan=plan,
            base_version=plan.version,
            data=services.PlanInput(title="Second", team=[world.bob]),
        )
    assert error.value.current.version == plan.version + 1
    plan.refresh_from_db()
    assert plan.title == "First"
    assert plan.theme_days == "Every spring"
    assert not plan.team.exists()


def test_an_item_with_a_person_and_a_deadline_becomes_their_task(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    task = make_task(plan, by=world.alice, responsible=world.bob, deadline=days(20))
    assert list(my_tasks(user=world.bob)) == [task]
    assert list(tasks_due(user=world.bob, today=days(0))) == []
    assert list(tasks_due(user=world.bob, today=days(6))) == [task]
    # Without a deadline it is not a task.
    services.item_update(
        by=world.alice,
        item=task,
        base_version=task.version,
        data=services.ItemInput(area=task.area, responsible=world.bob),
    )
    assert list(my_tasks(user=world.bob)) == []


def test_tasks_come_overdue_first(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    later = make_task(plan, by=world.alice, responsible=world.bob, deadline=days(10))
    overdue = make_task(
        plan, by=world.alice, responsible=world.bob, deadline=days(-2), area=Area.QUALITY
    )
    assert list(my_tasks(user=world.bob)) == [overdue, later]


def test_marking_done_records_when_and_a_later_status_change_clears_it(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    task = make_task(plan, by=world.alice, responsible=world.bob)
    done = services.item_mark_done(by=world.bob, item=task, base_version=task.version)
    assert done.status == Status.DONE
    assert done.done_at is not None
    assert list(my_tasks(user=world.bob)) == []
    reopened = services.item_update(
        by=world.alice,
        item=done,
        base_version=done.version,
        data=services.ItemInput(area=done.area, status=Status.IN_PROGRESS),
    )
    assert reopened.done_at is None


def test_marking_done_a_changed_item_is_a_conflict(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    task = make_task(plan, by=world.alice, responsible=world.bob)
    ImplementationItem.objects.filter(pk=task.pk).update(
        version=task.version + 1, status=Status.CANCELLED
    )
    with pytest.raises(services.ImplementationConflict):
        services.item_mark_done(by=world.bob, item=task, base_version=task.version)
    task.refresh_from_db()
    assert task.status == Status.CANCELLED


def test_the_responsible_person_must_be_of_the_organisation(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    with pytest.raises(ValidationError) as error:
        make_task(plan, by=world.alice, responsible=world.charlie)
    assert "responsible" in error.value.message_dict


def test_items_are_added_to_an_area_and_the_last_of_an_area_stays(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    extra = services.item_add(
        by=world.alice,
        plan=plan,
        data=services.ItemInput(area=Area.COMMUNICATION, activities="A newsletter"),
    )
    assert plan.items.filter(area=Area.COMMUNICATION).count() == 2
    services.item_delete(by=world.alice, item=extra, base_version=extra.version)
    only = item_of(plan, Area.COMMUNICATION)
    with pytest.raises(ValidationError, match="only item of its area"):
        services.item_delete(by=world.alice, item=only, base_version=only.version)
    with pytest.raises(ValidationError) as error:
        services.item_update(
            by=world.alice,
            item=only,
            base_version=only.version,
            data=services.ItemInput(area=Area.QUALITY),
        )
    assert "area" in error.value.message_dict
    assert plan.items.count() == 11


def test_a_meeting_is_recorded_once_held_and_the_next_comes_after_it(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            by=world.alice,
            plan=plan,
            data=services.MeetingInput(held_on=days(1), confidence=5, next_meeting_on=days(0)),
        )
    assert set(error.value.message_dict) == {"held_on", "next_meeting_on"}
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            by=world.alice,
            plan=plan,
            data=services.MeetingInput(held_on=days(0), confidence=11),
        )
    assert "confidence" in error.value.message_dict
    assert not ProcessMeeting.objects.exists()
    meeting = make_meeting(plan, by=world.alice, confidence=0)
    assert meeting.recorded_by == world.alice


def test_the_confidence_trend_flags_a_drop_of_two_or_more(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    meetings = [
        make_meeting(plan, by=world.alice, confidence=value, held_on=days(offset))
        for value, offset in ((5, -40), (7, -30), (6, -20), (3, -10))
    ]
    drops = confidence_drops(meetings)
    assert [(drop.meeting, drop.before, drop.by) for drop in drops] == [(meetings[3], 6, 3)]
    figure = confidence_figure(meetings)
    assert "5, 7, 6, 3" in figure.summary
    assert "It fell by 3 since the meeting before." in figure.summary
    assert [cells for _label, cells in figure.rows] == [
        ["5", "–"],
        ["7", "+2"],
        ["6", "-1"],
        ["3", "fell by 3"],
    ]
    assert isinstance(figure.chart, LineChart)
    assert figure.chart.low == 0
    assert figure.chart.high == 10
    values = [row["value"] for row in figure.chart.rows()]
    assert values == [5.0, 7.0, 6.0, 3.0]


def test_two_meetings_on_one_day_get_their_own_points(world: World) -> None:
    plan = make_plan(world.municipality_a, by=world.alice)
    day = days(-3)
    meetings = [make_meeting(plan, by=world.alice, confidence=c, held_on=day) for c in (4, 5)]
    labels = [label for label, _cells in confidence_figure(meetings).rows]
    assert len(set(labels)) == 2
    assert labels[1].endswith("(2)")


def test_a_new_member_of_the_unit_can_be_put_on_the_team(world: World) -> None:
    newcomer = make_user("nina@example.org", "Nina New", language="en")
    add_member(newcomer, world.unit_a_job, Membership.Role.EMPLOYEE)
    plan = make_plan(world.unit_a_job, by=world.alice, team=[newcomer, world.bob])
    assert set(plan.team.all()) == {newcomer, world.bob}
