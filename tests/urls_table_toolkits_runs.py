"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's runs pages.

The access matrix has only the `world` fixture, so the kwargs builders create the runs they
point at (once): one of municipality A, which bob sees only as an aggregate (404), and one of
team A, which bob sees in detail but may not change, as he takes no part in it (403).
"""

import datetime
from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.accounts.models import User
from trinvis.organisations.models import Membership
from trinvis.toolkits.models import Run, Toolkit
from trinvis.toolkits.services import run_start, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _toolkit() -> Toolkit:
    document = small_document()
    found = Toolkit.objects.filter(
        slug=document["slug"], organisation__isnull=True, is_latest=True
    ).first()
    return found or toolkit_create_version(document=document)


def _team_leader(world: "World") -> User:
    user, created = User.objects.get_or_create(
        email="tilde@example.org", defaults={"full_name": "Tilde Teamleader", "language": "en"}
    )
    if created:
        Membership.objects.create(user=user, organisation=world.team_a, role=Membership.Role.LEADER)
    return user


def run_of_municipality_a(world: "World") -> Run:
    found = Run.objects.filter(organisation=world.municipality_a).first()
    return found or run_start(
        organisation=world.municipality_a,
        toolkit=_toolkit(),
        title="Strategic competence development 2027",
        responsible=world.alice,
        participants=[],
        start_date=datetime.date(2027, 1, 4),
        target_date=datetime.date(2027, 12, 17),
        by=world.alice,
    )


def run_of_team_a(world: "World") -> Run:
    """A run of team A that bob does not take part in."""
    found = Run.objects.filter(organisation=world.team_a).first()
    return found or run_start(
        organisation=world.team_a,
        toolkit=_toolkit(),
        title="Onboarding in team A",
        responsible=_team_leader(world),
        participants=[],
        start_date=datetime.date(2027, 2, 1),
        target_date=None,
        by=world.alice,
    )


def _run_a(world: "World") -> dict[str, Any]:
    return {"pk": run_of_municipality_a(world).pk}


def _run_team(world: "World") -> dict[str, Any]:
    return {"pk": run_of_team_a(world).pk}


def _step_a(world: "World") -> dict[str, Any]:
    return {"pk": run_of_municipality_a(world).pk, "key": "read"}


def _step_team(world: "World") -> dict[str, Any]:
    return {"pk": run_of_team_a(world).pk, "key": "plan"}


def _with_runs(world: "World") -> dict[str, Any]:
    """No kwargs; makes sure the list has runs to show."""
    run_of_municipality_a(world)
    run_of_team_a(world)
    return {}


# Municipality A's run: bob sees the municipality only as context, fiona only as key figures.
_RUN_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Team A's run: bob reads it, but only its write roles, responsible and participants change it.
_READ_TEAM = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_TEAM = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Starting a run needs a write role somewhere.
_START = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)

RUNS: dict[str, Route] = {
    "toolkits:run_list": Route(
        (
            Case("no runs", get=logged_in(OK)),
            Case("with runs", kwargs=_with_runs, get=logged_in(OK)),
        )
    ),
    # The POST carries no data: the form is invalid, so nothing is started.
    "toolkits:run_start": Route((Case("start form", get=_START, post=_START),)),
    "toolkits:run_detail": Route(
        (
            Case("municipality A", kwargs=_run_a, get=_RUN_A),
            Case("team A", kwargs=_run_team, get=_READ_TEAM),
            Case("no such run", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    # The POST carries no version: the form is invalid, so the step is not changed.
    "toolkits:run_step": Route(
        (
            Case("municipality A", kwargs=_step_a, get=_RUN_A, post=_RUN_A),
            Case("team A", kwargs=_step_team, get=_READ_TEAM, post=_WRITE_TEAM),
            Case(
                "no such step",
                kwargs=lambda world: {"pk": run_of_municipality_a(world).pk, "key": "nothing"},
                get=_RUN_A | {"alice": NOT_FOUND, "admin": NOT_FOUND},
            ),
        )
    ),
}
