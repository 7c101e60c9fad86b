"""Key-figure pages: the start page (definitions, zero points at a glance), own definitions
(create, change with version check, delete refused while figures depend on them) and the
indicator page for a place (trend chart and table, breakdown filter, zero point and
targets with the distance and small successes, query count)."""

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from django.urls import reverse

from conftest import World
from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.indicators.page import place_options
from trinvis.indicators.selectors import PlaceChoice
from trinvis.indicators.services_targets import baseline_create, target_create
from trinvis.indicators.tests.factories import (
    add_values,
    area_of,
    make_area,
    make_indicator,
    shipped,
    yearly,
)

ONE_YEAR = "work-education-one-year-after"


def _text(response: Any) -> str:
    """The page's main content as plain text."""
    body = response.content.decode()
    body = body[body.find("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _spec(response: Any, figure_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script id="{figure_id}-spec" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no chart {figure_id}"
    spec: dict[str, Any] = json.loads(match.group(1))
    return spec


def _with_targets(world: World, numbers: list[float] | None = None) -> Indicator:
    """Municipality A's figures 2015–2024, a zero point in 2017 and two targets: 44 by the
    end of 2021 (first met in 2020) and 55 by the end of 2027 (ahead)."""
    indicator = shipped(ONE_YEAR)
    numbers = numbers or [41.0, 39.5, 38.2, 40.1, 42.3, 44.0, 45.6, 44.8, 47.1, 48.3]
    add_values(indicator, area_of(world.municipality_a), yearly(2015, numbers))
    baseline = baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2017"
    )
    target_create(
        by=world.alice,
        baseline=baseline,
        value=Decimal(44),
        due=datetime.date(2021, 12, 31),
        label="Halfway",
    )
    target_create(
        by=world.alice,
        baseline=baseline,
        value=Decimal(55),
        due=datetime.date(2027, 12, 31),
        label="Strategy goal",
    )
    return indicator


# --- menu and start page ------------------------------------------------------------------


def test_the_menu_has_a_key_figures_entry(world: World, client_of) -> None:
    page = client_of(world.bob).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("indicators:index")}"' in page
    assert "Key figures" in page


def test_start_page_lists_shipped_definitions_with_their_latest_period(
    world: World, client_of
) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), yearly(2019, [40, 42, 45]))
    add_values(indicator, area_of(world.municipality_a), {"2023": 1}, breakdown={"gender": "women"})
    text = _text(client_of(world.bob).get(reverse("indicators:index")))
    assert "In work or education one year after the programme" in text
    assert "Per cent Higher is better Gender, Age band, Education level" in text
    assert "Statistics Denmark / Statistics Norway 2021" in text  # the latest total
    assert "Time on benefits" in text


def test_start_page_shows_own_definitions_to_those_in_reach(world: World, client_of) -> None:
    make_indicator(world.municipality_a, name="Citizens in language practice")
    assert "Citizens in language practice" in _text(
        client_of(world.bob).get(reverse("indicators:index"))
    )
    assert "Citizens in language practice" not in _text(
        client_of(world.charlie).get(reverse("indicators:index"))
    )
    page = client_of(world.alice).get(reverse("indicators:index")).content.decode()
    assert reverse("indicators:definition_create") in page


def test_start_page_shows_the_zero_points_at_a_glance(world: World, client_of) -> None:
    _with_targets(world)
    text = _text(client_of(world.bob).get(reverse("indicators:index")))
    assert "Municipality A" in text
    assert "38.2 % (2017)" in text
    assert "48.3 % (2024)" in text
    assert "Reached in 2020" in text
    assert "6.7 percentage points to go" in text
    charlie = _text(client_of(world.charlie).get(reverse("indicators:index")))
    assert "No zero point yet" in charlie


def test_start_page_query_count_does_not_grow_with_zero_points(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    _with_targets(world)
    client = client_of(world.alice)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("indicators:index"))
    for number, key in enumerate(["refugees-settled", "job-ready", "activity-ready"]):
        indicator = shipped(key)
        add_values(indicator, area_of(world.municipality_a), yearly(2015, range(10)))
        baseline = baseline_create(
            by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2016"
        )
        target_create(
            by=world.alice, baseline=baseline, value=Decimal(number), due=datetime.date(2030, 1, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("indicators:index"))


# --- own definitions --------------------------------------------------------------------


def _definition(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "Citizens in language practice",
        "description": "Counted from our case system.",
        "unit": "count",
        "direction": "higher",
        "breakdowns": ["gender"],
        "source": "Case system",
        "decimals": "0",
    }
    data.update(fields)
    return data


def test_a_leader_defines_an_own_key_figure(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("indicators:definition_create"),
        _definition(owner=world.municipality_a.pk),
    )
    indicator = Indicator.objects.get(owner=world.municipality_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:indicator", args=[indicator.pk])
    assert indicator.breakdowns == ["gender"]
    assert indicator.key == f"citizens-in-language-practice-{world.municipality_a.pk}"


def test_only_writable_organisations_may_own_a_definition(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("indicators:definition_create"),
        _definition(owner=world.municipality_b.pk),
    )
    assert response.status_code == 200
    assert not Indicator.objects.filter(owner__isnull=False).exists()
    assert client_of(world.bob).get(reverse("indicators:definition_create")).status_code == 403


def test_editing_a_definition_someone_changed_keeps_the_input(world: World, client_of) -> None:
    indicator = make_indicator(world.municipality_a)
    Indicator.objects.filter(pk=indicator.pk).update(version=5)
    response = client_of(world.alice).post(
        reverse("indicators:definition_edit", args=[indicator.pk]),
        _definition(name="My new name", base_version=1),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved the definition" in page
    assert 'value="My new name"' in page
    assert 'name="base_version" value="5"' in page
    assert Indicator.objects.get(pk=indicator.pk).name == "Own figure"
    response = client_of(world.alice).post(
        reverse("indicators:definition_edit", args=[indicator.pk]),
        _definition(name="My new name", base_version=5),
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).version == 6


def test_a_breakdown_in_use_cannot_be_taken_away(world: World, client_of) -> None:
    indicator = make_indicator(world.municipality_a, breakdowns=["gender"])
    add_values(indicator, area_of(world.municipality_a), {"2024": 3}, breakdown={"gender": "men"})
    response = client_of(world.alice).post(
        reverse("indicators:definition_edit", args=[indicator.pk]),
        _definition(breakdowns=[], base_version=1),
    )
    assert "Values are broken down by Gender: keep the breakdown." in _text(response)


def test_a_shipped_definition_is_nobodys_to_change(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    for user in (world.alice, world.admin):
        url = reverse("indicators:definition_edit", args=[indicator.pk])
        assert client_of(user).get(url).status_code == 403


def test_delete_is_refused_while_values_or_zero_points_depend_on_it(
    world: World, client_of
) -> None:
    indicator = make_indicator(world.municipality_a)
    add_values(indicator, area_of(world.municipality_a), {"2023": 3, "2024": 4})
    baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2023"
    )
    url = reverse("indicators:definition_delete", args=[indicator.pk])
    response = client_of(world.alice).post(url, {"base_version": 1})
    text = _text(response)
    assert "The key figure cannot be deleted" in text
    assert "2 values are imported for it" in text
    assert "1 zero point is fixed on it" in text
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_unused_own_definition_is_deleted(world: World, client_of) -> None:
    indicator = make_indicator(world.municipality_a)
    url = reverse("indicators:definition_delete", args=[indicator.pk])
    stale = client_of(world.alice).post(url, {"base_version": 0})
    assert "Someone changed the definition meanwhile" in _text(stale)
    response = client_of(world.alice).post(url, {"base_version": 1})
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


# --- the indicator page -------------------------------------------------------------------


def test_the_page_opens_on_the_users_municipality(world: World, client_of) -> None:
    indicator = _with_targets(world)
    response = client_of(world.bob).get(reverse("indicators:indicator", args=[indicator.pk]))
    text = _text(response)
    assert "The trend in Municipality A" in text
    assert '<option value="DK:461" selected>' in response.content.decode()
    spec = _spec(response, "trend")
    names = {row["series"] for row in spec["datasets"]["lines"]}
    assert names == {"Municipality A", "Zero point", "Targets"}
    points = {row["point"] for row in spec["datasets"]["lines"] if row["series"] == "Targets"}
    assert points == {"2021", "2027"}
    assert "2025" in {row[0] for row in _figure_rows(response)}  # the gap to 2027 is filled


def _figure_rows(response: Any) -> list[tuple[str, list[str]]]:
    return list(response.context["figure"].rows)


def test_the_table_marks_the_zero_point_and_the_small_successes(world: World, client_of) -> None:
    indicator = _with_targets(world)
    text = _text(client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk])))
    assert "2017 38.2 % 0.0 Zero point" in text
    assert "2020 44.0 % +5.8 Reached: Halfway" in text
    assert "Small successes" in text
    assert "Halfway reached in 2020, before Dec. 31, 2021." in text
    assert (
        "6.7 percentage points to go: the figure must rise from 48.3 % (2024) to 55.0 % by "
        "Dec. 31, 2027." in text
    )


def test_the_table_of_periods_escapes_what_people_wrote(world: World, client_of) -> None:
    indicator = _with_targets(world)
    Target.objects.filter(label="Halfway").update(label="Half <b>way</b> & more")
    url = reverse("indicators:indicator", args=[indicator.pk])
    page = client_of(world.alice).get(url).content.decode()
    assert (
        '<td>44.0 %</td><td>+5.8</td><td><span class="ds-tag" data-color="success">'
        "Reached: Half &lt;b&gt;way&lt;/b&gt; &amp; more</span> </td>" in page
    )
    assert '<td><span class="ds-tag" data-color="info">Zero point</span> </td>' in page


def test_figures_are_rounded_to_the_definitions_decimals_not_cut_off(
    world: World, client_of
) -> None:
    indicator = _with_targets(world, [41.0, 39.5, 38.26, 40.1, 42.3, 44.0, 45.6, 44.8, 47.1, 48.35])
    text = _text(client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk])))
    assert "2017 38.3 % 0.0 Zero point" in text
    assert "2024 48.4 % +10.1" in text


def test_the_distance_follows_the_direction(world: World, client_of) -> None:
    indicator = shipped("benefit-duration")  # lower is better
    add_values(indicator, area_of(world.municipality_a), yearly(2019, [18.0, 17.2, 16.5]))
    baseline = baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2019"
    )
    target_create(
        by=world.alice, baseline=baseline, value=Decimal(15), due=datetime.date(2026, 12, 31)
    )
    text = _text(client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk])))
    assert "1.5 months to go: the figure must fall from 16.5 months (2021) to 15.0 months" in text


def test_another_place_and_a_breakdown_are_chosen_in_the_query(world: World, client_of) -> None:
    indicator = _with_targets(world)
    add_values(indicator, make_area("DK", ""), yearly(2015, [50] * 10))
    area_a = area_of(world.municipality_a)
    add_values(indicator, area_a, {"2023": 31.5, "2024": 33.0}, breakdown={"gender": "women"})
    url = reverse("indicators:indicator", args=[indicator.pk])
    country = client_of(world.alice).get(url, {"area": "DK:"})
    assert "The trend in Denmark (whole country)" in _text(country)
    assert "A zero point belongs to a municipality" in _text(country)
    assert country.context["comparison"] is None
    women = client_of(world.alice).get(url, {"gender": "women"})
    text = _text(women)
    assert "Only the figures for Gender: women." in text
    assert "2024 33.0 %" in text
    assert "has no zero point on this figure yet (Gender: women)" in text
    assert '<option value="women" selected>' in women.content.decode()
    fix = reverse("indicators:baseline_create", args=[indicator.pk, world.municipality_a.pk])
    assert f"{fix}?breakdown=gender%3Dwomen" in women.content.decode()


def _monthly(count: int, start_year: int = 2020) -> dict[str, float]:
    """`count` months of figures from January of `start_year`."""
    return {
        f"{start_year + index // 12}M{index % 12 + 1:02d}": 40 + index % 9 for index in range(count)
    }


def test_a_long_series_shows_the_latest_periods_and_all_on_request(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), _monthly(60))
    url = reverse("indicators:indicator", args=[indicator.pk])
    recent = client_of(world.alice).get(url)
    assert [row.observation.period for row in recent.context["rows"]][::35] == [
        "2024M12",
        "2022M01",
    ]
    assert len(recent.context["rows"]) == len(_figure_rows(recent)) == 36
    assert len(recent.context["comparison"].periods) == 36
    text = _text(recent)
    assert "Shown: 2022M01 to 2024M12, 36 of 60 periods. Show all 60 periods" in text
    other = recent.context["periods"]["other_url"]
    assert other == f"/indicators/{indicator.pk}/?area=DK%3A461&periods=all"
    assert f'href="{other.replace("&", "&amp;")}"' in recent.content.decode()
    every = client_of(world.alice).get(url, {"periods": "all"})
    assert len(every.context["rows"]) == len(_figure_rows(every)) == 60
    assert "Shown: all 60 periods, 2020M01 to 2024M12. Show the latest 36" in _text(every)
    assert '<option value="all" selected>' in every.content.decode()
    # The place and breakdown links of the page keep the choice.
    assert every.context["self_url"] == other
    assert every.context["periods"]["other_url"] == f"/indicators/{indicator.pk}/?area=DK%3A461"


def test_the_shown_periods_reach_back_to_the_zero_point(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), _monthly(60))
    baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2020M10"
    )
    response = client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk]))
    periods = [row.observation.period for row in response.context["rows"]]
    assert (len(periods), periods[-1]) == (51, "2020M10")
    assert "Zero point" in _text(response)


def test_a_short_series_is_shown_whole_without_a_choice(world: World, client_of) -> None:
    indicator = _with_targets(world)
    response = client_of(world.alice).get(reverse("indicators:indicator", args=[indicator.pk]))
    assert len(response.context["rows"]) == 10
    assert "Shown:" not in _text(response)
    assert 'name="periods"' not in response.content.decode()


def test_place_names_are_escaped_in_the_place_list() -> None:
    groups = [("Danmark", [PlaceChoice("DK:1", 'A & <b>"B"</b>'), PlaceChoice("DK:2", "C")])]
    assert str(place_options(groups, "DK:2")) == (
        '<optgroup label="Danmark"><option value="DK:1">A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt;'
        '</option><option value="DK:2" selected>C</option></optgroup>'
    )


def test_an_unknown_place_is_not_found(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    url = reverse("indicators:indicator", args=[indicator.pk])
    for area in ("DK:999", "XX:", "nonsense"):
        assert client_of(world.alice).get(url, {"area": area}).status_code == 404


def test_other_municipalities_zero_points_stay_with_their_people(world: World, client_of) -> None:
    indicator = _with_targets(world)
    url = reverse("indicators:indicator", args=[indicator.pk])
    response = client_of(world.charlie).get(url, {"area": "DK:461"})
    text = _text(response)
    assert "48.3 %" in text  # public figures
    assert "Only the people of Municipality A see its zero point" in text
    assert "Halfway" not in text


def test_a_reader_sees_the_zero_point_without_the_buttons(world: World, client_of) -> None:
    indicator = _with_targets(world)
    page = client_of(world.bob).get(reverse("indicators:indicator", args=[indicator.pk]))
    assert "Strategy goal" in _text(page)
    assert reverse("indicators:target_create", args=[Baseline.objects.get().pk]) not in (
        page.content.decode()
    )


def test_an_own_definition_of_another_municipality_is_not_found(world: World, client_of) -> None:
    indicator = make_indicator(world.municipality_a)
    url = reverse("indicators:indicator", args=[indicator.pk])
    assert client_of(world.charlie).get(url).status_code == 404
    assert client_of(world.fiona).get(url).status_code == 200


def _fill(world: World, indicator: Indicator, *, years: int, others: int) -> None:
    """`years` of values for municipality A, the country and `others` large municipalities."""
    numbers = yearly(1995, [40 + index % 7 for index in range(years)])
    add_values(indicator, area_of(world.municipality_a), numbers)
    add_values(indicator, make_area("DK", ""), numbers)
    for number in range(others):
        other = make_area("DK", f"{900 + number}")
        add_values(shipped("population"), other, {"2020": 300_000})
        add_values(indicator, other, numbers)


def test_the_page_query_count_does_not_grow_with_periods(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    indicator = shipped(ONE_YEAR)
    _fill(world, indicator, years=1, others=3)
    baseline = baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="1995"
    )
    target_create(
        by=world.alice, baseline=baseline, value=Decimal(45), due=datetime.date(2030, 1, 1)
    )
    client = client_of(world.alice)
    url = reverse("indicators:indicator", args=[indicator.pk])
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    _fill(world, indicator, years=30, others=8)
    for index in range(3):
        target_create(
            by=world.alice,
            baseline=baseline,
            value=Decimal(46 + index),
            due=datetime.date(2031 + index, 1, 1),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 30
    assert response.context["comparison"].classes[-1].count == 8
