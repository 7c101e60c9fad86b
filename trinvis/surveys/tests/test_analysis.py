"""The survey analysis, directly and as properties over random answers and breakdowns."""

from statistics import fmean
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.surveys.analysis import (
    Scale,
    Share,
    check_minimum,
    choice_summary,
    choice_summary_from_selections,
    compare_choices,
    response_rate,
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


def test_the_minimum_is_never_below_three():
    check_minimum(3)
    with pytest.raises(ValueError, match="never below 3"):
        check_minimum(2)


def test_response_rate_is_responses_of_invited_and_none_when_nobody_was_invited():
    rate = response_rate(responses=44, invited=80)

    assert (rate.responses, rate.invited, rate.percentage) == (44, 80, 55.0)
    assert response_rate(responses=0, invited=0).percentage is None
    assert response_rate(responses=3, invited=0).percentage is None
    with pytest.raises(ValueError, match="more responses"):
        response_rate(responses=81, invited=80)
    with pytest.raises(ValueError, match="negative"):
        response_rate(responses=-1, invited=80)
