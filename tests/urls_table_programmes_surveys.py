"""Rows of the URL table (tests/urls_table.py) for the surveys linked to a programme:
choosing an agency programme's surveys and a course programme's evaluations.

The agency's programme (trinvis/programmes/tests/factories_workshops.py) is run by fiona (a
facilitator there) and the administrator, who choose its surveys. Municipality A takes
part: alice and bob read the programme and get 403 on the page, which is a form; charlie
(municipality B, not in it) gets 404. The agency's course programme is read by everyone in
the municipalities below the agency (alice, bob, charlie: 403); another provider's is a 404
to all but the administrator.

A write without data carries no version: a conflict that changes nothing (the page again).
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_courses import course_of, other_course
from trinvis.programmes.tests.factories_workshops import candidate_of, programme_of

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _programme(world: "World") -> dict[str, Any]:
    candidate_of(world)
    return {"pk": programme_of(world).pk}


def _course(world: "World") -> dict[str, Any]:
    return {"pk": course_of(world).pk}


def _other_course(world: "World") -> dict[str, Any]:
    return {"pk": other_course(world).pk}


_PROGRAMME_RUN = expect(
    LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=OK, admin=OK
)
_COURSE_RUN = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)
_ADMIN_ONLY = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)

PROGRAMMES_SURVEYS: dict[str, Route] = {
    "programmes:programme_surveys": Route(
        (
            Case(
                "the agency's programme", kwargs=_programme, get=_PROGRAMME_RUN, post=_PROGRAMME_RUN
            ),
            Case(
                "no such programme",
                kwargs=lambda world: {"pk": 999_999},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "programmes:course_surveys": Route(
        (
            Case("the agency's programme", kwargs=_course, get=_COURSE_RUN, post=_COURSE_RUN),
            Case(
                "another provider's programme",
                kwargs=_other_course,
                get=_ADMIN_ONLY,
                post=_ADMIN_ONLY,
            ),
        )
    ),
}
