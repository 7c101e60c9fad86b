"""Numbers are rounded half up, not cut off, and written in the reader's language."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import get_format

from trinvis.core.numbers import rounded_text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "1.234.567,3"), ("nb", "1\xa0234\xa0567,3"), ("en", "1,234,567.3")],
)
def test_the_language_gives_the_separators(language, expected):
    with translation.override(language):
        assert rounded_text(Decimal("1234567.25"), 1) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("41.26"), 1, "41.3"),
        (Decimal("41.25"), 1, "41.3"),
        (Decimal("41.24"), 1, "41.2"),
        (66.666, 0, "67"),
        (2.5, 0, "3"),
        (0.5, 0, "1"),
        (-2.5, 0, "-3"),
        (-0.04, 1, "0.0"),
        (Decimal("-0.0001"), 0, "0"),
        (7, 2, "7.00"),
        (Decimal("0.1") + Decimal("0.2"), 3, "0.300"),
        (Decimal("999.96"), 1, "1,000.0"),
    ],
)
def test_values_are_rounded_half_up(value, places, expected):
    with translation.override("en"):
        assert rounded_text(value, places) == expected


@pytest.mark.parametrize("value", [66.666, 2.5, 0.5, 12.345, 99.95, 1.005])
def test_percentages_read_as_in_the_question_tables(value):
    # The question tables write their shares with `floatformat`; the charts' tables too now.
    with translation.override("da"):
        assert rounded_text(value, 0) == floatformat(value, 0)
        assert rounded_text(value, 1) == floatformat(value, 1)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_groups_by_three(language):
    assert get_format("NUMBER_GROUPING", language) == 3
