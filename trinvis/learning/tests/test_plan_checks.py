"""The consultant's warnings, rule by rule, on facts built by hand (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.learning.plan_checks import (
    BANDS,
    Effort,
    Kind,
    NeedFacts,
    PersonFacts,
    Phase,
    RowFacts,
    check_plan,
)

TEAM, UNIT = 10, 20


class Links:
    def row_edit(self, row_id: int) -> str:
        return f"/rows/{row_id}/edit/"

    def row_add(self, need_id: int) -> str:
        return f"/rows/new/?need={need_id}"

    def goal_add(self, row_id: int) -> str:
        return f"/goals/new/?plan_row={row_id}"

    def effort(self) -> str:
        return "#effort"


def person(pk: int, organisation: int = TEAM) -> PersonFacts:
    names = {TEAM: "Team A", UNIT: "Jobcentre A"}
    return PersonFacts(pk, f"Person {pk}", organisation, names[organisation])


def row(pk: int, **facts: object) -> RowFacts:
    """A row without any warning unless `facts` say otherwise."""
    defaults: dict[str, object] = {
        "position": pk,
        "activity_id": 100,
        "activity_title": "Motivational conversation",
        "people": [person(1), person(2)],
        "has_goal": True,
        "has_responsible": True,
        "has_schedule": True,
        "effort": Effort(Decimal(25), Decimal(30), Decimal(45)),
    }
    defaults.update(facts)
    return RowFacts(id=pk, **defaults)  # type: ignore[arg-type]


def kinds(rows: list[RowFacts], needs: list[NeedFacts] = ()) -> list[Kind]:  # type: ignore[assignment]
    return [
        warning.kind for warning in check_plan(rows=rows, short_needs=needs, links=Links()).warnings
    ]


def test_a_good_plan_has_no_warning_and_follows_the_rule() -> None:
    checks = check_plan(rows=[row(1)], short_needs=[NeedFacts(5, "Case law")], links=Links())
    # The need is not answered by the row: that is the only warning.
    assert [w.kind for w in checks.warnings] == [Kind.NEED_WITHOUT_ACTIVITY]
    checks = check_plan(
        rows=[row(1, need_ids=frozenset({5}))],
        short_needs=[NeedFacts(5, "Case law")],
        links=Links(),
    )
    assert checks.warnings == []
    assert checks.summary() == []
    assert checks.effort_follows_rule


def test_an_empty_plan_has_no_warning() -> None:
    assert kinds([]) == []


# --- 1: one person alone --------------------------------------------------------------------


def test_one_person_alone_on_a_course_is_warned_with_the_row_to_fix() -> None:
    checks = check_plan(rows=[row(1, people=[person(1)])], short_needs=[], links=Links())
    (warning,) = checks.warnings
    assert warning.kind == Kind.ALONE
    assert "Person 1 is the only one from Team A" in warning.title
    assert "at least two" in warning.explanation
    assert warning.fix_url == "/rows/1/edit/"
    assert checks.for_row(1) == [warning]


def test_people_are_counted_per_activity_across_rows() -> None:
    # Two rows send one person each to the same course: together they are two.
    rows = [row(1, people=[person(1)]), row(2, people=[person(2)])]
    assert Kind.ALONE not in kinds(rows)
    # The same person in two rows is still one.
    rows = [row(1, people=[person(1)]), row(2, people=[person(1)])]
    warnings = check_plan(rows=rows, short_needs=[], links=Links()).warnings
    assert [w.kind for w in warnings] == [Kind.ALONE]
    assert warnings[0].row_ids == (1, 2)


def test_each_unit_sending_one_person_is_warned() -> None:
    rows = [row(1, people=[person(1), person(2), person(3, UNIT)])]
    warnings = check_plan(rows=rows, short_needs=[], links=Links()).warnings
    assert [w.kind for w in warnings] == [Kind.ALONE]
    assert "Jobcentre A" in warnings[0].title


def test_cancelled_and_done_rows_and_rows_without_activity_are_not_counted() -> None:
    extras: list[dict[str, object]] = [
        {"is_open": False, "is_cancelled": True},
        {"is_open": False},
        {"activity_id": None, "activity_title": ""},
    ]
    for extra in extras:
        assert Kind.ALONE not in kinds([row(1, people=[person(1)], **extra)])


# --- 2: short-term need without an activity ---------------------------------------------------


def test_a_short_term_need_without_a_row_with_an_activity_is_warned() -> None:
    needs = [NeedFacts(5, "Case law"), NeedFacts(6, "Interpreters")]
    rows = [
        row(1, need_ids=frozenset({5})),
        # A row without an activity, or a cancelled one, does not answer a need.
        row(2, need_ids=frozenset({6}), activity_id=None, activity_title=""),
        row(3, need_ids=frozenset({6}), is_open=False, is_cancelled=True),
    ]
    warnings = [
        w
        for w in check_plan(rows=rows, short_needs=needs, links=Links()).warnings
        if w.kind == Kind.NEED_WITHOUT_ACTIVITY
    ]
    assert len(warnings) == 1
    assert "“Interpreters”" in warnings[0].title
    assert warnings[0].fix_url == "/rows/new/?need=6"
    assert warnings[0].row_ids == ()


def test_a_done_row_answers_its_need() -> None:
    rows = [row(1, need_ids=frozenset({5}), is_open=False)]
    assert Kind.NEED_WITHOUT_ACTIVITY not in kinds(rows, [NeedFacts(5, "Case law")])


# --- 3: activity without a learning goal ------------------------------------------------------


def test_an_open_row_with_an_activity_and_no_goal_is_warned() -> None:
    warnings = check_plan(rows=[row(4, has_goal=False)], short_needs=[], links=Links()).warnings
    assert [w.kind for w in warnings] == [Kind.NO_GOAL]
    assert warnings[0].fix_url == "/goals/new/?plan_row=4"
    assert Kind.NO_GOAL not in kinds([row(1, has_goal=False, activity_id=None)])
    assert Kind.NO_GOAL not in kinds([row(1, has_goal=False, is_open=False)])


# --- 4: 30-30-40 -------------------------------------------------------------------------------


def effort(before: int, during: int, after: int) -> Effort:
    return Effort(Decimal(before), Decimal(during), Decimal(after))


@pytest.mark.parametrize(
    ("split", "follows"),
    [
        ((25, 30, 45), True),
        ((20, 35, 45), True),
        ((30, 25, 45), True),
        ((20, 30, 50), True),
        ((30, 30, 40), True),
        ((10, 40, 50), False),
        ((20, 40, 40), False),
        ((35, 25, 40), False),
        ((25, 20, 55), False),
    ],
)
def test_the_bands_include_their_ends(split: tuple[int, int, int], follows: bool) -> None:
    assert effort(*split).follows_rule is follows


def test_shares_are_compared_as_shown_rounded_to_whole_per_cent() -> None:
    # 19.6 % before shows as 20 % and is within the band.
    assert Effort(Decimal("19.6"), Decimal("30.4"), Decimal(50)).share(Phase.BEFORE) == 20
    assert Effort(Decimal("19.6"), Decimal("30.4"), Decimal(50)).follows_rule


def test_the_plan_effort_is_summed_over_rows_not_cancelled() -> None:
    rows = [
        row(1, effort=effort(10, 30, 0)),
        row(2, effort=effort(15, 0, 45)),
        row(3, effort=effort(100, 0, 0), is_open=False, is_cancelled=True),
    ]
    checks = check_plan(rows=rows, short_needs=[], links=Links())
    assert checks.effort == effort(25, 30, 45)
    assert checks.effort_follows_rule
    assert Kind.EFFORT not in [w.kind for w in checks.warnings]


def test_effort_outside_the_bands_is_explained_phase_by_phase() -> None:
    checks = check_plan(rows=[row(1, effort=effort(10, 60, 30))], short_needs=[], links=Links())
    (warning,) = checks.warnings
    assert warning.kind == Kind.EFFORT
    assert "Before the course: 10 % (recommended 20–30 %)" in warning.explanation
    assert "During the course: 60 % (recommended 25–35 %)" in warning.explanation
    assert "After the course: 30 % (recommended 40–50 %)" in warning.explanation
    assert warning.fix_url == "#effort"
    assert warning.row_ids == ()


def test_a_plan_without_any_effort_is_warned() -> None:
    checks = check_plan(rows=[row(1, effort=Effort())], short_needs=[], links=Links())
    assert [w.title for w in checks.warnings] == ["No effort is planned yet"]
    assert not checks.effort_follows_rule


@given(
    st.decimals(min_value=0, max_value=1000, places=1),
    st.decimals(min_value=0, max_value=1000, places=1),
    st.decimals(min_value=0, max_value=1000, places=1),
)
def test_the_rule_holds_exactly_when_every_share_lies_in_its_band(
    before: Decimal, during: Decimal, after: Decimal
) -> None:
    plan = Effort(before, during, after)
    if not plan.total:
        assert not plan.follows_rule
        return
    shares = {phase: plan.share(phase) for phase in Phase}
    inside = all(BANDS[p][0] <= share <= BANDS[p][1] for p, share in shares.items())  # type: ignore[operator]
    assert plan.follows_rule is inside
    assert plan.outside() == [p for p in Phase if not BANDS[p][0] <= shares[p] <= BANDS[p][1]]  # type: ignore[operator]


# --- 5: responsible and schedule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("responsible", "schedule", "title"),
    [
        (
            False,
            False,
            "Row 1 (“Motivational conversation”) has no responsible person and no schedule",
        ),
        (False, True, "Row 1 (“Motivational conversation”) has no responsible person"),
        (True, False, "Row 1 (“Motivational conversation”) has no schedule"),
    ],
)
def test_a_row_with_people_needs_a_responsible_person_and_a_schedule(
    responsible: bool, schedule: bool, title: str
) -> None:
    rows = [row(1, has_responsible=responsible, has_schedule=schedule)]
    (warning,) = check_plan(rows=rows, short_needs=[], links=Links()).warnings
    assert warning.kind == Kind.NO_OWNER
    assert warning.title == title
    assert warning.fix_url == "/rows/1/edit/"


def test_a_row_without_people_needs_no_owner_yet() -> None:
    assert kinds([row(1, people=[], has_responsible=False, has_schedule=False)]) == []


# --- the summary ---------------------------------------------------------------------------------


def test_the_summary_counts_each_kind_in_a_fixed_order() -> None:
    rows = [
        row(1, people=[person(1)], has_schedule=False),
        row(2, activity_id=200, activity_title="Other", people=[person(3)], has_goal=False),
    ]
    summary = check_plan(rows=rows, short_needs=[NeedFacts(9, "Law")], links=Links()).summary()
    assert [(line.kind, line.count) for line in summary] == [
        (Kind.ALONE, 2),
        (Kind.NEED_WITHOUT_ACTIVITY, 1),
        (Kind.NO_GOAL, 1),
        (Kind.NO_OWNER, 1),
    ]
    assert summary[0].label == "One person alone on a course"
