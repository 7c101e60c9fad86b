"""Whatever the file: random bytes, broken workbooks, random rows of good and bad cells.
The check never fails, an import stores every row or none, and the pages never answer
with a server error."""

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conftest import World
from trinvis.core.tests.hostile_files import hostile_csv, hostile_xlsx, xlsx_bytes
from trinvis.surveys.imports import ImportFailed, responses_import, responses_import_check
from trinvis.surveys.models import Answer, Response, Survey
from trinvis.surveys.tests.test_response_import import csv_bytes, make_survey, workbook

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADINGS = ["changes", "goals", "useful", "recommend", "age", "hours", "note", "kommune", "rolle"]
TARGETS = [
    "",
    "question:changes",
    "question:goals",
    "question:useful",
    "question:recommend",
    "question:age",
    "question:hours",
    "question:unit_name",
    "question:what_changed",
    "option:goals:jobs",
    "attribute:municipality",
    "attribute:role",
    "attribute:contact_person",
    "attribute:size_class",
]
GOOD_CELLS = [
    "",
    "yes",
    "Nej",
    "jobs; language",
    "Sprog",
    "I høj grad",
    "4",
    "ved ikke",
    "7",
    "2,5",
    "119",
    "Municipality A",
    "461",
    "Leder",
    "ja",
    "1",
    "0",
]
cells = st.one_of(st.sampled_from(GOOD_CELLS), st.text(max_size=12))
rows = st.lists(st.lists(cells, min_size=0, max_size=len(HEADINGS) + 1), max_size=12)
mappings = st.lists(st.sampled_from(TARGETS), min_size=len(HEADINGS), max_size=len(HEADINGS))
files = st.one_of(
    st.binary(max_size=600),
    st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail),
    st.binary(max_size=400).map(lambda tail: b"changes;age\r\n" + tail),
    st.binary(max_size=400).map(lambda tail: "Ændringer?;Mål\n".encode("cp1252") + tail),
    # Hostile files shared by every importer's fuzz test (issue 8): other encodings, byte
    # order marks, huge cells, formulas, columns missing or added, mutated workbooks.
    hostile_csv(HEADINGS, GOOD_CELLS).map(lambda upload: upload[1]),
    hostile_xlsx(xlsx_bytes([HEADINGS, GOOD_CELLS[: len(HEADINGS)]]), HEADINGS, GOOD_CELLS).map(
        lambda upload: upload[1]
    ),
)


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")
    with translation.override("en"):
        yield


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world)


def _import_whole_or_nothing(survey: Survey, content: bytes, columns: dict[str, str]) -> None:
    """The check's verdict and the import agree, and a refused import leaves no trace."""
    before = Response.objects.filter(survey=survey).count(), Answer.objects.count()
    check = responses_import_check(survey=survey, rows_source=io.BytesIO(content), columns=columns)
    if not check.importable:
        with pytest.raises(ImportFailed) as failed:
            responses_import(
                by=None, survey=survey, rows_source=io.BytesIO(content), columns=columns
            )
        assert failed.value.problems
        assert (Response.objects.filter(survey=survey).count(), Answer.objects.count()) == before
        return
    result = responses_import(
        by=None, survey=survey, rows_source=io.BytesIO(content), columns=columns
    )
    assert result.responses == check.rows
    assert Response.objects.filter(survey=survey).count() == before[0] + check.rows
    assert Answer.objects.count() == before[1] + result.answers


@FUZZ
@given(content=files)
def test_random_bytes_never_crash_and_never_half_import(survey: Survey, content: bytes) -> None:
    _import_whole_or_nothing(survey, content, {"changes": "question:changes", "age": ""})


@FUZZ
@given(table=rows, targets=mappings, excel=st.booleans())
def test_random_rows_are_imported_whole_or_not_at_all(
    survey: Survey, table: list[list[str]], targets: list[str], excel: bool
) -> None:
    columns = dict(zip(HEADINGS, targets, strict=True))
    if excel:  # characters a workbook cannot hold at all
        table = [[ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] for row in table]
    content = workbook([HEADINGS, *table]) if excel else csv_bytes([HEADINGS, *table])
    _import_whole_or_nothing(survey, content, columns)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=files, table=rows, targets=mappings, use_rows=st.booleans())
def test_the_pages_never_answer_with_a_server_error(
    survey: Survey,
    world: World,
    content: bytes,
    table: list[list[str]],
    targets: list[str],
    use_rows: bool,
) -> None:
    client = Client(raise_request_exception=True)
    client.force_login(world.alice)
    if use_rows:
        content = csv_bytes([HEADINGS, *table])
    file = io.BytesIO(content)
    file.name = "answers.csv"
    before = Response.objects.filter(survey=survey).count()
    uploaded = client.post(reverse("surveys:response_import", args=[survey.pk]), {"file": file})
    assert uploaded.status_code in (200, 302)
    if uploaded.status_code == 200:
        return
    columns_url = uploaded["Location"].replace("/check/", "/columns/")
    page = client.get(columns_url)
    assert page.status_code == 200
    names = re.findall(r'<select name="(column_\d+)"', page.content.decode())
    mapped = client.post(
        columns_url, dict(zip(names, (t or "ignore" for t in targets), strict=False))
    )
    assert mapped.status_code in (200, 302)
    check_url = columns_url.replace("/columns/", "/check/")
    check = client.get(check_url)
    assert check.status_code in (200, 302)
    digest = re.search(r'name="mapping" value="([^"]+)"', check.content.decode())
    if check.status_code == 302 or digest is None:
        assert Response.objects.filter(survey=survey).count() == before
        return
    rows_shown = int(re.search(r"has (\d+) response", check.content.decode()).group(1))  # type: ignore[union-attr]
    done = client.post(check_url, {"mapping": digest.group(1)})
    assert done.status_code == 302
    assert Response.objects.filter(survey=survey).count() == before + rows_shown
