"""Rows of the URL table (tests/urls_table.py) for the competence module's rounds pages.

Two rounds of team A, built once by the kwargs builders: the rated self + leader round of
bob and five colleagues (all submitted), and an open self + team round where bob is
assessed and nothing is rated yet. The POST cases send invalid data (no base version, no
action), so the access check decides the answer and nothing changes for the next persona.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.competences.models import Round
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rated_team_round,
)

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
NOT_ALLOWED = Answer.NOT_ALLOWED


def rated_round(world: "World") -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def team_round(world: "World") -> Round:
    """An open self + team round of team A where bob is assessed; nothing rated yet."""
    return make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=[world.bob, *colleagues(world.team_a, 2)],
        by=world.alice,
        title="Team assessment spring",
        self_assessment=True,
        leader_assessment=False,
        team_assessment=True,
    )


def _rated(world: "World") -> dict[str, Any]:
    return {"pk": rated_round(world).pk}


def _team(world: "World") -> dict[str, Any]:
    return {"pk": team_round(world).pk}


def _form_of(kind: str, persona: str) -> Any:
    def build(world: "World") -> dict[str, Any]:
        person = getattr(world, persona, None) or colleagues(world.team_a, 1)[0]
        return {"pk": rated_round(world).pk, "kind": kind, "person_pk": person.pk}

    build.__name__ = f"{kind}_form_of_{persona}"
    return build


# Opening a round needs a write role somewhere (and the profile in reach: 404 otherwise).
_OPEN = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
# A round of team A: its leader, its people and bob's team see it; fiona only the matrix.
_ROUND = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_MANAGE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Personal data: bob's own form is his alone; a leader's form of a person, leaders only.
_BOBS_OWN = expect(
    LOGIN, alice=NOT_FOUND, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
_LEADERS = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)

COMPETENCES_ROUNDS: dict[str, Route] = {
    # Without ?profile the page lists the profiles to choose from; the empty POST only
    # shows that list again.
    "competences:round_open": Route((Case("choose a profile", get=_OPEN, post=_OPEN),)),
    "competences:round_detail": Route(
        (
            Case("rated round of team A", kwargs=_rated, get=_ROUND),
            Case("open team round, bob assessed", kwargs=_team, get=_ROUND),
            Case("no such round", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    # POST only; an empty action is refused by the form and changes nothing.
    "competences:round_close": Route(
        (
            Case(
                "rated round of team A",
                kwargs=_rated,
                get=logged_in(NOT_ALLOWED),
                post=_MANAGE,
                post_data={"action": ""},
            ),
        )
    ),
    "competences:assess": Route(
        (
            Case("bob's self-assessment", kwargs=_form_of("self", "bob"), get=_BOBS_OWN),
            Case(
                "bob's self-assessment, no base version",
                kwargs=_form_of("self", "bob"),
                get=_BOBS_OWN,
                post=_BOBS_OWN,
                post_data={"action": "submit"},
            ),
            Case(
                "a colleague's self-assessment",
                kwargs=_form_of("self", "colleague"),
                get=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
            ),
            Case(
                "leader's assessment of bob",
                kwargs=_form_of("leader", "bob"),
                get=_LEADERS,
                post=_LEADERS,
                post_data={"action": "submit"},
            ),
            Case(
                "no such kind",
                kwargs=_form_of("boss", "bob"),
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "competences:assess_team": Route(
        (
            Case(
                "open team round, bob assessed",
                kwargs=_team,
                get=_ROUND,
                post=_ROUND,
                post_data={"action": "submit"},
            ),
            Case("round without a team assessment", kwargs=_rated, get=logged_in(NOT_FOUND)),
        )
    ),
}
