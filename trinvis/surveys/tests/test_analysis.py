"""The survey analysis, directly and as properties over random answers and breakdowns."""

from collections import Counter
from statistics import fmean
from typing import TypeVar

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trinvis.surveys.analysis import (
    Scale,
    ScaleSummary,
    Share,
    Suppressed,
    choice_breakdown,
    choice_summary,
    choice_summary_from_selections,
    compare_choices,
    groups_meeting,
    protection,
    response_rate,
    scale_breakdown,
    scale_summary,
)

AGREE = Scale(points=("1", "2", "3", "4", "5"), off_scale=("dont_know",))
GOALS = ("language", "work", "education", "health")

scale_sizes = st.integers(2, 11)
minimums = st.integers(3, 8)


T = TypeVar("T")


def shown(figures: T | None) -> T:
    assert figures is not None, "expected figures, found them suppressed"
    return figures


@st.composite
def scale_counts(draw, max_count=60):
    scale = draw(
        st.builds(
            lambda size, first, dont_know: Scale(
                points=tuple(f"p{i}" for i in range(size)),
                first_value=first,
                off_scale=("dk",) if dont_know else (),
            ),
            scale_sizes,
            st.integers(-5, 1),
            st.booleans(),
        )
    )
    options = scale.points + scale.off_scale
    counts = draw(st.dictionaries(st.sampled_from(options), st.integers(0, max_count)))
    return scale, counts


def test_likert_summary_keeps_dont_know_out_of_n_mean_and_percentages():
    summary = scale_summary(scale=AGREE, counts={"1": 2, "2": 3, "4": 10, "5": 5, "dont_know": 4})

    assert summary.n == 20
    assert summary.answered == 24
    assert [(p.option, p.count, p.base) for p in summary.points] == [
        ("1", 2, 20),
        ("2", 3, 20),
        ("3", 0, 20),
        ("4", 10, 20),
        ("5", 5, 20),
    ]
    assert [p.percentage for p in summary.points] == [10.0, 15.0, 0.0, 50.0, 25.0]
    assert summary.value_sum == 2 + 6 + 40 + 25
    assert summary.mean == 73 / 20
    [dont_know] = summary.off_scale
    assert (dont_know.option, dont_know.count, dont_know.base) == ("dont_know", 4, 24)
    assert dont_know.percentage == pytest.approx(100 * 4 / 24)


def test_top_two_box_is_the_share_of_n_on_the_two_highest_points():
    summary = scale_summary(scale=AGREE, counts={"1": 2, "2": 3, "4": 10, "5": 5, "dont_know": 4})

    assert summary.top_two_box == Share(15, 20)
    assert summary.top_two_box.percentage == 75.0
    assert summary.bottom_two_box == Share(5, 20)


def test_zero_to_ten_scale_is_valued_from_zero_and_its_top_two_box_is_nine_and_ten():
    scale = Scale.zero_to_ten(off_scale=("dont_know",))
    summary = scale_summary(scale=scale, counts={"0": 1, "7": 2, "9": 3, "10": 4, "dont_know": 9})

    assert summary.n == 10
    assert summary.mean == (0 + 14 + 27 + 40) / 10
    assert summary.top_two_box == Share(7, 10)
    assert len(summary.points) == 11


def test_a_scale_of_any_length_works():
    scale = Scale(points=("never", "rarely", "sometimes", "often", "always", "daily", "hourly"))
    summary = scale_summary(scale=scale, counts={"never": 1, "hourly": 1})

    assert summary.mean == (1 + 7) / 2
    assert summary.top_two_box == Share(1, 2)
    two_points = scale_summary(scale=Scale(points=("no", "yes")), counts={"no": 3, "yes": 1})
    assert two_points.top_two_box == Share(4, 4)


def test_no_answers_on_the_scale_gives_no_mean_and_no_percentages():
    summary = scale_summary(scale=AGREE, counts={"dont_know": 3})

    assert summary.n == 0
    assert summary.answered == 3
    assert summary.mean is None
    assert summary.top_two_box.percentage is None
    assert all(point.percentage is None for point in summary.points)
    assert summary.off_scale[0].percentage == 100.0


def test_unknown_options_and_negative_counts_are_refused():
    with pytest.raises(ValueError, match="not on the scale"):
        scale_summary(scale=AGREE, counts={"6": 1})
    with pytest.raises(ValueError, match="negative"):
        scale_summary(scale=AGREE, counts={"3": -1})


def test_a_scale_needs_two_distinct_points():
    with pytest.raises(ValueError, match="two points"):
        Scale(points=("only",))
    with pytest.raises(ValueError, match="distinct"):
        Scale(points=("a", "b"), off_scale=("b",))


@given(scale_counts())
def test_scale_figures_add_up_and_the_mean_is_the_mean_of_the_answers(case):
    scale, counts = case
    summary = scale_summary(scale=scale, counts=counts)
    answers = [scale.value(o) for o in scale.points for _ in range(counts.get(o, 0))]

    assert summary.n == len(answers)
    assert summary.answered == sum(counts.values())
    assert summary.top_two_box.count <= summary.n
    if answers:
        assert summary.mean == pytest.approx(fmean(answers))
        assert scale.first_value <= summary.mean <= scale.first_value + len(scale.points) - 1
        assert sum(p.percentage or 0 for p in summary.points) == pytest.approx(100)
    else:
        assert summary.mean is None


def test_multiple_choice_percentages_are_of_those_who_answered_and_may_exceed_100_together():
    summary = choice_summary(options=GOALS, counts={"language": 8, "work": 6}, respondents=10)

    assert summary.n == 10
    assert [(o.option, o.count, o.percentage) for o in summary.options] == [
        ("language", 8, 80.0),
        ("work", 6, 60.0),
        ("education", 0, 0.0),
        ("health", 0, 0.0),
    ]


def test_an_option_cannot_be_picked_by_more_than_answered_nor_be_unknown():
    with pytest.raises(ValueError, match="exceed"):
        choice_summary(options=GOALS, counts={"work": 11}, respondents=10)
    with pytest.raises(ValueError, match="unknown options"):
        choice_summary(options=GOALS, counts={"housing": 1}, respondents=10)


def test_a_respondent_who_picked_nothing_did_not_answer():
    summary = choice_summary_from_selections(
        options=GOALS, selections=[{"language", "work"}, {"work"}, set(), None, ["health"]]
    )

    assert summary.n == 3
    assert summary.option("work") == summary.options[1]
    assert summary.option("work").count == 2
    assert summary.option("work").percentage == pytest.approx(200 / 3)


@given(st.lists(st.one_of(st.none(), st.sets(st.sampled_from(GOALS))), max_size=50))
def test_choice_counts_are_the_respondents_who_picked_each_option(selections):
    summary = choice_summary_from_selections(options=GOALS, selections=selections)

    answered = [picked for picked in selections if picked]
    assert summary.n == len(answered)
    for share in summary.options:
        assert share.count == sum(share.option in picked for picked in answered)
        assert share.base == summary.n


def test_two_questions_over_the_same_options_are_compared_each_with_its_own_n():
    goals_set = choice_summary(
        options=GOALS, counts={"language": 120, "work": 90, "health": 15}, respondents=151
    )
    worked_on = choice_summary(
        options=tuple(reversed(GOALS)), counts={"language": 87, "work": 58}, respondents=116
    )

    comparison = compare_choices(goals_set, worked_on)

    assert [row.option for row in comparison.options] == list(GOALS)
    language = comparison.options[0]
    assert (language.first.count, language.first.base) == (120, 151)
    assert (language.second.count, language.second.base) == (87, 116)
    assert language.difference == pytest.approx(100 * 87 / 116 - 100 * 120 / 151)


def test_comparing_questions_with_different_options_is_refused():
    first = choice_summary(options=GOALS, counts={}, respondents=5)
    second = choice_summary(options=("language", "work"), counts={}, respondents=5)

    with pytest.raises(ValueError, match="same options"):
        compare_choices(first, second)


def test_no_answers_to_a_compared_question_gives_no_difference():
    first = choice_summary(options=GOALS, counts={"work": 3}, respondents=5)
    second = choice_summary(options=GOALS, counts={}, respondents=0)

    assert compare_choices(first, second).options[1].difference is None


def test_breakdown_gives_each_segment_and_the_total():
    breakdown = scale_breakdown(
        scale=AGREE,
        counts={"small": {"4": 5, "5": 1}, "large": {"1": 2, "5": 6, "dont_know": 1}},
    )

    small, large = breakdown.segments
    assert (small.segment, small.suppressed, shown(small.summary).n) == ("small", None, 6)
    assert shown(large.summary).answered == 9
    assert shown(breakdown.total).n == 14
    assert shown(breakdown.total).answered == 15
    assert shown(breakdown.total).top_two_box == Share(12, 14)


def test_segment_under_the_minimum_is_hidden_and_so_is_the_next_smallest():
    breakdown = scale_breakdown(
        scale=AGREE,
        counts={"A": {"3": 4}, "B": {"4": 7}, "C": {"5": 6}, "D": {"1": 20}},
    )

    by_name = {s.segment: s for s in breakdown.segments}
    assert by_name["A"].suppressed is Suppressed.TOO_FEW
    assert by_name["A"].summary is None
    assert by_name["C"].suppressed is Suppressed.COMPLEMENTARY
    assert by_name["C"].summary is None
    assert shown(by_name["B"].summary).n == 7
    assert shown(by_name["D"].summary).n == 20
    assert shown(breakdown.total).n == 37


def test_two_small_segments_hide_each_other_without_a_complement():
    guard = protection({"A": 2, "B": 4, "C": 6, "D": 30})

    assert dict(guard.suppressed) == {"A": Suppressed.TOO_FEW, "B": Suppressed.TOO_FEW}
    assert guard.total_suppressed is None


def test_an_empty_segment_does_not_hide_a_small_one():
    guard = protection({"A": 3, "B": 0, "C": 6, "D": 30})

    assert guard.suppressed == {
        "A": Suppressed.TOO_FEW,
        "B": Suppressed.TOO_FEW,
        "C": Suppressed.COMPLEMENTARY,
    }


def test_the_complement_goes_to_the_first_given_of_equally_small_segments():
    guard = protection({"A": 9, "B": 2, "C": 9})

    assert guard.suppressed == {"B": Suppressed.TOO_FEW, "A": Suppressed.COMPLEMENTARY}


def test_a_total_under_the_minimum_hides_everything():
    breakdown = scale_breakdown(scale=AGREE, counts={"A": {"3": 2}, "B": {"4": 1}})

    assert breakdown.total is None
    assert breakdown.protection.total_suppressed is Suppressed.TOO_FEW
    assert all(s.summary is None for s in breakdown.segments)


def test_the_minimum_is_configurable_but_never_below_three():
    assert protection({"A": 3, "B": 8}, minimum=3).suppressed == {}
    assert protection({"A": 7, "B": 8}, minimum=8).suppressed == {
        "A": Suppressed.TOO_FEW,
        "B": Suppressed.COMPLEMENTARY,
    }
    with pytest.raises(ValueError, match="never below 3"):
        protection({"A": 8}, minimum=2)
    with pytest.raises(ValueError, match="never below 3"):
        scale_breakdown(scale=AGREE, counts={}, minimum=1)


def test_open_answers_are_never_listed_for_a_hidden_segment():
    breakdown = scale_breakdown(scale=AGREE, counts={"A": {"3": 4}, "B": {"4": 7}, "C": {"5": 26}})

    assert not breakdown.may_list_open_answers("A")
    assert not breakdown.may_list_open_answers("B")  # the complement of A
    assert breakdown.may_list_open_answers("C")
    assert protection({"A": 12}).may_list_open_answers("A")
    assert not protection({"A": 4, "B": 12, "C": 12}).may_list_open_answers("A")


def test_choice_breakdown_counts_segments_by_respondents():
    breakdown = choice_breakdown(
        options=GOALS,
        counts={"DK": {"language": 5, "work": 2}, "NO": {"work": 3}, "SE": {"health": 1}},
        respondents={"DK": 6, "NO": 5, "SE": 1, "FI": 0},
        minimum=5,
    )

    by_name = {s.segment: s for s in breakdown.segments}
    assert shown(by_name["DK"].summary).option("language").percentage == pytest.approx(500 / 6)
    assert by_name["SE"].suppressed is Suppressed.TOO_FEW
    assert by_name["FI"].suppressed is Suppressed.TOO_FEW
    assert by_name["NO"].suppressed is Suppressed.COMPLEMENTARY
    assert shown(breakdown.total).n == 12
    assert shown(breakdown.total).option("work").count == 5


def test_choice_breakdown_needs_the_respondents_of_every_segment():
    with pytest.raises(ValueError, match="number of respondents"):
        choice_breakdown(options=GOALS, counts={"DK": {"work": 1}}, respondents={})


def _vector(summary: ScaleSummary) -> Counter[str]:
    return Counter({p.option: p.count for p in (*summary.points, *summary.off_scale)})


@given(
    case=st.integers(2, 6).flatmap(
        lambda size: st.tuples(
            st.just(Scale(points=tuple(f"p{i}" for i in range(size)), off_scale=("dk",))),
            st.dictionaries(
                st.integers(0, 9),
                st.dictionaries(
                    st.sampled_from([*(f"p{i}" for i in range(size)), "dk"]), st.integers(0, 4)
                ),
                max_size=8,
            ),
        )
    ),
    minimum=minimums,
)
@example(case=(AGREE, {"A": {"3": 2}, "B": {}, "C": {"5": 6}, "D": {"1": 9}}), minimum=5)
def test_no_hidden_segment_can_be_recovered_by_subtracting_shown_segments_from_the_total(
    case, minimum
):
    scale, counts = case
    breakdown = scale_breakdown(scale=scale, counts=counts, minimum=minimum)
    # an empty segment has no answers to give away (see the module docstring)
    hidden = [+Counter(counts[s.segment]) for s in breakdown.segments if s.summary is None]
    hidden = [own for own in hidden if own]

    if breakdown.total is not None:
        remainder = _vector(breakdown.total)
        for segment in breakdown.segments:
            if segment.summary is not None:
                remainder.subtract(_vector(segment.summary))
        remainder = +remainder  # drop the zeros
        assert remainder == sum(hidden, Counter())
        for own in hidden:
            assert remainder != own
            # the remainder always mixes in at least one other non-empty hidden segment
            assert remainder.total() > own.total()


@given(sizes=st.dictionaries(st.integers(0, 12), st.integers(0, 12), max_size=10), minimum=minimums)
def test_only_groups_of_at_least_the_minimum_are_shown_and_at_most_one_as_a_complement(
    sizes, minimum
):
    guard = protection(sizes, minimum=minimum)

    too_few = {key for key, size in sizes.items() if size < minimum}
    assert {k for k, why in guard.suppressed.items() if why is Suppressed.TOO_FEW} == too_few
    complements = [k for k, why in guard.suppressed.items() if why is Suppressed.COMPLEMENTARY]
    hiding = [key for key in too_few if sizes[key] > 0]
    assert len(complements) == (1 if len(hiding) == 1 and len(too_few) < len(sizes) else 0)
    assert all(sizes[key] >= minimum for key in sizes if guard.shows(key))
    assert (guard.total_suppressed is None) == (sum(sizes.values()) >= minimum)
    if guard.total_suppressed is not None:
        assert not any(guard.shows(key) for key in sizes)


def test_respondents_from_31_of_44_municipalities_reported_changes():
    answers = [(m, m < 31) for m in range(44)] + [(0, False), (0, True), (40, False)]

    figures = groups_meeting(answers)

    assert (figures.meeting, figures.groups) == (31, 44)
    assert (figures.respondents_meeting, figures.respondents) == (32, 47)
    assert figures.percentage == pytest.approx(100 * 31 / 44)
    assert groups_meeting([]).percentage is None


@given(st.lists(st.tuples(st.integers(0, 10), st.booleans()), max_size=60))
def test_a_group_meets_the_condition_when_any_of_its_respondents_does(answers):
    figures = groups_meeting(answers)

    groups = {group for group, _ in answers}
    assert figures.groups == len(groups)
    assert figures.meeting == sum(any(m for g, m in answers if g == group) for group in groups)
    assert figures.meeting <= figures.groups <= figures.respondents == len(answers)


def test_response_rate_is_responses_of_invited_and_none_when_nobody_was_invited():
    rate = response_rate(responses=44, invited=80)

    assert (rate.responses, rate.invited, rate.percentage) == (44, 80, 55.0)
    assert response_rate(responses=0, invited=0).percentage is None
    assert response_rate(responses=3, invited=0).percentage is None
    with pytest.raises(ValueError, match="more responses"):
        response_rate(responses=81, invited=80)
    with pytest.raises(ValueError, match="negative"):
        response_rate(responses=-1, invited=80)
