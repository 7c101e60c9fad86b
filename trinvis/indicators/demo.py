"""Demo: key figures for the demo municipalities, their countries and a few invented
municipalities of the same size, so the indicator page has a trend, a zero point with
targets and a comparison to show.

Ten years of yearly values for four shipped indicators (the share in work or education
right after and one year after the programme, the latter also by gender; the time on
benefits; the population, which sets the size class). Every figure is invented and drawn
from a generator seeded by place and indicator, so every load gives the same numbers;
Odense's main series is written out, so its zero point (2017) and its two targets (one
reached in 2020, one ahead) tell a clear story. Loading twice changes nothing: values that
exist are left alone, as are the zero point and targets.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.indicators.library import breakdown_key
from trinvis.indicators.links import breakdown_of
from trinvis.indicators.models import Area, Baseline, Indicator, Target, Value
from trinvis.indicators.services import indicators_load, values_changed
from trinvis.indicators.services_targets import baseline_create, target_create
from trinvis.organisations.models import Organisation

SOURCE = "Demo (invented figures)"
YEARS = tuple(range(2015, 2025))
RIGHT_AFTER = "work-education-right-after"
ONE_YEAR_AFTER = "work-education-one-year-after"
BENEFITS = "benefit-duration"
POPULATION = "population"
GENDERS = {"DK": ("kvinder", "mænd"), "NO": ("kvinner", "menn")}


@dataclass(frozen=True)
class DemoPlace:
    country: str
    code: str  # "" for the whole country
    name: str
    population: int


COUNTRIES = (
    DemoPlace("DK", "", "Danmark", 5_800_000),
    DemoPlace("NO", "", "Norge", 5_300_000),
)
# Invented municipalities, numbered where no real municipality is: the same size class as
# Odense and Bergen (large), and two medium ones per country that the class leaves out.
INVENTED = (
    DemoPlace("DK", "901", "Eksempelkommune 1", 64_000),
    DemoPlace("DK", "902", "Eksempelkommune 2", 48_500),
    DemoPlace("DK", "903", "Eksempelkommune 3", 37_200),
    DemoPlace("DK", "904", "Eksempelkommune 4", 29_800),
    DemoPlace("DK", "905", "Eksempelkommune 5", 22_400),
    DemoPlace("DK", "906", "Eksempelkommune 6", 14_300),
    DemoPlace("DK", "907", "Eksempelkommune 7", 8_900),
    DemoPlace("NO", "9901", "Eksempelkommune 8", 71_000),
    DemoPlace("NO", "9902", "Eksempelkommune 9", 43_600),
    DemoPlace("NO", "9903", "Eksempelkommune 10", 31_900),
    DemoPlace("NO", "9904", "Eksempelkommune 11", 24_100),
    DemoPlace("NO", "9905", "Eksempelkommune 12", 12_700),
    DemoPlace("NO", "9906", "Eksempelkommune 13", 6_200),
)
# Odense in work or education one year after the programme, 2015–2024.
ODENSE_ONE_YEAR = (41.0, 39.5, 38.2, 40.1, 42.3, 44.0, 45.6, 44.8, 47.1, 48.3)


def _drift(rng: random.Random, start: float, step: float, spread: float) -> list[float]:
    """A noisy line: `start`, moving by about `step` a year, ± `spread`."""
    return [start + step * index + rng.uniform(-spread, spread) for index in range(len(YEARS))]


def _share(values: list[float]) -> list[float]:
    return [round(min(max(value, 0.0), 100.0), 1) for value in values]


def _series(place: DemoPlace, key: str) -> dict[str, list[float]]:
    """The place's values of one indicator by breakdown key, one per year."""
    rng = random.Random(f"trinvis-demo/{place.country}/{place.code}/{key}")
    if key == POPULATION:
        growth = rng.uniform(0.002, 0.009)
        first = place.population / (1 + growth) ** (len(YEARS) - 1)
        return {"": [round(first * (1 + growth) ** index) for index in range(len(YEARS))]}
    if key == BENEFITS:
        values = _drift(rng, rng.uniform(14, 20), -rng.uniform(0.2, 0.5), 0.6)
        return {"": [round(value, 1) for value in values]}
    if key == RIGHT_AFTER:
        return {"": _share(_drift(rng, rng.uniform(38, 52), rng.uniform(0.3, 1.2), 2.0))}
    if place.code == "461":
        total = list(ODENSE_ONE_YEAR)
    else:
        total = _share(_drift(rng, rng.uniform(44, 58), rng.uniform(0.3, 1.2), 2.0))
    gap = rng.uniform(3, 7)
    series = {"": total}
    for gender, sign in zip(GENDERS[place.country], (-1, 1), strict=True):
        series[breakdown_key({"gender": gender})] = _share(
            [value + sign * gap + rng.uniform(-1.5, 1.5) for value in total]
        )
    return series


def _area(place: DemoPlace, organisation: Organisation | None) -> Area:
    kind = Area.Kind.MUNICIPALITY if place.code else Area.Kind.COUNTRY
    area, _created = Area.objects.get_or_create(
        country=place.country,
        code=place.code,
        defaults={"kind": kind, "name": place.name, "organisation": organisation},
    )
    if organisation is not None and area.organisation_id is None:
        area.organisation = organisation
        area.save(update_fields=["organisation"])
    return area


def _values(indicators: dict[str, Indicator], areas: list[tuple[DemoPlace, Area]]) -> None:
    """The places' values that are not there yet, in one insert."""
    existing = set(
        Value.objects.filter(
            indicator__in=indicators.values(), area__in=[area for _place, area in areas]
        ).values_list("indicator_id", "area_id", "period", "breakdown_key")
    )
    now = timezone.now()
    missing = []
    for place, area in areas:
        for key, indicator in indicators.items():
            for breakdown, numbers in _series(place, key).items():
                for year, number in zip(YEARS, numbers, strict=True):
                    if (indicator.pk, area.pk, str(year), breakdown) in existing:
                        continue
                    missing.append(
                        Value(
                            indicator=indicator,
                            area=area,
                            period=str(year),
                            period_start=datetime.date(year, 1, 1),
                            breakdown=breakdown_of(breakdown),
                            breakdown_key=breakdown,
                            value=Decimal(str(number)),
                            source=SOURCE,
                            imported_at=now,
                        )
                    )
    Value.objects.bulk_create(missing)
    values_changed({value.indicator_id for value in missing})


def _odense_zero_point(odense: Organisation, indicator: Indicator, by: User | None) -> None:
    """The zero point in 2017 (its value taken from the figures) and two targets."""
    baseline = Baseline.objects.filter(
        organisation=odense, indicator=indicator, breakdown_key=""
    ).first()
    if baseline is None:
        baseline = baseline_create(
            by=by,
            organisation=odense,
            indicator=indicator,
            period="2017",
            note="Året før den nye indsats for virksomhedsrettede forløb begyndte.",
        )
    for value, due, label in (
        (Decimal("44"), datetime.date(2021, 12, 31), "Halvvejs"),
        (Decimal("55"), datetime.date(2027, 12, 31), "Målet i integrationsstrategien"),
    ):
        if not Target.objects.filter(baseline=baseline, label=label).exists():
            target_create(
                by=by,
                baseline=baseline,
                value=value,
                due=due,
                label=label,
            )


@demo.register(order=45)
@transaction.atomic
def load() -> None:
    indicators_load()
    indicators = {
        key: Indicator.objects.get(key=key, owner=None)
        for key in (RIGHT_AFTER, ONE_YEAR_AFTER, BENEFITS, POPULATION)
    }
    places: list[tuple[DemoPlace, Area]] = [(place, _area(place, None)) for place in COUNTRIES]
    municipalities = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, name__in=["Odense Kommune", "Bergen kommune"]
        )
    )
    for municipality in municipalities:
        place = DemoPlace(
            municipality.country,
            municipality.municipality_number,
            municipality.name,
            municipality.population or 0,
        )
        places.append((place, _area(place, municipality)))
    places += [(place, _area(place, None)) for place in INVENTED]
    _values(indicators, places)
    odense = next((m for m in municipalities if m.municipality_number == "461"), None)
    if odense is not None:
        alice = User.objects.filter(email="alice@example.org").first()
        _odense_zero_point(odense, indicators[ONE_YEAR_AFTER], alice)
