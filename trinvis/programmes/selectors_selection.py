"""The figures a programme's selection criteria read, for every municipality of the rule's
country, and the evaluation over them (selection.py judges; this module only fetches).

A fixed number of queries however many municipalities, periods or conditions there are:
one for the indicators named, one for the municipalities, one per indicator used (all its
breakdowns and periods at once), and one for the sizes when a size class is chosen.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from trinvis.indicators.models import Area, Indicator, Value
from trinvis.indicators.progress import Observation
from trinvis.indicators.sizes import area_sizes as sizes_of_country
from trinvis.programmes.models import SelectionRule
from trinvis.programmes.selection import (
    LATEST,
    Criteria,
    Evaluation,
    Municipality,
    Size,
    Source,
    evaluate,
    parse,
)

MUNICIPALITY = Area.Kind.MUNICIPALITY


@dataclass(frozen=True)
class Selection:
    """A rule evaluated: its criteria, the indicators they name (by key, for words) and
    what came out."""

    rule: SelectionRule
    criteria: Criteria
    indicators: dict[str, Indicator]
    evaluation: Evaluation
    municipalities: list[Municipality] = field(default_factory=list)

    def reasons_in_every_language(self) -> dict[int, dict[str, list[str]]]:
        """Each match's reasons by area id, in every language of the site: the figures
        evaluated again in words, without another query."""
        worded: dict[int, dict[str, list[str]]] = defaultdict(dict)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                evaluation = evaluate(self.criteria, self.municipalities, self.indicators)
            for match in evaluation.matches:
                worded[match.municipality.area_id][language] = match.reasons
        return dict(worded)


def indicators_named(criteria: Criteria) -> dict[str, Indicator]:
    """The indicators the criteria name, by key; a key whose indicator is gone is absent."""
    keys = {source[0] for source in criteria.sources}
    if not keys:
        return {}
    return {indicator.key: indicator for indicator in Indicator.objects.filter(key__in=keys)}


def _figures(
    *, country: str, criteria: Criteria, indicators: dict[str, Indicator]
) -> dict[int, dict[Source, Observation]]:
    """The figures of every municipality area of the country, by area and source: one query
    per indicator, in period order so the last figure seen is the latest."""
    wanted: dict[str, set[Source]] = defaultdict(set)
    for source in criteria.sources:
        wanted[source[0]].add(source)
    figures: dict[int, dict[Source, Observation]] = defaultdict(dict)
    for key, sources in wanted.items():
        indicator = indicators.get(key)
        if indicator is None:
            continue
        named = {period for _key, _breakdown, period in sources if period != LATEST}
        rows = Value.objects.filter(
            indicator=indicator,
            area__country=country,
            area__kind=MUNICIPALITY,
            breakdown_key__in={breakdown for _key, breakdown, _period in sources},
        )
        if all(period != LATEST for _key, _breakdown, period in sources):
            rows = rows.filter(period__in=named)
        for area_id, breakdown, period, start, value in rows.order_by(
            "period_start", "period"
        ).values_list("area_id", "breakdown_key", "period", "period_start", "value"):
            observation = Observation(period, start, value)
            if (key, breakdown, LATEST) in sources:
                figures[area_id][(key, breakdown, LATEST)] = observation
            if period in named and (key, breakdown, period) in sources:
                figures[area_id][(key, breakdown, period)] = observation
    return figures


def municipalities_with_figures(
    *, country: str, criteria: Criteria, indicators: dict[str, Indicator]
) -> list[Municipality]:
    """Every municipality of the country the figures know, with what the criteria read."""
    figures = _figures(country=country, criteria=criteria, indicators=indicators)
    sizes = sizes_of_country(country=country) if criteria.size_classes else {}
    areas = (
        Area.objects.filter(country=country, kind=MUNICIPALITY)
        .exclude(code="")
        .values_list("pk", "code", "name", "organisation__name")
    )
    municipalities = []
    for area_id, code, name, organisation_name in areas:
        info = sizes.get(area_id)
        municipalities.append(
            Municipality(
                area_id=area_id,
                code=code,
                name=name or organisation_name or code,
                figures=figures.get(area_id, {}),
                size=Size(info.size_class, info.population, info.period) if info else None,
            )
        )
    return municipalities


def selection_of(*, rule: SelectionRule) -> Selection:
    """The rule evaluated over the current figures (`CriteriaError` for criteria out of
    shape, which only a hand-edited database gives)."""
    criteria = parse(rule.criteria)
    indicators = indicators_named(criteria)
    municipalities = municipalities_with_figures(
        country=rule.country, criteria=criteria, indicators=indicators
    )
    return Selection(
        rule, criteria, indicators, evaluate(criteria, municipalities, indicators), municipalities
    )


def municipality_names() -> dict[str, list[tuple[str, str]]]:
    """Every municipality the figures know, by country: [(number, name), ...] in name
    order, for naming municipalities in the criteria editor."""
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    areas = (
        Area.objects.filter(kind=MUNICIPALITY)
        .exclude(code="")
        .values_list("country", "code", "name", "organisation__name")
    )
    for country, code, name, organisation_name in areas:
        names[country].append((code, name or organisation_name or code))
    return {
        country: sorted(pairs, key=lambda pair: pair[1].lower()) for country, pairs in names.items()
    }
