"""The municipality report for its leaders: the PDF has the key figures with their trend,
the programmes, the course enrolments counted by status and the survey results of the
municipality's own respondents, hidden when they are too few; the Excel has the same as
numbers; only the municipality's leaders and administrators fetch it, from the list page the
home page leads to; and its query count does not grow with the data."""

import datetime
import io
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World
from trinvis.indicators.models import Baseline, Target
from trinvis.indicators.tests.factories import add_values, area_of, shipped
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import AgreedItem, CourseEnrolment
from trinvis.programmes.report_exports_municipality import municipality_pdf_html
from trinvis.programmes.selectors_reports_municipality import municipality_report
from trinvis.programmes.tests.factories_courses import course_of, enrol, run_of
from trinvis.programmes.tests.factories_follow_up import make_conversation
from trinvis.programmes.tests.factories_workshops import (
    add_participant,
    answer,
    candidate_of,
    make_task,
    make_workshop,
    programme_of,
)
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

Progress = AgreedItem.Progress
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)
RIGHT_AFTER = "work-education-right-after"


def _pdf_url(world: World, suffix: str = "pdf") -> str:
    return reverse(f"programmes:municipality_report_{suffix}", args=[world.municipality_a.pk])


def _linked_survey(world: World, *, in_a: int, owner: Organisation | None = None) -> Survey:
    """A survey linked to the programme with `in_a` respondents from municipality A, eight
    from B and six without a municipality."""
    survey = make_survey(organisation=owner or world.municipality_a, title=f"Survey {in_a}")
    add_responses(
        survey,
        [dict(r, municipality=world.municipality_a) for r in generated(in_a, seed=1)]
        + [dict(r, municipality=world.municipality_b) for r in generated(8, seed=2)]
        + generated(6, seed=3),
    )
    programme_of(world).surveys.add(survey)
    return survey


def municipality_a_with_everything(world: World) -> None:
    """Municipality A in the agency's programme (workshop 1 with two of its people, a
    conversation with items, one task answered of two), a zero point with a target, bob
    enrolled in a course, and a linked survey of A with eight of its respondents."""
    programme = programme_of(world)
    a = candidate_of(world)
    workshop = make_workshop(programme, number=1, starts_on=TODAY - 8 * WEEK)
    add_participant(workshop, a, name="Rita Refugee-service")
    add_participant(
        workshop, a, name="Lars Leader", unit_type="employment", decision_authority=True
    )
    make_conversation(
        workshop,
        a,
        held_on=TODAY - 6 * WEEK,
        items=[("Map the jobs in care", Progress.DONE), ("Mentors", Progress.UNDER_WAY)],
    )
    answer(make_task(programme, before=workshop), a)
    make_task(programme, title="Draw the paths")
    indicator = shipped(RIGHT_AFTER)
    add_values(indicator, area_of(world.municipality_a), {"2021": 38, "2022": 40, "2023": 44.6})
    baseline = Baseline.objects.create(
        organisation=world.municipality_a, indicator=indicator, period="2022", value=Decimal(40)
    )
    Target.objects.create(baseline=baseline, value=Decimal(50), due=datetime.date(2030, 12, 31))
    enrol(course_of(world), world.bob, [run_of(world)])
    _linked_survey(world, in_a=8)


def test_the_pdf_has_every_section_with_the_municipality_s_figures(world: World, client_of) -> None:
    municipality_a_with_everything(world)
    response = client_of(world.alice).get(_pdf_url(world))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="report-municipality-municipality-a-{world.municipality_a.pk}.pdf"'
    )

    report = municipality_report(municipality=world.municipality_a, user=world.alice, today=TODAY)
    html = municipality_pdf_html(report)
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Key figures",
        "Programmes",
        "Course enrolments",
        "Survey results",
    ]
    assert "Report on Municipality A" in html
    assert "In work or education right after the programme" in html
    assert "<svg" in html  # the trend
    assert "Map the jobs in care" in html and "Better paths to work" in html
    assert "Better integration work" in html  # bob's course
    assert "The workshops were useful" in html
    for name in ("Rita Refugee-service", "Lars Leader", "Bob Employee"):
        assert name not in html


def test_the_excel_has_the_figures_as_numbers(world: World, client_of) -> None:
    municipality_a_with_everything(world)
    response = client_of(world.alice).get(_pdf_url(world, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Report",
        "Zero points",
        "Latest figures",
        "Programmes",
        "Agreed items",
        "Homework",
        "Workshops",
        "Courses",
        "Surveys",
    ]
    for sheet in book.sheetnames[1:]:
        assert book[sheet].freeze_panes == "A4"
    [zero_point] = list(book["Zero points"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert zero_point[:9] == (
        "In work or education right after the programme",
        "Per cent",
        40,
        "2022",
        44.6,
        "2023",
        50,
        datetime.datetime(2030, 12, 31),
        5.4,
    )
    [programme] = list(book["Programmes"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert programme[0] == "Better paths to work"
    assert programme[2:4] == (None, None)  # no plan yet
    assert programme[5:7] == (1, 2)
    items = list(book["Agreed items"].iter_rows(min_row=4, values_only=True))
    assert items[:2] == [
        ("Better paths to work", "Workshop 1", "Map the jobs in care", "Done"),
        ("Better paths to work", "Workshop 1", "Mentors", "Under way"),
    ]
    [workshop] = list(book["Workshops"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert workshop[3:] == (1, 0, 1, 0, 2, 1)
    courses = {row[0]: row for row in book["Courses"].iter_rows(min_row=4, values_only=True)}
    assert courses["Better integration work"][2:] == (1, 0, 0, 0, 1)
    surveys = list(book["Surveys"].iter_rows(min_row=4, values_only=True))
    useful = next(row for row in surveys if row and row[5] == "The workshops were useful")
    assert useful[6] is not None and useful[6] <= 8  # A's respondents only, not all 22


def test_a_small_group_of_respondents_is_hidden(world: World, client_of) -> None:
    programme_of(world)
    candidate_of(world)
    shown = _linked_survey(world, in_a=8)
    hidden = _linked_survey(world, in_a=2)
    report = municipality_report(municipality=world.municipality_a, user=world.alice, today=TODAY)
    by_survey = {summary.line.survey: summary for summary in report.surveys}
    assert by_survey[shown].suppressed is None and by_survey[shown].questions
    assert by_survey[hidden].suppressed is not None and by_survey[hidden].questions == []

    book = load_workbook(io.BytesIO(client_of(world.alice).get(_pdf_url(world, "xlsx")).content))
    rows = [row for row in book["Surveys"].iter_rows(min_row=4, values_only=True) if row[0]]
    [hidden_row] = [row for row in rows if row[0] == "Survey 2"]
    assert hidden_row[5:9] == (None, None, None, None)
    assert hidden_row[9] == "Fewer than 5 respondents"


def test_a_survey_the_leader_may_not_read_is_left_out(world: World) -> None:
    """The agency's survey is linked to the programme, but a municipality's leader does not
    read the agency's surveys: a link never widens access."""
    programme_of(world)
    candidate_of(world)
    _linked_survey(world, in_a=8, owner=world.agency)
    report = municipality_report(municipality=world.municipality_a, user=world.alice, today=TODAY)
    assert report.surveys == []
    admins = municipality_report(municipality=world.municipality_a, user=world.admin, today=TODAY)
    assert len(admins.surveys) == 1


def test_only_the_municipality_s_leaders_fetch_it(world: World, client_of) -> None:
    programme_of(world)
    candidate_of(world)  # fiona runs a programme A takes part in: still not hers
    for suffix in ("pdf", "xlsx"):
        url = _pdf_url(world, suffix)
        assert client_of(world.alice).get(url).status_code == 200
        assert client_of(world.admin).get(url).status_code == 200
        for user in (world.bob, world.charlie, world.fiona):
            assert client_of(user).get(url).status_code == 404
    other = reverse("programmes:municipality_report_pdf", args=[world.municipality_b.pk])
    assert client_of(world.alice).get(other).status_code == 404
    unit = reverse("programmes:municipality_report_pdf", args=[world.unit_a_job.pk])
    assert client_of(world.admin).get(unit).status_code == 404


def test_the_home_page_leads_a_leader_to_the_list_of_reports(world: World, client_of) -> None:
    home = client_of(world.alice).get(reverse("core:home")).content.decode()
    assert reverse("programmes:municipality_reports") in home
    page = client_of(world.alice).get(reverse("programmes:municipality_reports"))
    html = page.content.decode()
    assert list(page.context["municipalities"]) == [world.municipality_a]
    assert _pdf_url(world) in html and _pdf_url(world, "xlsx") in html
    for user in (world.bob, world.charlie, world.fiona):
        assert reverse("programmes:municipality_reports") not in (
            client_of(user).get(reverse("core:home")).content.decode()
        )
    bob_page = client_of(world.bob).get(reverse("programmes:municipality_reports"))
    assert list(bob_page.context["municipalities"]) == []
    assert "No municipality to report on" in bob_page.content.decode()


def _more(world: World, count: int) -> None:
    """`count` more of everything the report reads: workshops with participants and
    conversations, tasks, zero points with targets, enrolled colleagues of bob's team."""
    from conftest import add_member, make_user

    programme = programme_of(world)
    a = candidate_of(world)
    start = programme.workshops.count() + 1
    for number in range(start, start + count):
        workshop = make_workshop(programme, number=number, starts_on=TODAY + number * WEEK)
        add_participant(workshop, a, name=f"Person {number}")
        make_conversation(workshop, a, items=[(f"Item {number}", Progress.UNDER_WAY)])
        answer(make_task(programme, title=f"Task {number}"), a)
        colleague = make_user(f"colleague{number}@example.org", f"Colleague {number}")
        add_member(colleague, world.team_a, "employee")
        enrol(course_of(world), colleague, [run_of(world)])
    for key in ("work-education-one-year-after", "introduction-participants")[: min(count, 2)]:
        indicator = shipped(key)
        add_values(indicator, area_of(world.municipality_a), {"2022": 10, "2023": 12})
        baseline, _created = Baseline.objects.get_or_create(
            organisation=world.municipality_a,
            indicator=indicator,
            breakdown_key="",
            defaults={"period": "2022", "value": Decimal(10)},
        )
        Target.objects.get_or_create(
            baseline=baseline, value=Decimal(20), due=datetime.date(2029, 12, 31)
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_report_costs_the_same_however_much_data(world: World, client_of) -> None:
    municipality_a_with_everything(world)
    alice = client_of(world.alice)
    urls = [_pdf_url(world, "xlsx"), _pdf_url(world)]
    _more(world, 1)
    few = [_queries(alice, url) for url in urls]
    _more(world, 12)
    assert [_queries(alice, url) for url in urls] == few
    assert CourseEnrolment.objects.filter(municipality=world.municipality_a).count() == 14
