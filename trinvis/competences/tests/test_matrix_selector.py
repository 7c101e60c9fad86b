"""The matrix of a round, read from the database in a fixed number of queries."""

import pytest

from conftest import World
from trinvis.competences.analysis import Vulnerability
from trinvis.competences.models import Assessment
from trinvis.competences.selectors import round_matrix
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)


def _round(world: World):
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def test_the_leaders_rating_counts_where_given_and_the_figures_follow(world: World) -> None:
    matrix = round_matrix(round=_round(world))
    assert matrix.people[0].full_name == "Bob Employee"
    first = matrix.rows[0]
    assert first.competence.name == "Labour-market knowledge"
    assert first.levels == [2, 3, 3, 3, 3, 3]
    assert first.self_levels[0] == 5
    assert first.figures.meeting == 0  # expected 4: nobody is there
    assert first.figures.vulnerability is Vulnerability.HIGH
    assert matrix.assessed == 6
    assert matrix.shareable


def test_self_and_leader_two_apart_is_a_conversation_point_for_that_person(world: World) -> None:
    matrix = round_matrix(round=_round(world))
    names = {str(row.competence.pk): row.competence.name for row in matrix.rows}
    points = [(p.person, names[p.competence]) for p in matrix.conversation_points]
    assert (world.bob.pk, "Labour-market knowledge") in points


def test_drafts_do_not_count(world: World) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile,
        organisation=world.team_a,
        people=[world.bob],
        by=world.alice,
        title="Drafts",
    )
    rate(
        round,
        kind=Assessment.Kind.SELF,
        person=world.bob,
        by=world.bob,
        levels=[5, 5],
        submit=False,
    )
    matrix = round_matrix(round=round)
    assert all(level is None for row in matrix.rows for level in row.levels)
    assert matrix.assessed == 0 and not matrix.shareable


def test_a_team_only_round_counts_the_agreed_level_for_everyone(world: World) -> None:
    profile = make_profile(world.municipality_a)
    people = [world.bob, *colleagues(world.team_a, 2)]
    round = make_round(
        profile=profile,
        organisation=world.team_a,
        people=people,
        by=world.alice,
        title="Team",
        self_assessment=False,
        leader_assessment=False,
        team_assessment=True,
    )
    rate(round, kind=Assessment.Kind.TEAM, person=None, by=world.bob, levels=[2, 3, 4, 3, 3])
    matrix = round_matrix(round=round)
    assert matrix.team_only
    assert matrix.rows[0].levels == [2, 2, 2] and matrix.rows[0].team_level == 2
    assert matrix.rows[0].figures.below == 3


@pytest.mark.parametrize("extra", [0, 20])
def test_query_count_does_not_grow_with_people(
    world: World, extra: int, django_assert_max_num_queries
) -> None:
    round = _round(world)
    more = colleagues(world.unit_a_job, extra) if extra else []
    round.people.add(*more)
    for person in more:
        rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[3, 3, 3, 3, 3])
    with django_assert_max_num_queries(4):
        round_matrix(round=round)
