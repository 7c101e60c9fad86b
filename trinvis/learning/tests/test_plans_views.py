"""The plan pages: list, plan page with its nine columns and warnings, editors, enrolment,
the Excel export, the learning start page's section and the toolkit worksheet."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.learning.models import EducationPlan, Enrolment, LearningGoal, PlanRow
from trinvis.learning.services.goals import GoalData, goal_create
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle
from trinvis.learning.tests.factories_personal import make_goal
from trinvis.learning.tests.factories_plans import add_row, make_plan, need, plan_a
from trinvis.organisations.models import Membership
from trinvis.toolkits.models import Run, Toolkit
from trinvis.toolkits.services import CONTENT_DIR, run_start, toolkits_load

NINE_COLUMNS = [
    "Employees",
    "Purpose",
    "Education activity",
    "Learning-support activities",
    "Learning goals and success criteria",
    "Schedule",
    "Responsible",
    "Resources",
    "Status",
]


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _colleague(world: World, email: str = "dora@example.org", name: str = "Dora Colleague") -> User:
    person = make_user(email, name, language="en")
    add_member(person, world.team_a, Membership.Role.EMPLOYEE)
    return person


def _detail(plan: EducationPlan) -> str:
    return reverse("learning:plan_detail", args=[plan.pk])


def test_the_plan_page_is_a_table_of_the_nine_columns(world: World, client_of) -> None:
    plan = plan_a(world)
    html = _html(client_of(world.bob), _detail(plan))
    assert "<caption>Education plan: Education plan 2027</caption>" in html
    for column in NINE_COLUMNS:
        assert f'<th scope="col">{column}</th>' in html
    activity = plan.rows.get().activity
    assert activity is not None
    assert f'href="/learning/catalogue/{activity.pk}/"' in html
    assert "Labour-market knowledge (short-term priority)" in html  # the need it answers
    assert "learning/plans.css" in html  # the print stylesheet


def test_warnings_are_summed_up_at_the_top_and_shown_at_their_row(world: World, client_of) -> None:
    plan = plan_a(world)
    html = _html(client_of(world.alice), _detail(plan))
    top, rows = html.split('id="rows-heading"')
    assert 'href="#warnings-alone">One person alone on a course</a>: 1' in top
    assert "Short-term needs without an activity</a>: 1" in top
    assert "Bob Employee is the only one from Team A" in rows
    row = plan.rows.get()
    assert f'href="/learning/plans/rows/{row.pk}/edit/">Add a colleague' in html
    need_id = need(plan.round, 1).pk  # type: ignore[arg-type]
    assert f'href="/learning/plans/{plan.pk}/rows/new/?need={need_id}"' in html


def test_a_plan_without_problems_says_so(world: World, client_of) -> None:
    plan = make_plan(world.team_a)
    activity = make_activity(world.municipality_a)
    row = add_row(
        plan,
        activity=activity,
        people=[world.bob, _colleague(world)],
        responsible=world.alice,
        schedule="May",
        effort=(25, 30, 45),
    )
    goal_create(
        by=world.alice,
        scope=LearningGoal.Scope.ORGANISATIONAL,
        data=GoalData(organisation=world.team_a, what_to_learn="Open questions", plan_row=row),
    )
    html = _html(client_of(world.alice), _detail(plan))
    assert "No warnings. The plan follows the 30-30-40 rule" in html
    assert "The plan follows the 30-30-40 rule.</strong>" in html
    assert "Open questions" in html


def test_a_reader_sees_the_warnings_without_the_ways_to_change_the_plan(
    world: World, client_of
) -> None:
    plan = plan_a(world)
    html = _html(client_of(world.bob), _detail(plan))
    assert "Bob Employee is the only one from Team A" in html
    assert "Add a colleague" not in html
    assert "/edit/" not in html
    assert "Enrol these people" not in html
    assert "Download as Excel" in html


def test_personal_goals_are_read_by_the_person_and_linked_for_their_leader_only(
    world: World, client_of
) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    dora = _colleague(world)
    row.people.add(dora)
    goal = goal_create(
        by=world.bob,
        scope=LearningGoal.Scope.PERSONAL,
        person=world.bob,
        data=GoalData(organisation=world.team_a, what_to_learn="Bob's secret wish", plan_row=row),
    )
    url = _detail(plan)
    own = _html(client_of(world.bob), url)
    assert "Bob&#x27;s secret wish" in own
    assert f'href="/learning/goals/{goal.pk}/"' in own
    leader = _html(client_of(world.alice), url)
    assert "secret wish" not in leader
    assert (
        f'<a class="ds-link" href="/learning/goals/{goal.pk}/">Personal goal of Bob Employee'
        in (leader)
    )
    colleague = _html(client_of(dora), url)
    assert "secret wish" not in colleague
    assert f"/learning/goals/{goal.pk}/" not in colleague
    assert "1 personal goal, seen by the person and their leaders" in colleague
    # A personal goal counts as the row's learning goal.
    assert "No learning goal for row 1" not in colleague


def _big_plan(world: World) -> EducationPlan:
    plan = plan_a(world)
    assert plan.round is not None
    people = [_colleague(world, f"p{n}@example.org", f"Person {n}") for n in range(6)]
    principle = make_principle(world.municipality_a)
    for number in range(5):
        activity = make_activity(world.municipality_a, title=f"Course {number}")
        row = add_row(
            plan,
            activity=activity,
            people=people[number : number + 2],
            needs=[need(plan.round, number % 3)],
            principle=principle,
            responsible=people[number],
            effort=(number, 3, 4),
        )
        goal_create(
            by=people[number],
            scope=LearningGoal.Scope.PERSONAL,
            person=people[number],
            data=GoalData(organisation=world.team_a, what_to_learn="A goal", activity=activity),
        )
        Enrolment.objects.create(activity=activity, person=people[number], plan_row=row)
    return plan


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_the_plan_pages_query_count_does_not_grow_with_rows_and_people(
    world: World, client_of, persona: str
) -> None:
    client = client_of(getattr(world, persona))
    small = plan_a(world)
    _html(client, _detail(small))
    few = _queries(client, _detail(small))
    big = _big_plan(world)
    assert big.pk == small.pk and big.rows.count() == 6
    assert _queries(client, _detail(big)) == few
    assert _queries(client, reverse("learning:plan_export", args=[big.pk])) <= few


def test_the_list_shows_the_plans_a_user_reads(world: World, client_of) -> None:
    plan_a(world)
    make_plan(world.municipality_b, title="Bergen's plan")
    alice = _html(client_of(world.alice), reverse("learning:plan_list"))
    assert "Education plan 2027" in alice and "Bergen&#x27;s plan" not in alice
    assert "New plan" in alice
    charlie = _html(client_of(world.charlie), reverse("learning:plan_list"))
    assert "Education plan 2027" not in charlie and "Bergen&#x27;s plan" in charlie
    assert "New plan" not in charlie


def test_a_leader_creates_a_plan_and_is_taken_to_it(world: World, client_of) -> None:
    client = client_of(world.alice)
    response = client.post(
        reverse("learning:plan_create"),
        {"organisation": world.team_a.pk, "title": "Team plan", "period": "2027", "round": ""},
    )
    plan = EducationPlan.objects.get()
    assert response["Location"] == _detail(plan)
    assert (plan.organisation, plan.created_by) == (world.team_a, world.alice)
    refused = client.post(
        reverse("learning:plan_create"),
        {"organisation": world.municipality_b.pk, "title": "Not mine"},
    )
    assert refused.status_code == 200
    assert EducationPlan.objects.count() == 1


def test_the_plan_edit_conflict_keeps_the_users_input(world: World, client_of) -> None:
    plan = plan_a(world)
    EducationPlan.objects.filter(pk=plan.pk).update(version=9)
    response = client_of(world.alice).post(
        reverse("learning:plan_edit", args=[plan.pk]),
        {"base_version": plan.version, "title": "My new title", "round": plan.round_id},
    )
    html = response.content.decode()
    assert "Someone else changed the plan" in html
    assert 'value="My new title"' in html and 'name="base_version" value="9"' in html
    assert EducationPlan.objects.get().title == "Education plan 2027"


def test_a_row_for_a_need_starts_with_the_need_ticked_and_is_saved(world: World, client_of) -> None:
    plan = plan_a(world)
    assert plan.round is not None
    wanted = need(plan.round, 1)
    client = client_of(world.alice)
    url = reverse("learning:plan_row_create", args=[plan.pk])
    form = _html(client, f"{url}?need={wanted.pk}")
    assert f'value="{wanted.pk}" id="id_needs_1" checked' in form
    assert "Case law on integration – Short-term priority" in form
    assert "Not a priority now" not in form  # only prioritised needs are offered
    assert "Bob Employee" in form and "Team A" in form
    activity = make_activity(world.municipality_a, title="Case law")
    response = client.post(
        url,
        {
            "people": [world.bob.pk],
            "purpose": "Case law",
            "activity": activity.pk,
            "status": "planned",
            "needs": [wanted.pk],
            "responsible": world.alice.pk,
            "schedule": "June",
            "effort_before": "1.5",
            "effort_during": "2",
            "effort_after": "3",
        },
    )
    row = plan.rows.get(position=2)
    assert response["Location"] == f"{_detail(plan)}#row-{row.pk}"
    assert list(row.needs.all()) == [wanted]
    assert row.effort_before == Decimal("1.5")


def test_a_refused_row_shows_its_errors_and_keeps_the_ticks(world: World, client_of) -> None:
    plan = plan_a(world)
    response = client_of(world.alice).post(
        reverse("learning:plan_row_create", args=[plan.pk]),
        {"people": [world.bob.pk], "status": "planned", "effort_after": "-2"},
    )
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert re.search(rf'value="{world.bob.pk}" id="id_people_\d+" checked', html)
    assert plan.rows.count() == 1


def test_the_row_edit_conflict_keeps_the_users_input(world: World, client_of) -> None:
    row = plan_a(world).rows.get()
    PlanRow.objects.filter(pk=row.pk).update(version=5)
    response = client_of(world.alice).post(
        reverse("learning:plan_row_edit", args=[row.pk]),
        {"base_version": row.version, "purpose": "Mine", "status": "done"},
    )
    html = response.content.decode()
    assert "Someone else saved the row" in html
    assert ">\nMine</textarea>" in html
    assert PlanRow.objects.get().purpose == "Better conversations"


def test_enrol_move_and_delete_from_the_plan_page(world: World, client_of) -> None:
    plan = plan_a(world)
    first = plan.rows.get()
    second = add_row(plan, purpose="Second")
    client = client_of(world.alice)
    client.post(
        reverse("learning:plan_row_enrol", args=[first.pk]), {"base_version": first.version}
    )
    assert Enrolment.objects.filter(person=world.bob, plan_row=first).exists()
    html = _html(client, _detail(plan))
    assert "1 person is enrolled in" in html
    assert "<dt>Enrolled</dt><dd>Bob Employee</dd>" in html
    plan.refresh_from_db()
    response = client.post(
        reverse("learning:plan_row_move", args=[second.pk]),
        {"direction": "up", "plan_version": plan.version},
    )
    assert response["Location"] == f"{_detail(plan)}#row-{second.pk}"
    assert list(plan.rows.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    first.refresh_from_db()
    client.post(
        reverse("learning:plan_row_delete", args=[first.pk]), {"base_version": first.version}
    )
    assert list(plan.rows.values_list("pk", "position")) == [(second.pk, 1)]


def test_the_excel_export_has_the_nine_columns_and_neutralises_formulas(
    world: World, client_of
) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    PlanRow.objects.filter(pk=row.pk).update(purpose='=HYPERLINK("http://evil","x")')
    goal_create(
        by=world.bob,
        scope=LearningGoal.Scope.PERSONAL,
        person=world.bob,
        data=GoalData(organisation=world.team_a, what_to_learn="Private wish", plan_row=row),
    )
    response = client_of(world.bob).get(reverse("learning:plan_export", args=[plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:9] == NINE_COLUMNS
    assert header[9:] == [
        "Competence needs answered",
        "Principle followed",
        "Effort before (hours)",
        "Effort during (hours)",
        "Effort after (hours)",
    ]
    values = [cell.value for cell in sheet[2]]
    assert values[0] == "Bob Employee"
    assert values[1] == '\'=HYPERLINK("http://evil","x")'
    assert "1 personal goal" in values[4] and "Private wish" not in values[4]
    assert values[11:] == [2, 3, 5]
    text = " ".join(str(cell.value) for line in sheet.iter_rows() for cell in line)
    assert "Bob Employee is the only one from Team A" in text


def test_the_learning_start_page_lists_the_latest_plans(world: World, client_of) -> None:
    plan_a(world)
    alice = _html(client_of(world.alice), reverse("learning:index"))
    assert 'id="plans-heading"' in alice
    assert "Education plan 2027</a> – Municipality A, 2027 (1 row)" in alice
    assert 'href="/learning/plans/new/"' in alice
    bob = _html(client_of(world.bob), reverse("learning:index"))
    assert "Education plan 2027" in bob and 'href="/learning/plans/new/"' not in bob


@pytest.fixture
def run(world: World) -> Run:
    toolkits_load(paths=[CONTENT_DIR / "strategic-education.yaml"])
    toolkit = Toolkit.objects.get(slug="strategic-education", organisation__isnull=True)
    return run_start(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Education 2027",
        responsible=world.alice,
        participants=[],
        start_date=datetime.date(2027, 1, 4),
        target_date=None,
        by=world.alice,
    )


def test_the_education_plan_worksheet_shows_the_plans_live(
    world: World, run: Run, client_of
) -> None:
    url = f"/toolkits/runs/{run.pk}/worksheets/education-plan/"
    empty = _html(client_of(world.alice), url)
    assert "No education plan yet" in empty
    plan = plan_a(world)
    team_plan = make_plan(world.team_a, title="Team plan")
    make_plan(world.municipality_b, title="Bergen's plan")
    html = _html(client_of(world.alice), url)
    for column in NINE_COLUMNS:
        assert f'<th scope="col">{column}</th>' in html
    assert f'href="/learning/plans/{plan.pk}/#row-{plan.rows.get().pk}"' in html
    assert f'href="/learning/plans/{team_plan.pk}/rows/new/"' in html
    assert "Bergen" not in html
    assert f'href="/learning/plans/new/?organisation={world.municipality_a.pk}"' in html


def test_enrolling_names_the_people_without_an_agreed_goal(world: World, client_of) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    world.alice.language = "en"
    world.alice.save()
    client = client_of(world.alice)
    url = reverse("learning:plan_row_enrol", args=[row.pk])
    html = _html(client, client.post(url, {"base_version": row.version})["Location"])
    assert "No agreed learning goal for the course yet: Bob Employee." in html
    goal = make_goal(world.bob, world.team_a, by=world.alice)
    LearningGoal.objects.filter(pk=goal.pk).update(
        activity=row.activity,
        person_confirmed_at=timezone.now(),
        leader_confirmed_at=timezone.now(),
    )
    html = _html(client, client.post(url, {"base_version": row.version})["Location"])
    assert "Everyone in the row was already enrolled." in html
    assert "No agreed learning goal" not in html
