"""The procedure's rules on their own: when each reminder is due, who leads whom, and who
goes alone (procedure.py, without the database)."""

import datetime

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from trinvis.learning import procedure
from trinvis.learning.models import Reminder
from trinvis.organisations.models import Organisation

Kind = Reminder.Kind
START = datetime.date(2026, 3, 16)
END = datetime.date(2026, 3, 17)


def _at(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def _schedule(**changes: object) -> list[procedure.Step]:
    arguments: dict[str, object] = {
        "starts_on": START,
        "ends_on": END,
        "reminder_days": [],
        "follow_up_day_at": None,
    }
    arguments.update(changes)
    return procedure.schedule(**arguments)  # type: ignore[arg-type]


def _due(now: datetime.datetime, **changes: object) -> list[tuple[str, int]]:
    return [
        (step.kind, step.offset_days) for step in procedure.due_steps(_schedule(**changes), now)
    ]


def test_the_before_reminders_are_due_four_weeks_before_the_start_from_eight() -> None:
    four_weeks = START - datetime.timedelta(days=28)
    assert _due(_at(four_weeks, 7, 59)) == []
    assert _due(_at(four_weeks)) == [(Kind.LEADER_BEFORE, -28), (Kind.PARTICIPANT_BEFORE, -28)]


def test_a_late_enrolment_still_gets_the_before_reminders_until_the_course_starts() -> None:
    assert _due(_at(START - datetime.timedelta(days=1), 23, 0)) == [
        (Kind.LEADER_BEFORE, -28),
        (Kind.PARTICIPANT_BEFORE, -28),
    ]
    assert _due(_at(START, 0, 0)) == []


def test_the_after_reminders_default_to_a_week_and_three_months() -> None:
    steps = _schedule()
    after = [step.offset_days for step in steps if step.kind == Kind.PARTICIPANT_AFTER]
    assert after == [7, 90]
    # The leader's prompt of the day after the end is still in its two weeks on day 7.
    assert _due(_at(END + datetime.timedelta(days=7))) == [
        (Kind.LEADER_AFTER, 1),
        (Kind.PARTICIPANT_AFTER, 7),
    ]
    assert _due(_at(END + datetime.timedelta(days=90), 9)) == [(Kind.PARTICIPANT_AFTER, 90)]


def test_the_activity_chooses_its_own_reminder_days() -> None:
    steps = _schedule(reminder_days=[30, 14, 14, 0, -3, "7", True])
    after = [step.offset_days for step in steps if step.kind == Kind.PARTICIPANT_AFTER]
    assert after == [14, 30]


def test_a_reminder_found_long_after_its_moment_is_not_sent() -> None:
    week_after = END + datetime.timedelta(days=7)
    assert _due(_at(week_after + datetime.timedelta(days=13), 23)) == [(Kind.PARTICIPANT_AFTER, 7)]
    assert _due(_at(week_after + datetime.timedelta(days=14), 9)) == []


def test_the_leader_is_prompted_the_day_after_the_end() -> None:
    assert _due(_at(END + datetime.timedelta(days=1))) == [(Kind.LEADER_AFTER, 1)]


def test_a_one_day_course_counts_from_its_start() -> None:
    assert _due(_at(START + datetime.timedelta(days=1)), ends_on=None) == [(Kind.LEADER_AFTER, 1)]
    assert (Kind.PARTICIPANT_AFTER, 7) in _due(
        _at(START + datetime.timedelta(days=7)), ends_on=None
    )


def test_the_follow_up_day_invitation_goes_out_from_the_last_course_day_until_the_day() -> None:
    follow_up = _at(END + datetime.timedelta(days=60), 9)
    assert (Kind.FOLLOW_UP_DAY, 0) not in _due(_at(START), follow_up_day_at=follow_up)
    assert _due(_at(END), follow_up_day_at=follow_up) == [(Kind.FOLLOW_UP_DAY, 0)]
    assert (Kind.FOLLOW_UP_DAY, 0) in _due(
        _at(END + datetime.timedelta(days=59), 20), follow_up_day_at=follow_up
    )
    assert (Kind.FOLLOW_UP_DAY, 0) not in _due(follow_up, follow_up_day_at=follow_up)


def test_without_dates_only_a_follow_up_day_has_a_step() -> None:
    assert _schedule(starts_on=None, ends_on=None) == []
    follow_up = _at(START, 9)
    [step] = _schedule(starts_on=None, ends_on=None, follow_up_day_at=follow_up)
    assert step.kind == Kind.FOLLOW_UP_DAY
    assert step.moment == follow_up - datetime.timedelta(days=28)


def test_the_nearest_leaders_are_the_first_level_with_someone_managing() -> None:
    # team 9 under unit 4 under municipality 1; the unit has no leader.
    managers = {1: {100}, 9: {200, 201}}
    assert procedure.nearest_leaders(person_id=5, paths=["/1/4/9/"], managers=managers) == {
        200,
        201,
    }
    assert procedure.nearest_leaders(person_id=5, paths=["/1/4/"], managers=managers) == {100}


def test_a_leader_is_not_their_own_leader() -> None:
    managers = {1: {100}, 9: {200}}
    assert procedure.nearest_leaders(person_id=200, paths=["/1/4/9/"], managers=managers) == {100}


def test_someone_in_two_places_has_the_leaders_of_both() -> None:
    managers = {9: {200}, 7: {300}}
    paths = ["/1/4/9/", "/1/7/"]
    assert procedure.nearest_leaders(person_id=5, paths=paths, managers=managers) == {200, 300}


KINDS = {
    1: Organisation.Kind.MUNICIPALITY,
    4: Organisation.Kind.UNIT,
    9: Organisation.Kind.TEAM,
    10: Organisation.Kind.TEAM,
    2: Organisation.Kind.MUNICIPALITY,
}


def test_a_team_counts_with_its_unit_and_a_team_under_a_municipality_with_it() -> None:
    assert procedure.home_unit("/1/4/9/", KINDS) == 4
    assert procedure.home_unit("/1/10/", KINDS) == 1
    assert procedure.home_unit("/1/", KINDS) == 1


def test_the_only_one_from_a_unit_goes_alone() -> None:
    homes = {
        5: [4],  # unit 4, with 6
        6: [4],
        7: [1],  # municipality 1 directly: no one else
        8: [],  # no organisation
    }
    assert procedure.going_alone(homes) == {7, 8}


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=12))
def test_going_alone_means_sharing_no_unit(units: list[int]) -> None:
    homes = {person: [unit] for person, unit in enumerate(units)}
    alone = procedure.going_alone(homes)
    for person, unit in enumerate(units):
        assert (person in alone) == (units.count(unit) == 1)
