"""Key figures in words: values with their unit in the reader's number format, differences,
and where a target stands ("2.5 percentage points to go …"), for the pages, the chart
summaries and the tables alike."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.core.numbers import rounded_text
from trinvis.indicators.models import Indicator
from trinvis.indicators.progress import Aim, Progress

Unit = Indicator.Unit


def number(indicator: Indicator, value: Decimal | float | None) -> str:
    """The bare number, rounded half up to the indicator's decimals, in the active locale."""
    if value is None:
        return "–"
    return rounded_text(value, indicator.decimals)


def value_text(indicator: Indicator, value: Decimal | float | None) -> str:
    """The number with its unit: "41.2 %", "12.5 months", "1,204"."""
    if value is None:
        return "–"
    text = number(indicator, value)
    if indicator.unit == Unit.PERCENT:
        return f"{text} %"
    units: dict[str, str] = {
        Unit.DAYS: _("%(number)s days"),
        Unit.WEEKS: _("%(number)s weeks"),
        Unit.MONTHS: _("%(number)s months"),
    }
    return units[indicator.unit] % {"number": text} if indicator.unit in units else text


def difference_text(indicator: Indicator, difference: Decimal) -> str:
    """A distance between two values of the indicator; per cent differ in percentage
    points."""
    text = number(indicator, abs(difference))
    if indicator.unit == Unit.PERCENT:
        return _("%(number)s percentage points") % {"number": text}
    return value_text(indicator, abs(difference))


def change_text(indicator: Indicator, difference: Decimal | None) -> str:
    """A signed change ("+2.5", "−1.0"): the column "since the zero point"."""
    if difference is None:
        return "–"
    rounded = round(difference, indicator.decimals)
    if not rounded:
        return number(indicator, 0)
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{number(indicator, abs(difference))}"


def day_text(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def progress_text(indicator: Indicator, progress: Progress, *, today: datetime.date) -> str:
    """Where a target stands, in words and numbers, from the latest value."""
    latest = progress.latest
    distance = progress.distance
    if latest is None or distance is None:
        return _("No figure yet to measure against.")
    facts = {
        "value": value_text(indicator, latest.value),
        "period": latest.period,
        "target": value_text(indicator, progress.target),
        "due": day_text(progress.due),
        "distance": difference_text(indicator, distance),
    }
    if distance <= 0:
        if progress.aim is Aim.EXACT or not round(distance, indicator.decimals):
            text = _("Met: the latest figure, %(value)s (%(period)s), is on the target.")
        else:
            text = _(
                "Met: the latest figure, %(value)s (%(period)s), is %(distance)s better than "
                "the target."
            )
        return text % facts
    if progress.aim is Aim.UP:
        text = _(
            "%(distance)s to go: the figure must rise from %(value)s (%(period)s) to "
            "%(target)s by %(due)s."
        )
    elif progress.aim is Aim.DOWN:
        text = _(
            "%(distance)s to go: the figure must fall from %(value)s (%(period)s) to "
            "%(target)s by %(due)s."
        )
    else:
        text = _(
            "%(distance)s from the target: the latest figure is %(value)s (%(period)s), the "
            "target %(target)s by %(due)s."
        )
    text %= facts
    if progress.missed(today):
        text += " " + _("The date has passed without the target being reached.")
    return text


def status_text(indicator: Indicator, progress: Progress, *, today: datetime.date) -> str:
    """Where a target stands in a few words, for overviews."""
    if progress.reached_in is not None:
        return _("Reached in %(period)s") % {"period": progress.reached_in.period}
    distance = progress.distance
    if distance is None:
        return _("No figure yet")
    if distance <= 0:
        return _("Met in %(period)s") % {
            "period": progress.latest.period if progress.latest else ""
        }
    if progress.missed(today):
        return _("Not reached by the date")
    return _("%(distance)s to go") % {"distance": difference_text(indicator, distance)}
