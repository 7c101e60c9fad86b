"""The indicator page's charts: the trend with the zero point and targets, and the
comparison with the country and the size class. Each is a line chart with its figures as a
table and a summary in words (reports/chart.html)."""

import datetime
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from trinvis.indicators import periods
from trinvis.indicators.models import Baseline, Indicator
from trinvis.indicators.presentation import day_text, number, progress_text, value_text
from trinvis.indicators.progress import Observation, period_containing
from trinvis.indicators.selectors import Place, TargetProgress
from trinvis.indicators.selectors_compare import Comparison
from trinvis.organisations.models import Organisation
from trinvis.reports.charts import ChartFigure, Series
from trinvis.reports.charts.lines import LineChart

TICKS = 4  # about this many steps on the value axis


def nice_scale(numbers: Iterable[float], *, percent: bool = False) -> tuple[int, int, int]:
    """Whole-number bounds and tick step around `numbers`: steps of 1, 2 or 5 times a power
    of ten, about `TICKS` of them; a share stays within 0–100."""
    values = list(numbers) or [0.0]
    lowest, highest = min(values), max(values)
    span = highest - lowest or max(abs(highest), 1.0)
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    low = math.floor(lowest / step) * step
    high = math.ceil(highest / step) * step
    if high == low:
        high += step
    if lowest >= 0:
        low = max(low, 0)
    if percent:
        low, high = max(low, 0), max(min(high, 100), math.ceil(highest))
    return int(low), int(high), step


def _points(texts: Iterable[str]) -> list[str]:
    """The chart's periods in time order, the gaps between them filled when they are of one
    kind, so the distance between points is the time between them."""
    parsed = sorted({periods.parse(text) for text in texts})
    kinds = {period.kind for period in parsed}
    if len(kinds) != 1:
        return [period.text for period in parsed]
    kind = kinds.pop()
    points, day = [], parsed[0].start
    while day <= parsed[-1].start:
        points.append(period_containing(day, kind))
        day = periods.end(periods.parse(points[-1])) + datetime.timedelta(days=1)
    return points


def trend_figure(
    *,
    indicator: Indicator,
    place: Place,
    series: Sequence[Observation],
    baseline: Baseline | None,
    targets: Sequence[TargetProgress],
    breakdown: str,
    today: datetime.date,
) -> ChartFigure | None:
    """The values over time, with the zero point as a level line and the targets at their
    dates; None without values."""
    if not series:
        return None
    kind = periods.parse(series[0].period).kind
    due_points = {period_containing(item.target.due, kind): item.target for item in targets}
    points = _points([*(observation.period for observation in series), *due_points])
    values = {observation.period: float(observation.value) for observation in series}
    lines = [Series(place.name, [values.get(point) for point in points])]
    numbers = list(values.values())
    if baseline is not None:
        lines.append(Series(_("Zero point"), [float(baseline.value)] * len(points)))
        numbers.append(float(baseline.value))
    if due_points:
        target_values = {point: float(target.value) for point, target in due_points.items()}
        lines.append(Series(_("Targets"), [target_values.get(point) for point in points]))
        numbers += target_values.values()
    low, high, step = nice_scale(numbers, percent=indicator.unit == Indicator.Unit.PERCENT)
    summary = _trend_summary(indicator, place, series, baseline, targets, breakdown, today)
    unit = indicator.get_unit_display()
    chart = LineChart(
        points=points,
        series=lines,
        description=summary,
        low=low,
        high=high,
        tick_step=step,
        legend_title=_("Line"),
        point_title=_("Period"),
        value_title=str(unit),
        series_title=_("Line"),
    )
    return ChartFigure(
        id="trend",
        chart=chart,
        caption=_("%(indicator)s, %(place)s (%(breakdown)s)")
        % {"indicator": indicator.label, "place": place.name, "breakdown": breakdown},
        summary=summary,
        row_header=_("Period"),
        columns=[line.name for line in lines],
        rows=[
            (point, [number(indicator, line.values[index]) for line in lines])
            for index, point in enumerate(points)
        ],
    )


def _trend_summary(
    indicator: Indicator,
    place: Place,
    series: Sequence[Observation],
    baseline: Baseline | None,
    targets: Sequence[TargetProgress],
    breakdown: str,
    today: datetime.date,
) -> str:
    first, last = series[0], series[-1]
    parts = [
        _(
            "%(indicator)s in %(place)s (%(breakdown)s), %(first)s to %(last)s: from "
            "%(from)s to %(to)s."
        )
        % {
            "indicator": indicator.label,
            "place": place.name,
            "breakdown": breakdown,
            "first": first.period,
            "last": last.period,
            "from": value_text(indicator, first.value),
            "to": value_text(indicator, last.value),
        }
    ]
    if baseline is not None:
        parts.append(
            _("Zero point %(period)s: %(value)s.")
            % {"period": baseline.period, "value": value_text(indicator, baseline.value)}
        )
    for item in targets:
        parts.append(
            _("Target %(value)s by %(due)s: %(state)s")
            % {
                "value": value_text(indicator, item.target.value),
                "due": day_text(item.target.due),
                "state": progress_text(indicator, item.progress, today=today),
            }
        )
    return " ".join(parts)


def size_class_label(size_class: str | None) -> str:
    return str(Organisation.SizeClass(size_class).label) if size_class else ""


def comparison_figure(
    *, indicator: Indicator, comparison: Comparison, breakdown: str
) -> ChartFigure | None:
    """The municipality, its country and the average of the other municipalities of its
    size, period by period; None without values."""
    if not comparison.periods:
        return None
    place = comparison.place
    country = str(Organisation.Country(place.country).label)
    average = [figure.mean for figure in comparison.classes] or [None] * len(comparison.periods)
    median = [figure.median for figure in comparison.classes] or [None] * len(comparison.periods)
    counts = [figure.count for figure in comparison.classes] or [0] * len(comparison.periods)
    class_name = _("Same size, average")
    lines = [
        Series(place.name, _floats(comparison.own)),
        Series(country, _floats(comparison.national)),
        Series(class_name, _floats(average)),
    ]
    numbers = [value for line in lines for value in line.values if value is not None]
    low, high, step = nice_scale(numbers, percent=indicator.unit == Indicator.Unit.PERCENT)
    summary = _comparison_summary(indicator, comparison, country, breakdown)
    chart = LineChart(
        points=comparison.periods,
        series=lines,
        description=summary,
        low=low,
        high=high,
        tick_step=step,
        legend_title=_("Line"),
        point_title=_("Period"),
        value_title=str(indicator.get_unit_display()),
        series_title=_("Line"),
    )
    return ChartFigure(
        id="comparison",
        chart=chart,
        caption=_("%(place)s compared with %(country)s and municipalities of the same size")
        % {"place": place.name, "country": country},
        summary=summary,
        row_header=_("Period"),
        columns=[
            place.name,
            country,
            _("Average of municipalities of the same size"),
            _("Median of municipalities of the same size"),
            _("Municipalities in the average"),
        ],
        rows=[
            (
                period,
                [
                    number(indicator, comparison.own[index]),
                    number(indicator, comparison.national[index]),
                    number(indicator, average[index]),
                    number(indicator, median[index]),
                    str(counts[index]) if counts[index] else _("left out"),
                ],
            )
            for index, period in enumerate(comparison.periods)
        ],
        open_table=True,
    )


def _floats(values: Sequence[Decimal | None]) -> list[float | None]:
    return [None if value is None else float(value) for value in values]


def _comparison_summary(
    indicator: Indicator, comparison: Comparison, country: str, breakdown: str
) -> str:
    last = len(comparison.periods) - 1
    latest_class = comparison.classes[last] if comparison.classes else None
    text = _(
        "%(indicator)s (%(breakdown)s), %(period)s: %(place)s %(own)s, %(country)s %(national)s."
    ) % {
        "indicator": indicator.label,
        "breakdown": breakdown,
        "period": comparison.periods[last],
        "place": comparison.place.name,
        "own": value_text(indicator, comparison.own[last]),
        "country": country,
        "national": value_text(indicator, comparison.national[last]),
    }
    if latest_class is not None and not latest_class.suppressed:
        text += " " + _(
            "Average of %(count)s other municipalities of the same size: %(average)s."
        ) % {"count": latest_class.count, "average": value_text(indicator, latest_class.mean)}
    return text
