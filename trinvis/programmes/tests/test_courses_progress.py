"""Following a course programme: progress against the target and its straight line, per
region, the completion rate and the course evaluations; a run's participants grouped by
level and role, and as CSV; a municipality's view with its warnings; the JSON API; and
that the pages' query counts do not grow with the number of enrolments."""

import csv
import io
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.accounts.models import User
from trinvis.organisations.models import Membership, Organisation
from trinvis.programmes.models import CourseEnrolment, CourseProgramme, ModuleChoice, ModuleRun
from trinvis.programmes.selectors_course_progress import course_evaluations, course_progress
from trinvis.programmes.services_course_enrolments import run_attendance_save
from trinvis.programmes.services_courses import targets_save
from trinvis.programmes.tests.factories_courses import (
    bob_enrolment,
    course_of,
    enrol,
    make_module,
    make_run,
    module_of,
    run_of,
)
from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.tests.factories_distribution import invite_with_token, make_survey
from trinvis.surveys.tests.factories_results import (
    add_responses,
    generated,
    results_survey,
)
from trinvis.surveys.tests.factories_results import make_survey as make_results_survey

State = CourseEnrolment.State
# The queries one linked course evaluation adds to the progress page: the survey module's
# protected results (survey_results), whatever the number of responses.
PER_EVALUATION = 10


def _html(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _colleague(world: World, name: str, organisation: Organisation | None = None) -> User:
    person = make_user(f"{name.lower()}@example.org", f"{name} Employee", language="en")
    add_member(person, organisation or world.unit_a_language, Membership.Role.EMPLOYEE)
    return person


def _past_and_future(world: World) -> tuple[ModuleRun, ModuleRun]:
    course = course_of(world)
    past = make_run(module_of(world), by=world.fiona, starts_in=-30, place="Earlier")
    later = make_module(course, by=world.fiona, title="Module 2", position=2)
    return past, make_run(later, by=world.fiona, starts_in=30)


def test_progress_counts_confirmed_people_per_region_and_the_completion_rate(
    world: World,
) -> None:
    course = course_of(world)
    course = targets_save(
        by=world.fiona, course=course, base_version=course.version, targets={world.region_dk: 500}
    )
    past, future = _past_and_future(world)
    bob = enrol(course, world.bob, [past], by=world.alice)
    erik = enrol(course, _colleague(world, "Erik"), [past, future], by=world.alice)
    enrol(course, world.charlie, [future])  # awaits his leader: not a participant yet
    completed = ModuleChoice.objects.get(enrolment=bob).pk
    run_attendance_save(by=world.fiona, run=past, base_version=past.version, completed=[completed])
    facts = course_progress(course=course, today=timezone.localdate())
    assert (facts.total.enrolled, facts.total.completed, facts.awaiting) == (2, 1, 1)
    assert facts.total.target == 800
    # A third of the three years has gone: the line expects about 267 by now.
    assert facts.total.expected is not None and 260 < facts.total.expected < 275
    assert facts.total.behind
    # Of the two places in the run that has ended, one was completed; the coming run does
    # not count.
    assert facts.total.completion_rate == 50
    [region_dk] = facts.regions
    assert (region_dk.name, region_dk.enrolled, region_dk.target) == ("Region DK", 2, 500)
    assert erik.state == State.CONFIRMED
    assert len(facts.confirmed_days) == 2 and len(facts.completed_days) == 1


def test_the_progress_page_draws_the_line_and_lists_the_regions(
    world: World, client_of: Any
) -> None:
    course = course_of(world)
    run = run_of(world)
    enrol(course, world.bob, [run], by=world.alice)
    enrol(course, world.charlie, [make_run(module_of(world), by=world.fiona, starts_in=40)])
    page = _html(client_of(world.fiona), reverse("programmes:course_progress", args=[course.pk]))
    assert "Participants against the target" in page
    assert "Straight line to the target" in page
    assert "The chart&#x27;s figures as a table" in page or "The chart's figures as a table" in page
    assert "Region DK" in page
    assert ": 1 enrolled, 0 of them completed." in page
    assert "No course evaluation linked yet" in page
    assert reverse("programmes:course_surveys", args=[course.pk]) in page


def test_the_course_evaluations_are_the_linked_surveys_with_their_results(
    world: World, client_of: Any
) -> None:
    course = course_of(world)
    survey = results_survey(world.agency)  # twelve respondents, none invited
    few = make_results_survey(organisation=world.agency, title="Module 2 evaluation")
    add_responses(few, generated(3, seed=2))
    make_survey(world.agency, title="Not an evaluation")
    elsewhere = make_survey(world.municipality_a, title="A's own survey")
    course.surveys.add(survey, few, elsewhere)
    evaluations = course_evaluations(course=course, user=world.fiona)
    assert [summary.line.survey for summary in evaluations] == [few, survey]
    full = evaluations[1]
    assert (full.line.responses, full.line.invited, full.line.rate) == (12, 0, None)
    useful = next(q for q in full.questions if q.label == "The workshops were useful")
    assert useful.n and useful.mean is not None and useful.top_two_box is not None
    years = next(q for q in full.questions if q.label == "Years in the job")
    assert years.mean is not None and years.top_two_box is None  # a number: no top two
    small = next(q for q in evaluations[0].questions if q.label == "The workshops were useful")
    assert small.suppressed is Suppressed.TOO_FEW and small.mean is None
    page = _html(client_of(world.fiona), reverse("programmes:course_progress", args=[course.pk]))
    assert survey.title in page and "Module 2 evaluation" in page
    assert reverse("surveys:results", args=[survey.pk]) in page
    assert "The workshops were useful" in page
    assert f"{useful.mean:.2f}" in page
    assert "Hidden: fewer than 5 respondents" in page
    assert "Not an evaluation" not in page
    assert "A&#x27;s own survey" not in page and "A's own survey" not in page


def _many(world: World, course: CourseProgramme, runs: list[ModuleRun], count: int) -> None:
    """`count` confirmed enrolments of new people in municipality A, straight to the tables."""
    start = User.objects.count()
    people = [
        User.objects.create_user(email=f"p{start + n}@example.org", full_name=f"P {start + n}")
        for n in range(count)
    ]
    Membership.objects.bulk_create(
        Membership(user=person, organisation=world.unit_a_refugee, role="employee")
        for person in people
    )
    enrolments = CourseEnrolment.objects.bulk_create(
        CourseEnrolment(
            course=course,
            person=person,
            municipality=world.municipality_a,
            unit=world.unit_a_refugee,
            position="Caseworker" if n % 2 else "Teacher",
            experience_years=n % 9,
            purpose="Learn",
            state=State.COMPLETED if n % 3 == 0 else State.CONFIRMED,
            leader=world.alice,
            leader_confirmed_at=timezone.now(),
        )
        for n, person in enumerate(people)
    )
    ModuleChoice.objects.bulk_create(
        ModuleChoice(enrolment=enrolment, run=run, completed=n % 2 == 0)
        for n, enrolment in enumerate(enrolments)
        for run in runs
    )


def test_the_pages_take_as_many_queries_for_50_enrolments_as_for_5(
    world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    course = course_of(world)
    past, future = _past_and_future(world)
    survey = make_survey(world.agency, title="Evaluation")
    invite_with_token(survey, world.bob, "token")
    course.surveys.add(survey)
    _many(world, course, [past, future], 5)
    pages = {
        "fiona": [
            reverse("programmes:course_progress", args=[course.pk]),
            reverse("programmes:course_run", args=[past.pk]),
            reverse("programmes:course_run_csv", args=[past.pk]),
            reverse("programmes:course_detail", args=[course.pk]),
            reverse("api:course_enrolment_list", args=[course.pk]),
        ],
        "alice": [
            reverse("programmes:course_municipality"),
            reverse("programmes:course_confirmations"),
            reverse("programmes:courses"),
        ],
    }
    counts: dict[str, int] = {}
    for persona, urls in pages.items():
        client = client_of(getattr(world, persona))
        for url in urls:
            client.get(url)
            with django_assert_max_num_queries(40) as measured:
                assert client.get(url).status_code == 200
            counts[url] = len(measured.captured_queries)
    _many(world, course, [past, future], 45)
    for persona, urls in pages.items():
        client = client_of(getattr(world, persona))
        for url in urls:
            with django_assert_max_num_queries(counts[url]):
                assert client.get(url).status_code == 200


def test_a_runs_participants_are_grouped_by_level_and_role(world: World, client_of: Any) -> None:
    course, run = course_of(world), run_of(world)
    enrol(course, world.bob, [run], position="Job consultant", experience=1)
    enrol(course, _colleague(world, "Erik"), [run], position="Teacher", experience=8)
    enrol(course, _colleague(world, "Frida"), [run], position="Teacher", experience=None)
    page = _html(client_of(world.fiona), reverse("programmes:course_run", args=[run.pk]))
    assert "Under 2 years: 1 participant" in page
    assert "Over 5 years: 1 participant" in page
    assert "Not given: 1 participant" in page
    assert "Adult education and language centre" in page  # Erik's and Frida's unit type
    assert page.index("Under 2 years") < page.index("Over 5 years") < page.index("Not given")
    response = client_of(world.fiona).get(reverse("programmes:course_run_csv", args=[run.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Participant", "E-mail", "Municipality", "Unit"]
    bob = next(row for row in rows if row[0] == "Bob Employee")
    assert bob[3:9] == [
        "Jobcentre A",
        "Jobcentre / NAV",
        "Job consultant",
        "1",
        "Under 2 years",
        "Awaiting the leader's confirmation",
    ]


def test_the_municipality_view_warns_when_only_one_employee_goes(
    world: World, client_of: Any
) -> None:
    course, run = course_of(world), run_of(world)
    enrol(course, world.bob, [run])
    url = reverse("programmes:course_municipality")
    page = _html(client_of(world.alice), url)
    assert "Municipality A" in page
    assert "Only one employee of the municipality is enrolled in the programme." in page
    assert "Bob Employee" in page  # alice leads bob
    second = make_run(module_of(world), by=world.fiona, starts_in=50, place="Elsewhere")
    enrol(course, _colleague(world, "Erik"), [second])
    page = _html(client_of(world.alice), url)
    assert "Only one employee of the municipality" not in page
    assert "Only one employee of Jobcentre A is enrolled." in page
    assert "Only one employee of Language centre A is enrolled." in page
    assert "Only one employee goes to" in page
    bobs_view = _html(client_of(world.bob), url)
    assert "2 employees enrolled." in bobs_view
    assert "Erik Employee" not in bobs_view  # a colleague's enrolment is not bob's to open
    charlies = _html(client_of(world.charlie), url)
    assert "Municipality B" in charlies and "Municipality A" not in charlies
    assert "Nobody from the municipality is enrolled" in charlies


def test_the_api_gives_the_programme_its_modules_and_the_enrolments_one_may_see(
    world: World, client_of: Any
) -> None:
    enrolment = bob_enrolment(world)
    course = enrolment.course
    run = enrolment.choices.get().run
    detail = (
        client_of(world.charlie)
        .get(reverse("api:course_programme_detail", args=[course.pk]))
        .json()
    )
    assert detail["name"] == "Better integration work"
    assert detail["target_participants"] == 800
    assert detail["survey_ids"] == []
    [module] = detail["modules"]
    assert module["headings"][0] == "The labour market first"
    [api_run] = module["runs"]
    assert (api_run["id"], api_run["activity_id"], api_run["places_taken"]) == (
        run.pk,
        run.activity_id,
        1,
    )
    url = reverse("api:course_enrolment_list", args=[course.pk])
    seen = {
        persona: [row["id"] for row in client_of(getattr(world, persona)).get(url).json()]
        for persona in ("alice", "bob", "charlie", "fiona")
    }
    assert seen == {
        "alice": [enrolment.pk],
        "bob": [enrolment.pk],
        "charlie": [],
        "fiona": [enrolment.pk],
    }
    [row] = client_of(world.bob).get(url).json()
    assert row["state"] == "awaiting_leader"
    assert row["choices"] == [{"run_id": run.pk, "completed": False}]
    assert client_of(world.bob).get(reverse("api:course_programme_list")).json()[0]["id"] == (
        course.pk
    )
    # The linked evaluations, each only for those who may read the survey.
    evaluation = make_survey(world.agency, title="Module 1 evaluation")
    own = make_survey(world.municipality_a, title="A's own survey")
    course.surveys.add(evaluation, own)
    detail_url = reverse("api:course_programme_detail", args=[course.pk])
    linked = {
        persona: client_of(getattr(world, persona)).get(detail_url).json()["survey_ids"]
        for persona in ("fiona", "alice", "charlie")
    }
    assert linked == {"fiona": [evaluation.pk], "alice": [own.pk], "charlie": []}


def test_each_linked_evaluation_costs_the_same_fixed_number_of_queries(
    world: World, client_of: Any
) -> None:
    """The page's own queries are fixed; each linked evaluation adds the survey module's
    fixed number for its results, whatever its number of responses."""
    course = course_of(world)
    fiona = client_of(world.fiona)
    url = reverse("programmes:course_progress", args=[course.pk])

    def measured() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert fiona.get(url).status_code == 200
        return len(captured)

    fiona.get(url)
    counts = [measured()]
    for number, size in enumerate((6, 30)):
        survey = make_results_survey(organisation=world.agency, title=f"Evaluation {number}")
        add_responses(survey, generated(size, seed=number))
        course.surveys.add(survey)
        counts.append(measured())
    per_survey = counts[1] - counts[0]
    assert counts[2] - counts[1] == per_survey
    assert 0 < per_survey <= PER_EVALUATION, per_survey
