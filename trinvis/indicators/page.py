"""What the indicator page shows for a place and breakdown, assembled from the selectors:
the trend with the zero point and targets, the small successes, the table of periods and
the comparison with the country and the size class."""

from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trinvis.core.markup import text
from trinvis.indicators.access import (
    may_write_in,
    may_write_indicator,
    readable_organisation_ids,
)
from trinvis.indicators.charts import comparison_figure, size_class_label, trend_figure
from trinvis.indicators.library import BREAKDOWNS, breakdown_key
from trinvis.indicators.links import ALL_PERIODS, indicator_url
from trinvis.indicators.models import Baseline, Indicator
from trinvis.indicators.presentation import change_text, progress_text, value_text
from trinvis.indicators.progress import Observation
from trinvis.indicators.selectors import (
    Place,
    PlaceChoice,
    TargetProgress,
    baseline_of,
    breakdown_label,
    breakdown_labels,
    breakdown_options,
    first_place,
    municipalities_of_user,
    place_choices,
    place_from_param,
    series_of,
    targets_progress,
)
from trinvis.indicators.selectors_compare import Comparison, comparison_of
from trinvis.indicators.sizes import municipality_areas
from trinvis.organisations.models import Organisation

MAX_CATEGORY = 100  # longer than any category a statistics file writes
# The periods the page shows unless asked for all: three years of monthly figures. A long
# monthly series (twelve years: 148 periods) made tables of that many rows three times over,
# more than a reader takes in, and most of the page's cost.
RECENT_PERIODS = 36


@dataclass(frozen=True)
class PeriodRow:
    observation: Observation
    value: str
    since_zero_point: str
    is_zero_point: bool
    reached: list[TargetProgress]


def _chosen_breakdown(indicator: Indicator, query: QueryDict) -> dict[str, str]:
    """One category per dimension from the query; a dimension left out is the total."""
    return {
        dimension: query.get(dimension, "")[:MAX_CATEGORY]
        for dimension in indicator.breakdowns
        if query.get(dimension, "").strip()
    }


def shown_periods(
    series: list[Observation], baseline: Baseline | None, *, everything: bool
) -> list[Observation]:
    """The periods the page shows: all of them, or the latest `RECENT_PERIODS`, reaching
    back to the zero point's period so the change since it reads on the chart and in the
    table."""
    if everything or len(series) <= RECENT_PERIODS:
        return series
    first = len(series) - RECENT_PERIODS
    if baseline is not None:
        first = next(
            (index for index, item in enumerate(series) if item.period == baseline.period), first
        )
        first = min(first, len(series) - RECENT_PERIODS)
    return series[first:]


def _period_rows(
    indicator: Indicator,
    series: list[Observation],
    baseline: Baseline | None,
    targets: list[TargetProgress],
) -> list[PeriodRow]:
    """The table of periods, latest first, each with its change since the zero point and
    the targets first reached in it."""
    return [
        PeriodRow(
            observation=observation,
            value=value_text(indicator, observation.value),
            since_zero_point=change_text(
                indicator, observation.value - baseline.value if baseline else None
            ),
            is_zero_point=baseline is not None and baseline.period == observation.period,
            reached=[
                item
                for item in targets
                if item.progress.reached_in is not None
                and item.progress.reached_in.period == observation.period
            ],
        )
        for observation in reversed(series)
    ]


def period_rows_html(rows: list[PeriodRow]) -> SafeString:
    """The table of periods' rows (what goes inside its <tbody>), written here rather than in
    the template for the reason `place_options` gives: three years of a monthly series are
    36 rows of a handful of lookups each, which the template engine makes slowly."""
    zero_point = f'<span class="ds-tag" data-color="info">{text(_("Zero point"))}</span> '
    html = []
    for row in rows:
        tags = zero_point if row.is_zero_point else ""
        for item in row.reached:
            name = text(item.target.label or _("target"))
            reached = _("Reached: %(name)s") % {"name": name}
            tags += f'<span class="ds-tag" data-color="success">{reached}</span> '
        html.append(
            f'<tr><th scope="row">{text(row.observation.period)}</th>'
            f"<td>{text(row.value)}</td><td>{text(row.since_zero_point)}</td>"
            f"<td>{tags}</td></tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 (every text escaped above)


def place_options(groups: list[tuple[str, list[PlaceChoice]]], current: str) -> SafeString:
    """The place list's option groups, by country, the current place selected. Written here
    rather than in the template, and escaped with the standard library's `html.escape` (what
    Django's escape wraps): some 450 municipalities through the template engine cost more
    than the rest of the page together (measured on the national data)."""
    html = []
    for country, choices in groups:
        html.append(f'<optgroup label="{escape(country)}">')
        html += [
            f'<option value="{escape(choice.param)}"'
            f"{' selected' if choice.param == current else ''}>{escape(choice.name)}</option>"
            for choice in choices
        ]
        html.append("</optgroup>")
    return mark_safe("".join(html))  # noqa: S308 (every text escaped above)


def _zero_point_holder(user: Any, place: Place) -> Organisation | None:
    """The municipality whose zero point the page shows: the place's, if the user reads
    it."""
    organisation = place.organisation
    readable = readable_organisation_ids(user)
    if organisation is None or (readable is not None and organisation.pk not in readable):
        return None
    return organisation


def _size_text(comparison: Comparison) -> str:
    """The size class the comparison uses, and where it comes from."""
    size = comparison.size
    facts = {
        "place": comparison.place.name,
        "size": size_class_label(size.size_class),
        "period": size.period,
        "population": number_format(int(size.population or 0), force_grouping=True),
    }
    if size.size_class is None:
        text = _(
            "The size of %(place)s is not known (no population figure, none recorded in "
            "Trinvis): it is compared with its country only."
        )
    elif size.period:
        text = _(
            "Size class: %(size)s, from the population figure for %(period)s (%(population)s)."
        )
    else:
        text = _(
            "Size class: %(size)s, from the population recorded for the municipality in "
            "Trinvis (%(population)s), as there is no population figure for it."
        )
    return text % facts


def _fix_url(indicator: Indicator, holder: Organisation, key: str) -> str:
    url = reverse("indicators:baseline_create", args=[indicator.pk, holder.pk])
    return f"{url}?{urlencode({'breakdown': key})}" if key else url


def page_context(*, user: Any, indicator: Indicator, query: QueryDict) -> dict[str, Any]:
    """The indicator page's context for the place and breakdown the query names."""
    area_param = query.get("area", "")
    own = list(municipalities_of_user(user=user))
    place = place_from_param(area_param) if area_param else first_place(own)
    areas = municipality_areas()
    chosen = _chosen_breakdown(indicator, query)
    key = breakdown_key(chosen)
    every = series_of(indicator=indicator, area=place.area, breakdown_key=key)
    holder = _zero_point_holder(user, place)
    baseline = (
        baseline_of(indicator=indicator, organisation=holder, breakdown_key=key) if holder else None
    )
    # Targets are measured on every period (when one was first reached), whatever is shown.
    targets = targets_progress(baseline, every, direction=indicator.direction) if baseline else []
    everything = query.get("periods") == ALL_PERIODS
    series = shown_periods(every, baseline, everything=everything)
    today = timezone.localdate()
    label = breakdown_label(key, chosen)
    rows = _period_rows(indicator, series, baseline, targets)
    comparison = comparison_of(
        indicator=indicator, place=place, breakdown_key=key, own=series, areas=areas
    )
    return {
        "indicator": indicator,
        "place": place,
        "breakdown": label,
        "breakdown_key": key,
        "breakdown_labels": breakdown_labels(indicator),
        "filters": [
            (dimension, BREAKDOWNS.get(dimension, dimension), categories, chosen.get(dimension, ""))
            for dimension, categories in breakdown_options(
                indicator=indicator, area=place.area
            ).items()
        ],
        "place_options": place_options(
            place_choices(indicator=indicator, areas=areas, own=own, current=place), place.param
        ),
        "figure": trend_figure(
            indicator=indicator,
            place=place,
            series=series,
            baseline=baseline,
            targets=targets,
            breakdown=label,
            today=today,
        ),
        "rows": rows,
        "rows_html": period_rows_html(rows),
        "holder": holder,
        "baseline": baseline,
        "baseline_value": value_text(indicator, baseline.value) if baseline else "",
        "targets": [
            (
                item,
                value_text(indicator, item.target.value),
                progress_text(indicator, item.progress, today=today),
            )
            for item in targets
        ],
        "successes": [item for item in targets if item.progress.reached_in is not None],
        "may_write_zero_point": holder is not None
        and may_write_in(user=user, organisation_id=holder.pk),
        "may_write_definition": may_write_indicator(user=user, indicator=indicator),
        "comparison": comparison,
        "comparison_figure": (
            comparison_figure(indicator=indicator, comparison=comparison, breakdown=label)
            if comparison
            else None
        ),
        "size_text": _size_text(comparison) if comparison else "",
        "fix_url": _fix_url(indicator, holder, key) if holder else "",
        "self_url": indicator_url(
            indicator, place=place.param, breakdown_key=key, all_periods=everything
        ),
        "periods": _periods_context(indicator, place, key, every, series, everything),
    }


def _periods_context(
    indicator: Indicator,
    place: Place,
    key: str,
    every: list[Observation],
    shown: list[Observation],
    everything: bool,
) -> dict[str, Any]:
    """Which periods the page shows, and the link to the other choice."""
    return {
        "all": everything,
        "shown": len(shown),
        "total": len(every),
        "first": shown[0].period if shown else "",
        "last": shown[-1].period if shown else "",
        "recent": RECENT_PERIODS,
        "other_url": indicator_url(
            indicator, place=place.param, breakdown_key=key, all_periods=not everything
        ),
    }
