"""Zero points and targets: the services (value taken from the figures or typed, version
checks, dates after the zero point), the rules of progress (direction, reached in time,
after the zero point), and the pages (who may write, conflicts keep the input)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from trinvis.indicators import services_targets as services
from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.indicators.periods import Kind
from trinvis.indicators.progress import Aim, Observation, aim_of, period_containing, progress
from trinvis.indicators.tests.factories import add_values, area_of, make_indicator, shipped, yearly

ONE_YEAR = "work-education-one-year-after"


def _figures(world: World) -> Indicator:
    indicator = shipped(ONE_YEAR)
    add_values(indicator, area_of(world.municipality_a), yearly(2018, [40.5, 42.0, 44.5]))
    return indicator


def _baseline(world: World, indicator: Indicator, period: str = "2018") -> Baseline:
    return services.baseline_create(
        by=world.alice, organisation=world.municipality_a, indicator=indicator, period=period
    )


# --- services -----------------------------------------------------------------------------


def test_a_period_with_a_figure_gives_the_zero_point_its_value(world: World) -> None:
    baseline = _baseline(world, _figures(world))
    assert (baseline.period, baseline.value, baseline.set_by) == (
        "2018",
        Decimal("40.5"),
        world.alice,
    )


def test_a_typed_value_fixes_a_period_without_a_figure(world: World) -> None:
    baseline = services.baseline_create(
        by=world.alice,
        organisation=world.municipality_a,
        indicator=_figures(world),
        period="2016k2",
        value=Decimal("38.25"),
        note="From the annual report",
    )
    assert (baseline.period, baseline.value, baseline.note) == (
        "2016K2",
        Decimal("38.25"),
        "From the annual report",
    )


def test_a_period_without_a_figure_needs_a_value(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _baseline(world, _figures(world), period="2012")
    assert error.value.message_dict["value"] == ["There is no figure for 2012: type the value."]
    with pytest.raises(ValidationError) as error:
        _baseline(world, _figures(world), period="last year")
    assert "period" in error.value.message_dict


def test_a_zero_point_belongs_to_a_municipality_and_a_breakdown_of_the_figure(
    world: World,
) -> None:
    indicator = _figures(world)
    with pytest.raises(ValidationError, match="Only a municipality"):
        services.baseline_create(
            by=world.alice, organisation=world.team_a, indicator=indicator, period="2018"
        )
    with pytest.raises(ValidationError, match="no such breakdown"):
        services.baseline_create(
            by=world.alice,
            organisation=world.municipality_a,
            indicator=indicator,
            breakdown_key="residence_basis=refugee",
            period="2018",
            value=Decimal(1),
        )
    own_of_b = make_indicator(world.municipality_b)
    with pytest.raises(ValidationError, match="another organisation"):
        services.baseline_create(
            by=world.alice,
            organisation=world.municipality_a,
            indicator=own_of_b,
            period="2018",
            value=Decimal(1),
        )


def test_a_second_zero_point_for_the_same_figure_is_a_conflict(world: World) -> None:
    indicator = _figures(world)
    first = _baseline(world, indicator)
    with pytest.raises(services.TargetsConflict) as conflict:
        _baseline(world, indicator, period="2019")
    assert conflict.value.current == first


def test_changing_a_zero_point_checks_the_version(world: World) -> None:
    baseline = _baseline(world, _figures(world))
    changed = services.baseline_update(
        by=world.alice, baseline=baseline, base_version=1, period="2019", note="Moved"
    )
    assert (changed.period, changed.value, changed.version) == ("2019", Decimal("42.0"), 2)
    with pytest.raises(services.TargetsConflict) as conflict:
        services.baseline_update(by=world.alice, baseline=baseline, base_version=1, period="2020")
    assert conflict.value.current.version == 2  # type: ignore[union-attr]
    assert Baseline.objects.get().period == "2019"


def test_targets_lie_after_the_zero_point(world: World) -> None:
    baseline = _baseline(world, _figures(world))
    with pytest.raises(ValidationError) as error:
        services.target_create(
            by=world.alice, baseline=baseline, value=Decimal(45), due=datetime.date(2018, 12, 31)
        )
    assert error.value.message_dict["due"] == [
        "The date must come after the zero point's period, 2018."
    ]
    services.target_create(
        by=world.alice, baseline=baseline, value=Decimal(45), due=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.baseline_update(by=world.alice, baseline=baseline, base_version=1, period="2019")
    assert "A target is due by 2019-01-01" in error.value.message_dict["period"][0]


def test_targets_are_changed_and_removed_by_version(world: World) -> None:
    baseline = _baseline(world, _figures(world))
    target = services.target_create(
        by=world.alice,
        baseline=baseline,
        value=Decimal(45),
        due=datetime.date(2022, 12, 31),
        label=" Halfway ",
    )
    assert target.label == "Halfway"
    services.target_update(
        by=world.alice,
        target=target,
        base_version=1,
        value=Decimal(46),
        due=datetime.date(2023, 12, 31),
        label="Later",
    )
    with pytest.raises(services.TargetsConflict):
        services.target_delete(by=world.alice, target=target, base_version=1)
    services.target_delete(by=world.alice, target=target, base_version=2)
    assert not Target.objects.exists()
    services.baseline_delete(by=world.alice, baseline=baseline, base_version=1)
    assert not Baseline.objects.exists()


# --- progress -----------------------------------------------------------------------------


def _series(start: int, numbers: list[float]) -> list[Observation]:
    return [
        Observation(str(start + index), datetime.date(start + index, 1, 1), Decimal(str(number)))
        for index, number in enumerate(numbers)
    ]


def _progress(direction: str, numbers: list[float], target: float, due: datetime.date):
    return progress(
        _series(2018, numbers),
        direction=direction,
        baseline_start=datetime.date(2018, 1, 1),
        baseline_value=Decimal(str(numbers[0])),
        target=Decimal(str(target)),
        due=due,
    )


def test_a_target_is_reached_by_the_first_period_that_meets_it_in_time() -> None:
    reached = _progress("higher", [40, 43, 45, 44, 47], 45, datetime.date(2022, 12, 31))
    assert reached.reached_in is not None and reached.reached_in.period == "2020"
    assert reached.distance == Decimal(-2)
    late = _progress("higher", [40, 41, 42, 44, 47], 45, datetime.date(2021, 6, 30))
    assert late.reached_in is None  # 2022 ends after the date
    assert late.missed(datetime.date(2025, 1, 1))
    assert late.met_now


def test_values_before_or_at_the_zero_point_do_not_count() -> None:
    result = _progress("lower", [12, 14, 13], 12, datetime.date(2030, 1, 1))
    assert result.reached_in is None
    assert result.distance == Decimal(1)


def test_lower_is_better_reads_the_other_way() -> None:
    result = _progress("lower", [18, 17, 15.5], 16, datetime.date(2030, 1, 1))
    assert result.reached_in is not None and result.reached_in.period == "2020"
    assert result.aim is Aim.DOWN


def test_a_neutral_figure_takes_its_direction_from_the_zero_point() -> None:
    assert aim_of("neutral", baseline=Decimal(10), target=Decimal(12)) is Aim.UP
    assert aim_of("neutral", baseline=Decimal(10), target=Decimal(8)) is Aim.DOWN
    assert aim_of("neutral", baseline=Decimal(10), target=Decimal(10)) is Aim.EXACT
    assert aim_of("higher", baseline=Decimal(10), target=Decimal(8)) is Aim.UP


def test_the_period_a_date_falls_in() -> None:
    day = datetime.date(2027, 8, 31)
    assert period_containing(day, Kind.YEAR) == "2027"
    assert period_containing(day, Kind.QUARTER) == "2027K3"
    assert period_containing(day, Kind.MONTH) == "2027M08"


# --- pages --------------------------------------------------------------------------------


def _create_url(world: World, indicator: Indicator, organisation=None) -> str:
    organisation = organisation or world.municipality_a
    return reverse("indicators:baseline_create", args=[indicator.pk, organisation.pk])


def test_a_leader_picks_a_period_and_its_value_is_taken(world: World, client_of) -> None:
    indicator = _figures(world)
    url = _create_url(world, indicator)
    form = client_of(world.alice).get(url).content.decode()
    assert '<option value="2020">2020: 44.5 %</option>' in form
    response = client_of(world.alice).post(url, {"period_choice": "2019", "note": "Start"})
    assert response.status_code == 302
    assert response["Location"].endswith("?area=DK%3A461")
    assert Baseline.objects.get().value == Decimal("42.0")


def test_another_period_needs_its_value_typed(world: World, client_of) -> None:
    indicator = _figures(world)
    url = _create_url(world, indicator)
    response = client_of(world.alice).post(url, {"other_period": "2010"})
    assert "There is no figure for 2010: type the value." in response.content.decode()
    response = client_of(world.alice).post(url, {"other_period": "2010", "value": "36.5"})
    assert response.status_code == 302
    assert Baseline.objects.get().period == "2010"
    empty = client_of(world.alice).post(_create_url(world, shipped("job-ready")), {})
    assert "Choose a period, or write another one." in empty.content.decode()


def test_a_breakdown_zero_point_keeps_its_breakdown(world: World, client_of) -> None:
    indicator = _figures(world)
    add_values(
        indicator, area_of(world.municipality_a), {"2019": 30}, breakdown={"gender": "women"}
    )
    url = f"{_create_url(world, indicator)}?breakdown=gender%3Dwomen"
    response = client_of(world.alice).post(url, {"period_choice": "2019"})
    assert response["Location"].endswith("?area=DK%3A461&gender=women")
    assert Baseline.objects.get().breakdown_key == "gender=women"
    nonsense = f"{_create_url(world, indicator)}?breakdown=colour%3Dblue"
    assert client_of(world.alice).get(nonsense).status_code == 404


def test_an_existing_zero_point_opens_for_change(world: World, client_of) -> None:
    indicator = _figures(world)
    baseline = _baseline(world, indicator)
    response = client_of(world.alice).get(_create_url(world, indicator))
    assert response["Location"] == reverse("indicators:baseline_edit", args=[baseline.pk])


def test_who_may_fix_a_zero_point(world: World, client_of) -> None:
    indicator = _figures(world)
    url = _create_url(world, indicator)
    assert client_of(world.bob).get(url).status_code == 403
    assert client_of(world.fiona).get(url).status_code == 403
    assert client_of(world.charlie).get(url).status_code == 404
    assert client_of(world.charlie).post(url, {"period_choice": "2019"}).status_code == 404
    assert (
        client_of(world.alice).get(_create_url(world, indicator, world.team_a)).status_code == 404
    )
    assert not Baseline.objects.exists()


def test_a_conflict_on_a_new_zero_point_keeps_the_input(
    world: World, client_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    indicator = _figures(world)
    theirs = _baseline(world, indicator, period="2020")
    # As if the form was opened before they saved theirs.
    monkeypatch.setattr("trinvis.indicators.views.targets.baseline_of", lambda **kwargs: None)
    response = client_of(world.alice).post(
        _create_url(world, indicator), {"period_choice": "2019", "note": "Mine"}
    )
    page = response.content.decode()
    assert "Someone else saved the zero point while you were editing" in page
    assert "Their zero point is the period 2020." in page
    assert f'action="{reverse("indicators:baseline_edit", args=[theirs.pk])}"' in page
    assert ">\nMine</textarea>" in page
    assert 'name="base_version" value="1"' in page
    assert Baseline.objects.get().period == "2020"


def test_editing_a_zero_point_someone_changed_keeps_the_input(world: World, client_of) -> None:
    baseline = _baseline(world, _figures(world))
    Baseline.objects.filter(pk=baseline.pk).update(version=3)
    url = reverse("indicators:baseline_edit", args=[baseline.pk])
    response = client_of(world.alice).post(
        url, {"period_choice": "2019", "note": "My reason", "base_version": 1}
    )
    page = response.content.decode()
    assert "Someone else saved the zero point while you were editing" in page
    assert "My reason" in page
    assert 'name="base_version" value="3"' in page
    assert Baseline.objects.get().note == ""


def test_targets_through_the_pages(world: World, client_of) -> None:
    baseline = _baseline(world, _figures(world))
    client = client_of(world.alice)
    create = reverse("indicators:target_create", args=[baseline.pk])
    response = client.post(create, {"value": "48.5", "due": "2026-12-31", "label": "Goal"})
    assert response.status_code == 302
    target = Target.objects.get()
    edit = reverse("indicators:target_edit", args=[target.pk])
    assert 'value="48.5"' in client.get(edit).content.decode()
    stale = client.post(
        edit, {"value": "50", "due": "2026-12-31", "label": "Goal", "base_version": 0}
    )
    assert "Someone else saved the target" in stale.content.decode()
    assert 'value="50"' in stale.content.decode()
    delete = reverse("indicators:target_delete", args=[target.pk])
    assert client_of(world.bob).post(delete, {"base_version": 1}).status_code == 403
    assert client_of(world.charlie).get(delete).status_code == 404
    assert client.post(delete, {"base_version": 1}).status_code == 302
    assert not Target.objects.exists()


def test_removing_the_zero_point_takes_its_targets(world: World, client_of) -> None:
    baseline = _baseline(world, _figures(world))
    services.target_create(
        by=world.alice, baseline=baseline, value=Decimal(50), due=datetime.date(2030, 1, 1)
    )
    url = reverse("indicators:baseline_delete", args=[baseline.pk])
    assert "Its target goes with it." in client_of(world.alice).get(url).content.decode()
    assert client_of(world.bob).post(url, {"base_version": 1}).status_code == 403
    assert client_of(world.alice).post(url, {"base_version": 1}).status_code == 302
    assert not Baseline.objects.exists() and not Target.objects.exists()
