"""The selection criteria: their JSON, the pure evaluation (conditions, either-or groups,
sizes, municipalities left out, missing figures, rank order and ties, the reasons in words)
and the query part, whose number of queries does not grow with the municipalities."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trinvis.indicators.models import Indicator
from trinvis.indicators.progress import Observation
from trinvis.indicators.tests.factories import add_values, make_area, shipped
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create
from trinvis.programmes.selection import (
    LATEST,
    AnyOf,
    Condition,
    Criteria,
    CriteriaError,
    Municipality,
    RankBy,
    Size,
    describe,
    evaluate,
    parse,
    to_json,
)
from trinvis.programmes.selectors_selection import municipalities_with_figures, selection_of
from trinvis.programmes.tests.factories_programmes import CRITERIA, make_programme, make_rule

RIGHT_AFTER = "work-education-right-after"
ONE_YEAR = "work-education-one-year-after"
PARTICIPANTS = "introduction-participants"

INDICATORS = {
    RIGHT_AFTER: Indicator(key=RIGHT_AFTER, name="Right after", unit="percent", decimals=1),
    ONE_YEAR: Indicator(key=ONE_YEAR, name="One year after", unit="percent", decimals=1),
    PARTICIPANTS: Indicator(key=PARTICIPANTS, name="Participants", unit="count", decimals=0),
}


def below(key: str, threshold: str, period: str = LATEST) -> Condition:
    return Condition(key, "below", Decimal(threshold), period=period)


def at_least(key: str, threshold: str) -> Condition:
    return Condition(key, "at_least", Decimal(threshold))


def town(name: str, code: str = "", size: Size | None = None, **figures: float) -> Municipality:
    """A municipality with latest figures of 2024: right_after, one_year, participants."""
    keys = {"right_after": RIGHT_AFTER, "one_year": ONE_YEAR, "participants": PARTICIPANTS}
    return Municipality(
        area_id=sum(map(ord, name)),
        code=code or name,
        name=name,
        figures={
            (keys[key], "", LATEST): Observation(
                "2024", datetime.date(2024, 1, 1), Decimal(str(value))
            )
            for key, value in figures.items()
        },
        size=size,
    )


# --- words ---------------------------------------------------------------------------------------


def test_a_met_condition_says_the_figure_period_and_threshold() -> None:
    criteria = Criteria(items=(below(RIGHT_AFTER, "55"),))
    result = evaluate(criteria, [town("Ås", right_after=48)], INDICATORS)
    assert result.matches[0].reasons == [
        "In work or education right after the programme: 48.0 % in 2024 (below 55 %)"
    ]


def test_a_failed_condition_says_why_not() -> None:
    criteria = Criteria(items=(below(RIGHT_AFTER, "55"),))
    result = evaluate(criteria, [town("Ås", right_after=58.2)], INDICATORS)
    assert result.matches == []
    assert result.misses[0].failed == [
        "In work or education right after the programme: 58.2 % in 2024 (not below 55 %)"
    ]


def test_a_condition_in_words_names_its_period() -> None:
    assert describe(below(RIGHT_AFTER, "55.5", period="2023"), INDICATORS) == (
        "In work or education right after the programme below 55.5 % in 2023"
    )
    assert describe(at_least(PARTICIPANTS, "30"), INDICATORS) == (
        "Participants in the introduction programme at least 30 (latest figure)"
    )


# --- combining -----------------------------------------------------------------------------------


def test_each_comparison_treats_the_threshold_as_it_says() -> None:
    value = Decimal(30)
    assert Condition("x", "at_least", value).holds_for(value)
    assert Condition("x", "at_most", value).holds_for(value)
    assert not Condition("x", "above", value).holds_for(value)
    assert not Condition("x", "below", value).holds_for(value)


def test_an_either_or_group_holds_when_one_of_its_conditions_holds() -> None:
    group = AnyOf((below(RIGHT_AFTER, "55"), below(ONE_YEAR, "60")))
    criteria = Criteria(items=(group, at_least(PARTICIPANTS, "30")))
    towns = [
        town("Both", right_after=50, one_year=55, participants=40),
        town("Second", right_after=57, one_year=58, participants=40),
        town("Neither", right_after=57, one_year=62, participants=40),
        town("Few", right_after=50, one_year=55, participants=12),
    ]
    result = evaluate(criteria, towns, INDICATORS)
    assert [match.municipality.name for match in result.matches] == ["Both", "Second"]
    second = result.matches[1]
    # Only the condition of the group that holds is a reason, with the other condition.
    assert second.reasons == [
        "In work or education one year after the programme: 58.0 % in 2024 (below 60 %)",
        "Participants in the introduction programme: 40 in 2024 (at least 30)",
    ]
    assert {miss.municipality.name for miss in result.misses} == {"Neither", "Few"}


def test_a_municipality_without_a_figure_is_listed_apart_with_what_is_missing() -> None:
    criteria = Criteria(items=(below(RIGHT_AFTER, "55"), at_least(PARTICIPANTS, "30")))
    result = evaluate(criteria, [town("Lacking", right_after=50)], INDICATORS)
    assert result.matches == [] and result.misses == []
    lacking = result.undecided[0]
    assert lacking.missing == ["Participants in the introduction programme: no figure"]
    assert lacking.reasons == [
        "In work or education right after the programme: 50.0 % in 2024 (below 55 %)"
    ]


def test_a_failed_condition_decides_even_when_another_figure_is_missing() -> None:
    criteria = Criteria(items=(below(RIGHT_AFTER, "55"), at_least(PARTICIPANTS, "30")))
    result = evaluate(criteria, [town("Fails", right_after=70)], INDICATORS)
    assert result.undecided == []
    assert result.misses[0].municipality.name == "Fails"


def test_a_group_that_holds_does_not_wait_for_its_missing_figure() -> None:
    group = AnyOf((below(RIGHT_AFTER, "55"), below(ONE_YEAR, "60")))
    holds = evaluate(Criteria(items=(group,)), [town("A", right_after=50)], INDICATORS)
    assert [m.municipality.name for m in holds.matches] == ["A"]
    # When the figure it has fails, the missing one could still decide: undecided.
    open_ = evaluate(Criteria(items=(group,)), [town("B", right_after=70)], INDICATORS)
    assert [u.municipality.name for u in open_.undecided] == ["B"]
    assert open_.undecided[0].missing == [
        "In work or education one year after the programme: no figure"
    ]


def test_a_named_period_reads_that_period_only() -> None:
    condition = below(RIGHT_AFTER, "55", period="2023")
    municipality = Municipality(
        area_id=1,
        code="1",
        name="Old",
        figures={
            (RIGHT_AFTER, "", LATEST): Observation("2024", datetime.date(2024, 1, 1), Decimal(40))
        },
    )
    result = evaluate(Criteria(items=(condition,)), [municipality], INDICATORS)
    assert result.undecided[0].missing == [
        "In work or education right after the programme: no figure for 2023"
    ]


def test_municipalities_left_out_by_name_are_never_suggested() -> None:
    criteria = Criteria(items=(below(RIGHT_AFTER, "55"),), exclude=("0301",))
    towns = [
        town("Oslo", "0301", right_after=40),
        town("Ås", "3218", right_after=40),
    ]
    result = evaluate(criteria, towns, INDICATORS)
    assert [m.municipality.code for m in result.matches] == ["3218"]
    assert [m.code for m in result.excluded] == ["0301"]


def test_size_classes_hold_fail_or_lack_a_population() -> None:
    criteria = Criteria(size_classes=(Organisation.SizeClass.LARGE,))
    towns = [
        town("Large", size=Size("large", Decimal(291_940), "2024")),
        town("Small", size=Size("small", 4_000, None)),
        town("Unknown"),
    ]
    result = evaluate(criteria, towns, INDICATORS)
    assert result.matches[0].reasons == [
        "Size: Large (20,000 inhabitants or more), 291,940 inhabitants in 2024"
    ]
    assert result.misses[0].failed == [
        "Size: Small (under 5,000 inhabitants), 4,000 inhabitants as recorded – not a size chosen"
    ]
    assert result.undecided[0].missing == ["Size: no population figure"]


# --- rank order ----------------------------------------------------------------------------------


def test_matches_are_ranked_with_ties_sharing_a_rank_and_missing_figures_last() -> None:
    criteria = Criteria(
        items=(at_least(PARTICIPANTS, "30"),), rank_by=RankBy(RIGHT_AFTER, order="asc")
    )
    towns = [
        town("Delta", participants=40, right_after=52),
        town("Bravo", participants=40, right_after=45),
        town("Alpha", participants=40, right_after=45),
        town("Echo", participants=40),
        town("Charlie", participants=40, right_after=50),
    ]
    result = evaluate(criteria, towns, INDICATORS)
    assert [(m.municipality.name, m.rank) for m in result.matches] == [
        ("Alpha", 1),
        ("Bravo", 1),
        ("Charlie", 3),
        ("Delta", 4),
        ("Echo", 5),
    ]


def test_a_descending_rank_order_puts_the_highest_first() -> None:
    criteria = Criteria(
        items=(at_least(PARTICIPANTS, "1"),), rank_by=RankBy(PARTICIPANTS, order="desc")
    )
    towns = [town(name, participants=n) for name, n in (("A", 5), ("B", 50))]
    result = evaluate(criteria, towns, INDICATORS)
    assert [m.municipality.name for m in result.matches] == ["B", "A"]


def test_without_a_rank_order_matches_follow_the_alphabet() -> None:
    criteria = Criteria(items=(at_least(PARTICIPANTS, "1"),))
    towns = [town(name, participants=5) for name in ("Øst", "Berg", "Ås")]
    result = evaluate(criteria, towns, INDICATORS)
    assert result.matches[0].municipality.name == "Berg"
    assert [m.rank for m in result.matches] == [1, 2, 3]


# --- the stored JSON -----------------------------------------------------------------------------


def test_the_stored_criteria_read_back_as_written() -> None:
    criteria = parse(CRITERIA)
    assert isinstance(criteria.items[0], AnyOf)
    assert criteria.rank_by == RankBy(RIGHT_AFTER, "", "asc")
    assert parse(to_json(criteria)) == criteria
    assert parse({}) == Criteria()


@pytest.mark.parametrize(
    "data",
    [
        {"all": [{"indicator": "x", "compare": "about", "threshold": "1"}]},
        {"all": [{"indicator": "x", "compare": "below", "threshold": "many"}]},
        {"all": [{"indicator": "x", "compare": "below", "threshold": "1", "period": "spring"}]},
        {"all": [{"any": []}]},
        {"size_classes": ["huge"]},
        {"rank_by": {"indicator": "x", "order": "sideways"}},
    ],
)
def test_criteria_out_of_shape_are_refused(data: dict) -> None:
    with pytest.raises(CriteriaError):
        parse(data)


# --- the query part ------------------------------------------------------------------------------


def _country_with(count: int) -> None:
    """`count` Norwegian municipalities with figures for every indicator the criteria read."""
    right_after, one_year, participants = (
        shipped(RIGHT_AFTER),
        shipped(ONE_YEAR),
        shipped(PARTICIPANTS),
    )
    population = shipped("population")
    for number in range(count):
        area = make_area("NO", f"{7000 + number}", f"Town {number:02d}")
        add_values(right_after, area, {"2023": 50 + number % 10, "2024": 45 + number % 15})
        add_values(one_year, area, {"2024": 58})
        add_values(participants, area, {"2024": 28 + number})
        add_values(population, area, {"2024": 8_000 + number * 1_000})


def _queries(count: int) -> int:
    agency = organisation_create(by=None, parent=None, name=f"Agency {count}", kind="agency")
    programme = make_programme(agency)
    rule = make_rule(
        programme,
        country="NO",
        criteria={**CRITERIA, "size_classes": ["medium", "large"]},
    )
    with CaptureQueriesContext(connection) as captured:
        found = selection_of(rule=rule)
    assert found.evaluation.matches
    return len(captured)


@pytest.mark.django_db
def test_the_evaluation_takes_as_many_queries_for_fifty_municipalities_as_for_five() -> None:
    _country_with(5)
    five = _queries(5)
    _country_with(50)
    fifty = _queries(50)
    assert five == fifty
    # The indicators, the municipalities, one per indicator used (three), the sizes (three
    # in a transaction: the population indicator, its latest figures, the recorded ones).
    assert fifty == 8


@pytest.mark.django_db
def test_the_query_part_reads_the_latest_figure_or_the_named_period() -> None:
    right_after = shipped(RIGHT_AFTER)
    area = make_area("NO", "7001", "Ås")
    add_values(right_after, area, {"2022": 40, "2023": 60, "2024": 50})
    add_values(right_after, area, {"2024": 44}, breakdown={"gender": "women"})
    criteria = parse(
        {
            "all": [
                {"indicator": RIGHT_AFTER, "compare": "below", "threshold": "55"},
                {"indicator": RIGHT_AFTER, "period": "2023", "compare": "above", "threshold": "55"},
                {
                    "indicator": RIGHT_AFTER,
                    "breakdown": "gender=women",
                    "compare": "below",
                    "threshold": "45",
                },
            ]
        }
    )
    indicators = {RIGHT_AFTER: right_after}
    [municipality] = municipalities_with_figures(
        country="NO", criteria=criteria, indicators=indicators
    )
    assert municipality.figures[(RIGHT_AFTER, "", LATEST)].period == "2024"
    assert municipality.figures[(RIGHT_AFTER, "", "2023")].value == Decimal(60)
    assert municipality.figures[(RIGHT_AFTER, "gender=women", LATEST)].value == Decimal(44)
    result = evaluate(criteria, [municipality], indicators)
    assert result.matches[0].reasons[2] == (
        "In work or education right after the programme (Gender: women): 44.0 % in 2024 "
        "(below 45 %)"
    )


@pytest.mark.django_db
def test_a_municipality_of_another_country_is_not_judged() -> None:
    right_after = shipped(RIGHT_AFTER)
    add_values(right_after, make_area("DK", "461", "Odense"), {"2024": 40})
    criteria = parse({"all": [{"indicator": RIGHT_AFTER, "compare": "below", "threshold": "55"}]})
    assert (
        municipalities_with_figures(
            country="NO", criteria=criteria, indicators={RIGHT_AFTER: right_after}
        )
        == []
    )
