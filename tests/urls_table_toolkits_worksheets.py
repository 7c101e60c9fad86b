"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's worksheets pages.

Runs of the small test toolkit: one of municipality A (bob sees it only as an aggregate:
404), and two of team A, which bob sees in detail: one he takes part in (he may edit its
worksheets) and one without him (he reads; a write is 403).
"""

import datetime
from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Kwargs, Route, expect, logged_in
from trinvis.toolkits.models import Run, Toolkit

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _toolkit() -> Toolkit:
    from trinvis.toolkits.services import toolkit_create_version
    from trinvis.toolkits.tests.conftest import small_document

    existing = Toolkit.objects.filter(slug="small-kit", organisation__isnull=True).first()
    return existing or toolkit_create_version(document=small_document())


RUNS = {
    "municipality": ("municipality_a", "Worksheets of municipality A", False),
    "team": ("team_a", "Worksheets of team A with bob", True),
    "team-without-bob": ("team_a", "Worksheets of team A without bob", False),
}


def worksheet_run(world: "World", which: str) -> Run:
    attribute, title, with_bob = RUNS[which]
    organisation = getattr(world, attribute)
    run = Run.objects.filter(title=title, organisation=organisation).first()
    if run is None:
        run = Run.objects.create(
            organisation=organisation,
            toolkit=_toolkit(),
            title=title,
            responsible=world.alice,
            start_date=datetime.date(2027, 1, 4),
            created_by=world.alice,
        )
        if with_bob:
            run.participants.add(world.bob)
    return run


def _sheet(template_key: str, which: str = "team") -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"run_pk": worksheet_run(world, which).pk, "template_key": template_key}

    build.__name__ = f"worksheet_{template_key}_of_{which}"
    return build


_TEAM = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_MUNICIPALITY = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WITHOUT_BOB = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# A cell that cannot be read: the page answers with the error and nothing is saved.
_BAD_CELL = {"base_version": "0", "row_count": "1", "r0-cost": "not a number"}
_BAD_DATE = {"base_version": "0", "r0-deadline": "not a date"}


def _readonly(label: str, html: bool = True) -> tuple[Case, ...]:
    return (
        Case(f"{label}: free rows, team A", kwargs=_sheet("plan"), get=_TEAM, html=html),
        Case(
            f"{label}: fixed rows, municipality A",
            kwargs=_sheet("checklist", "municipality"),
            get=_MUNICIPALITY,
            html=html,
        ),
        Case(f"{label}: no such template", kwargs=_sheet("nope"), get=logged_in(NOT_FOUND)),
    )


WORKSHEETS: dict[str, Route] = {
    "toolkits:worksheet": Route(
        (
            Case(
                "free rows, bob takes part",
                kwargs=_sheet("plan"),
                get=_TEAM,
                post=_TEAM,
                post_data=_BAD_CELL,
            ),
            Case(
                "fixed rows, bob takes no part",
                kwargs=_sheet("checklist", "team-without-bob"),
                get=_TEAM,
                post=_WITHOUT_BOB,
                post_data=_BAD_DATE,
            ),
            Case(
                "fixed rows, municipality A",
                kwargs=_sheet("checklist", "municipality"),
                get=_MUNICIPALITY,
                post=_MUNICIPALITY,
                post_data=_BAD_DATE,
            ),
            Case(
                "template not in the run's toolkit",
                kwargs=_sheet("nope"),
                get=logged_in(NOT_FOUND),
                post=logged_in(NOT_FOUND),
            ),
        )
    ),
    "toolkits:worksheet_history": Route(_readonly("history")),
    "toolkits:worksheet_print": Route(_readonly("print")),
    "toolkits:worksheet_pdf": Route(_readonly("PDF", html=False)),
    "toolkits:worksheet_xlsx": Route(_readonly("Excel", html=False)),
    "toolkits:worksheet_import": Route(
        (
            Case("bob takes part", kwargs=_sheet("plan"), get=_TEAM, post=_TEAM),
            Case(
                "bob takes no part",
                kwargs=_sheet("checklist", "team-without-bob"),
                get=_WITHOUT_BOB,
                post=_WITHOUT_BOB,
            ),
            Case(
                "municipality A",
                kwargs=_sheet("checklist", "municipality"),
                get=_MUNICIPALITY,
                post=_MUNICIPALITY,
            ),
            Case(
                "template not in the run's toolkit",
                kwargs=_sheet("nope"),
                get=logged_in(NOT_FOUND),
                post=logged_in(NOT_FOUND),
            ),
        )
    ),
}
