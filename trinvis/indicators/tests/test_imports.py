"""Importing key figures (imports/service.py): a Statistics Denmark-like CSV file and a
Statistics Norway-like workbook, areas created and linked, the national row, re-importing
updates in place, all or nothing with every problem by row and column, the mapping
remembered, and a fixed number of queries per chunk."""

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from conftest import World
from trinvis.core.imports.reading import read_headings
from trinvis.indicators.imports import (
    ColumnMapping,
    ImportFailed,
    guess_mapping,
    remembered_mapping,
    values_import,
    values_import_check,
)
from trinvis.indicators.imports import service as import_service
from trinvis.indicators.models import Area, ImportBatch, Indicator, Value
from trinvis.indicators.tests.factories import shipped

# A table as Statistics Denmark's bank exports it in Danish: semicolons, Windows-1252,
# "number name" areas, decimal commas, ".." for a figure that is not available.
DST_ROWS = [
    ["OMRÅDE", "KØN", "TID", "INDHOLD"],
    ["000 Hele landet", "Mænd", "2023", "55,2"],
    ["000 Hele landet", "Kvinder", "2023", "48,9"],
    ["000 Hele landet", "Køn i alt", "2023", "52,1"],
    ["101 København", "Mænd", "2023", "51,3"],
    ["101 København", "Kvinder", "2023", ".."],
    ["461 Odense", "Mænd", "2023", "1.234,5"],
    ["461 Odense", "Kvinder", "2023", "47,0"],
    ["461 Odense", "I alt", "2023", "49,25"],
]
DST_MAPPING = ColumnMapping(
    area="OMRÅDE",
    period="TID",
    value="INDHOLD",
    breakdowns={"gender": "KØN"},
    national=("000", "Hele landet"),
)
# Statistics Norway's bank as a workbook: quarters, numbers stored as numbers, two breakdowns.
SSB_ROWS: list[list[Any]] = [
    ["region", "alder", "kjønn", "kvartal", "Personer"],
    ["4601 Bergen", "18-24 år", "Menn", "2024K3", 120],
    ["4601 Bergen", "18-24 år", "Kvinner", "2024K3", 98],
    ["4601 Bergen", "25-66 år", "Menn", "2024K3", 410.5],
    ["0301 Oslo", "18-24 år", "Menn", "2024K3", 300],
    [301, "Alle aldre", "Begge kjønn", "2024K4", 1200],
    ["0 Hele landet", "Alle aldre", "Begge kjønn", "2024K3", 52000],
]
SSB_MAPPING = ColumnMapping(
    area="region",
    period="kvartal",
    value="Personer",
    breakdowns={"age_band": "alder", "gender": "kjønn"},
    national=("0", "Hele landet"),
)


def csv_bytes(rows: Sequence[Sequence[str]], *, encoding: str = "cp1252", sep: str = ";") -> bytes:
    return ("\r\n".join(sep.join(row) for row in rows) + "\r\n").encode(encoding)


def workbook(rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(
    world: World,
    indicator: Indicator,
    content: bytes,
    mapping: ColumnMapping,
    *,
    country: str = "DK",
    source: str = "Statistics Denmark, table INT01",
    name: str = "int01.csv",
) -> Any:
    headings = read_headings(io.BytesIO(content))[0]
    return values_import(
        by=world.alice,
        organisation=world.municipality_a,
        indicator=indicator,
        country=country,
        source=source,
        file_name=name,
        headings=headings,
        rows_source=io.BytesIO(content),
        mapping=mapping,
    )


def stored(indicator: Indicator) -> dict[tuple[str, str, str], Decimal]:
    return {
        (v.area.code, v.period, v.breakdown_key): v.value
        for v in Value.objects.filter(indicator=indicator).select_related("area")
    }


def test_a_statistics_denmark_csv_is_imported_with_areas_national_row_and_breakdowns(
    world: World,
) -> None:
    indicator = shipped("work-education-right-after")
    content = csv_bytes(DST_ROWS)

    check = values_import_check(
        indicator=indicator, country="DK", rows_source=io.BytesIO(content), mapping=DST_MAPPING
    )
    assert check.importable, check.problems
    assert (check.values, check.new, check.updated, check.skipped) == (7, 7, 0, 1)
    assert check.new_areas == 3
    first = check.sample[0]
    assert (first.row, first.area_code, first.period, first.breakdown, first.value) == (
        2,
        "",
        "2023",
        {"gender": "Mænd"},
        Decimal("55.2"),
    )
    assert Value.objects.count() == 0 and Area.objects.count() == 0, "a check stores nothing"

    result = run_import(world, indicator, content, DST_MAPPING)

    assert result.skipped == 1
    batch = result.batch
    assert (batch.rows, batch.created, batch.updated) == (7, 7, 0)
    assert batch.imported_by == world.alice and batch.organisation == world.municipality_a
    assert batch.mapping["area"] == "OMRÅDE" and batch.mapping["country"] == "DK"
    assert stored(indicator) == {
        ("", "2023", "gender=Mænd"): Decimal("55.2"),
        ("", "2023", "gender=Kvinder"): Decimal("48.9"),
        ("", "2023", ""): Decimal("52.1"),
        ("101", "2023", "gender=Mænd"): Decimal("51.3"),
        ("461", "2023", "gender=Mænd"): Decimal("1234.5"),
        ("461", "2023", "gender=Kvinder"): Decimal("47"),
        ("461", "2023", ""): Decimal("49.25"),
    }
    areas = {area.code: area for area in Area.objects.all()}
    assert areas[""].kind == Area.Kind.COUNTRY and areas[""].name == "Hele landet"
    assert areas["101"].name == "København" and areas["101"].organisation is None
    assert areas["461"].organisation == world.municipality_a, "linked to municipality A"
    value = Value.objects.get(area=areas["461"], breakdown_key="gender=Kvinder")
    assert value.source == "Statistics Denmark, table INT01" and value.batch == batch
    assert value.imported_at == batch.imported_at and value.period_start.isoformat() == (
        "2023-01-01"
    )


def test_a_statistics_norway_workbook_with_quarters_and_two_breakdowns(world: World) -> None:
    indicator = shipped("job-ready")
    result = run_import(
        world, indicator, workbook(SSB_ROWS), SSB_MAPPING, country="NO", name="ssb.xlsx"
    )
    assert (result.batch.rows, result.batch.created) == (6, 6)
    values = stored(indicator)
    assert values[("4601", "2024K3", "age_band=18-24 år;gender=Menn")] == Decimal("120")
    assert values[("4601", "2024K3", "age_band=25-66 år;gender=Menn")] == Decimal("410.5")
    assert values[("0301", "2024K4", "")] == Decimal("1200"), "301 from Excel is Oslo, 0301"
    assert values[("", "2024K3", "")] == Decimal("52000")
    assert Area.objects.get(country="NO", code="4601").organisation == world.municipality_b
    assert Value.objects.get(area__code="0301", period="2024K4").period_start.month == 10


def test_reimporting_the_same_period_updates_in_place(world: World) -> None:
    indicator = shipped("work-education-right-after")
    first = run_import(world, indicator, csv_bytes(DST_ROWS), DST_MAPPING).batch
    stamp = Value.objects.get(area__code="101").imported_at
    changed = [row[:] for row in DST_ROWS]
    changed[4][3] = "60,0"  # København, men: a corrected figure
    changed.append(["147 Frederiksberg", "Mænd", "2023", "50"])
    changed.append(["101 København", "Mænd", "2024", "52"])

    check = values_import_check(
        indicator=indicator,
        country="DK",
        rows_source=io.BytesIO(csv_bytes(changed)),
        mapping=DST_MAPPING,
    )
    assert (check.values, check.new, check.updated, check.new_areas) == (9, 2, 7, 1)
    second = run_import(
        world, indicator, csv_bytes(changed), DST_MAPPING, source="DST, corrected"
    ).batch

    assert (second.rows, second.created, second.updated) == (9, 2, 7)
    assert Value.objects.filter(indicator=indicator).count() == 9, "no duplicates"
    again = Value.objects.get(area__code="101", period="2023")
    assert again.value == Decimal("60") and again.batch == second
    assert again.imported_at > stamp and again.imported_at == second.imported_at
    assert again.source == "DST, corrected"
    assert ImportBatch.objects.filter(pk=first.pk).exists(), "the first import stays recorded"


def test_one_bad_row_stores_nothing_and_every_problem_is_listed(world: World) -> None:
    indicator = shipped("work-education-right-after")
    rows = [
        *DST_ROWS,
        ["461 Odense", "Mænd", "2023K5", "1,5"],
        ["4610 Odense", "Mænd", "2022", "abc"],
        ["Odense", "Mænd", "2021", "1.5"],
        ["461 Odense", "Mænd", "2023", "3,0"],
    ]
    content = csv_bytes(rows)
    check = values_import_check(
        indicator=indicator, country="DK", rows_source=io.BytesIO(content), mapping=DST_MAPPING
    )
    assert not check.importable
    found = {(p.row, p.column) for p in check.problems}
    assert found == {
        (10, "TID"),
        (11, "OMRÅDE"),
        (11, "INDHOLD"),
        (12, "OMRÅDE"),
        (12, "INDHOLD"),
        (13, ""),
    }
    messages = {(p.row, p.column): p.message for p in check.problems}
    assert "is not a period" in messages[(10, "TID")]
    assert "3 digits" in messages[(11, "OMRÅDE")]
    assert "has no municipality number" in messages[(12, "OMRÅDE")]
    assert "comma" in messages[(12, "INDHOLD")]
    assert "Row 7 already has a value" in messages[(13, "")]

    with pytest.raises(ImportFailed) as failed:
        run_import(world, indicator, content, DST_MAPPING)
    assert {(p.row, p.column) for p in failed.value.problems} == found
    assert not Value.objects.exists() and not Area.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_repeated_row_names_the_unmapped_column_that_tells_them_apart(world: World) -> None:
    indicator = shipped("work-education-right-after")
    rows = [
        ["OMRÅDE", "KØN", "TID", "INDHOLD"],
        ["461 Odense", "Mænd", "2023", "1"],
        ["461 Odense", "Kvinder", "2023", "2"],
    ]
    mapping = ColumnMapping(area="OMRÅDE", period="TID", value="INDHOLD")
    check = values_import_check(
        indicator=indicator, country="DK", rows_source=io.BytesIO(csv_bytes(rows)), mapping=mapping
    )
    [problem] = check.problems
    assert problem.row == 3 and "“KØN” tells the two rows apart" in problem.message


def test_a_mapping_that_does_not_fit_the_file_is_reported_by_column(world: World) -> None:
    indicator = shipped("population")  # no breakdowns
    mapping = ColumnMapping(
        area="OMRÅDE", period="Periode", value="INDHOLD", breakdowns={"gender": "KØN"}
    )
    check = values_import_check(
        indicator=indicator,
        country="DK",
        rows_source=io.BytesIO(csv_bytes(DST_ROWS)),
        mapping=mapping,
    )
    assert {(p.row, p.column) for p in check.problems} == {(None, "Periode"), (None, "KØN")}


def test_an_export_in_english_notation_and_utf8_with_bom(world: World) -> None:
    indicator = shipped("population")
    content = '\ufeffArea,Time,Value\n101 Copenhagen,2024,"1,234.5"\n'.encode()
    guessed = guess_mapping(["Area", "Time", "Value"], indicator=indicator, country="DK")
    mapping = ColumnMapping.from_json({**guessed, "notation": "point"})
    assert mapping is not None and (mapping.area, mapping.period, mapping.value) == (
        "Area",
        "Time",
        "Value",
    )
    run_import(world, indicator, content, mapping)
    assert stored(indicator) == {("101", "2024", ""): Decimal("1234.5")}


def test_the_mapping_is_guessed_from_statistics_headings(world: World) -> None:
    guessed = guess_mapping(
        ["region", "kommunenavn", "alder", "kjønn", "kvartal", "statistikkvariabel", "verdi"],
        indicator=shipped("job-ready"),
        country="NO",
    )
    assert guessed["area"] == "region" and guessed["name"] == "kommunenavn"
    assert guessed["period"] == "kvartal" and guessed["value"] == "verdi"
    assert (guessed["age_band"], guessed["gender"]) == ("alder", "kjønn")
    assert "Hele landet" in guessed["national"]


def test_a_value_heading_naming_its_variable_is_the_value_not_a_breakdown(
    world: World,
) -> None:
    # Statistics Norway's export: the value column is headed by the variable and its unit.
    indicator = shipped("work-education-right-after")
    guessed = guess_mapping(
        ["region", "statistikkvariabel", "år", "Personer i arbeid eller utdanning (prosent)"],
        indicator=indicator,
        country="NO",
    )
    assert guessed["value"] == "Personer i arbeid eller utdanning (prosent)"
    assert (guessed["area"], guessed["period"]) == ("region", "år")
    assert not set(indicator.breakdowns) & set(guessed)


def test_the_mapping_is_remembered_per_organisation_indicator_and_headings(
    world: World,
) -> None:
    indicator = shipped("work-education-right-after")
    headings = DST_ROWS[0]
    assert (
        remembered_mapping(
            organisation=world.municipality_a, indicator=indicator, headings=headings
        )
        is None
    )
    run_import(world, indicator, csv_bytes(DST_ROWS), DST_MAPPING)

    # Case and spacing of the headings do not matter; the organisation and key figure do.
    assert (
        remembered_mapping(
            organisation=world.municipality_a,
            indicator=indicator,
            headings=[" område", *headings[1:]],
        )
        == DST_MAPPING
    )
    assert (
        remembered_mapping(
            organisation=world.municipality_b, indicator=indicator, headings=headings
        )
        is None
    )
    assert (
        remembered_mapping(
            organisation=world.municipality_a, indicator=shipped("population"), headings=headings
        )
        is None
    )


def test_the_confirm_step_needs_a_fixed_number_of_queries_per_chunk(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunk = 40
    monkeypatch.setattr(import_service, "CHUNK", chunk)
    indicator = shipped("population")
    header = ["OMRÅDE", "TID", "INDHOLD"]

    def queries_for(municipalities: int, start: int) -> int:
        rows = [header] + [
            [f"{100 + n} Kommune {n}", str(year), "1000"]
            for n in range(municipalities)
            for year in (start, start + 1)
        ]
        mapping = ColumnMapping(area="OMRÅDE", period="TID", value="INDHOLD")
        with CaptureQueriesContext(connection) as queries:
            run_import(world, indicator, csv_bytes(rows), mapping)
        return len(queries)

    few = queries_for(10, 2000)  # 20 values: one chunk
    many = queries_for(300, 2010)  # 600 values: 15 chunks
    per_chunk = 7  # areas looked up, created, re-read, organisations, existing values, upsert…
    assert many <= few + per_chunk * (600 // chunk), (few, many)
    assert Value.objects.filter(indicator=indicator).count() == 620


def test_an_empty_file_or_one_without_figures_imports_nothing(world: World) -> None:
    indicator = shipped("population")
    mapping = ColumnMapping(area="OMRÅDE", period="TID", value="INDHOLD")
    for rows in (
        [["OMRÅDE", "TID", "INDHOLD"]],
        [["OMRÅDE", "TID", "INDHOLD"], ["101", "2024", ".."]],
    ):
        check = values_import_check(
            indicator=indicator,
            country="DK",
            rows_source=io.BytesIO(csv_bytes(rows)),
            mapping=mapping,
        )
        assert not check.importable and check.problems
        with pytest.raises(ImportFailed):
            run_import(world, indicator, csv_bytes(rows), mapping)
    assert not Value.objects.exists()
