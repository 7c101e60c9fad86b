"""The key-figure API: definitions the user reads, one definition, its values for a place
(a breakdown, a period range, a page at a time) and the zero points with targets of the
organisations the user reads; 401 for anonymous, 404 outside."""

import datetime
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.indicators.models import Indicator
from trinvis.indicators.services_targets import baseline_create, target_create
from trinvis.indicators.tests.factories import add_values, area_of, make_indicator, shipped, yearly

ONE_YEAR = "work-education-one-year-after"


def _values_url(indicator: Indicator) -> str:
    return reverse("api:indicator_values", kwargs={"indicator_id": indicator.pk})


def test_anonymous_gets_401(world: World) -> None:
    indicator = shipped(ONE_YEAR)
    for url in (
        reverse("api:indicator_list"),
        reverse("api:indicator_detail", kwargs={"indicator_id": indicator.pk}),
        f"{_values_url(indicator)}?area=DK:461",
        reverse("api:indicator_baselines", kwargs={"indicator_id": indicator.pk}),
    ):
        assert Client().get(url).status_code == 401


def test_the_list_holds_shipped_and_reachable_own_definitions(world: World, client_of) -> None:
    shipped(ONE_YEAR)
    own = make_indicator(world.municipality_a, name="Language practice", breakdowns=["gender"])
    alice = client_of(world.alice).get(reverse("api:indicator_list")).json()
    keys = {item["key"] for item in alice}
    assert {"population", ONE_YEAR, own.key} <= keys
    mine = next(item for item in alice if item["id"] == own.pk)
    assert mine["breakdown_labels"] == ["Gender"]
    assert mine["owner_id"] == world.municipality_a.pk
    charlie = client_of(world.charlie).get(reverse("api:indicator_list")).json()
    assert own.key not in {item["key"] for item in charlie}
    detail = reverse("api:indicator_detail", kwargs={"indicator_id": own.pk})
    assert client_of(world.charlie).get(detail).status_code == 404
    assert client_of(world.bob).get(detail).json()["name"] == "Language practice"


def test_values_of_a_place_breakdown_and_period_range(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    area = area_of(world.municipality_a)
    add_values(indicator, area, yearly(2015, range(40, 50)))
    add_values(indicator, area, {"2020": 33.5}, breakdown={"gender": "women"})
    client = client_of(world.charlie)  # public figures: any logged-in user
    total = client.get(_values_url(indicator), {"area": "DK:461", "from": "2019", "to": "2021"})
    assert total.status_code == 200
    body = total.json()
    assert body["count"] == 3
    assert [(item["period"], item["value"]) for item in body["items"]] == [
        ("2019", 44.0),
        ("2020", 45.0),
        ("2021", 46.0),
    ]
    women = client.get(_values_url(indicator), {"area": "DK:461", "breakdown": "gender=women"})
    assert women.json()["items"][0]["breakdown"] == {"gender": "women"}
    every = client.get(_values_url(indicator), {"area": "DK:461", "breakdown": "all"})
    assert every.json()["count"] == 11


def test_values_default_to_the_users_municipality(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), {"2024": 47.5})
    body = client_of(world.bob).get(_values_url(indicator)).json()
    assert [(item["period"], item["value"]) for item in body["items"]] == [("2024", 47.5)]
    assert client_of(world.charlie).get(_values_url(indicator)).json()["count"] == 0


def test_values_come_a_page_at_a_time(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), yearly(2000, range(25)))
    client = client_of(world.alice)
    page = client.get(_values_url(indicator), {"area": "DK:461", "limit": 10, "offset": 20})
    body = page.json()
    assert body["count"] == 25
    assert [item["period"] for item in body["items"]] == ["2020", "2021", "2022", "2023", "2024"]
    too_many = client.get(_values_url(indicator), {"area": "DK:461", "limit": 5000})
    assert len(too_many.json()["items"]) == 25  # capped, not refused


def test_values_need_a_known_place_and_real_periods(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    client = client_of(world.alice)
    assert client.get(_values_url(indicator), {"area": "DK:999"}).status_code == 404
    assert client.get(_values_url(indicator), {"area": "DK:461", "from": "soon"}).status_code == 422
    empty = client.get(_values_url(indicator), {"area": "DK:461"})  # no figures imported yet
    assert empty.json() == {"items": [], "count": 0}
    own_of_a = make_indicator(world.municipality_a)
    assert (
        client_of(world.charlie).get(_values_url(own_of_a), {"area": "DK:461"}).status_code == 404
    )


def test_baselines_of_the_organisations_the_user_reads(world: World, client_of) -> None:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), {"2018": 40.5})
    baseline = baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period="2018"
    )
    target_create(
        by=world.alice,
        baseline=baseline,
        value=Decimal(50),
        due=datetime.date(2026, 12, 31),
        label="Goal",
    )
    url = reverse("api:indicator_baselines", kwargs={"indicator_id": indicator.pk})
    body = client_of(world.bob).get(url).json()
    assert body == [
        {
            "id": baseline.pk,
            "organisation_id": world.municipality_a.pk,
            "breakdown_key": "",
            "period": "2018",
            "value": 40.5,
            "note": "",
            "version": 1,
            "targets": [
                {
                    "id": baseline.targets.get().pk,
                    "value": 50.0,
                    "due": "2026-12-31",
                    "label": "Goal",
                    "version": 1,
                }
            ],
        }
    ]
    assert client_of(world.charlie).get(url).json() == []
    assert len(client_of(world.fiona).get(url).json()) == 1


def test_the_values_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    indicator = shipped(ONE_YEAR)
    area = area_of(world.municipality_a)
    add_values(indicator, area, yearly(2020, [1]))
    client = client_of(world.alice)
    with django_assert_max_num_queries(15) as few:
        client.get(_values_url(indicator), {"area": "DK:461"})
    add_values(indicator, area, yearly(1990, range(30)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_values_url(indicator), {"area": "DK:461"})
