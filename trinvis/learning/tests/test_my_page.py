"""My page: the employee's next follow-up talk, next course and what they promised to try
on "my learning"; the leader's page with their units' education plans, overdue follow-up
talks, goals without progress and the confidence trend. The rule for a stalled goal, what
each page shows to whom, and that the query count does not grow with the data."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.learning.access import led_people
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    FollowUp,
    ImplementationPlan,
    LearningGoal,
    Status,
)
from trinvis.learning.progress import (
    FIRST_REVIEW_AFTER_DAYS,
    REVIEW_EVERY_DAYS,
    Reason,
    Stall,
    stalled,
)
from trinvis.learning.selectors_my_page import (
    TRENDS_SHOWN,
    goals_without_progress,
    next_course,
    unit_plans,
)
from trinvis.learning.selectors_plans import plan_page
from trinvis.learning.services.goals import GoalData, goal_confirm, goal_create, goal_review
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment, make_meeting
from trinvis.learning.tests.factories_implementation import make_plan as make_implementation
from trinvis.learning.tests.factories_personal import make_follow_up
from trinvis.learning.tests.factories_plans import add_row, make_plan
from trinvis.learning.views.plans import PlanLinks
from trinvis.organisations.models import Membership, Organisation

Outcome = LearningGoal.Outcome
TODAY = datetime.date(2027, 3, 1)


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _held(talk: FollowUp, *, on: datetime.date, next_steps: str = "") -> FollowUp:
    FollowUp.objects.filter(pk=talk.pk).update(held_on=on, next_steps=next_steps)
    talk.refresh_from_db()
    return talk


def _agreed_goal(
    person: User, leader: User, organisation: Organisation, *, activity: Activity | None = None
) -> LearningGoal:
    goal = goal_create(
        by=leader,
        scope=LearningGoal.Scope.PERSONAL,
        person=person,
        data=GoalData(
            organisation=organisation,
            what_to_learn=f"Secret goal text of {person.full_name}",
            activity=activity,
        ),
    )
    goal = goal_confirm(by=person, goal=goal, base_version=goal.version)
    return goal_confirm(by=leader, goal=goal, base_version=goal.version)


# --- the rule: when a goal has stalled ----------------------------------------------------------


def _rule(
    *,
    agreed_on: datetime.date = TODAY - datetime.timedelta(days=10),
    course_ended_on: datetime.date | None = None,
    last_review_on: datetime.date | None = None,
    last_outcome: str | None = None,
) -> Stall | None:
    return stalled(
        today=TODAY,
        agreed_on=agreed_on,
        course_ended_on=course_ended_on,
        last_review_on=last_review_on,
        last_outcome=last_outcome,
    )


def _ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("ended_days_ago", "expected"),
    [
        (-20, None),  # the course lies ahead
        (0, None),
        (FIRST_REVIEW_AFTER_DAYS, None),  # a month after the course is still in time
        (FIRST_REVIEW_AFTER_DAYS + 1, Reason.NOT_REVIEWED_AFTER_COURSE),
    ],
)
def test_an_unreviewed_goal_stalls_a_month_after_its_course(
    ended_days_ago: int, expected: Reason | None
) -> None:
    stall = _rule(course_ended_on=_ago(ended_days_ago), agreed_on=_ago(400))
    assert (stall.reason if stall else None) == expected
    if stall:
        assert stall.since == _ago(ended_days_ago)


@pytest.mark.parametrize(
    ("reviewed_days_ago", "outcome", "expected"),
    [
        (REVIEW_EVERY_DAYS - 1, Outcome.PARTLY, None),
        (REVIEW_EVERY_DAYS, Outcome.PARTLY, Reason.NO_RECENT_REVIEW),
        (1, Outcome.NOT_ACHIEVED, Reason.NOT_ACHIEVED),
        (REVIEW_EVERY_DAYS * 3, Outcome.NOT_ACHIEVED, Reason.NOT_ACHIEVED),
        (REVIEW_EVERY_DAYS * 3, Outcome.ACHIEVED, None),  # done is done
    ],
)
def test_a_reviewed_goal_stalls_without_a_review_for_three_months_or_when_not_achieved(
    reviewed_days_ago: int, outcome: str, expected: Reason | None
) -> None:
    stall = _rule(
        last_review_on=_ago(reviewed_days_ago),
        last_outcome=outcome,
        course_ended_on=_ago(400),
    )
    assert (stall.reason if stall else None) == expected
    if stall:
        assert stall.since == _ago(reviewed_days_ago)


@pytest.mark.parametrize(
    ("agreed_days_ago", "expected"),
    [(REVIEW_EVERY_DAYS - 1, None), (REVIEW_EVERY_DAYS, Reason.NOT_REVIEWED_SINCE_AGREED)],
)
def test_a_goal_without_a_dated_course_counts_from_its_agreement(
    agreed_days_ago: int, expected: Reason | None
) -> None:
    stall = _rule(agreed_on=_ago(agreed_days_ago))
    assert (stall.reason if stall else None) == expected


# --- my learning: what lies next -----------------------------------------------------------------


def test_the_next_course_is_the_one_running_or_starting_soonest(world: World) -> None:
    ahead = make_activity(world.municipality_a, title="Later course", starts_in_days=40)
    running = make_activity(world.municipality_a, title="Running course", starts_in_days=-2)
    Activity.objects.filter(pk=running.pk).update(ends_on=_days(2))
    over = make_activity(world.municipality_a, title="Course that ended", starts_in_days=-10)
    undated = make_activity(world.municipality_a, title="Mentoring", starts_in_days=None)
    for activity in (ahead, running, over, undated):
        make_enrolment(activity, world.bob)

    def next_for(person: User, today: datetime.date) -> Activity | None:
        enrolment = next_course(person=person, today=today)
        return enrolment.activity if enrolment else None

    assert next_for(world.bob, _days(0)) == running
    assert next_for(world.bob, _days(3)) == ahead
    assert next_for(world.bob, _days(41)) is None
    assert next_for(world.charlie, _days(0)) is None


def test_my_learning_shows_my_next_course_talk_and_promise(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a, title="Open questions", starts_in_days=12)
    enrolment = make_enrolment(activity, world.bob)
    _held(
        make_follow_up(world.bob, world.alice, planned_for=_days(-40)),
        on=_days(-40),
        next_steps="Older promise",
    )
    latest = _held(
        make_follow_up(world.bob, world.alice, planned_for=_days(-9)),
        on=_days(-8),
        next_steps="Try the guide with three participants",
    )
    upcoming = make_follow_up(world.bob, world.alice, planned_for=_days(20))
    make_follow_up(world.bob, world.alice, planned_for=_days(60))

    page = client_of(world.bob).get(reverse("learning:me")).content.decode()
    course = page.split('id="next-course-heading"')[1].split("</section>")[0]
    assert "Open questions" in course and "Town hall" in course
    assert reverse("learning:enrolment_before", args=[enrolment.pk]) in course
    talk = page.split('id="next-talk-heading"')[1].split("</section>")[0]
    assert reverse("learning:follow_up", args=[upcoming.pk]) in talk
    assert "with Alice Leader" in talk
    promise = page.split('id="promised-heading"')[1].split("</section>")[0]
    assert "Try the guide with three participants" in promise and "Older promise" not in promise
    assert reverse("learning:follow_up", args=[latest.pk]) in promise
    assert reverse("learning:lead") not in page  # bob leads nobody


def test_an_overdue_talk_stays_my_next_one_until_it_is_held(world: World, client_of) -> None:
    overdue = make_follow_up(world.bob, world.alice, planned_for=_days(-3))
    make_follow_up(world.bob, world.alice, planned_for=_days(10))
    page = client_of(world.bob).get(reverse("learning:me")).content.decode()
    talk = page.split('id="next-talk-heading"')[1].split("</section>")[0]
    assert reverse("learning:follow_up", args=[overdue.pk]) in talk
    assert "Not recorded as held yet" in talk


def test_my_learning_says_when_nothing_lies_ahead(world: World, client_of) -> None:
    page = client_of(world.charlie).get(reverse("learning:me")).content.decode()
    assert "No course is planned for you" in page
    assert "No talk is planned" in page
    assert "After your first follow-up talk" in page


def test_my_learning_query_count_does_not_grow_with_courses_and_talks(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.bob)

    def fill(number: int) -> None:
        for index in range(number):
            activity = make_activity(
                world.municipality_a, title=f"Course {number}-{index}", starts_in_days=index + 1
            )
            make_enrolment(activity, world.bob)
            _held(make_follow_up(world.bob, world.alice), on=_days(-index - 1), next_steps="x")
            make_follow_up(world.bob, world.alice, planned_for=_days(index + 5))

    fill(1)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("learning:me"))
    fill(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("learning:me"))


# --- the leader's page ---------------------------------------------------------------------------


@dataclass
class Led:
    plan: EducationPlan
    overdue: FollowUp
    goal: LearningGoal
    implementation: ImplementationPlan
    b_leader: User


def _leader_world(world: World) -> Led:
    """Bob (team A) with an education plan row, an overdue talk and a stalled goal; charlie
    (municipality B) with the same, which alice must not see."""
    past = make_activity(world.municipality_a, title="Ended course", starts_in_days=-45)
    plan = make_plan(world.municipality_a, by=world.alice)
    add_row(plan, activity=past, people=[world.bob], status=Status.DONE)
    add_row(plan, purpose="Second row", status=Status.IN_PROGRESS)
    overdue = make_follow_up(world.bob, world.alice, planned_for=_days(-4))
    make_follow_up(world.bob, world.alice, planned_for=_days(4))  # not overdue
    _held(make_follow_up(world.bob, world.alice, planned_for=_days(-30)), on=_days(-30))
    goal = _agreed_goal(world.bob, world.alice, world.team_a, activity=past)
    fresh = make_activity(world.municipality_a, title="Next course", starts_in_days=10)
    _agreed_goal(world.bob, world.alice, world.team_a, activity=fresh)  # not due yet
    implementation = make_implementation(world.municipality_a, by=world.alice)
    make_meeting(implementation, by=world.alice, confidence=5, held_on=_days(-20))
    make_meeting(implementation, by=world.alice, confidence=7, held_on=_days(-5))

    b_leader = make_user("bea@example.org", "Bea Leader B", language="en")
    add_member(b_leader, world.municipality_b, Membership.Role.LEADER)
    b_past = make_activity(world.municipality_b, title="Course in B", starts_in_days=-45)
    make_plan(world.municipality_b, title="Plan of B", by=b_leader)
    make_follow_up(world.charlie, b_leader, planned_for=_days(-4))
    _agreed_goal(world.charlie, b_leader, world.unit_b_nav, activity=b_past)
    b_implementation = make_implementation(
        world.municipality_b, by=b_leader, title="Implementation in B"
    )
    make_meeting(b_implementation, by=b_leader, confidence=3)
    return Led(plan, overdue, goal, implementation, b_leader)


def test_the_leader_page_shows_plans_talks_stalled_goals_and_confidence(
    world: World, client_of
) -> None:
    made = _leader_world(world)
    response = client_of(world.alice).get(reverse("learning:lead"))
    assert response.status_code == 200
    page = response.content.decode()

    plans = page.split('id="plans-heading"')[1].split('id="overdue-heading"')[0]
    assert reverse("learning:plan_detail", args=[made.plan.pk]) in plans
    assert "Plan of B" not in plans
    (line,) = unit_plans(user=world.alice)[0]
    assert line.status_counts == [0, 1, 1, 0]  # planned, in progress, done, cancelled
    assert "<td>1</td>" in plans

    talks = page.split('id="overdue-heading"')[1].split('id="stalled-heading"')[0]
    assert reverse("learning:follow_up", args=[made.overdue.pk]) in talks
    assert talks.count("<tr>") == 2  # the header and bob's one overdue talk
    assert "Bob Employee" in talks and "Charlie" not in talks

    goals = page.split('id="stalled-heading"')[1].split('id="confidence-heading"')[0]
    assert reverse("learning:goal_detail", args=[made.goal.pk]) in goals
    assert "Not reviewed since the course ended on" in goals and "Ended course" in goals
    assert goals.count("<tr>") == 2 and "Charlie" not in goals
    assert "Secret goal text" not in page  # the list names goals; their text is on their page

    trend = page.split('id="confidence-heading"')[1]
    implementation = made.implementation
    assert f'id="confidence-trend-{implementation.pk}-spec"' in trend
    assert "Latest: 7" in trend and "Implementation in B" not in trend


def test_the_warning_count_is_the_one_the_plan_page_shows(world: World) -> None:
    plan = _leader_world(world).plan
    (line,) = unit_plans(user=world.alice)[0]
    on_page = plan_page(plan=plan, user=world.alice, links=PlanLinks(plan, may_write=False))
    assert line.warning_count == len(on_page.checks.warnings) > 0


def test_the_leader_of_another_municipality_sees_only_their_people(world: World) -> None:
    made = _leader_world(world)
    b_leader = made.b_leader
    stalled_goals = goals_without_progress(user=b_leader, today=_days(0))
    assert [line.goal.person for line in stalled_goals] == [world.charlie]
    assert [line.plan.title for line in unit_plans(user=b_leader)[0]] == ["Plan of B"]


def test_a_review_takes_a_goal_off_the_list_and_not_achieved_puts_it_back(world: World) -> None:
    made = _leader_world(world)
    goal = made.goal
    assert [line.goal for line in goals_without_progress(user=world.alice, today=_days(0))] == [
        goal
    ]
    goal_review(by=world.alice, goal=goal, outcome=Outcome.PARTLY, evidence="Once")
    assert goals_without_progress(user=world.alice, today=_days(0)) == []
    goal_review(by=world.alice, goal=goal, outcome=Outcome.NOT_ACHIEVED, evidence="")
    (line,) = goals_without_progress(user=world.alice, today=_days(0))
    assert line.stall.reason == Reason.NOT_ACHIEVED


def test_opening_the_leader_page_is_not_audited_but_opening_a_goal_from_it_is(
    world: World, client_of
) -> None:
    made = _leader_world(world)
    client = client_of(world.alice)
    client.get(reverse("learning:lead"))
    assert not AuditEvent.objects.filter(action=PERSONAL_RECORD_OPENED).exists()
    client.get(reverse("learning:goal_detail", args=[made.goal.pk]))
    assert AuditEvent.objects.filter(action=PERSONAL_RECORD_OPENED, target=world.bob.email).exists()


@pytest.mark.parametrize("persona", ["bob", "charlie", "fiona"])
def test_people_who_lead_nobody_get_an_empty_leader_page(
    world: World, client_of, persona: str
) -> None:
    _leader_world(world)
    page = client_of(getattr(world, persona)).get(reverse("learning:lead")).content.decode()
    main = page.split("<main")[1]  # the header names the user
    assert "You lead nobody here" in main
    assert "Bob Employee" not in main and "Charlie Employee" not in main


def test_the_leader_page_says_when_there_is_nothing_to_show(world: World, client_of) -> None:
    page = client_of(world.alice).get(reverse("learning:lead")).content.decode()
    for empty in (
        "No education plan yet",
        "No talk is overdue",
        "Every agreed goal is moving",
        "No follow-up meeting yet",
    ):
        assert empty in page


def test_the_leader_page_shows_the_latest_trends_and_counts_the_rest(
    world: World, client_of
) -> None:
    for number in range(TRENDS_SHOWN + 1):
        plan = make_implementation(world.municipality_a, by=world.alice, title=f"Plan {number}")
        make_meeting(plan, by=world.alice, confidence=number, held_on=_days(-30 + number))
    page = client_of(world.alice).get(reverse("learning:lead")).content.decode()
    assert page.count('class="trinvis-chart"') == TRENDS_SHOWN
    assert "Plan 0" not in page  # it met longest ago
    assert f"of {TRENDS_SHOWN + 1} plans with meetings" in page


def test_my_learning_and_the_start_page_link_leaders_to_their_page(world: World, client_of) -> None:
    lead_url = reverse("learning:lead")
    assert lead_url in client_of(world.alice).get(reverse("learning:me")).content.decode()
    assert lead_url in client_of(world.alice).get(reverse("learning:index")).content.decode()
    assert lead_url not in client_of(world.bob).get(reverse("learning:index")).content.decode()


def test_the_leader_page_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.alice)
    _leader_world(world)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("learning:lead"))
    ended = Activity.objects.get(title="Ended course")
    for number in range(6):
        person = make_user(f"p{number}@example.org", f"Person {number}", language="en")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        make_follow_up(person, world.alice, planned_for=_days(-number - 1))
        for _ in range(2):
            _agreed_goal(person, world.alice, world.team_a, activity=ended)
        Enrolment.objects.create(activity=ended, person=person)
        plan = make_plan(world.unit_a_job, title=f"Plan {number}", by=world.alice)
        add_row(plan, activity=ended, people=[person], status=Status.PLANNED)
        add_row(plan, people=[person, world.bob], status=Status.CANCELLED)
    for number in range(3):
        implementation = make_implementation(
            world.unit_a_job, by=world.alice, title=f"Implementation {number}"
        )
        for day in range(4):
            make_meeting(implementation, by=world.alice, confidence=day, held_on=_days(-day - 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("learning:lead")).content.decode()
    assert "Person 5" in page and "Implementation 2" in page


def test_a_platform_administrator_leads_only_where_their_own_membership_says(
    world: World,
) -> None:
    # Administrator of the agency: everyone below it.
    assert set(led_people(world.admin)) == {world.alice, world.bob, world.charlie, world.fiona}
    Membership.objects.filter(user=world.admin).update(role=Membership.Role.EMPLOYEE)
    world.admin = User.objects.get(pk=world.admin.pk)  # a new request: the scope read again
    assert list(led_people(world.admin)) == []
