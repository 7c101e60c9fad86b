"""The competence matrix calculations, directly and as properties over random teams."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.competences.analysis import (
    CompetenceFigures,
    Vulnerability,
    VulnerabilityRule,
    competence_figures,
    conversation_points,
    ranked_needs,
    shareable_mean,
)

ratings = st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=40)
levels = st.integers(1, 5)


def test_team_depending_on_one_person_is_highly_vulnerable():
    figures = competence_figures(expected=4, ratings=[5, 2, 3, 2, None])

    assert figures.rated == 4
    assert figures.meeting == 1
    assert figures.below == 3
    assert figures.team_median == 2.5
    assert figures.gap == 1.5
    assert figures.vulnerability is Vulnerability.HIGH


def test_two_people_at_the_level_is_medium_and_three_is_low():
    assert competence_figures(expected=3, ratings=[3, 4, 1]).vulnerability is Vulnerability.MEDIUM
    assert competence_figures(expected=3, ratings=[3, 4, 5]).vulnerability is Vulnerability.LOW


def test_the_vulnerability_rule_is_configurable():
    strict = VulnerabilityRule(high_below=3, medium_below=5)

    assert competence_figures(expected=3, ratings=[3, 4], rule=strict).vulnerability is (
        Vulnerability.HIGH
    )
    assert competence_figures(expected=3, ratings=[3, 4, 5, 5], rule=strict).vulnerability is (
        Vulnerability.MEDIUM
    )
    with pytest.raises(ValueError, match="high_below"):
        VulnerabilityRule(high_below=3, medium_below=2)


def test_nobody_rated_gives_no_median_and_no_gap():
    figures = competence_figures(expected=3, ratings=[None, None])

    assert figures.team_median is None
    assert figures.gap == 0.0
    assert figures.vulnerability is Vulnerability.HIGH


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_ratings_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError, match="1–5"):
        competence_figures(expected=3, ratings=[bad])
    with pytest.raises(ValueError, match="1–5"):
        competence_figures(expected=bad, ratings=[3])


@given(expected=levels, team=ratings)
def test_counts_add_up_and_the_gap_is_never_negative(expected, team):
    figures = competence_figures(expected=expected, ratings=team)

    assert figures.meeting + figures.below == figures.rated == sum(r is not None for r in team)
    assert figures.gap >= 0
    if figures.team_median is not None:
        assert 1 <= figures.team_median <= 5


@given(expected=levels, team=st.lists(st.integers(1, 5), min_size=1, max_size=40), data=st.data())
def test_raising_one_rating_never_makes_the_team_more_vulnerable(expected, team, data):
    index = data.draw(st.integers(0, len(team) - 1))
    raised = list(team)
    raised[index] = min(5, raised[index] + 1)

    before = competence_figures(expected=expected, ratings=team)
    after = competence_figures(expected=expected, ratings=raised)

    assert after.meeting >= before.meeting
    assert after.vulnerability <= before.vulnerability
    assert after.gap <= before.gap


def test_self_and_leader_differing_by_two_is_a_conversation_point():
    own = {("mette", "interpreting"): 5, ("mette", "case law"): 3, ("jonas", "case law"): 2}
    leader = {("mette", "interpreting"): 3, ("mette", "case law"): 2, ("jonas", "case law"): 5}

    points = conversation_points(self_ratings=own, leader_ratings=leader)

    assert [(p.person, p.competence, p.difference) for p in points] == [
        ("jonas", "case law", -3),
        ("mette", "interpreting", 2),
    ]


@given(
    own=st.dictionaries(st.tuples(st.integers(0, 5), st.sampled_from("abc")), levels),
    leader=st.dictionaries(st.tuples(st.integers(0, 5), st.sampled_from("abc")), levels),
    threshold=st.integers(1, 4),
)
def test_conversation_points_are_exactly_the_pairs_at_or_over_the_threshold(own, leader, threshold):
    points = conversation_points(self_ratings=own, leader_ratings=leader, threshold=threshold)

    expected = {k for k in own.keys() & leader.keys() if abs(own[k] - leader[k]) >= threshold}
    assert {(p.person, p.competence) for p in points} == expected


def test_needs_are_ranked_by_gap_times_people_below_times_vulnerability():
    figures = {
        "interpreting": competence_figures(expected=4, ratings=[5, 2, 2, 2]),  # 2 × 3 × high
        "case law": competence_figures(expected=3, ratings=[3, 3, 3, 1, 1]),  # no gap: median 3
        "employers": competence_figures(expected=4, ratings=[4, 4, 4, 3, 3]),  # no gap: median 4
        "cross-unit": competence_figures(expected=5, ratings=[4, 4, 5, 5, 3]),  # 1 × 3 × med
    }

    needs = ranked_needs(figures)

    assert [(n.competence, n.score) for n in needs] == [("interpreting", 18.0), ("cross-unit", 6.0)]
    assert (needs[0].gap, needs[0].below, needs[0].vulnerability) == (2.0, 3, Vulnerability.HIGH)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=5),
        st.builds(
            lambda expected, team: competence_figures(expected=expected, ratings=team),
            levels,
            ratings,
        ),
        max_size=15,
    )
)
def test_ranked_needs_are_sorted_and_only_hold_real_gaps(figures: dict[str, CompetenceFigures]):
    needs = ranked_needs(figures)

    assert [n.score for n in needs] == sorted((n.score for n in needs), reverse=True)
    assert all(n.gap > 0 and n.below > 0 and n.score > 0 for n in needs)


def test_groups_under_five_are_never_broken_out():
    assert shareable_mean([5, 4, 3, 2]) is None
    assert shareable_mean([5, 4, 3, 2, 1]) == 3.0
    assert shareable_mean([], minimum=1) is None
