"""The report pages through the Django client: choose tables on the edit page, save, and the
report page, its PDF and its Excel show those tables in that order with their notes, and
hide the same small groups as the results page."""

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from trinvis.surveys.models import Report
from trinvis.surveys.report_exports import report_pdf_html
from trinvis.surveys.reports import (
    RESPONDENTS_KEY,
    available_tables,
    comparison_key,
    report_data,
    report_for,
    report_items,
)
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

# As in test_results_pages: the contact persons are too few, so the leaders are hidden too.
ROLES = ["leader"] * 8 + ["employee"] * 10 + ["contact_person"] * 2
USEFUL = {"leader": "5", "employee": "3", "contact_person": "1"}
GOALS = comparison_key("goals_set", "goals_worked")


@pytest.fixture
def survey(world):
    survey = make_survey(organisation=world.agency)
    add_responses(
        survey,
        [
            {
                "role": role,
                "useful": USEFUL[role],
                "goals_set": ["labour", "language"],
                "goals_worked": ["labour"] if index % 2 else None,
                "changes": "yes" if index % 3 else "no",
                "years": 4,
            }
            for index, role in enumerate(ROLES)
        ],
    )
    return survey


def form_data(
    survey, *, version: int = 0, chosen: dict[str, dict[str, Any]], **fields: str
) -> dict[str, Any]:
    """The edit form as a browser posts it: every table a row, `chosen` ones included."""
    tables = available_tables(survey=survey)
    data: dict[str, Any] = {
        "version": version,
        "title": "",
        "breakdown": "",
        "introduction": "",
        **fields,
        "t-TOTAL_FORMS": len(tables),
        "t-INITIAL_FORMS": len(tables),
        "t-MIN_NUM_FORMS": 0,
        "t-MAX_NUM_FORMS": 500,
    }
    for index, table in enumerate(tables):
        row = chosen.get(table.key)
        data[f"t-{index}-key"] = table.key
        data[f"t-{index}-position"] = row["position"] if row else 100 + index
        if row:
            data[f"t-{index}-include"] = "on"
            data[f"t-{index}-note"] = row.get("note", "")
            if row.get("chart", True):
                data[f"t-{index}-show_chart"] = "on"
    return data


CHOSEN: dict[str, dict[str, Any]] = {
    "changes": {"position": 1, "note": "Most saw changes.\n\nSee <b>below</b>."},
    RESPONDENTS_KEY: {"position": 2},
    "useful": {"position": 3, "note": "Leaders are hidden with the contact persons."},
    GOALS: {"position": 4, "chart": False},
}


def _save(client, survey, **fields: Any):
    url = f"/surveys/{survey.pk}/report/edit/"
    return client.post(url, form_data(survey, chosen=CHOSEN, **fields))


def _headings(html: str) -> list[str]:
    return re.findall(
        r'<h2 class="ds-heading" data-size="sm" id="report-section-\d+">(.*?)</h2>', html
    )


def test_edit_save_and_the_page_shows_the_chosen_tables_in_order(survey, world, client_of):
    client = client_of(world.fiona)
    edit = client.get(f"/surveys/{survey.pk}/report/edit/")
    assert edit.status_code == 200
    assert "Which goals did you set? compared with Which goals did you work on?" in (
        edit.content.decode()
    )
    saved = _save(client, survey, title="Workshop report", breakdown="role", introduction="Hello")
    assert saved.status_code == 302 and saved["Location"] == f"/surveys/{survey.pk}/report/"
    html = client.get(saved["Location"]).content.decode()
    assert _headings(html) == [
        "Did you see changes?",
        "Respondents by Role",
        "The workshops were useful",
        "Which goals did you set? compared with Which goals did you work on?",
    ]
    assert "<h1" in html and "Workshop report" in html and "<p>Hello</p>" in html
    # Notes are plain text: escaped, with paragraphs and line breaks.
    assert "<p>Most saw changes.</p>\n\n<p>See &lt;b&gt;below&lt;/b&gt;.</p>" in html
    assert "Leaders are hidden with the contact persons." in html
    for absent in ("Years in the job", "Would you recommend it?", "Group work"):
        assert absent not in html
    # Suppression exactly as on the results page.
    assert "fewer than 5 respondents" in html and "hidden (see note)" in html
    # The comparison without its chart is a table; the questions' charts are drawn.
    assert 'data-chart="report-chart-2-spec"' in html
    assert 'data-chart="report-chart-3-spec"' not in html
    assert "Goal: labour" in html
    assert f"/surveys/{survey.pk}/results/csv/useful?by=role" in html
    assert f"/surveys/{survey.pk}/results/csv/:respondents?by=role" in html
    assert (
        f"/surveys/{survey.pk}/report.pdf" in html and f"/surveys/{survey.pk}/report.xlsx" in html
    )


def test_default_report_lists_every_question(survey, world, client_of) -> None:
    html = client_of(world.fiona).get(f"/surveys/{survey.pk}/report/").content.decode()
    assert len(_headings(html)) == 9
    assert "Choose the tables and write the notes" in html


def test_reader_sees_the_report_but_may_not_change_it(world, client_of) -> None:
    survey = make_survey(organisation=world.team_a)
    add_responses(survey, generated(6))
    bob = client_of(world.bob)
    page = bob.get(f"/surveys/{survey.pk}/report/")
    assert page.status_code == 200
    assert "Choose the tables and write the notes" not in page.content.decode()
    assert bob.get(f"/surveys/{survey.pk}/report/edit/").status_code == 403
    assert _save(bob, survey).status_code == 403
    assert client_of(world.charlie).get(f"/surveys/{survey.pk}/report/").status_code == 404
    assert Report.objects.count() == 0


def test_move_buttons_reorder_without_saving(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    data = form_data(survey, chosen=CHOSEN, title="Kept while moving")
    data["move"] = "up:useful"
    response = client.post(f"/surveys/{survey.pk}/report/edit/", data)
    assert response.status_code == 200 and Report.objects.count() == 0
    rows = response.context["formset"].initial
    assert [row["key"] for row in rows[:4]] == ["changes", "useful", RESPONDENTS_KEY, GOALS]
    assert [row["position"] for row in rows[:4]] == [1, 2, 3, 4]
    assert rows[1]["note"] == "Leaders are hidden with the contact persons."
    assert 'value="Kept while moving"' in response.content.decode()


def test_stale_form_keeps_the_input_and_saves_over_on_the_second_try(survey, world, client_of):
    fiona, admin = client_of(world.fiona), client_of(world.admin)
    assert _save(admin, survey, title="Admin's report").status_code == 302
    conflict = _save(fiona, survey, title="Fiona's report", version=0)
    html = conflict.content.decode()
    assert conflict.status_code == 200
    assert "Someone else saved the report while you were editing" in html
    assert 'value="Fiona&#x27;s report"' in html
    assert conflict.context["form"]["version"].value() == "1"
    assert Report.objects.get(survey=survey).title == "Admin's report"
    assert _save(fiona, survey, title="Fiona's report", version=1).status_code == 302
    assert Report.objects.get(survey=survey).title == "Fiona's report"


def test_invalid_form_shows_errors_and_saves_nothing(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    chosen = {"useful": {"position": 1, "note": "x" * 2001}}
    data = form_data(survey, chosen=chosen, breakdown="shoe_size")
    response = client.post(f"/surveys/{survey.pk}/report/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200 and Report.objects.count() == 0
    assert 'aria-describedby="id_breakdown_help id_breakdown_error"' in html
    # The row's error is in the summary, linked to its field, and under the field.
    assert '<a class="ds-link" href="#id_t-1-note">The workshops were useful: Note: ' in html
    assert 'aria-describedby="id_t-1-note_help id_t-1-note_error"' in html


def _saved_data(survey, world, client_of):
    assert (
        _save(client_of(world.fiona), survey, title="Workshop report", breakdown="role").status_code
        == 302
    )
    report = report_for(survey=survey)
    return report_data(report=report, items=report_items(report=report))


def test_pdf_is_a_pdf_with_the_chosen_tables_and_notes(survey, world, client_of) -> None:
    data = _saved_data(survey, world, client_of)
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "report-" in response["Content-Disposition"]
    html = report_pdf_html(data)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Did you see changes?",
        "Respondents by Role",
        "The workshops were useful",
        "Which goals did you set? compared with Which goals did you work on?",
    ]
    assert "See &lt;b&gt;below&lt;/b&gt;." in html
    assert "Years in the job" not in html
    # Charts as SVG: the two questions' (the comparison's chart was left out).
    assert html.count("<svg") == 2


def test_excel_has_a_sheet_per_table_with_the_page_figures(survey, world, client_of) -> None:
    _saved_data(survey, world, client_of)
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Report", "changes", "Respondents", "useful", "Comparison"]
    about = {row[0]: row[1] for row in book["Report"].iter_rows(min_row=3, values_only=True)}
    assert book["Report"]["A1"].value == "Workshop report"
    assert about["Survey"] == survey.title
    assert about["Response rate"] == "20 responses."
    assert about["Breakdown"] == "Role"

    useful = book["useful"]
    assert useful["A1"].value == "The workshops were useful"
    rows = {row[0]: row for row in useful.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["Employee"][1] == 10
    # The hidden groups have no figure at all, only the reason.
    for hidden in ("Leader", "Contact person"):
        assert all(value in (None, "") for value in rows[hidden][1:-1])
    values = [cell for row in useful.iter_rows(values_only=True) for cell in row]
    assert "Leaders are hidden with the contact persons." in values
    respondents = {
        row[0]: row for row in book["Respondents"].iter_rows(min_row=4, values_only=True)
    }
    assert respondents["Employee"][1] == 10 and respondents["Leader"][1] in (None, "")
    comparison = list(book["Comparison"].iter_rows(min_row=3, values_only=True))
    assert comparison[0][1].startswith("Which goals did you set? (n=20)")
    assert comparison[1][:2] == ("Goal: labour", 20)


def test_survey_page_links_to_the_report(survey, world, client_of) -> None:
    html = client_of(world.fiona).get(f"/surveys/{survey.pk}/").content.decode()
    assert f'href="/surveys/{survey.pk}/report/"' in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_query_count_does_not_grow_with_the_responses(world, client_of) -> None:
    client = client_of(world.fiona)
    counts = []
    for size in (10, 150):
        survey = make_survey(organisation=world.agency, title=f"Survey of {size}")
        add_responses(survey, generated(size, municipalities=[world.municipality_a]))
        assert _save(client, survey, breakdown="size_class").status_code == 302
        counts.append(_queries(client, f"/surveys/{survey.pk}/report/"))
    assert counts[0] == counts[1]
    assert counts[1] <= 30


def test_edit_form_starts_from_the_default_and_unnumbered_tables_come_last(
    survey, world, client_of
) -> None:
    client = client_of(world.fiona)
    initial = client.get(f"/surveys/{survey.pk}/report/edit/").context["formset"].initial
    included = {row["key"]: row["include"] for row in initial}
    assert included["useful"] and included["comments"]
    assert not included[RESPONDENTS_KEY] and not included[GOALS]
    chosen: dict[str, dict[str, Any]] = {
        "years": {"position": ""},
        "useful": {"position": 7},
        "changes": {"position": 2},
    }
    saved = client.post(f"/surveys/{survey.pk}/report/edit/", form_data(survey, chosen=chosen))
    assert saved.status_code == 302
    report = report_for(survey=survey)
    assert [item.key for item in report_items(report=report)] == ["changes", "useful", "years"]
