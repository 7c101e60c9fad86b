"""One cell of a statistics export (imports/cells.py): numbers by the file's notation, the
symbols for no figure, areas by number (with a name, a lost leading zero, the whole
country, a region), periods and breakdown categories."""

from decimal import Decimal

import pytest

from trinvis.core.imports.reading import NumberCell
from trinvis.indicators.imports.cells import (
    COMMA,
    NATIONAL_DEFAULTS,
    POINT,
    AreaCell,
    CellError,
    national_codes,
    read_area,
    read_category,
    read_period,
    read_value,
)
from trinvis.indicators.models import Area


@pytest.mark.parametrize(
    ("cell", "notation", "number"),
    [
        ("12,5", COMMA, "12.5"),
        ("1.234,5", COMMA, "1234.5"),
        ("1 234 567", COMMA, "1234567"),
        ("1\u00a0234,25", COMMA, "1234.25"),
        ("1.234", COMMA, "1234"),
        ("1,234", COMMA, "1.234"),
        ("\u22124,5", COMMA, "-4.5"),
        ("-4,5", COMMA, "-4.5"),
        ("55,2 %", COMMA, "55.2"),
        ("1,234.5", POINT, "1234.5"),
        ("12.5", POINT, "12.5"),
        ("0,123456", COMMA, "0.1235"),
        (NumberCell("12.5"), COMMA, "12.5"),  # a workbook's number is a number
        (NumberCell("1234"), POINT, "1234"),
    ],
)
def test_numbers_are_read_by_the_files_notation(cell: str, notation: str, number: str) -> None:
    assert read_value(cell, notation) == Decimal(number)


@pytest.mark.parametrize(
    ("cell", "notation"),
    [
        ("1.5", COMMA),  # neither a decimal comma nor a group of thousands
        ("12.34.5", COMMA),
        ("1,5", POINT),
        ("abc", COMMA),
        ("1e5", COMMA),
        ("Infinity", POINT),
        (NumberCell("nan"), COMMA),
        ("123456789012345", COMMA),  # more than Value.value holds
    ],
)
def test_other_text_is_a_problem_not_a_guess(cell: str, notation: str) -> None:
    with pytest.raises(CellError):
        read_value(cell, notation)


@pytest.mark.parametrize("cell", ["", " ", ".", "..", "...", ":"])
def test_the_symbols_for_no_figure_are_no_figure(cell: str) -> None:
    assert read_value(cell, COMMA) is None


@pytest.mark.parametrize("cell", ["-", " – ", "—"])
def test_a_dash_is_nil_a_real_zero(cell: str) -> None:
    assert read_value(cell, COMMA) == 0


DK = national_codes(NATIONAL_DEFAULTS["DK"])
NO = national_codes(NATIONAL_DEFAULTS["NO"])


@pytest.mark.parametrize(
    ("cell", "country", "area"),
    [
        ("101 København", "DK", AreaCell("101", "København", Area.Kind.MUNICIPALITY)),
        ("101", "DK", AreaCell("101", "", Area.Kind.MUNICIPALITY)),
        ("461: Odense", "DK", AreaCell("461", "Odense", Area.Kind.MUNICIPALITY)),
        ("084 Region Hovedstaden", "DK", AreaCell("084", "Region Hovedstaden", Area.Kind.REGION)),
        ("84", "DK", AreaCell("084", "", Area.Kind.REGION)),
        ("0301 Oslo", "NO", AreaCell("0301", "Oslo", Area.Kind.MUNICIPALITY)),
        ("K-0301 Oslo", "NO", AreaCell("0301", "Oslo", Area.Kind.MUNICIPALITY)),
        ("301", "NO", AreaCell("0301", "", Area.Kind.MUNICIPALITY)),
        (NumberCell("4601"), "NO", AreaCell("4601", "", Area.Kind.MUNICIPALITY)),
        ("46 Vestland", "NO", AreaCell("46", "Vestland", Area.Kind.REGION)),
        ("000", "DK", AreaCell("", "", Area.Kind.COUNTRY)),
        ("000 Hele landet", "DK", AreaCell("", "Hele landet", Area.Kind.COUNTRY)),
        ("hele  LANDET", "NO", AreaCell("", "hele LANDET", Area.Kind.COUNTRY)),
        ("0 Hele landet", "NO", AreaCell("", "Hele landet", Area.Kind.COUNTRY)),
    ],
)
def test_areas_are_read_by_number(cell: str, country: str, area: AreaCell) -> None:
    national = DK if country == "DK" else NO
    assert read_area(cell, country=country, national=national) == area


@pytest.mark.parametrize(
    ("cell", "country", "message"),
    [
        ("4601 Bergen", "DK", "3 digits"),
        ("101 København", "NO", "4 digits"),
        ("12", "DK", "3 digits"),
        ("København", "DK", "no municipality number"),
        ("000", "NO", "whole country"),
    ],
)
def test_a_number_in_no_form_of_the_country_is_a_problem(
    cell: str, country: str, message: str
) -> None:
    national = DK if country == "DK" else NO
    with pytest.raises(CellError) as error:
        read_area(cell, country=country, national=national)
    assert message in error.value.message


def test_periods_and_a_spreadsheets_month_date() -> None:
    assert read_period("2024K3").text == "2024K3"
    assert read_period("2024-05-01T00:00:00").text == "2024M05"
    with pytest.raises(CellError, match="not a period"):
        read_period("2024-05-17")


@pytest.mark.parametrize(
    ("cell", "category"),
    [
        ("Mænd", "Mænd"),
        ("  18-24   år ", "18-24 år"),
        ("I alt", None),
        ("Alder i alt", None),
        ("Begge kjønn", None),
        ("", None),
    ],
)
def test_categories_are_kept_as_written_and_totals_are_none(
    cell: str, category: str | None
) -> None:
    assert read_category(cell) == category


def test_a_category_cannot_break_the_breakdown_key() -> None:
    with pytest.raises(CellError):
        read_category("a=b")


def test_a_long_name_is_cut_to_what_an_area_keeps() -> None:
    area = read_area("101 " + "x" * 300, country="DK", national=DK)
    assert area.code == "101" and len(area.name) == 200
