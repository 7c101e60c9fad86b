"""Rows of the URL table (tests/urls_table.py) for the reports: an agency programme's and a
course programme's report (PDF, Excel), the list of municipality reports and a
municipality's report (PDF, Excel).

The agency's programme and course programme are run by fiona (a facilitator there) and the
administrator: they fetch the reports. Municipality A takes part in the programme and its
people see the course programme, but the reports set the municipalities side by side, so
alice and bob get 404, as charlie does.

A municipality's report is for its leaders and administrators: alice (leader of A) and the
platform administrator. Bob (an employee of A), charlie (of B) and fiona, who runs a
programme A takes part in, get 404; so does everyone for an organisation that is not a
municipality. The list page answers everyone logged in, listing what they may fetch.

The reports are downloads: every write is 405.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_courses import course_of, other_course
from trinvis.programmes.tests.factories_workshops import candidate_of, programme_of

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.NOT_FOUND
NOT_ALLOWED = Answer.NOT_ALLOWED


def _programme(world: "World") -> dict[str, Any]:
    return {"pk": programme_of(world).pk}


def _course(world: "World") -> dict[str, Any]:
    return {"pk": course_of(world).pk}


def _other_course(world: "World") -> dict[str, Any]:
    return {"pk": other_course(world).pk}


def _municipality_a(world: "World") -> dict[str, Any]:
    candidate_of(world)  # A takes part in fiona's programme
    return {"pk": world.municipality_a.pk}


def _municipality_b(world: "World") -> dict[str, Any]:
    return {"pk": world.municipality_b.pk}


def _team_a(world: "World") -> dict[str, Any]:
    return {"pk": world.team_a.pk}


_RUNNING = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_ADMIN_ONLY = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
_LEADERS_OF_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_NOBODY = logged_in(NOT_FOUND)
_NO_WRITES = logged_in(NOT_ALLOWED)


def _programme_route() -> Route:
    return Route(
        (
            Case(
                "the agency's programme",
                kwargs=_programme,
                get=_RUNNING,
                post=_NO_WRITES,
                html=False,
            ),
            Case(
                "no such programme", kwargs=lambda world: {"pk": 999_999}, get=_NOBODY, html=False
            ),
        )
    )


def _course_route() -> Route:
    return Route(
        (
            Case("the agency's course", kwargs=_course, get=_RUNNING, post=_NO_WRITES, html=False),
            Case("another provider's course", kwargs=_other_course, get=_ADMIN_ONLY, html=False),
        )
    )


def _municipality_route() -> Route:
    return Route(
        (
            Case(
                "municipality A",
                kwargs=_municipality_a,
                get=_LEADERS_OF_A,
                post=_NO_WRITES,
                html=False,
            ),
            Case("municipality B", kwargs=_municipality_b, get=_ADMIN_ONLY, html=False),
            Case("a team, not a municipality", kwargs=_team_a, get=_NOBODY, html=False),
        )
    )


PROGRAMMES_REPORTS: dict[str, Route] = {
    "programmes:programme_report_pdf": _programme_route(),
    "programmes:programme_report_xlsx": _programme_route(),
    "programmes:course_report_pdf": _course_route(),
    "programmes:course_report_xlsx": _course_route(),
    "programmes:municipality_reports": Route(
        (Case("the list", get=logged_in(OK), post=_NO_WRITES),)
    ),
    "programmes:municipality_report_pdf": _municipality_route(),
    "programmes:municipality_report_xlsx": _municipality_route(),
}
