import datetime

import pytest

from trinvis.indicators.periods import Kind, PeriodError, end, parse


@pytest.mark.parametrize(
    ("text", "normal", "kind", "start"),
    [
        ("2024", "2024", Kind.YEAR, datetime.date(2024, 1, 1)),
        (2024, "2024", Kind.YEAR, datetime.date(2024, 1, 1)),
        (2024.0, "2024", Kind.YEAR, datetime.date(2024, 1, 1)),
        (" 2024K3 ", "2024K3", Kind.QUARTER, datetime.date(2024, 7, 1)),
        ("2024Q1", "2024K1", Kind.QUARTER, datetime.date(2024, 1, 1)),
        ("2024k4", "2024K4", Kind.QUARTER, datetime.date(2024, 10, 1)),
        ("2024M05", "2024M05", Kind.MONTH, datetime.date(2024, 5, 1)),
        ("2024M5", "2024M05", Kind.MONTH, datetime.date(2024, 5, 1)),
        ("2024-12", "2024M12", Kind.MONTH, datetime.date(2024, 12, 1)),
    ],
)
def test_periods_are_read_and_normalised(text, normal, kind, start) -> None:
    period = parse(text)
    assert (period.text, period.kind, period.start) == (normal, kind, start)


@pytest.mark.parametrize("text", ["", "24", "2024K5", "2024K0", "2024M13", "2024M00", "202", "x"])
def test_other_text_is_no_period(text) -> None:
    with pytest.raises(PeriodError):
        parse(text)


def test_a_period_ends_on_its_last_day() -> None:
    assert end(parse("2024")) == datetime.date(2024, 12, 31)
    assert end(parse("2024K1")) == datetime.date(2024, 3, 31)
    assert end(parse("2024M02")) == datetime.date(2024, 2, 29)
    assert end(parse("2024M12")) == datetime.date(2024, 12, 31)


def test_periods_sort_by_date() -> None:
    texts = ["2024M02", "2023K4", "2024M01"]
    assert [str(period) for period in sorted(map(parse, texts))] == ["2023K4", "2024M01", "2024M02"]
