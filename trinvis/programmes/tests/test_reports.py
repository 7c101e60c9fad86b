"""The programme report of an agency programme and the course report: the PDF is a PDF whose
HTML has every section with the figures, the Excel opens with one sheet per table, frozen
headers and numbers as numbers; only those who run the programme fetch them; the query count
does not grow with the number of municipalities (each linked survey adds a fixed cost); and
no participant is named."""

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

from conftest import World
from trinvis.indicators.models import Baseline, Target
from trinvis.indicators.tests.factories import add_values, area_of, shipped
from trinvis.programmes.models import AgencyProgramme, AgreedItem, Candidate, ThemeDecision
from trinvis.programmes.report_exports import programme_pdf_html
from trinvis.programmes.report_exports_courses import course_pdf_html
from trinvis.programmes.selectors_reports import programme_report
from trinvis.programmes.selectors_reports_courses import course_report
from trinvis.programmes.services_workshop_participants import municipality_plan_start
from trinvis.programmes.tests.factories_courses import course_of, enrol, run_of
from trinvis.programmes.tests.factories_follow_up import make_conversation
from trinvis.programmes.tests.factories_mapping import make_conversation as make_mapping
from trinvis.programmes.tests.factories_programmes import make_rule
from trinvis.programmes.tests.factories_workshops import (
    add_participant,
    answer,
    candidate_of,
    make_task,
    make_workshop,
    other_candidate,
    programme_of,
)
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey
from trinvis.toolkits.models import RunStep
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load

Progress = AgreedItem.Progress
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)
RIGHT_AFTER = "work-education-right-after"


@pytest.fixture
def seven_steps(db: None) -> None:
    toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])


def _plan_of(world: World, candidate: Candidate, *, done: int) -> None:
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


def full_programme(world: World) -> AgencyProgramme:
    """The agency's programme with municipality A (a plan three of seven steps on, two
    participants at workshop 1, a held follow-up with two items, one task answered, a zero
    point with a target on the criteria's figure) and Town 1 (nothing yet); the challenges,
    the theme and a linked survey with twelve responses."""
    programme = programme_of(world)
    a = candidate_of(world)
    town = other_candidate(world)
    _plan_of(world, a, done=3)
    first = make_workshop(programme, number=1, starts_on=TODAY - 8 * WEEK, place="Vejle")
    make_workshop(programme, number=2, starts_on=TODAY - 2 * WEEK)
    add_participant(first, a, name="Rita Refugee-service")
    add_participant(first, a, name="Lars Leader", unit_type="employment", decision_authority=True)
    add_participant(first, town, name="Tove Town")
    make_conversation(
        first,
        a,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs", Progress.DONE), ("Mentors", Progress.UNDER_WAY)],
    )
    answer(make_task(programme, before=first), a)
    make_mapping(a, challenges=("Few employers involved", "Long waits"))
    make_mapping(town, challenges=("Few employers involved",))
    ThemeDecision.objects.create(
        programme=programme, theme="Employers first", reasoning="Named by both."
    )
    make_rule(
        programme,
        criteria={"all": [{"indicator": RIGHT_AFTER, "compare": "below", "threshold": "55"}]},
    )
    indicator = shipped(RIGHT_AFTER)
    add_values(indicator, area_of(world.municipality_a), {"2022": 40, "2023": 44.6})
    baseline = Baseline.objects.create(
        organisation=world.municipality_a, indicator=indicator, period="2022", value=Decimal(40)
    )
    Target.objects.create(baseline=baseline, value=Decimal(50), due=datetime.date(2030, 12, 31))
    survey = make_survey(organisation=world.agency, title="Participants after workshop 1")
    add_responses(survey, generated(12))
    programme.surveys.add(survey)
    return programme


def _url(programme: AgencyProgramme, suffix: str = "pdf") -> str:
    return reverse(f"programmes:programme_report_{suffix}", args=[programme.pk])


# --- the programme report --------------------------------------------------------------------


def test_the_pdf_prints_every_section_with_its_figures(
    world: World, client_of, seven_steps: None
) -> None:
    programme = full_programme(world)
    response = client_of(world.fiona).get(_url(programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="report-programme-better-paths-to-work-{programme.pk}.pdf"'
    )

    html = programme_pdf_html(programme_report(programme=programme, user=world.fiona, today=TODAY))
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Municipalities",
        "Mapping and theme",
        "Workshops",
        "Follow-up",
        "Key figures",
        "Survey results",
    ]
    assert "Programme report: Better paths to work" in html
    assert "Employers first" in html and "Named by both." in html
    assert "Few employers involved" in html
    # The charts as SVG: the plan steps and the challenges.
    assert html.count("<svg") == 2
    assert "The workshops were useful" in html
    # Counted, never named.
    for name in ("Rita Refugee-service", "Lars Leader", "Tove Town"):
        assert name not in html


def test_the_excel_has_a_sheet_per_table_with_numbers(
    world: World, client_of, seven_steps: None
) -> None:
    programme = full_programme(world)
    response = client_of(world.fiona).get(_url(programme, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Report",
        "Municipalities",
        "Challenges",
        "Workshops",
        "Participants",
        "Follow-up",
        "Key figures",
        "Surveys",
    ]
    about = {row[0]: row[1] for row in book["Report"].iter_rows(min_row=3, values_only=True)}
    assert about["Programme"] == "Better paths to work"
    assert about["Owner"] == "Agency"
    assert about["Theme"] == "Employers first"

    municipalities = book["Municipalities"]
    assert municipalities.freeze_panes == "A4"
    assert municipalities["A3"].value == "Municipality"
    rows = {row[0]: row for row in municipalities.iter_rows(min_row=4, values_only=True)}
    assert rows["Municipality A"][1:3] == (3, 7)
    assert rows["Municipality A"][4:6] == (2, 2)  # goals set, worked on
    assert rows["Town 1"][1] is None
    assert rows["Total"][1:3] == (3, 7)

    participants = {
        row[0]: row for row in book["Participants"].iter_rows(min_row=4, values_only=True)
    }
    assert participants["Municipality A"][1:] == (2, 0, 2)
    assert participants["Total"][1:] == (3, 0, 3)

    follow_up = list(book["Follow-up"].iter_rows(min_row=4, values_only=True))
    assert follow_up[0] == ("Workshop 1", 1, 0, 0, 1, 1, 0, 2)

    figures = list(book["Key figures"].iter_rows(min_row=4, values_only=True))
    a_figure = next(row for row in figures if row and row[0] == "Municipality A")
    assert a_figure[2:10] == (
        "Per cent",
        44.6,
        "2023",
        40,
        "2022",
        50,
        datetime.datetime(2030, 12, 31),
        5.4,
    )
    town_figure = next(row for row in figures if row and row[0] == "Town 1")
    assert town_figure[3:10] == (None,) * 7  # no figures, no zero point

    surveys = list(book["Surveys"].iter_rows(min_row=4, values_only=True))
    useful = next(row for row in surveys if row and row[5] == "The workshops were useful")
    assert useful[2] == 12 and useful[6] is not None and isinstance(useful[7], float)


def test_only_those_who_run_the_programme_fetch_its_report(world: World, client_of) -> None:
    programme = programme_of(world)
    for suffix in ("pdf", "xlsx"):
        url = _url(programme, suffix)
        assert client_of(world.fiona).get(url).status_code == 200
        assert client_of(world.admin).get(url).status_code == 200
        # Municipality A takes part: its people read their part, not the report.
        for user in (world.alice, world.bob, world.charlie):
            assert client_of(user).get(url).status_code == 404
    assert client_of(world.fiona).post(_url(programme)).status_code == 405


def test_an_empty_programme_says_so(world: World, client_of) -> None:
    programme = programme_of(world)
    html = programme_pdf_html(programme_report(programme=programme, user=world.fiona, today=TODAY))
    assert "No theme decided yet." in html
    assert "No workshop planned yet." in html
    assert "No survey you may read is linked to the programme." in html


def _towns(world: World, programme: AgencyProgramme, count: int) -> None:
    """`count` more municipalities, each with a participant, a follow-up with items, an
    answer, a mapping conversation and figures."""
    workshop = make_workshop(programme, number=1)
    task = make_task(programme, before=workshop)
    indicator = shipped(RIGHT_AFTER)
    for number in range(count):
        town = other_candidate(world, code=f"7{number:03d}", name=f"Town {number}")
        add_participant(workshop, town, name=f"Person {number}")
        make_conversation(workshop, town, items=[(f"Item {number}", Progress.UNDER_WAY)])
        answer(task, town)
        make_mapping(town, challenges=(f"Challenge {number % 4}",))
        add_values(indicator, town.area, {"2022": 50, "2023": 52})


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_report_costs_the_same_for_3_and_30_municipalities(
    world: World, client_of, seven_steps: None
) -> None:
    programme = full_programme(world)
    fiona = client_of(world.fiona)
    urls = [_url(programme, "xlsx"), _url(programme, "pdf")]
    _towns(world, programme, 3)
    few = [_queries(fiona, url) for url in urls]
    _towns(world, programme, 30)
    assert [_queries(fiona, url) for url in urls] == few
    # A second linked survey adds a fixed cost, the same in both formats.
    second = make_survey(organisation=world.agency, title="Second")
    add_responses(second, generated(6))
    programme.surveys.add(second)
    more = [_queries(fiona, url) for url in urls]
    assert more[0] - few[0] == more[1] - few[1] > 0


# --- the course report -------------------------------------------------------------------------


def test_the_course_report_has_progress_per_region_and_the_evaluations(
    world: World, client_of
) -> None:
    course = course_of(world)
    enrol(course, world.bob, [run_of(world)])
    evaluation = make_survey(organisation=world.agency, title="Module 1 evaluation")
    add_responses(evaluation, generated(8))
    course.surveys.add(evaluation)
    for suffix in ("pdf", "xlsx"):
        url = reverse(f"programmes:course_report_{suffix}", args=[course.pk])
        assert client_of(world.fiona).get(url).status_code == 200
        for user in (world.alice, world.bob, world.charlie):
            assert client_of(user).get(url).status_code == 404
    response = client_of(world.fiona).get(reverse("programmes:course_report_pdf", args=[course.pk]))
    assert response.content.startswith(b"%PDF")
    html = course_pdf_html(course_report(course=course, user=world.fiona, today=TODAY))
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Progress", "Evaluation results"]
    assert "Module 1 evaluation" in html and "<svg" in html
    book = load_workbook(
        io.BytesIO(
            client_of(world.fiona)
            .get(reverse("programmes:course_report_xlsx", args=[course.pk]))
            .content
        )
    )
    assert book.sheetnames == ["Report", "Progress", "Month by month", "Surveys"]
    rows = {row[0]: row for row in book["Progress"].iter_rows(min_row=4, values_only=True)}
    total = rows["All regions"]
    # Bob waits for his leader: nobody is enrolled yet against the target of 800.
    assert total[:4] == ("All regions", 800, 0, 0)
    about = {row[0]: row[1] for row in book["Report"].iter_rows(min_row=3, values_only=True)}
    assert about["Waiting for the leader's confirmation"] == 1


def test_the_dashboard_and_the_progress_page_link_to_the_reports(world: World, client_of) -> None:
    programme = programme_of(world)
    dashboard = client_of(world.fiona).get(reverse("programmes:dashboard", args=[programme.pk]))
    html = dashboard.content.decode()
    assert _url(programme) in html and _url(programme, "xlsx") in html
    course = course_of(world)
    progress = client_of(world.fiona).get(reverse("programmes:course_progress", args=[course.pk]))
    html = progress.content.decode()
    for suffix in ("pdf", "xlsx"):
        assert reverse(f"programmes:course_report_{suffix}", args=[course.pk]) in html
