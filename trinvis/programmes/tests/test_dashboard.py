"""The programme dashboard: one row per municipality taking part (steps of its plan, goals
set and worked on from the follow-up items, follow-ups held and overdue, homework, letters),
totals, sorting by column without JavaScript, the CSV download, the linked surveys with
their response rate, access, and a fixed number of queries however many municipalities and
surveys."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.programmes.models import AgreedItem, Candidate, MunicipalityPlan, Workshop
from trinvis.programmes.selectors_dashboard import (
    latest_goals,
    natural_key,
    parse_sort,
    sorted_rows,
)
from trinvis.programmes.selectors_workshops import seven_step_toolkit
from trinvis.programmes.services_workshop_participants import municipality_plan_start
from trinvis.programmes.tests.factories_follow_up import make_conversation
from trinvis.programmes.tests.factories_letters import make_letter
from trinvis.programmes.tests.factories_workshops import (
    answer,
    candidate_of,
    make_task,
    make_workshop,
    other_candidate,
    programme_of,
)
from trinvis.surveys.models import Figure, Invitation, Response, Survey
from trinvis.surveys.tests.factories_results import make_survey
from trinvis.toolkits.models import RunStep
from trinvis.toolkits.services import CONTENT_DIR, run_start, toolkits_load

Progress = AgreedItem.Progress
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)


@pytest.fixture
def seven_steps(db: None) -> None:
    toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])


@pytest.fixture
def workshop(world: World) -> Workshop:
    return make_workshop(programme_of(world), number=1, starts_on=TODAY - 8 * WEEK)


def _url(workshop: Workshop, name: str = "programmes:dashboard") -> str:
    return reverse(name, args=[workshop.programme_id])


def _plan(world: World, candidate: Candidate, *, done: int) -> MunicipalityPlan:
    plan = municipality_plan_start(
        by=world.alice,
        candidate=candidate,
        responsible=world.alice,
        title="Our recipe",
        start_date=TODAY,
    )
    steps = RunStep.objects.filter(run=plan.run).order_by("position")
    RunStep.objects.filter(pk__in=[step.pk for step in steps[:done]]).update(
        status=RunStep.Status.DONE
    )
    return plan


def _full_municipality_a(world: World, workshop: Workshop) -> Candidate:
    """Municipality A: three of seven steps done; after workshop 2 four items (one carried
    done, one under way, one not started, one dropped); one follow-up held, one overdue;
    one of two tasks answered; two letters sent and one that failed."""
    candidate = candidate_of(world)
    _plan(world, candidate, done=3)
    second = make_workshop(workshop.programme, number=2, starts_on=TODAY - 3 * WEEK)
    make_conversation(
        workshop,
        candidate,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs", Progress.UNDER_WAY), ("Old idea", Progress.NOT_STARTED)],
    )
    make_conversation(
        second,
        candidate,
        planned_for=TODAY - WEEK,
        items=[
            ("Map the jobs", Progress.DONE),
            ("Old idea", Progress.DROPPED),
            ("Placements", Progress.UNDER_WAY),
            ("Mentors", Progress.NOT_STARTED),
        ],
    )
    task = make_task(workshop.programme, before=workshop)
    make_task(workshop.programme, title="Draw the paths", before=second)
    answer(task, candidate)
    make_letter(candidate, subject="Invitation 1")
    make_letter(candidate, subject="Invitation 2")
    make_letter(candidate, subject="Refused", outcome="failed")
    return candidate


def test_one_row_per_municipality_with_its_figures_and_the_totals(
    world: World, client_of, seven_steps: None, workshop: Workshop
) -> None:
    _full_municipality_a(world, workshop)
    town = other_candidate(world)
    make_conversation(workshop, town, planned_for=TODAY + WEEK)
    other_candidate(world, code="5002", name="Removed town")
    Candidate.objects.filter(area__code="5002").update(status=Candidate.Status.REMOVED)
    response = client_of(world.fiona).get(_url(workshop))
    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert set(rows) == {"Municipality A", "Town 1"}
    a = rows["Municipality A"]
    assert a.plan is not None
    assert (a.plan.steps_settled, a.plan.steps_total) == (3, 7)
    assert a.next_step  # the fourth step's title
    assert (a.goals.total, a.goals.worked_on) == (4, 2)
    assert (a.follow_ups_held, a.follow_ups_overdue) == (1, 1)
    assert (a.homework_submitted, a.homework_total) == (1, 2)
    assert a.letters_sent == 2
    town_row = rows["Town 1"]
    assert town_row.plan is None
    assert (town_row.goals.total, town_row.follow_ups_overdue, town_row.letters_sent) == (0, 0, 0)
    totals = response.context["dashboard"].totals
    assert (totals.municipalities, totals.plans) == (2, 1)
    assert (totals.steps_settled, totals.steps_total) == (3, 7)
    assert (totals.homework_submitted, totals.homework_total) == (1, 4)
    assert (totals.follow_ups_held, totals.follow_ups_overdue, totals.letters_sent) == (1, 1, 2)
    html = response.content.decode()
    assert "No plan yet" in html
    assert "Total, 2 municipalities" in html
    assert "The seven-step model has no step of its own where goals are set." in html
    # The plan links to its run only for those who may open it (toolkits.access): the
    # municipality's run is not the agency facilitator's to open, but the platform admin's.
    run_url = reverse("toolkits:run_detail", args=[a.plan.plan.run_id])
    assert run_url not in html
    assert run_url in client_of(world.admin).get(_url(workshop)).content.decode()


def test_goals_are_counted_from_each_municipality_s_latest_conversation() -> None:
    counts = [
        (1, 1, Progress.NOT_STARTED, 2),
        (1, 2, Progress.DONE, 1),
        (1, 2, Progress.UNDER_WAY, 3),
        (2, 1, Progress.DROPPED, 1),
    ]
    goals = latest_goals(counts)
    assert (goals[1].total, goals[1].worked_on, goals[1].not_started) == (4, 4, 0)
    assert (goals[2].total, goals[2].worked_on) == (1, 0)
    assert latest_goals([]) == {}


def test_sorting_by_a_column_and_back(
    world: World, client_of, seven_steps: None, workshop: Workshop
) -> None:
    _full_municipality_a(world, workshop)
    other_candidate(world, code="5001", name="Aby")
    other_candidate(world, code="5003", name="Zeta")
    fiona = client_of(world.fiona)
    by_name = fiona.get(_url(workshop)).context["rows"]
    assert [row.name for row in by_name] == ["Aby", "Municipality A", "Zeta"]
    most_goals = fiona.get(_url(workshop), {"sort": "-goals"})
    assert [row.name for row in most_goals.context["rows"]] == ["Municipality A", "Aby", "Zeta"]
    html = most_goals.content.decode()
    assert 'aria-sort="descending"' in html
    assert "?sort=goals" in html  # the heading's link turns the order round
    fewest_steps = fiona.get(_url(workshop), {"sort": "steps"}).context["rows"]
    assert [row.name for row in fewest_steps] == ["Aby", "Zeta", "Municipality A"]
    assert fiona.get(_url(workshop), {"sort": "nonsense"}).context["sort"] == "municipality"
    assert parse_sort("-letters") == ("letters", True)
    assert parse_sort(None) == ("municipality", False)
    assert sorted_rows([], "steps", True) == []


def test_names_with_numbers_sort_as_people_read_them() -> None:
    names = ["Eksempelkommune 10", "eksempelkommune 8", "Bergen", "Eksempelkommune 11"]
    assert sorted(names, key=natural_key) == [
        "Bergen",
        "eksempelkommune 8",
        "Eksempelkommune 10",
        "Eksempelkommune 11",
    ]


def test_the_csv_holds_the_rows_and_the_totals(
    world: World, client_of, seven_steps: None, workshop: Workshop
) -> None:
    _full_municipality_a(world, workshop)
    other_candidate(world)
    # The surveys are the page's second table, not the CSV's: its rows are municipalities.
    workshop.programme.surveys.add(make_survey(organisation=world.agency, title="Linked one"))
    response = client_of(world.fiona).get(_url(workshop, "programmes:dashboard_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:2] == ["Municipality", "Steps done"]
    assert lines[1][0] == "Municipality A"
    assert lines[1][1:3] == ["3", "7"]
    assert lines[1][4:] == ["4", "2", "1", "1", "1", "2", "2"]
    assert lines[2][0] == "Town 1" and lines[2][1] == ""
    assert lines[-1][0] == "Total"
    assert lines[-1][4:] == ["4", "2", "1", "1", "1", "4", "2"]
    assert "Linked one" not in response.content.decode()


def test_only_those_who_run_the_programme_see_it(
    world: World, client_of, workshop: Workshop
) -> None:
    candidate_of(world)
    for name in ("programmes:dashboard", "programmes:dashboard_csv"):
        url = _url(workshop, name)
        assert client_of(world.admin).get(url).status_code == 200
        for user in (world.alice, world.bob, world.charlie):
            assert client_of(user).get(url).status_code == 404
    assert Client().get(_url(workshop))["Location"].startswith(reverse("accounts:login"))


# --- surveys ---------------------------------------------------------------------------------


def _answered(survey: Survey, invited: list, answering: int) -> None:
    invitations = Invitation.objects.bulk_create(
        Invitation(survey=survey, user=user, token_hash=f"{survey.pk}-{user.pk}")
        for user in invited
    )
    Response.objects.bulk_create(
        Response(survey=survey, invitation=invitation, submitted_at=timezone.now())
        for invitation in invitations[:answering]
    )


def test_the_linked_surveys_with_their_response_rate(
    world: World, client_of, workshop: Workshop
) -> None:
    candidate_of(world)
    programme = workshop.programme
    survey = make_survey(organisation=world.agency, title="Participants after workshop 2")
    _answered(survey, [world.alice, world.bob, world.charlie, world.fiona], answering=3)
    make_survey(organisation=world.agency, title="Not linked")
    own = make_survey(organisation=world.municipality_a, title="A's own survey")
    purged = make_survey(organisation=world.agency, title="Kept as figures")
    _answered(purged, [world.alice, world.bob], answering=0)
    Figure.objects.create(survey=purged, count=1)
    Survey.objects.filter(pk=purged.pk).update(purged_at=timezone.now())
    programme.surveys.add(survey, purged, own)
    response = client_of(world.fiona).get(_url(workshop))
    lines = {line.survey.title: line for line in response.context["dashboard"].surveys}
    # A's survey is linked, but not the agency facilitator's to read.
    assert set(lines) == {"Participants after workshop 2", "Kept as figures"}
    current = lines["Participants after workshop 2"]
    assert (current.responses, current.invited, current.rate) == (3, 4, 75.0)
    kept = lines["Kept as figures"]
    assert (kept.responses, kept.invited, kept.rate) == (1, 2, 50.0)
    html = response.content.decode()
    assert "75 % of 4 invited" in html
    assert reverse("surveys:results", args=[survey.pk]) in html
    assert reverse("surveys:results", args=[own.pk]) not in html
    assert "Not linked" not in html
    assert reverse("programmes:programme_surveys", args=[programme.pk]) in html
    assert "not linked to programmes" not in html
    # The administrator reads every survey, so every link.
    admin = client_of(world.admin).get(_url(workshop)).context["dashboard"].surveys
    assert {line.survey.title for line in admin} == {*lines, "A's own survey"}


def test_without_linked_surveys_the_dashboard_says_so_and_links_to_the_choice(
    world: World, client_of, workshop: Workshop
) -> None:
    make_survey(organisation=world.agency, title="The owner's survey")
    response = client_of(world.fiona).get(_url(workshop))
    assert response.context["dashboard"].surveys == []
    html = response.content.decode()
    assert "No survey linked yet" in html
    assert "The owner&#x27;s survey" not in html and "The owner's survey" not in html
    assert reverse("programmes:programme_surveys", args=[workshop.programme_id]) in html


# --- query counts ----------------------------------------------------------------------------


def _municipalities(world: World, workshop: Workshop, count: int) -> None:
    """`count` more municipalities, each with a plan, a conversation with items, an answer
    and a letter. Their plans are runs in municipality A's organisation: the dashboard reads
    a plan's steps, wherever the run lives."""
    task = make_task(workshop.programme, before=workshop)
    toolkit = seven_step_toolkit()
    assert toolkit is not None
    for number in range(count):
        town = other_candidate(world, code=f"7{number:03d}", name=f"Town {number}")
        if not MunicipalityPlan.objects.filter(candidate=town).exists():
            run = run_start(
                organisation=world.municipality_a,
                toolkit=toolkit,
                title=f"Plan {number}",
                responsible=world.alice,
                participants=[],
                start_date=TODAY,
                target_date=None,
                by=world.alice,
            )
            MunicipalityPlan.objects.create(candidate=town, run=run)
        make_conversation(
            workshop,
            town,
            planned_for=TODAY - WEEK,
            items=[(f"Item {n}", Progress.UNDER_WAY) for n in range(3)],
        )
        answer(task, town)
        make_letter(town, to_email="town@example.org")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_costs_the_same_for_3_and_30_municipalities(
    world: World, client_of, seven_steps: None, workshop: Workshop
) -> None:
    workshop.programme.surveys.add(make_survey(organisation=world.agency))
    fiona = client_of(world.fiona)
    urls = [_url(workshop), _url(workshop, "programmes:dashboard_csv")]
    _municipalities(world, workshop, 3)
    few = [_queries(fiona, url) for url in urls]
    _municipalities(world, workshop, 30)
    for number in range(5):
        workshop.programme.surveys.add(
            make_survey(organisation=world.agency, title=f"Survey {number}")
        )
    assert [_queries(fiona, url) for url in urls] == few
    assert len(fiona.get(urls[0]).context["rows"]) == 31  # and municipality A
    assert len(fiona.get(urls[0]).context["dashboard"].surveys) == 6
