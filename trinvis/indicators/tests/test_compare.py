"""The comparison on the indicator page: the municipality against its country and the
average (and median) of the other municipalities of its size class, for its own periods;
the size class from the latest population figure or else the organisation's population;
a period with fewer than 3 others left out; never another single municipality's figure."""

import re
import statistics
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from trinvis.indicators.comparison import (
    MIN_OTHERS,
    PeriodSummary,
    class_figures,
    period_stats,
    without,
)
from trinvis.indicators.imports.columns import ColumnMapping
from trinvis.indicators.models import ClassFigures, Indicator
from trinvis.indicators.selectors import (
    areas_with_values,
    municipalities_of_user,
    place_choices,
    place_of,
    series_of,
)
from trinvis.indicators.selectors_compare import comparison_of
from trinvis.indicators.services import values_changed
from trinvis.indicators.services_class_figures import class_stats, refresh
from trinvis.indicators.sizes import (
    SizeInfo,
    area_sizes,
    latest_populations,
    municipality_areas,
)
from trinvis.indicators.tests.factories import add_values, area_of, make_area, shipped, yearly
from trinvis.indicators.tests.test_imports import csv_bytes, run_import

ONE_YEAR = "work-education-one-year-after"


def _text(response: Any) -> str:
    body = response.content.decode()
    body = body[body.find("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _other(code: str, population: int, values: dict[str, float], name: str = "") -> None:
    """A municipality that does not use Trinvis: its population and figures only."""
    area = make_area("DK", code, name or f"Neighbour {code}")
    add_values(shipped("population"), area, {"2022": population})
    add_values(shipped(ONE_YEAR), area, values)


def _world_of_figures(world: World) -> Indicator:
    """Municipality A (large by its recorded 210,000) 2021–2023; four other large Danish
    municipalities, one of them without 2021; a small one and a Norwegian large one that
    the class leaves out; the country's figures."""
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), yearly(2021, [44, 46, 48]))
    add_values(indicator, make_area("DK", ""), yearly(2021, [50, 51, 52]))
    _other("901", 60_000, {"2021": 40, "2022": 42, "2023": 44})
    _other("902", 45_000, {"2021": 50, "2022": 52, "2023": 54})
    _other("903", 30_000, {"2022": 61, "2023": 63})
    _other("904", 25_000, {"2022": 70, "2023": 71})
    _other("905", 4_000, {"2021": 99, "2022": 99, "2023": 99}, name="Tiny municipality")
    norway = make_area("NO", "9901")
    add_values(shipped("population"), norway, {"2022": 90_000})
    add_values(indicator, norway, yearly(2021, [1, 1, 1]))
    return indicator


def _comparison(world: World, indicator: Indicator, code: str = "461"):
    place = place_of("DK", code)
    own = series_of(indicator=indicator, area=place.area, breakdown_key="")
    comparison = comparison_of(indicator=indicator, place=place, breakdown_key="", own=own)
    assert comparison is not None
    return comparison


def test_the_class_figure_is_the_mean_and_median_of_the_others_of_its_size(
    world: World,
) -> None:
    comparison = _comparison(world, _world_of_figures(world))
    assert comparison.periods == ["2021", "2022", "2023"]
    assert comparison.own == [Decimal(44), Decimal(46), Decimal(48)]
    assert comparison.national == [Decimal(50), Decimal(51), Decimal(52)]
    latest = comparison.classes[-1]
    assert (latest.count, latest.mean, latest.median) == (4, Decimal(58), Decimal("58.5"))
    assert comparison.size.size_class == "large"
    assert comparison.size.period is None  # from the organisation's recorded population


def test_a_period_with_fewer_than_three_others_is_left_out(world: World) -> None:
    comparison = _comparison(world, _world_of_figures(world))
    first = comparison.classes[0]
    assert first.suppressed and first.mean is None and first.count == 0
    assert comparison.suppressed_periods == ["2021"]
    assert comparison.most_covered == 4


def test_the_latest_population_figure_decides_the_size_class(world: World) -> None:
    indicator = _world_of_figures(world)
    add_values(shipped("population"), area_of(world.municipality_a), {"2020": 300, "2023": 4_500})
    comparison = _comparison(world, indicator)
    assert (comparison.size.size_class, comparison.size.period) == ("small", "2023")
    # Only the small neighbour shares the class: too few to show anything.
    assert all(figure.suppressed for figure in comparison.classes)


def test_class_figures_suppress_small_groups() -> None:
    figures = class_figures(
        ["2021", "2022", "2023"],
        {
            "2021": PeriodSummary(2, Decimal(3), Decimal("1.5")),
            "2022": PeriodSummary(3, Decimal(9), Decimal(2)),
        },
    )
    assert [figure.suppressed for figure in figures] == [True, False, True]
    assert (figures[1].mean, figures[1].median, figures[1].count) == (3, 2, MIN_OTHERS)


def test_the_page_shows_aggregates_only_and_says_where_the_size_comes_from(
    world: World, client_of
) -> None:
    indicator = _world_of_figures(world)
    response = client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk]))
    text = _text(response)
    assert (
        "Size class: Large (20,000 inhabitants or more), from the population recorded for the "
        "municipality in Trinvis (210,000)" in text
    )
    assert "The average covers at most 4 municipalities." in text
    assert "The average is left out for 2021: fewer than 3 other municipalities" in text
    assert "2023 48.0 52.0 58.0 58.5 4" in text
    assert "2021 44.0 50.0 – – left out" in text
    figure = response.context["comparison_figure"]
    names = {row["series"] for row in figure.spec["datasets"]["lines"]}
    assert names == {"Municipality A", "Denmark", "Same size, average"}
    for single in ("Neighbour", "Tiny municipality", "99.0", "63.0", "71.0"):
        assert single not in text.split("Compared with others")[1]


def test_a_population_figure_is_named_with_its_period(world: World, client_of) -> None:
    indicator = _world_of_figures(world)
    add_values(shipped("population"), area_of(world.municipality_a), {"2023": 215_000})
    text = _text(client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk])))
    assert "from the population figure for 2023 (215,000)" in text


def test_the_comparison_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:
    indicator = _world_of_figures(world)
    # Computing and keeping the class figures included (the first reader after a change).
    with django_assert_max_num_queries(15) as few:
        _comparison(world, indicator)
    for number in range(20):
        _other(f"{910 + number}", 50_000, yearly(2021, [40, 41, 42]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        comparison = _comparison(world, indicator)
    assert comparison.classes[-1].count == 24


@given(
    st.lists(st.decimals(-1000, 1000, places=2, allow_nan=False), min_size=1, max_size=40),
    st.data(),
)
def test_leaving_one_value_out_of_the_kept_figures_is_exact(
    values: list[Decimal], data: st.DataObject
) -> None:
    """The count, sum and median without any one value, from the count, the sum and the
    three middle values only, equal those computed from all the other values."""
    stats = period_stats(values)
    assert without(stats, None) == PeriodSummary(
        len(values), sum(values, Decimal(0)), statistics.median(values)
    )
    left_out = data.draw(st.sampled_from(values))
    others = list(values)
    others.remove(left_out)
    expected = statistics.median(others) if others else None
    assert without(stats, left_out) == PeriodSummary(len(others), sum(others, Decimal(0)), expected)


def test_the_class_figures_are_kept_and_made_again_after_an_import(world: World) -> None:
    indicator = _world_of_figures(world)
    assert _comparison(world, indicator).classes[-1].mean == Decimal(58)
    kept = ClassFigures.objects.get(indicator=indicator, country="DK", size_class="large")
    count, total = kept.periods["2023"][:2]
    assert (count, Decimal(total)) == (5, 280)  # the four others and Municipality A

    rows = [["OMRÅDE", "TID", "INDHOLD"], ["904 Neighbour", "2023", "171"]]
    run_import(world, indicator, csv_bytes(rows), ColumnMapping("OMRÅDE", "TID", "INDHOLD"))

    # The import's task kept the new figures before anyone asked.
    kept.refresh_from_db()
    count, total = kept.periods["2023"][:2]
    assert (count, Decimal(total)) == (5, 380)
    indicator.refresh_from_db()
    latest = _comparison(world, indicator).classes[-1]
    assert (latest.mean, latest.median) == (Decimal(83), Decimal("58.5"))


def test_kept_figures_are_not_used_once_the_class_has_other_members(world: World) -> None:
    indicator = _world_of_figures(world)
    assert _comparison(world, indicator).classes[-1].count == 4
    # Neighbour 903 shrinks out of the class: the kept figures no longer describe it.
    add_values(shipped("population"), make_area("DK", "903"), {"2023": 3_000})
    latest = _comparison(world, indicator).classes[-1]
    assert (latest.count, latest.median) == (3, Decimal(54))  # 44, 54 and 71 are left


def test_the_refresh_keeps_every_class_as_the_page_would_compute_it(
    world: World, django_assert_num_queries
) -> None:
    indicator = _world_of_figures(world)
    live = _comparison(world, indicator).classes
    ClassFigures.objects.all().delete()

    assert refresh(indicator) == 3  # Denmark's large and small classes, Norway's large one
    sizes = area_sizes(country="DK")
    large = [area_id for area_id, size in sizes.items() if size.size_class == "large"]
    with django_assert_num_queries(1):
        stats = class_stats(
            indicator=indicator, breakdown_key="", country="DK", size_class="large", members=large
        )
    assert stats["2023"].count == 5
    only = class_stats(
        indicator=indicator,
        breakdown_key="",
        country="DK",
        size_class="large",
        members=large,
        periods={"2023"},
    )
    assert len(stats) > 1 and only == {"2023": stats["2023"]}
    assert _comparison(world, indicator).classes == live


@pytest.mark.django_db(transaction=True)
def test_kept_population_figures_and_places_follow_each_change_of_values(world: World) -> None:
    """Outside a transaction (as a request reads), the latest population figures and the
    places with values are kept per process for the indicator's values revision: read once,
    and read again as soon as a writer has raised the revision."""
    latest_populations.cache_clear()
    areas_with_values.cache_clear()
    population = shipped("population")
    area = make_area("DK", "901", "Neighbour 901")
    add_values(population, area, {"2022": 60_000})
    values_changed([population.pk])

    # (The refresh of the size classes' figures after the change has read them already.)
    misses = latest_populations.cache_info().misses
    assert area_sizes(country="DK")[area.pk].size_class == "large"
    assert area_sizes(country="DK")[area.pk].size_class == "large"
    assert latest_populations.cache_info().misses == misses

    add_values(population, area, {"2023": 3_000})
    values_changed([population.pk])
    assert area_sizes(country="DK")[area.pk] == SizeInfo("small", Decimal(3_000), "2023")

    indicator = shipped(ONE_YEAR)
    current = place_of("DK", "")

    def codes() -> list[str]:
        indicator.refresh_from_db()
        groups = place_choices(
            indicator=indicator,
            areas=municipality_areas(),
            own=municipalities_of_user(user=world.charlie),
            current=current,
        )
        return [choice.param for _country, choices in groups for choice in choices]

    assert "DK:901" not in codes()
    add_values(indicator, area, {"2023": 41})
    values_changed([indicator.pk])
    misses = areas_with_values.cache_info().misses
    assert "DK:901" in codes()
    assert "DK:901" in codes()
    assert areas_with_values.cache_info().misses == misses + 1
