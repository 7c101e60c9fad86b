"""Rows of the URL table (tests/urls_table.py) for the competence module's profiles pages.

Municipality A's profile (tests.factories.make_profile) is shared content of the
municipality: bob, an employee of a team below it, reads it but may not change it (403);
charlie (municipality B) gets 404, and so does fiona, who follows municipalities only as
figures. Creating and importing need a write role somewhere.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.competences.tests.factories import make_profile

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _profile_a(world: "World") -> dict[str, Any]:
    return {"pk": make_profile(world.municipality_a).pk}


def _with_profile(world: "World") -> dict[str, Any]:
    make_profile(world.municipality_a)
    return {}


def _export(fmt: str) -> Any:
    def build(world: "World") -> dict[str, Any]:
        return {"pk": make_profile(world.municipality_a).pk, "fmt": fmt}

    build.__name__ = f"export_{fmt}"
    return build


_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_CREATE = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)

COMPETENCES_PROFILES: dict[str, Route] = {
    "competences:index": Route(
        (
            Case("empty", get=logged_in(OK)),
            Case("with a profile", kwargs=_with_profile, get=logged_in(OK)),
        )
    ),
    # The POST carries no data: the form is invalid, so nothing is created.
    "competences:profile_create": Route((Case("create form", get=_CREATE, post=_CREATE),)),
    "competences:profile_import": Route((Case("upload form", get=_CREATE, post=_CREATE),)),
    "competences:profile_detail": Route(
        (
            Case("municipality A", kwargs=_profile_a, get=_READ_A),
            Case("no such profile", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    # The POST carries no version: the form is invalid, so nothing is changed.
    "competences:profile_edit": Route(
        (Case("municipality A", kwargs=_profile_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "competences:profile_export": Route(
        (
            Case("Moodle", kwargs=_export("moodle"), get=_READ_A, html=False),
            Case("CSV", kwargs=_export("csv"), get=_READ_A, html=False),
            Case("Excel", kwargs=_export("xlsx"), get=_READ_A, html=False),
            Case(
                "unknown format",
                kwargs=lambda world: {"pk": make_profile(world.municipality_a).pk, "fmt": "pdf"},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
}
