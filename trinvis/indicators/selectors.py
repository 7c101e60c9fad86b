"""Reads for the key-figure pages and the API; each in a fixed number of queries, however
many periods, values or municipalities there are.

A *place* is where a figure is about as a page names it: a country ("DK:") or a
municipality ("DK:461"), by the official number the statistics use. It joins the area the
imported values belong to (if any came yet) and the municipality's organisation in Trinvis
(if it uses Trinvis), whose zero point and targets the page shows.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from trinvis.core.memo import committed_memo
from trinvis.indicators import periods
from trinvis.indicators.access import (
    baselines_for_user,
    indicators_for_user,
    readable_organisation_ids,
)
from trinvis.indicators.library import BREAKDOWNS
from trinvis.indicators.links import breakdown_of
from trinvis.indicators.models import Area, Baseline, Indicator, Target, Value
from trinvis.indicators.progress import Observation, Progress, progress
from trinvis.indicators.sizes import MunicipalityArea
from trinvis.organisations.models import Organisation

Country = Organisation.Country
Kind = Organisation.Kind


# --- places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    country: str
    code: str  # "" for the whole country
    name: str
    area: Area | None
    organisation: Organisation | None

    @property
    def param(self) -> str:
        return f"{self.country}:{self.code}"

    @property
    def is_country(self) -> bool:
        return not self.code


def municipalities_of_user(*, user: Any) -> QuerySet[Organisation]:
    """The municipalities in the user's reach (their own, those they follow), in tree
    order: the first is where the pages start."""
    readable = readable_organisation_ids(user)
    municipalities = Organisation.objects.filter(kind=Kind.MUNICIPALITY).order_by("path")
    return municipalities if readable is None else municipalities.filter(pk__in=readable)


def _country_name(country: str) -> str:
    return _("%(country)s (whole country)") % {"country": Country(country).label}


def place_of(country: str, code: str) -> Place:
    """The place with this number; 404 when no figures and no municipality have it."""
    if country not in Country.values:
        raise Http404
    area = Area.objects.select_related("organisation").filter(country=country, code=code).first()
    if not code:
        return Place(country, "", _country_name(country), area, None)
    organisation = (area.organisation if area else None) or Organisation.objects.filter(
        kind=Kind.MUNICIPALITY, country=country, municipality_number=code
    ).first()
    if area is None and organisation is None:
        raise Http404
    name = organisation.name if organisation else (area.name if area else code)
    return Place(country, code, name or code, area, organisation)


def place_from_param(text: str) -> Place:
    country, separator, code = text.partition(":")
    if not separator:
        raise Http404
    return place_of(country.upper(), code.strip())


def home_place(*, user: Any) -> Place:
    """Where the pages start: the user's first municipality, else Denmark as a whole."""
    return first_place(list(municipalities_of_user(user=user)[:1]))


def first_place(municipalities: Sequence[Organisation]) -> Place:
    """The first of the user's municipalities (`municipalities_of_user`), else Denmark as a
    whole."""
    if not municipalities:
        return place_of(Country.DENMARK, "")
    return place_of(municipalities[0].country, municipalities[0].municipality_number)


def area_of_organisation(organisation: Organisation) -> Area | None:
    """The area a municipality's figures were imported under, linked or by its number."""
    if organisation.kind != Kind.MUNICIPALITY:
        return None
    return (
        Area.objects.filter(
            Q(organisation=organisation)
            | Q(country=organisation.country, code=organisation.municipality_number)
        )
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class PlaceChoice:
    param: str
    name: str


@committed_memo(maxsize=64)
def areas_with_values(indicator_id: int, values_revision: int) -> frozenset[int]:
    """The municipality areas with values of the indicator: one entry of the value index per
    area; kept per process for the indicator's `values_revision` (the names are not: a
    municipality may be renamed without a new revision)."""
    has_values = Value.objects.filter(indicator_id=indicator_id, area=OuterRef("pk"))
    return frozenset(
        Area.objects.filter(Exists(has_values), kind=Area.Kind.MUNICIPALITY).values_list(
            "pk", flat=True
        )
    )


def place_choices(
    *,
    indicator: Indicator,
    areas: Iterable[MunicipalityArea],
    own: Iterable[Organisation],
    current: Place,
) -> list[tuple[str, list[PlaceChoice]]]:
    """The places to choose from, by country: the country itself, then the municipalities
    with values of this indicator (among `areas`, sizes.municipality_areas) and the user's
    own (`municipalities_of_user`), with figures or not."""
    with_values = areas_with_values(indicator.pk, indicator.values_revision)
    by_country: dict[str, dict[str, str]] = {country: {} for country in Country.values}
    for area in areas:
        if area.pk in with_values:
            by_country[area.country][area.code] = area.name
    for municipality in own:
        by_country[municipality.country].setdefault(
            municipality.municipality_number, municipality.name
        )
    if not current.is_country:
        by_country[current.country].setdefault(current.code, current.name)
    groups = []
    for country, municipalities in by_country.items():
        choices = [PlaceChoice(f"{country}:", _country_name(country))]
        choices += [
            PlaceChoice(f"{country}:{code}", name)
            for code, name in sorted(municipalities.items(), key=lambda item: item[1].lower())
        ]
        groups.append((str(Country(country).label), choices))
    return groups


# --- definitions ------------------------------------------------------------------------


@dataclass(frozen=True)
class DefinitionRow:
    indicator: Indicator
    latest_period: str | None
    breakdown_labels: list[str]


def breakdown_labels(indicator: Indicator) -> list[str]:
    return [str(BREAKDOWNS[key]) for key in indicator.breakdowns if key in BREAKDOWNS]


def definition_rows(*, user: Any) -> list[DefinitionRow]:
    """The definitions the user reads, shipped first, with the latest period that has a
    total (looked up per definition along the value index, not by scanning the values)."""
    latest = (
        Value.objects.filter(indicator=OuterRef("pk"), breakdown_key="")
        .order_by("-period_start")
        .values("period")[:1]
    )
    indicators = indicators_for_user(user=user).annotate(latest_period=Subquery(latest))
    rows = [
        DefinitionRow(indicator, indicator.latest_period, breakdown_labels(indicator))
        for indicator in indicators
    ]
    # By the name the reader sees: a shipped definition's is translated.
    return sorted(
        rows,
        key=lambda row: (
            row.indicator.owner.name if row.indicator.owner else "",
            row.indicator.label.lower(),
        ),
    )


# --- series and breakdowns ----------------------------------------------------------------


def series_of(*, indicator: Indicator, area: Area | None, breakdown_key: str) -> list[Observation]:
    """The values of one place and breakdown, in period order."""
    if area is None:
        return []
    rows = (
        Value.objects.filter(indicator=indicator, area=area, breakdown_key=breakdown_key)
        .order_by("period_start", "period")
        .values_list("period", "period_start", "value")
    )
    return [Observation(period, start, value) for period, start, value in rows]


def breakdown_options(*, indicator: Indicator, area: Area | None) -> dict[str, list[str]]:
    """For each dimension of the indicator, the categories the place's values carry."""
    options: dict[str, set[str]] = {key: set() for key in indicator.breakdowns}
    if area is not None:
        breakdowns = (
            Value.objects.filter(indicator=indicator, area=area)
            .exclude(breakdown_key="")
            .order_by()
            .values_list("breakdown_key", "breakdown")
            .distinct()
        )
        for _key, breakdown in breakdowns:
            for dimension, category in (breakdown or {}).items():
                if dimension in options:
                    options[dimension].add(str(category))
    return {key: sorted(categories) for key, categories in options.items()}


def breakdown_label(breakdown_key: str, breakdown: dict[str, str] | None = None) -> str:
    """A breakdown in words ("Gender: women"); the total is "total"."""
    if not breakdown_key:
        return _("total")
    if breakdown is None:
        breakdown = breakdown_of(breakdown_key)
    return ", ".join(
        f"{BREAKDOWNS.get(dimension, dimension)}: {category}"
        for dimension, category in sorted(breakdown.items())
    )


# --- zero points and targets ------------------------------------------------------------


def baseline_of(
    *, indicator: Indicator, organisation: Organisation, breakdown_key: str
) -> Baseline | None:
    """The organisation's zero point of the indicator, with its targets; it carries the
    caller's indicator and organisation rather than reading them again."""
    baseline = (
        Baseline.objects.filter(
            indicator=indicator, organisation=organisation, breakdown_key=breakdown_key
        )
        .select_related("set_by")
        .prefetch_related("targets")
        .first()
    )
    if baseline is not None:
        baseline.indicator, baseline.organisation = indicator, organisation
    return baseline


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    progress: Progress


def targets_progress(
    baseline: Baseline, series: Sequence[Observation], *, direction: str
) -> list[TargetProgress]:
    """Each target of the zero point (prefetched), with where it stands along `series`."""
    start = periods.parse(baseline.period).start
    return [
        TargetProgress(
            target,
            progress(
                series,
                direction=direction,
                baseline_start=start,
                baseline_value=baseline.value,
                target=target.value,
                due=target.due,
            ),
        )
        for target in baseline.targets.all()
    ]


@dataclass(frozen=True)
class Glance:
    """A zero point at a glance: where it stands now and its targets."""

    baseline: Baseline
    place_param: str
    latest: Observation | None
    targets: list[TargetProgress] = field(default_factory=list)


def zero_points_at_a_glance(*, user: Any) -> list[Glance]:
    """The zero points of the user's municipalities, with their latest values and targets:
    four queries, however many zero points and values."""
    baselines = list(
        baselines_for_user(user=user)
        .filter(organisation__kind=Kind.MUNICIPALITY)
        .prefetch_related("targets")
        .order_by("organisation__path", "indicator__name", "breakdown_key")
    )
    if not baselines:
        return []
    organisations = {baseline.organisation for baseline in baselines}
    areas = _areas_of(organisations)
    wanted = {
        (baseline.indicator_id, areas[baseline.organisation_id].pk, baseline.breakdown_key)
        for baseline in baselines
        if baseline.organisation_id in areas
    }
    series: dict[tuple[int, int, str], list[Observation]] = defaultdict(list)
    rows = (
        Value.objects.filter(
            indicator_id__in={key[0] for key in wanted},
            area_id__in={key[1] for key in wanted},
            breakdown_key__in={key[2] for key in wanted},
        )
        .order_by("period_start", "period")
        .values_list("indicator_id", "area_id", "breakdown_key", "period", "period_start", "value")
    )
    for indicator_id, area_id, key, period, start, value in rows:
        if (indicator_id, area_id, key) in wanted:
            series[(indicator_id, area_id, key)].append(Observation(period, start, value))
    glances = []
    for baseline in baselines:
        organisation = baseline.organisation
        area = areas.get(organisation.pk)
        values = series[(baseline.indicator_id, area.pk, baseline.breakdown_key)] if area else []
        glances.append(
            Glance(
                baseline=baseline,
                place_param=f"{organisation.country}:{organisation.municipality_number}",
                latest=values[-1] if values else None,
                targets=targets_progress(baseline, values, direction=baseline.indicator.direction),
            )
        )
    return glances


def _areas_of(organisations: Iterable[Organisation]) -> dict[int, Area]:
    """The areas of municipalities by organisation id, linked or by number, in one query."""
    organisations = list(organisations)
    condition = Q(organisation__in=organisations)
    for organisation in organisations:
        condition |= Q(country=organisation.country, code=organisation.municipality_number)
    by_number = {(o.country, o.municipality_number): o.pk for o in organisations}
    found: dict[int, Area] = {}
    for area in Area.objects.filter(condition).order_by("pk"):
        owner = area.organisation_id or by_number.get((area.country, area.code))
        if owner is not None:
            found.setdefault(owner, area)
    return found
