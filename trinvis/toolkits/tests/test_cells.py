"""Reading worksheet cells, one column type at a time."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.toolkits.cells import CellError, format_cell, parse_cell

CHOICES = {"internal": "Internal", "external": "External"}
PEOPLE = {7: "Alice Leader", 8: "Bob Employee"}


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "long_text",
        "person",
        "unit",
        "date",
        "status",
        "number",
        "scale_1_5",
        "scale_0_10",
        "choice",
    ],
)
@pytest.mark.parametrize("empty", [None, "", "   "])
def test_an_empty_cell_is_stored_as_none(kind: str, empty: str | None) -> None:
    assert parse_cell(kind, empty, options=CHOICES) is None


def test_text_is_trimmed_and_limited() -> None:
    assert parse_cell("text", "  Plan  ") == "Plan"
    assert parse_cell("text", 12.0) == "12"
    with pytest.raises(CellError, match="at most 500"):
        parse_cell("text", "x" * 501)
    assert parse_cell("long_text", "line one\r\nline two") == "line one\nline two"
    with pytest.raises(CellError):
        parse_cell("long_text", "x" * 10_001)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2027-03-31", "2027-03-31"),
        ("31.03.2027", "2027-03-31"),
        ("31/03/2027", "2027-03-31"),
        ("2027-03-31 00:00:00", "2027-03-31"),
        (datetime.date(2027, 3, 31), "2027-03-31"),
        (datetime.datetime(2027, 3, 31, 0, 0), "2027-03-31"),
    ],
)
def test_dates_are_read_in_common_forms(raw: object, stored: str) -> None:
    assert parse_cell("date", raw) == stored


@pytest.mark.parametrize("raw", ["tomorrow", "2027-02-30", "31.13.2027", "5"])
def test_a_wrong_date_is_refused(raw: str) -> None:
    with pytest.raises(CellError, match="date"):
        parse_cell("date", raw)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("12", 12), ("12.5", 12.5), ("12,5", 12.5), ("1 000", 1000), (3, 3), (2.0, 2), ("-4", -4)],
)
def test_numbers_accept_decimal_comma_and_spaces(raw: object, stored: float) -> None:
    assert parse_cell("number", raw) == stored


@pytest.mark.parametrize("raw", ["twelve", "1.2.3", "nan", "inf", True, float("nan"), "1e20"])
def test_a_wrong_number_is_refused(raw: object) -> None:
    with pytest.raises(CellError):
        parse_cell("number", raw)


@given(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1))
def test_every_whole_number_in_range_reads_back(number: int) -> None:
    assert parse_cell("number", str(number)) == number
    assert parse_cell("number", number) == number


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e11, max_value=1e11))
def test_every_finite_float_reads_back_as_itself(number: float) -> None:
    assert parse_cell("number", number) == pytest.approx(number)


@given(st.integers())
def test_scale_1_5_accepts_exactly_one_to_five(number: int) -> None:
    if 1 <= number <= 5:
        assert parse_cell("scale_1_5", str(number)) == number
    else:
        with pytest.raises(CellError, match="from 1 to 5"):
            parse_cell("scale_1_5", str(number))


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text()))
def test_scale_0_10_accepts_only_whole_numbers_zero_to_ten(raw: object) -> None:
    message = ""
    value = None
    try:
        value = parse_cell("scale_0_10", raw)
    except CellError as error:
        message = error.message
    if message:
        assert "from 0 to 10" in message
    else:
        assert value is None or (isinstance(value, int) and 0 <= value <= 10)


def test_scale_refuses_halves() -> None:
    with pytest.raises(CellError):
        parse_cell("scale_1_5", "2.5")
    assert parse_cell("scale_1_5", 4.0) == 4


def test_options_accept_key_or_label_in_any_case() -> None:
    assert parse_cell("choice", "internal", options=CHOICES) == "internal"
    assert parse_cell("choice", "EXTERNAL", options=CHOICES) == "external"
    assert parse_cell("person", "8", options=PEOPLE) == 8
    assert parse_cell("person", "alice leader", options=PEOPLE) == 7
    assert parse_cell("status", "done") == "done"
    assert parse_cell("status", "In progress") == "in_progress"


@pytest.mark.parametrize(("kind", "raw"), [("choice", "maybe"), ("person", "9"), ("status", "x")])
def test_an_unknown_option_is_refused(kind: str, raw: str) -> None:
    with pytest.raises(CellError, match="options"):
        parse_cell(
            kind, raw, options=CHOICES if kind == "choice" else PEOPLE if kind == "person" else None
        )


def test_format_cell_shows_labels() -> None:
    assert format_cell("choice", "internal", options=CHOICES) == "Internal"
    assert format_cell("person", 8, options=PEOPLE) == "Bob Employee"
    assert format_cell("status", "done") == "Done"
    assert format_cell("number", 12.5) == "12.5"
    assert format_cell("text", None) == ""
