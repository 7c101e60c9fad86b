"""Rows of the URL table (tests/urls_table.py) for the mapping of an agency programme: the
conversations, the compilation of challenges, the theme decision and the deep-mapping
checklist.

The programme is the agency's, so fiona (a facilitator there) and the administrator run it:
they read and write everything. Municipality A takes part: alice, its leader, reads the
mapping page (her own municipality's row and the theme) and her conversation (403 on a
write), and answers her checklist; the compilation and the grid of all municipalities are
not for her (404), and the running side's writes are 403. Bob works in a team of A, so he
is on A's side too: he reads what alice reads, and as an employee gets 403 on every write;
charlie, outside, gets 404.

Writes without data are invalid forms (200, nothing changed); one-button writes redirect.
The point deleted in the matrix has an answer, so its deletion is refused.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.indicators.tests.factories import make_area
from trinvis.programmes.models import AgencyProgramme, Candidate, DeepMappingItem
from trinvis.programmes.tests.factories_mapping import (
    candidate_a,
    make_answer,
    make_candidate,
    make_conversation,
    make_point,
    make_programme,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def _programme(world: "World") -> AgencyProgramme:
    programme = make_programme(world.agency)
    make_conversation(candidate_a(programme, world.municipality_a), challenges=("Few employers",))
    return programme


def _candidate(world: "World") -> Candidate:
    return candidate_a(_programme(world), world.municipality_a)


def _point(world: "World") -> DeepMappingItem:
    point = make_point(_programme(world))
    make_answer(point, _candidate(world))
    return point


def _programme_pk(world: "World") -> dict[str, Any]:
    return {"pk": _programme(world).pk}


def _candidate_pk(world: "World") -> dict[str, Any]:
    _point(world)
    return {"pk": _candidate(world).pk}


def _suggested_pk(world: "World") -> dict[str, Any]:
    suggested = make_candidate(
        _programme(world), make_area("DK", "101", "Suggested"), status=Candidate.Status.SUGGESTED
    )
    return {"pk": suggested.pk}


def _point_pk(world: "World") -> dict[str, Any]:
    return {"pk": _point(world).pk}


# Municipality A's own part: alice reads it.
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Municipality A's own writes: its write roles (alice), not its employees (bob).
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
# The running side's reads: the compilation, the grid.
_RUNNING = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
# The running side's writes: alice and bob see the programme, so a write is 403.
_RUN_WRITES = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
_RUN_ONE_BUTTON = expect(
    LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
_POST_ONLY = logged_in(NOT_ALLOWED)

PROGRAMMES_MAPPING: dict[str, Route] = {
    "programmes:mapping": Route(
        (
            Case("programme with A", kwargs=_programme_pk, get=_READ_A),
            Case(
                "no such programme", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)
            ),
        )
    ),
    "programmes:mapping_compilation": Route(
        (Case("programme with A", kwargs=_programme_pk, get=_RUNNING),)
    ),
    "programmes:mapping_compilation_csv": Route(
        (Case("programme with A", kwargs=_programme_pk, get=_RUNNING, html=False),)
    ),
    "programmes:mapping_theme": Route(
        (Case("programme with A", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:mapping_checklist": Route(
        (Case("programme with A", kwargs=_programme_pk, get=_RUNNING),)
    ),
    "programmes:mapping_point_create": Route(
        (Case("programme with A", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:mapping_point_edit": Route(
        (Case("answered point", kwargs=_point_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:mapping_point_move": Route(
        (Case("answered point", kwargs=_point_pk, get=_POST_ONLY, post=_RUN_ONE_BUTTON),)
    ),
    "programmes:mapping_point_delete": Route(
        (Case("answered point", kwargs=_point_pk, get=_RUN_WRITES, post=_RUN_ONE_BUTTON),)
    ),
    "programmes:mapping_conversation": Route(
        (
            Case(
                "municipality A",
                kwargs=_candidate_pk,
                get=_READ_A,
                post=_RUN_WRITES,
            ),
            Case("suggested, not taking part", kwargs=_suggested_pk, get=logged_in(NOT_FOUND)),
        )
    ),
    # Alice answers her municipality's checklist: the agency sends it for the municipality
    # to fill in.
    "programmes:mapping_answers": Route(
        (
            Case("municipality A", kwargs=_candidate_pk, get=_READ_A, post=_WRITE_A),
            Case("suggested, not taking part", kwargs=_suggested_pk, get=logged_in(NOT_FOUND)),
        )
    ),
}
