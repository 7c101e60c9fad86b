"""The workshop warnings and the run sheet's timing, rule by rule, on plain values (no
database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from trinvis.programmes.agenda import Slot, ends_at, ends_within_day, neighbour, swapped, timeline
from trinvis.programmes.workshop_checks import (
    QUALIFYING_UNITS,
    Attendance,
    Dates,
    coverage,
    latest_next_start,
    months_later,
    spacing_problems,
)

REFUGEE, ADULT, EMPLOYMENT, OTHER = "refugee_service", "adult_education", "employment", "other"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def at(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


# --- rules 1 and 2: who comes from a municipality ---------------------------------------------


def test_the_three_qualifying_units_are_the_unit_types_but_other() -> None:
    assert QUALIFYING_UNITS == (REFUGEE, ADULT, EMPLOYMENT)


def test_all_three_units_and_a_leader_is_complete() -> None:
    found = coverage(
        [Attendance(REFUGEE, True), Attendance(ADULT, False), Attendance(EMPLOYMENT, False)]
    )
    assert found.complete
    assert found.messages() == []


def test_a_missing_unit_is_named() -> None:
    found = coverage([Attendance(REFUGEE, True), Attendance(OTHER, False)])
    assert found.missing_units == (ADULT, EMPLOYMENT)
    assert found.messages() == [
        "No participant from: Adult education and language centre, Jobcentre / NAV."
    ]


def test_other_unit_counts_for_no_qualifying_unit() -> None:
    found = coverage([Attendance(OTHER, True)])
    assert found.missing_units == QUALIFYING_UNITS
    assert not found.no_leader


def test_no_leader_with_decision_authority_is_a_warning_of_its_own() -> None:
    found = coverage(
        [Attendance(REFUGEE, False), Attendance(ADULT, False), Attendance(EMPLOYMENT, False)]
    )
    assert found.missing_units == ()
    assert found.no_leader
    assert found.messages() == ["No leader with decision authority."]


def test_nobody_registered_is_one_warning() -> None:
    found = coverage([])
    assert found.nobody and not found.complete
    assert found.messages() == ["Nobody is registered yet."]


# --- rule 3: two calendar months between workshops ---------------------------------------------


def test_two_months_after_a_mid_month_day_is_the_same_day() -> None:
    assert latest_next_start(day("2027-03-15")) == day("2027-05-15")


def test_two_months_after_a_long_months_end_is_the_shorter_months_last_day() -> None:
    assert latest_next_start(day("2026-12-31")) == day("2027-02-28")
    assert latest_next_start(day("2027-12-31")) == day("2028-02-29")
    assert latest_next_start(day("2027-11-30")) == day("2028-01-30")


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_months_later_keeps_the_day_or_ends_the_month(start: datetime.date) -> None:
    later = months_later(start, 2)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == 2
    next_day = later + datetime.timedelta(days=1)
    assert later.day == start.day or (later.day < start.day and next_day.day == 1)


def _workshop(number: int, starts: str, ends: str) -> Dates:
    return Dates(id=number * 10, number=number, starts_on=day(starts), ends_on=day(ends))


def test_the_last_allowed_day_is_no_warning_and_the_day_after_is() -> None:
    first = _workshop(1, "2027-03-14", "2027-03-15")
    assert spacing_problems([first, _workshop(2, "2027-05-15", "2027-05-16")]) == []
    problems = spacing_problems([first, _workshop(2, "2027-05-16", "2027-05-17")])
    assert [(p.earlier.number, p.later.number, p.latest) for p in problems] == [
        (1, 2, day("2027-05-15"))
    ]
    assert "Workshop 2 starts more than two months after workshop 1 ended" in problems[0].message()


def test_the_rule_counts_from_the_last_day_of_the_earlier_workshop() -> None:
    # Starting on 1 March would put 2 May too late; the last day, 3 March, allows 3 May.
    first = _workshop(1, "2027-03-01", "2027-03-03")
    assert spacing_problems([first, _workshop(2, "2027-05-03", "2027-05-03")]) == []


def test_each_workshop_is_compared_with_the_one_numbered_before_it() -> None:
    workshops = [
        _workshop(3, "2027-12-01", "2027-12-01"),
        _workshop(1, "2027-01-10", "2027-01-10"),
        _workshop(2, "2027-02-10", "2027-02-10"),
    ]
    assert [p.later.number for p in spacing_problems(workshops)] == [3]
    # A missing number leaves nothing to compare with.
    assert spacing_problems([workshops[0], workshops[1]]) == []


# --- the run sheet's timing -----------------------------------------------------------------------


def slot(pk: int, start: str, minutes: int, on: int = 1) -> Slot:
    return Slot(id=pk, day=on, starts_at=at(start), minutes=minutes)


def test_the_end_is_the_start_plus_the_minutes() -> None:
    assert ends_at(at("09:00"), 45) == at("09:45")
    assert ends_at(at("11:50"), 70) == at("13:00")
    assert ends_within_day(at("23:00"), 59)
    assert not ends_within_day(at("23:00"), 60)


def test_lines_are_ordered_by_day_and_time_and_flag_overlaps_and_gaps() -> None:
    timings = timeline(
        [
            slot(4, "09:00", 30, on=2),
            slot(3, "10:15", 30),  # 15 minutes nobody planned after the coffee
            slot(2, "09:45", 15),  # starts 15 minutes before the welcome ends
            slot(1, "09:00", 60),
        ]
    )
    assert [(t.slot.id, t.ends_at, t.overlap, t.gap) for t in timings] == [
        (1, at("10:00"), 0, 0),
        (2, at("10:00"), 15, 0),
        (3, at("10:45"), 0, 15),
        (4, at("09:30"), 0, 0),  # a new day starts afresh
    ]


def test_a_long_line_counts_for_every_line_inside_it() -> None:
    timings = timeline([slot(1, "09:00", 120), slot(2, "09:30", 15), slot(3, "10:30", 30)])
    assert [(t.overlap, t.gap) for t in timings] == [(0, 0), (90, 0), (30, 0)]


def test_lines_at_the_same_time_keep_the_order_they_were_written_in() -> None:
    timings = timeline([slot(7, "09:00", 30), slot(5, "09:00", 30)])
    assert [t.slot.id for t in timings] == [5, 7]
    assert timings[1].overlap == 30


def test_neighbours_are_found_on_the_same_day_only() -> None:
    slots = [slot(1, "09:00", 30), slot(2, "09:30", 30), slot(3, "09:00", 30, on=2)]
    assert neighbour(slots, 2, earlier=True) == slots[0]
    assert neighbour(slots, 2, earlier=False) is None
    assert neighbour(slots, 3, earlier=True) is None
    assert neighbour(slots, 99, earlier=True) is None


def test_swapping_keeps_the_time_the_two_lines_took_together() -> None:
    first, second = slot(1, "09:00", 30), slot(2, "09:30", 15)
    assert swapped(first, second) == (at("09:00"), at("09:15"))
    # A gap between them stays between them.
    first, second = slot(1, "09:00", 30), slot(2, "10:00", 15)
    new_second, new_first = swapped(first, second)
    assert (new_second, new_first) == (at("09:00"), at("09:45"))
    assert ends_at(new_first, 30) == at("10:15")


@given(
    st.integers(0, 600),
    st.integers(1, 120),
    st.integers(0, 120),
    st.integers(1, 120),
)
def test_swapping_twice_gives_the_times_back(start: int, first: int, gap: int, second: int) -> None:
    a = Slot(1, 1, datetime.time(start // 60, start % 60), first)
    b_start = start + first + gap
    b = Slot(2, 1, datetime.time(b_start // 60, b_start % 60), second)
    b_new, a_new = swapped(a, b)
    b2 = Slot(2, 1, b_new, second)
    a2 = Slot(1, 1, a_new, first)
    a_back, b_back = swapped(b2, a2)
    assert (a_back, b_back) == (a.starts_at, b.starts_at)
