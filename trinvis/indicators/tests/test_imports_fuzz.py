"""Whatever the file: random bytes, broken workbooks, random rows of good and bad cells under
a random mapping. The check never fails with anything but its reported problems, an import
stores every value or none (and agrees with the check), and the pages never answer with a
server error."""

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conftest import World
from trinvis.core.imports.reading import read_headings
from trinvis.core.tests.hostile_files import hostile_csv, hostile_xlsx, xlsx_bytes
from trinvis.indicators.imports import (
    ColumnMapping,
    ImportFailed,
    values_import,
    values_import_check,
)
from trinvis.indicators.models import Area, ImportBatch, Indicator, Value
from trinvis.indicators.tests.factories import shipped
from trinvis.indicators.tests.test_imports import csv_bytes, workbook
from trinvis.indicators.tests.test_imports_pages import chosen

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADINGS = ["OMRÅDE", "KØN", "ALDER", "TID", "INDHOLD", "navn"]
GOOD_CELLS = [
    "",
    "..",
    "-",
    "000",
    "Hele landet",
    "101 København",
    "461",
    "0301 Oslo",
    "84",
    "Mænd",
    "I alt",
    "18-24 år",
    "2024",
    "2024K3",
    "2024M05",
    "12,5",
    "1.234,5",
    "1,234.5",
    "7",
]
cells = st.one_of(st.sampled_from(GOOD_CELLS), st.text(max_size=12))
good_rows = st.lists(
    st.tuples(
        st.sampled_from(["101 København", "461", "000", "Hele landet", "147", "84"]),
        st.sampled_from(["Mænd", "Kvinder", "I alt", ""]),
        st.sampled_from(["18-24 år", "I alt"]),
        st.sampled_from(["2023", "2024K3", "2024M05"]),
        st.sampled_from(["12,5", "..", "7", "1.234,5", "-"]),
        st.sampled_from(["", "Navn"]),
    ).map(list),
    max_size=5,
)
rows = st.one_of(
    st.lists(st.lists(cells, min_size=0, max_size=len(HEADINGS) + 1), max_size=12), good_rows
)
uses = st.sampled_from([*HEADINGS, "", "missing"])
mappings = st.builds(
    lambda area, period, value, name, gender, age, notation, national: {
        "area": area,
        "period": period,
        "value": value,
        "name": name,
        "breakdowns": {"gender": gender, "age_band": age},
        "national": national,
        "notation": notation,
    },
    uses,
    uses,
    uses,
    uses,
    uses,
    uses,
    st.sampled_from(["comma", "point"]),
    st.lists(st.sampled_from(["000", "0", "Hele landet", "I alt", "101"]), max_size=3),
)
files = st.one_of(
    st.binary(max_size=600),
    st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail),
    st.binary(max_size=400).map(lambda tail: "OMRÅDE;TID;INDHOLD\r\n".encode("cp1252") + tail),
    # Hostile files shared by every importer's fuzz test (issue 8): other encodings, byte
    # order marks, huge cells, formulas, columns missing or added, mutated workbooks.
    hostile_csv(HEADINGS, GOOD_CELLS).map(lambda upload: upload[1]),
    hostile_xlsx(xlsx_bytes([HEADINGS, GOOD_CELLS[: len(HEADINGS)]]), HEADINGS, GOOD_CELLS).map(
        lambda upload: upload[1]
    ),
)
SIMPLE = ColumnMapping(area="OMRÅDE", period="TID", value="INDHOLD", national=("000",))


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")
    with translation.override("en"):
        yield


@pytest.fixture
def indicator(world: World) -> Indicator:
    return shipped("work-education-right-after")


def _counts() -> tuple[int, int, int]:
    return Value.objects.count(), Area.objects.count(), ImportBatch.objects.count()


def _whole_or_nothing(
    world: World, indicator: Indicator, content: bytes, mapping: ColumnMapping, country: str
) -> None:
    """The check's verdict and the import agree, and a refused import leaves no trace."""
    before = _counts()
    check = values_import_check(
        indicator=indicator, country=country, rows_source=io.BytesIO(content), mapping=mapping
    )
    try:
        headings = read_headings(io.BytesIO(content))[0]
    except Exception:
        headings = []

    def run() -> Any:
        return values_import(
            by=world.alice,
            organisation=world.municipality_a,
            indicator=indicator,
            country=country,
            source="fuzz",
            file_name="fuzz.csv",
            headings=headings,
            rows_source=io.BytesIO(content),
            mapping=mapping,
        )

    event("imported" if check.importable else "refused")
    if not check.importable:
        assert check.problems or not check.values
        with pytest.raises(ImportFailed) as failed:
            run()
        assert failed.value.problems
        assert _counts() == before
        return
    result = run()
    assert (result.batch.rows, result.batch.created) == (check.values, check.new)
    assert result.skipped == check.skipped
    assert Value.objects.count() == before[0] + check.new
    assert Value.objects.filter(batch=result.batch).count() == check.values


@FUZZ
@given(content=files, country=st.sampled_from(["DK", "NO"]))
def test_random_bytes_never_crash_and_never_half_import(
    world: World, indicator: Indicator, content: bytes, country: str
) -> None:
    _whole_or_nothing(world, indicator, content, SIMPLE, country)


@FUZZ
@given(
    table=rows,
    mapping=mappings,
    excel=st.booleans(),
    country=st.sampled_from(["DK", "NO"]),
)
def test_random_rows_are_imported_whole_or_not_at_all(
    world: World,
    indicator: Indicator,
    table: list[list[str]],
    mapping: dict[str, Any],
    excel: bool,
    country: str,
) -> None:
    columns = ColumnMapping.from_json(
        {**mapping, "breakdowns": {k: v for k, v in mapping["breakdowns"].items() if v}}
    )
    if columns is None:  # a required use without a column: the form never gives one
        return
    if excel:  # characters a workbook cannot hold at all
        table = [[ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] for row in table]
    content = (
        workbook([HEADINGS, *table]) if excel else csv_bytes([HEADINGS, *table], encoding="utf-8")
    )
    _whole_or_nothing(world, indicator, content, columns, country)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    content=files,
    table=rows,
    use_rows=st.booleans(),
    changes=st.dictionaries(
        st.sampled_from(["area", "period", "value", "name", "breakdown_gender"]),
        st.sampled_from(["0", "1", "3", "4", "5", "none", ""]),
        max_size=2,
    ),
)
def test_the_pages_never_answer_with_a_server_error(
    world: World,
    indicator: Indicator,
    content: bytes,
    table: list[list[str]],
    use_rows: bool,
    changes: dict[str, str],
) -> None:
    client = Client(raise_request_exception=True)
    client.force_login(world.alice)
    if use_rows:
        content = csv_bytes([HEADINGS, *table], encoding="utf-8")
    file = io.BytesIO(content)
    file.name = "figures.csv"
    before = _counts()
    uploaded = client.post(
        reverse("indicators:import_upload"),
        {
            "file": file,
            "indicator": indicator.pk,
            "organisation": world.municipality_a.pk,
            "country": "DK",
        },
    )
    assert uploaded.status_code in (200, 302)
    if uploaded.status_code == 200:
        return
    columns_url = uploaded["Location"]
    page = client.get(columns_url)
    assert page.status_code == 200
    guessed = chosen(page)
    # The guessed columns, some of them changed at random.
    mapped = client.post(columns_url, {**guessed, **changes, "national": "000"})
    assert mapped.status_code in (200, 302)
    check_url = columns_url.replace("/columns/", "/check/")
    check = client.get(check_url)
    assert check.status_code in (200, 302)
    digest = re.search(r'name="mapping" value="([^"]+)"', check.content.decode())
    if check.status_code == 302 or digest is None:
        assert _counts() == before
        return
    event("confirmed")
    done = client.post(check_url, {"mapping": digest.group(1)})
    assert done.status_code == 302
    assert ImportBatch.objects.count() == before[2] + 1
