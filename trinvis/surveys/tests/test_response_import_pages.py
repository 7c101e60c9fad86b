"""The response import's pages: upload → columns → check → confirm, with the Django test
client. A Danish CSV file ends up in the results; a bad row stores nothing and lists its
problems; an Excel workbook; a remembered mapping skips the columns page; the uploaded file
is private to its uploader and deleted after the import."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.surveys.imports import mapping_digest, remembered_columns
from trinvis.surveys.imports.uploads import upload_directory
from trinvis.surveys.models import ColumnMapping, Response, Survey
from trinvis.surveys.tests.test_response_import import csv_bytes, make_survey, workbook

DANISH = [
    ["Ændringer?", "Mål", "Nyttigt", "Anbefale", "Kommune", "Rolle", "Tidsstempel"],
    ["Ja", "Job; Sprog", "I høj grad", "8", "Municipality A", "Leder", "2024-05-01"],
    ["Nej", "Sprog", "I meget høj grad", "9", "461", "Medarbejder", "2024-05-01"],
    ["Ja", "Job", "Ved ikke", "10", "municipality a", "Medarbejder", "2024-05-02"],
    ["Ja", "Noget andet", "I høj grad", "7", "Municipality A", "Leder", "2024-05-02"],
]


@pytest.fixture(autouse=True)
def _private_upload_dir(settings: Any, tmp_path: Path) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world)


def upload(client: Client, survey: Survey, content: bytes, name: str = "svar.csv") -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("surveys:response_import", args=[survey.pk]), {"file": file})


def fields_of(page: Any) -> dict[str, str]:
    """The selects of the columns page: name → the chosen value."""
    html = page.content.decode()
    chosen = {}
    for name, body in re.findall(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        chosen[name] = found.group(1) if found else ""
    return chosen


def confirm(client: Client, page: Any) -> Any:
    digest = re.search(r'name="mapping" value="([^"]+)"', page.content.decode())
    assert digest, "the check page offers no import"
    return client.post(page.wsgi_request.path, {"mapping": digest.group(1)})


def test_a_danish_csv_is_mapped_checked_imported_and_shows_in_the_results(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    detail = client.get(reverse("surveys:survey_detail", args=[survey.pk]))
    assert reverse("surveys:response_import", args=[survey.pk]) in detail.content.decode()

    uploaded = upload(client, survey, csv_bytes(DANISH, encoding="cp1252"))
    assert uploaded.status_code == 302 and uploaded["Location"].endswith("/columns/")
    columns_page = client.get(uploaded["Location"])
    assert columns_page.status_code == 200
    guessed = fields_of(columns_page)
    assert guessed == {
        "column_0": "question:changes",
        "column_1": "question:goals",
        "column_2": "question:useful",
        "column_3": "question:recommend",
        "column_4": "attribute:municipality",
        "column_5": "attribute:role",
        "column_6": "ignore",
    }
    assert "For example: Ja · Nej<" in columns_page.content.decode()

    mapped = client.post(uploaded["Location"], guessed)
    assert mapped.status_code == 302 and mapped["Location"].endswith("/check/")
    check = client.get(mapped["Location"])
    html = check.content.decode()
    assert check.status_code == 200
    assert "has 4 responses" in html
    assert "Jobs; Language" in html and "Municipality A" in html
    assert not Response.objects.filter(survey=survey).exists()

    done = confirm(client, check)
    assert done.status_code == 302
    assert done["Location"] == reverse("surveys:survey_detail", args=[survey.pk])
    assert "4 responses imported." in client.get(done["Location"]).content.decode()
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 4
    assert set(responses.values_list("source", flat=True)) == {Response.Source.IMPORT}
    assert set(responses.values_list("municipality", flat=True)) == {world.municipality_a.pk}
    assert not any(upload_directory().iterdir()), "the uploaded file is deleted after import"

    results = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "4 responses." in results
    # Three said yes to changes, one no (Danish labels read as the options Yes and No).
    assert re.search(
        r"Changes\?.*?<td>4</td>\s*<td>3 \(75 %\)</td>\s*<td>1 \(25 %\)</td>", results, re.S
    )


def test_a_bad_row_stores_nothing_and_lists_each_problem_by_row_and_column(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    rows = [*DANISH[:3], ["Måske", "Job", "I høj grad", "11", "Atlantis", "Leder", ""]]
    uploaded = upload(client, survey, csv_bytes(rows))
    columns = client.get(uploaded["Location"])
    client.post(uploaded["Location"], fields_of(columns))
    check = client.get(uploaded["Location"].replace("/columns/", "/check/"))
    html = check.content.decode()
    assert "Nothing can be imported" in html
    problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>", html)
    assert problems == [("4", "Ændringer?"), ("4", "Anbefale"), ("4", "Kommune")]
    assert "“Måske” is not an option of this question" in html
    assert 'name="mapping"' not in html  # nothing to confirm
    # Confirming anyway (an old form) still stores nothing.
    headings = rows[0]
    columns_used = remembered_columns(survey=survey, headings=headings)
    assert columns_used is not None
    again = client.post(check.wsgi_request.path, {"mapping": mapping_digest(columns_used)})
    assert again.status_code == 200
    assert "Nothing can be imported" in again.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_an_excel_workbook_imports_through_the_pages(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    content = workbook([["changes", "recommend", "Age"], ["yes", 9, 41.0], ["Nej", 3.0, None]])
    uploaded = upload(client, survey, content, name="answers.xlsx")
    mapped = client.post(uploaded["Location"], fields_of(client.get(uploaded["Location"])))
    check = client.get(mapped["Location"])
    assert "has 2 responses" in check.content.decode()
    confirm(client, check)
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_remembered_mapping_goes_straight_to_the_check(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    first = upload(client, survey, csv_bytes([["Changes", "Notes"], ["yes", "x"]]))
    client.post(first["Location"], {"column_0": "question:changes", "column_1": "ignore"})
    assert ColumnMapping.objects.filter(questionnaire=survey.questionnaire).count() == 1

    # Another survey of the same questionnaire and organisation; headings spelt differently.
    later = make_survey(world, survey.questionnaire)
    second = upload(client, later, csv_bytes([["CHANGES", " notes"], ["no", "y"], ["yes", ""]]))
    assert second.status_code == 302 and second["Location"].endswith("/check/")
    check = client.get(second["Location"])
    assert "has 2 responses" in check.content.decode()
    # The columns page shows the remembered choices, not a new guess.
    columns = client.get(second["Location"].replace("/check/", "/columns/"))
    assert fields_of(columns) == {"column_0": "question:changes", "column_1": "ignore"}


def test_a_mapping_changed_since_the_check_is_not_imported_unseen(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    uploaded = upload(client, survey, csv_bytes([["changes", "age"], ["yes", "41"]]))
    client.post(uploaded["Location"], {"column_0": "question:changes", "column_1": "ignore"})
    check = client.get(uploaded["Location"].replace("/columns/", "/check/"))
    # Someone maps the same headings differently meanwhile.
    client.post(uploaded["Location"], {"column_0": "question:changes", "column_1": "question:age"})
    stale = confirm(client, check)
    assert stale.status_code == 302 and stale["Location"].endswith("/check/")
    assert not Response.objects.filter(survey=survey).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.xls", b"\xd0\xcf\x11\xe0rest", "old Excel file"),
        ("answers.pdf", b"%PDF-1.4", "Choose a CSV file"),
        ("answers.xlsx", b"a;b\n1;2\n", "Choose a CSV file"),
        ("answers.csv", b"\x81\x8d\x8f\x90\x9d" * 10, "neither an Excel workbook nor a text"),
        ("answers.csv", b"", "The submitted file is empty."),
        ("answers.csv", b"\n\nyes\n", "The first row has no column headings."),
        ("answers.csv", ";".join(f"c{n}" for n in range(501)).encode(), "at most 500 can"),
    ],
)
def test_files_that_are_not_csv_or_excel_are_refused_at_upload(
    survey: Survey, world: World, client_of: Any, name: str, content: bytes, message: str
) -> None:
    page = upload(client_of(world.alice), survey, content, name=name)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not any(upload_directory().iterdir())


def test_a_file_over_the_limit_is_refused(
    survey: Survey, world: World, client_of: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("trinvis.core.imports.forms.MAX_UPLOAD_BYTES", 10)
    page = upload(client_of(world.alice), survey, b"changes\nyes\nno\n")
    assert "larger than 50 MB" in page.content.decode()


def test_the_upload_is_its_uploaders_alone_and_cancelling_deletes_it(
    survey: Survey, world: World, client_of: Any
) -> None:
    alice = client_of(world.alice)
    uploaded = upload(alice, survey, csv_bytes([["changes"], ["yes"]]))
    columns_url = uploaded["Location"]
    # The platform administrator manages the survey, but the upload is alice's.
    assert client_of(world.admin).get(columns_url).status_code == 404
    assert client_of(world.bob).get(columns_url).status_code == 404
    cancel = columns_url.replace("/columns/", "/cancel/")
    assert alice.post(cancel).status_code == 302
    assert alice.get(columns_url).status_code == 404
    assert not any(upload_directory().iterdir())


def test_a_reader_may_not_import(world: World, client_of: Any) -> None:
    survey = make_survey(world)
    survey.organisation = world.team_a  # bob sees team A's surveys but manages none
    survey.save()
    page = upload(client_of(world.bob), survey, csv_bytes([["changes"], ["yes"]]))
    assert page.status_code == 403
    assert not upload_directory().exists() or not any(upload_directory().iterdir())


def test_a_survey_whose_answers_were_deleted_takes_no_import(
    survey: Survey, world: World, client_of: Any
) -> None:
    client = client_of(world.alice)
    uploaded = upload(client, survey, csv_bytes([["changes"], ["yes"]]))
    Survey.objects.filter(pk=survey.pk).update(purged_at=timezone.now())
    page = client.get(reverse("surveys:response_import", args=[survey.pk]))
    assert "It takes no more answers" in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    assert client.get(uploaded["Location"]).status_code == 404
    assert upload(client, survey, csv_bytes([["changes"], ["yes"]])).status_code == 200
    detail = client.get(reverse("surveys:survey_detail", args=[survey.pk])).content.decode()
    assert reverse("surveys:response_import", args=[survey.pk]) not in detail


@pytest.mark.parametrize("rows", [5, 400])
def test_the_check_page_makes_as_many_queries_for_few_rows_as_for_many(
    survey: Survey,
    world: World,
    client_of: Any,
    rows: int,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_of(world.alice)
    content = csv_bytes([DANISH[0], *(DANISH[1 + n % 4] for n in range(rows))])
    uploaded = upload(client, survey, content)
    client.post(uploaded["Location"], fields_of(client.get(uploaded["Location"])))
    with django_assert_max_num_queries(14):
        page = client.get(uploaded["Location"].replace("/columns/", "/check/"))
    assert f"has {rows} responses" in page.content.decode()
