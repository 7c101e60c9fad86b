"""The pure progress calculations of a course programme: the straight line to the target,
the chart's days, cumulative counts, tallies per region, completion rates and experience
bands."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from trinvis.programmes import progress_courses as progress

START = datetime.date(2024, 1, 1)
END = datetime.date(2026, 12, 31)


def test_the_straight_line_runs_from_nothing_to_the_target() -> None:
    def expected(day: datetime.date) -> float:
        return progress.expected_by(target=800, starts_on=START, ends_on=END, day=day)

    assert expected(datetime.date(2023, 6, 1)) == 0
    assert expected(START) == 0
    assert expected(END) == 800
    assert expected(datetime.date(2030, 1, 1)) == 800
    halfway = START + (END - START) / 2
    assert round(expected(halfway)) == 400


@given(
    target=st.integers(min_value=0, max_value=10_000),
    first=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    second=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
)
def test_the_line_never_falls_and_stays_within_the_target(
    target: int, first: datetime.date, second: datetime.date
) -> None:
    early, late = sorted([first, second])
    values = [
        progress.expected_by(target=target, starts_on=START, ends_on=END, day=day)
        for day in (early, late)
    ]
    assert 0 <= values[0] <= values[1] <= target


def test_a_year_and_a_half_in_the_line_expects_about_400_of_800() -> None:
    day = datetime.date(2025, 7, 2)
    assert 395 < progress.expected_by(target=800, starts_on=START, ends_on=END, day=day) < 405


def test_the_chart_days_are_the_start_the_months_between_and_the_end() -> None:
    days = progress.month_points(datetime.date(2025, 1, 15), datetime.date(2025, 4, 10))
    assert days == [
        datetime.date(2025, 1, 15),
        datetime.date(2025, 2, 1),
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 10),
    ]


def test_a_long_programme_is_drawn_in_even_steps_one_point_a_month_at_most() -> None:
    days = progress.month_points(START, END)
    assert days[0] == START and days[-1] == END
    # 34 months between: every sixth.
    assert days[1:-1] == [
        datetime.date(2024, 7, 1),
        datetime.date(2025, 1, 1),
        datetime.date(2025, 7, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 7, 1),
    ]
    months = [(day.year, day.month) for day in days]
    assert len(set(months)) == len(months)


@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    length=st.integers(min_value=1, max_value=365 * 40),
)
def test_the_chart_never_has_too_many_points(start: datetime.date, length: int) -> None:
    days = progress.month_points(start, start + datetime.timedelta(days=length))
    assert len(days) <= progress.MOST_POINTS + 2
    assert days == sorted(set(days))


def test_cumulative_counts_stop_today() -> None:
    points = [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)]
    days = [datetime.date(2024, 12, 1), datetime.date(2025, 1, 1), datetime.date(2025, 1, 20)]
    today = datetime.date(2025, 2, 10)
    assert progress.cumulative(days, points, today=today) == [2, 3, None]


def test_experience_bands() -> None:
    assert [progress.experience_band(years) for years in (None, 0, 1, 2, 5, 6, 30)] == [
        progress.UNKNOWN,
        progress.NEW,
        progress.NEW,
        progress.SOME,
        progress.SOME,
        progress.SEASONED,
        progress.SEASONED,
    ]


def _person(region: int | None, completed: bool = False, ended: int = 0, done: int = 0):
    return progress.Participation(region, completed, ended, done)


def test_tally_per_region_with_its_target_and_completion_rate() -> None:
    people = [
        _person(1, completed=True, ended=2, done=2),
        _person(1, ended=2, done=1),
        _person(2),
        _person(None, ended=1, done=0),
    ]
    today = datetime.date(2025, 7, 2)
    tallies = progress.by_region(
        people,
        regions=[(1, "North"), (2, "South"), (3, "East"), (4, "West"), (None, "No region")],
        targets={1: 500, 2: 300, 4: 10},
        starts_on=START,
        ends_on=END,
        today=today,
    )
    names = [tally.name for tally in tallies]
    # East has neither people nor a target; West has a target and nobody yet.
    assert names == ["North", "South", "West", "No region"]
    north = tallies[0]
    assert (north.enrolled, north.completed, north.target) == (2, 1, 500)
    assert north.completion_rate == 75
    assert north.of_target is not None and round(north.of_target, 1) == 0.4
    assert north.behind
    assert tallies[1].completion_rate is None  # no run of theirs has ended
    assert tallies[3].target is None and tallies[3].expected is None
    assert not tallies[3].behind


def test_a_tally_ahead_of_the_line_is_not_behind() -> None:
    people = [_person(1) for _ in range(10)]
    tally = progress.tally(
        "All", people, target=10, starts_on=START, ends_on=END, today=datetime.date(2024, 2, 1)
    )
    assert tally.expected is not None and tally.expected < 10
    assert not tally.behind
    assert tally.of_target == 100


def test_alone_finds_the_keys_with_one_person() -> None:
    assert progress.alone({"Jobcentre": 1, "Language centre": 3, "Refugee service": 1}) == [
        "Jobcentre",
        "Refugee service",
    ]


def test_share_without_a_whole_is_none() -> None:
    assert progress.share(3, 0) is None
    assert progress.share(1, 4) == 25
