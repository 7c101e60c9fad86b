"""The key-figure demo: the shipped definitions, ten years of invented yearly figures for
the demo municipalities, their countries and invented municipalities of the same size, and
Odense's zero point with two targets (one reached); the same numbers on every load, and
loading twice changes nothing.

The organisations demo is loaded first (the loader it builds on); the rest of `load_demo`
is not needed here.
"""

from typing import Any

import pytest
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.core import demo as core_demo
from trinvis.indicators import demo
from trinvis.indicators.library import LIBRARY
from trinvis.indicators.models import Area, Baseline, Indicator, Target, Value
from trinvis.indicators.selectors import place_of, series_of, targets_progress
from trinvis.indicators.selectors_compare import comparison_of
from trinvis.organisations import demo as organisations_demo


@pytest.fixture
def loaded(db: None) -> None:
    organisations_demo.load()
    demo.load()


def _snapshot() -> dict[str, Any]:
    return {
        "indicators": sorted(Indicator.objects.values_list("key", "version")),
        "areas": sorted(Area.objects.values_list("country", "code", "name", "organisation_id")),
        "values": sorted(
            Value.objects.values_list(
                "indicator__key", "area__country", "area__code", "period", "breakdown_key", "value"
            )
        ),
        "baselines": sorted(Baseline.objects.values_list("pk", "period", "value", "version")),
        "targets": sorted(Target.objects.values_list("pk", "value", "due", "label", "version")),
    }


def test_the_loader_runs_after_the_organisations() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo.load] > orders[organisations_demo.load]


def test_figures_for_the_demo_places_and_invented_neighbours(loaded: None) -> None:
    assert Indicator.objects.filter(owner=None).count() == len(LIBRARY)
    odense = Area.objects.get(country="DK", code="461")
    assert odense.organisation is not None and odense.organisation.name == "Odense Kommune"
    assert Area.objects.get(country="NO", code="4601").organisation is not None
    assert Area.objects.filter(code="").count() == 2
    invented = Area.objects.filter(name__startswith="Eksempelkommune")
    assert invented.count() == len(demo.INVENTED)
    for key in (demo.RIGHT_AFTER, demo.ONE_YEAR_AFTER, demo.BENEFITS, demo.POPULATION):
        periods = Value.objects.filter(indicator__key=key, area=odense, breakdown_key="")
        assert sorted(periods.values_list("period", flat=True)) == [str(y) for y in demo.YEARS]
    by_gender = Value.objects.filter(indicator__key=demo.ONE_YEAR_AFTER, area=odense)
    assert set(by_gender.values_list("breakdown_key", flat=True)) == {
        "",
        "gender=kvinder",
        "gender=mænd",
    }
    assert all(value.source == demo.SOURCE for value in Value.objects.all()[:50])


def test_odense_has_a_zero_point_and_one_target_reached(loaded: None) -> None:
    baseline = Baseline.objects.get()
    assert (baseline.organisation.name, baseline.indicator.key) == (
        "Odense Kommune",
        demo.ONE_YEAR_AFTER,
    )
    assert (baseline.period, float(baseline.value)) == ("2017", 38.2)
    assert baseline.set_by == User.objects.get(email="alice@example.org")
    series = series_of(
        indicator=baseline.indicator,
        area=Area.objects.get(code="461"),
        breakdown_key="",
    )
    progress = targets_progress(baseline, series, direction=baseline.indicator.direction)
    reached = [
        item.progress.reached_in.period if item.progress.reached_in else None for item in progress
    ]
    assert reached == ["2020", None]


def test_odense_compares_with_enough_municipalities_of_its_size(loaded: None) -> None:
    indicator = Indicator.objects.get(key=demo.RIGHT_AFTER)
    place = place_of("DK", "461")
    own = series_of(indicator=indicator, area=place.area, breakdown_key="")
    comparison = comparison_of(indicator=indicator, place=place, breakdown_key="", own=own)
    assert comparison is not None
    assert comparison.size.period == "2024"  # from the population figure
    assert [figure.count for figure in comparison.classes] == [5] * len(demo.YEARS)
    assert all(value is not None for value in comparison.national)


def test_loading_twice_changes_nothing(loaded: None) -> None:
    before = _snapshot()
    organisations_demo.load()
    demo.load()
    assert _snapshot() == before


def test_the_figures_are_the_same_on_every_load(loaded: None) -> None:
    before = _snapshot()["values"]
    Value.objects.all().delete()
    demo.load()
    assert _snapshot()["values"] == before


def test_alice_sees_the_demo_on_the_indicator_page(loaded: None, client) -> None:
    client.force_login(User.objects.get(email="alice@example.org"))
    indicator = Indicator.objects.get(key=demo.ONE_YEAR_AFTER)
    response = client.get(reverse("indicators:indicator", args=[indicator.pk]))
    assert response.status_code == 200
    assert response.context["place"].name == "Odense Kommune"
    assert len(response.context["successes"]) == 1
