"""Rows of the URL table (tests/urls_table.py) for agency programmes themselves: the list,
creating one, the programme page, changing and deleting it, the selection (criteria,
shortlist) and the municipalities of the programme (page, decision, contact person, adding
one by hand).

The programme is the agency's, so fiona (a facilitator there) and the administrator run it:
they read and write everything. Municipality A takes part: alice, its leader, reads the
programme page and her municipality's page, gets 403 on every write, and 404 on the
selection and on another municipality's page, which are not for a municipality. Bob works
in a team of A, so he is on A's side too and gets what alice gets. Charlie, outside, gets
404. Creating a programme is for those with a running role in an agency or region: fiona
and the administrator.

Writes without data are invalid forms (200, nothing changed) or out-of-date versions, which
change nothing; the shortlist and the decision buttons redirect.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_programmes import (
    candidate_a_of,
    programme_of,
    suggested_of,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def _programme_pk(world: "World") -> dict[str, Any]:
    return {"pk": programme_of(world).pk}


def _candidate_a_pk(world: "World") -> dict[str, Any]:
    programme_of(world)
    return {"pk": candidate_a_of(world).pk}


def _suggested_pk(world: "World") -> dict[str, Any]:
    return {"pk": suggested_of(world).pk}


# Municipality A's side reads; those who run the programme read and write.
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Only for those who run it: the selection, another municipality's page.
_RUNNING = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Writes: A's side sees the programme, so a write is 403.
_RUN_WRITES = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK)
_RUN_BUTTON = expect(
    LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
_RUN_SUGGESTED_BUTTON = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=REDIRECT, admin=REDIRECT
)
_CREATORS = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)
_POST_ONLY = logged_in(NOT_ALLOWED)

PROGRAMMES: dict[str, Route] = {
    "programmes:index": Route((Case("programmes", get=logged_in(OK)),)),
    "programmes:create": Route((Case("new programme", get=_CREATORS, post=_CREATORS),)),
    "programmes:programme": Route(
        (
            Case("the agency's programme", kwargs=_programme_pk, get=_READ_A),
            Case(
                "no such programme", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)
            ),
        )
    ),
    "programmes:edit": Route(
        (Case("the agency's programme", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    # Without a version the deletion is a conflict: the page is shown again, nothing goes.
    "programmes:delete": Route(
        (Case("the agency's programme", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:selection": Route(
        (Case("the agency's programme", kwargs=_programme_pk, get=_RUNNING),)
    ),
    "programmes:criteria": Route(
        (Case("the agency's programme", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    # Without the criteria's version nothing is saved; back to the selection with a warning.
    "programmes:shortlist_save": Route(
        (
            Case(
                "the agency's programme",
                kwargs=_programme_pk,
                get=_POST_ONLY,
                post=_RUN_BUTTON,
            ),
        )
    ),
    "programmes:candidate_add": Route(
        (Case("the agency's programme", kwargs=_programme_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:candidate": Route(
        (
            Case("municipality A", kwargs=_candidate_a_pk, get=_READ_A),
            Case("a suggested municipality", kwargs=_suggested_pk, get=_RUNNING),
            Case(
                "no such municipality",
                kwargs=lambda world: {"pk": 999_999},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    # Without a decision nothing changes: back to the municipality's page.
    "programmes:candidate_decide": Route(
        (
            Case("municipality A", kwargs=_candidate_a_pk, get=_POST_ONLY, post=_RUN_BUTTON),
            Case(
                "a suggested municipality",
                kwargs=_suggested_pk,
                get=_POST_ONLY,
                post=_RUN_SUGGESTED_BUTTON,
            ),
        )
    ),
    # Without a version the save is a conflict: the form is shown again, nothing changes.
    "programmes:candidate_contact": Route(
        (Case("municipality A", kwargs=_candidate_a_pk, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
}
