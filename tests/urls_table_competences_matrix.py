"""Rows of the URL table (tests/urls_table.py) for the competence module's matrix pages.

Two rounds of team A, built once by the kwargs builders: the rated self + leader round of
bob and five colleagues (all submitted: six people, so the team's figures may be shown to
everyone who sees the round), and a small self-assessment round of bob and one colleague
(two people: figures for the unit's leaders only; the others get an explanation, and no
export). A person's page is personal data: the person and the leaders only.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.competences.models import Assessment, Round
from trinvis.competences.tests.factories import (
    colleagues,
    make_profile,
    make_round,
    rate,
    rated_team_round,
)

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def rated_round(world: "World") -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def small_round(world: "World") -> Round:
    """A self-assessment round of bob and one colleague, both submitted: too few to share."""
    people = [world.bob, *colleagues(world.team_a, 1)]
    round = make_round(
        profile=make_profile(world.municipality_a),
        organisation=world.team_a,
        people=people,
        by=world.alice,
        title="Small round",
        leader_assessment=False,
    )
    if not round.assessments.exists():
        for person in people:
            rate(round, kind=Assessment.Kind.SELF, person=person, by=person, levels=[3] * 5)
    return round


def _rated(world: "World") -> dict[str, Any]:
    return {"pk": rated_round(world).pk}


def _small(world: "World") -> dict[str, Any]:
    return {"pk": small_round(world).pk}


def _export(build: Any, fmt: str) -> Any:
    def kwargs(world: "World") -> dict[str, Any]:
        return {**build(world), "fmt": fmt}

    kwargs.__name__ = f"{build.__name__}_{fmt}"
    return kwargs


def _bobs_page(world: "World") -> dict[str, Any]:
    return {"pk": rated_round(world).pk, "person_pk": world.bob.pk}


def _colleagues_page(world: "World") -> dict[str, Any]:
    round = rated_round(world)
    return {"pk": round.pk, "person_pk": colleagues(world.team_a, 1)[0].pk}


def _profile(world: "World") -> dict[str, Any]:
    return {"profile_pk": rated_round(world).profile_id}


# The round's figures: its leaders see people, bob (a participant) and fiona (who follows
# municipality A) the team's figures; charlie is in another municipality.
_FIGURES = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# A small round: the page explains why there are no figures; an export has nothing to hold.
_SMALL_EXPORT = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Setting priorities: the write roles; bob and fiona see the list but may not change it.
_PRIORITIES = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=FORBIDDEN, admin=OK)
_BOBS_OWN = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_LEADERS = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)

COMPETENCES_MATRIX: dict[str, Route] = {
    "competences:matrix": Route(
        (
            Case("six people rated", kwargs=_rated, get=_FIGURES),
            Case("two people rated", kwargs=_small, get=_FIGURES),
        )
    ),
    "competences:matrix_export": Route(
        (
            Case("Excel, six people", kwargs=_export(_rated, "xlsx"), get=_FIGURES, html=False),
            Case("PDF, six people", kwargs=_export(_rated, "pdf"), get=_FIGURES, html=False),
            Case(
                "Excel, two people", kwargs=_export(_small, "xlsx"), get=_SMALL_EXPORT, html=False
            ),
            Case(
                "unknown format",
                kwargs=_export(_rated, "csv"),
                get=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=NOT_FOUND,
                ),
                html=False,
            ),
        )
    ),
    "competences:person": Route(
        (
            Case("bob's own ratings", kwargs=_bobs_page, get=_BOBS_OWN),
            Case("a colleague's ratings", kwargs=_colleagues_page, get=_LEADERS),
        )
    ),
    "competences:needs": Route(
        (
            Case("six people rated", kwargs=_rated, get=_FIGURES, post=_PRIORITIES),
            Case("two people rated", kwargs=_small, get=_FIGURES),
        )
    ),
    "competences:development": Route(
        (Case("profile of municipality A", kwargs=_profile, get=_FIGURES),)
    ),
}
