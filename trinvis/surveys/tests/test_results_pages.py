"""The results page, its CSV, Excel and PDF downloads and the JSON API show the same figures
and hide the same small groups (including the complementary one)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from trinvis.surveys.analysis import Suppressed
from trinvis.surveys.results import survey_results
from trinvis.surveys.tests.factories_results import add_responses, generated, make_survey

# 8 leaders, 10 employees, 2 contact persons: the contact persons are too few, so the
# smallest shown group (the leaders) is hidden too, or the total would give them away.
ROLES = ["leader"] * 8 + ["employee"] * 10 + ["contact_person"] * 2
USEFUL = {"leader": "5", "employee": "3", "contact_person": "1"}


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
                "municipality": world.municipality_a if index % 2 else world.municipality_b,
                "comments": f"secret of the {role}",
            }
            for index, role in enumerate(ROLES)
        ],
    )
    return survey


def test_small_group_and_its_complement_are_suppressed(survey) -> None:
    table = survey_results(survey=survey, by="role").table("useful")
    assert table is not None
    rows = {row.key: row for row in table.rows}
    assert rows["contact_person"].suppressed is Suppressed.TOO_FEW
    assert rows["leader"].suppressed is Suppressed.COMPLEMENTARY
    assert rows["employee"].shown and rows["employee"].n == 10
    assert rows["employee"].mean == 3
    assert rows["total"].n == 20
    assert rows["leader"].mean is None and rows["leader"].n is None


def test_page_marks_suppressed_groups_and_hides_their_figures(survey, world, client_of) -> None:
    page = client_of(world.fiona).get(f"/surveys/{survey.pk}/results/?by=role")
    html = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 5 respondents" in html
    assert "hidden (see note)" in html
    assert "Small groups are protected" in html
    # The page lists the employees' open answers on request, never the hidden groups'.
    listed = client_of(world.fiona).get(
        f"/surveys/{survey.pk}/results/?by=role&segment=contact_person"
    )
    # A hidden group cannot be chosen: the list stays that of all respondents.
    assert "secret of the leader" in listed.content.decode()
    employees = client_of(world.fiona).get(
        f"/surveys/{survey.pk}/results/?by=role&segment=employee"
    )
    assert "secret of the employee" in employees.content.decode()
    assert "secret of the leader" not in employees.content.decode()


def test_page_without_breakdown_shows_counts_percentages_mean(survey, world, client_of) -> None:
    html = client_of(world.fiona).get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "20 responses." in html
    assert "2 respondents from 1 of 2 municipalities" not in html  # 13 said yes
    assert "answered “Yes” to “Did you see changes?”" in html
    assert 'data-chart="chart-0-spec"' in html
    assert "Which goals did you set?" in html and "compared with" in html


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_xlsx_and_api_give_the_page_figures(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    rows = _csv(client, f"/surveys/{survey.pk}/results/csv/useful?by=role")
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Employee"][1] == "10"
    assert by_label["Leader"][1] == "" and "smaller group" in by_label["Leader"][-1]
    assert by_label["Contact person"][-1] == "Fewer than 5 respondents"
    assert by_label["All respondents"][1] == "20"

    book = load_workbook(
        io.BytesIO(client.get(f"/surveys/{survey.pk}/results.xlsx?by=role").content)
    )
    assert book.sheetnames[:3] == ["Respondents", "useful", "benefit talks"]
    sheet = book["useful"]
    values = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["Employee"][1] == 10
    assert values["Leader"][1] in (None, "")

    api = client.get(f"/api/surveys/{survey.pk}/results?by=role").json()
    useful = {row["segment"]: row for row in api["rows"] if row["key"] == "useful"}
    assert useful["employee"]["n"] == 10 and useful["employee"]["counts"]["3"] == 10
    assert useful["leader"]["suppressed"] and useful["leader"]["mean"] is None
    assert useful["leader"]["suppressed_reason"] == "complementary"
    assert useful["contact_person"]["counts"] is None
    assert useful[None]["n"] == 20


def test_csv_neutralises_formulas(world, client_of) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, [{"role": "=HYPERLINK(1)", "useful": "4"} for _ in range(6)])
    rows = _csv(client_of(world.fiona), f"/surveys/{survey.pk}/results/csv/:respondents?by=role")
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_pdf_is_a_pdf(survey, world, client_of) -> None:
    response = client_of(world.fiona).get(f"/surveys/{survey.pk}/results.pdf?by=role")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_unknown_table_is_404(survey, world, client_of) -> None:
    client = client_of(world.fiona)
    assert client.get(f"/surveys/{survey.pk}/results/csv/nope").status_code == 404


def test_outsiders_get_404(world, client_of) -> None:
    survey = make_survey(organisation=world.municipality_a)
    add_responses(survey, generated(6))
    assert client_of(world.alice).get(f"/surveys/{survey.pk}/results/").status_code == 200
    assert client_of(world.charlie).get(f"/surveys/{survey.pk}/results/").status_code == 404
    assert client_of(world.charlie).get(f"/api/surveys/{survey.pk}/results").status_code == 404
    ids = [s["id"] for s in client_of(world.charlie).get("/api/surveys").json()]
    assert survey.pk not in ids


def test_too_few_respondents_hide_everything(world, client_of) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, [{"useful": "5", "comments": "only me"}] * 3)
    html = client_of(world.fiona).get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "only me" not in html
    api = client_of(world.fiona).get(f"/api/surveys/{survey.pk}/results").json()
    assert all(row["suppressed"] for row in api["rows"])


def test_page_query_count_is_fixed(world, client_of, django_assert_max_num_queries) -> None:
    survey = make_survey(organisation=world.agency)
    add_responses(survey, generated(150, municipalities=[world.municipality_a]))
    client = client_of(world.fiona)
    with django_assert_max_num_queries(30):
        assert client.get(f"/surveys/{survey.pk}/results/?by=size_class").status_code == 200
