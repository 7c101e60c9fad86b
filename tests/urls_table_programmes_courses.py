"""Rows of the URL table (tests/urls_table.py) for course providers' programmes: the list,
the programme and its modules, runs and regional targets, enrolling and the leader's
confirmation, a run's participants, progress, and a municipality's view.

The agency is the provider: fiona (a facilitator there) and the administrator run its
programme and write all of it. Alice, bob and charlie work in municipalities below the
agency, so they read the programme and enrol, get 403 on its forms and 404 on the
provider's own pages (a run's participants, progress). Another provider's programme,
outside the world's tree, is a 404 to all but the administrator.

Bob's enrolment waits for alice, his leader: bob, alice, the provider and the administrator
see it; charlie gets 404. Confirming or declining is for his leaders (alice, and the
administrator, who leads everyone); bob and fiona see it and get 403.

Writes without data are invalid forms (200, nothing changed) or carry no version, which is
a conflict that changes nothing (the page again, or a redirect back to the enrolment).
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.programmes.tests.factories_courses import (
    bob_enrolment,
    course_of,
    module_of,
    other_course,
    run_of,
)

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED


def _course(world: "World") -> dict[str, Any]:
    return {"pk": course_of(world).pk}


def _other(world: "World") -> dict[str, Any]:
    return {"pk": other_course(world).pk}


def _module(world: "World") -> dict[str, Any]:
    return {"pk": module_of(world).pk}


def _run(world: "World") -> dict[str, Any]:
    return {"pk": run_of(world).pk}


def _bob_enrolment(world: "World") -> dict[str, Any]:
    return {"pk": bob_enrolment(world).pk}


def _missing(world: "World") -> dict[str, Any]:
    return {"pk": 999_999}


_READ = logged_in(OK)
_ADMIN_ONLY = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
_RUNNING = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_RUN_WRITES = expect(LOGIN, alice=FORBIDDEN, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)
_POST_ONLY = logged_in(NOT_ALLOWED)
# Bob's enrolment: bob, his leaders, the provider.
_BOB_SEEN = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
_BOB_LEADERS = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=FORBIDDEN, admin=OK)


def _programme_case(get: dict[str, Answer], post: dict[str, Answer] | None = None) -> Route:
    return Route((Case("the agency's programme", kwargs=_course, get=get, post=post),))


PROGRAMMES_COURSES: dict[str, Route] = {
    "programmes:courses": Route((Case("course programmes", get=_READ),)),
    # Creating a programme is for a running role in an agency or region.
    "programmes:course_create": Route((Case("new programme", get=_RUN_WRITES, post=_RUN_WRITES),)),
    "programmes:course_detail": Route(
        (
            Case("the agency's programme", kwargs=_course, get=_READ),
            Case("another provider's programme", kwargs=_other, get=_ADMIN_ONLY),
            Case("no such programme", kwargs=_missing, get=logged_in(NOT_FOUND)),
        )
    ),
    "programmes:course_edit": _programme_case(_RUN_WRITES, _RUN_WRITES),
    "programmes:course_delete": _programme_case(_RUN_WRITES, _RUN_WRITES),
    "programmes:course_targets": _programme_case(_RUN_WRITES, _RUN_WRITES),
    "programmes:course_progress": Route(
        (
            Case("the agency's programme", kwargs=_course, get=_RUNNING),
            Case("another provider's programme", kwargs=_other, get=_ADMIN_ONLY),
        )
    ),
    "programmes:course_module_create": _programme_case(_RUN_WRITES, _RUN_WRITES),
    "programmes:course_module_edit": Route(
        (Case("module 1", kwargs=_module, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:course_module_delete": Route(
        (Case("module 1", kwargs=_module, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:course_run_create": Route(
        (Case("module 1", kwargs=_module, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:course_run": Route(
        (
            Case("a run of module 1", kwargs=_run, get=_RUNNING),
            Case("no such run", kwargs=_missing, get=logged_in(NOT_FOUND)),
        )
    ),
    "programmes:course_run_edit": Route(
        (Case("a run of module 1", kwargs=_run, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    "programmes:course_run_delete": Route(
        (Case("a run of module 1", kwargs=_run, get=_RUN_WRITES, post=_RUN_WRITES),)
    ),
    # Without the run's version nothing is recorded: the run's page again.
    "programmes:course_run_attendance": Route(
        (Case("a run of module 1", kwargs=_run, get=_POST_ONLY, post=_RUN_WRITES),)
    ),
    "programmes:course_run_csv": Route(
        (Case("a run of module 1", kwargs=_run, get=_RUNNING, html=False),)
    ),
    # Everyone who sees the programme may open the form; without data nothing is enrolled.
    "programmes:course_enrol": Route(
        (
            Case("the agency's programme", kwargs=_course, get=_READ, post=_READ),
            Case("another provider's programme", kwargs=_other, get=_ADMIN_ONLY),
        )
    ),
    "programmes:course_enrolment": Route(
        (
            Case("bob's enrolment", kwargs=_bob_enrolment, get=_BOB_SEEN),
            Case("no such enrolment", kwargs=_missing, get=logged_in(NOT_FOUND)),
        )
    ),
    # Without a version the confirmation is a conflict: back to the enrolment.
    "programmes:course_enrolment_confirm": Route(
        (
            Case(
                "bob's enrolment",
                kwargs=_bob_enrolment,
                get=_BOB_LEADERS,
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=FORBIDDEN,
                    charlie=NOT_FOUND,
                    fiona=FORBIDDEN,
                    admin=REDIRECT,
                ),
            ),
        )
    ),
    # Without a note the refusal is an invalid form: the confirmation page again.
    "programmes:course_enrolment_decline": Route(
        (Case("bob's enrolment", kwargs=_bob_enrolment, get=_POST_ONLY, post=_BOB_LEADERS),)
    ),
    # Without a version the cancelling is a conflict: back to the enrolment.
    "programmes:course_enrolment_cancel": Route(
        (
            Case(
                "bob's enrolment",
                kwargs=_bob_enrolment,
                get=_POST_ONLY,
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=REDIRECT,
                    charlie=NOT_FOUND,
                    fiona=REDIRECT,
                    admin=REDIRECT,
                ),
            ),
        )
    ),
    # Like the leader's other lists: everyone may open them (empty for most).
    "programmes:course_confirmations": Route((Case("waiting for me", get=_READ),)),
    "programmes:course_municipality": Route((Case("my municipality", get=_READ),)),
}
