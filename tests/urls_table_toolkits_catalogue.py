"""Rows of the URL table (tests/urls_table.py) for the toolkit engine's catalogue pages.

The access matrix has only the `world` fixture, so the kwargs builders create what they
point at: the small shipped toolkit, and municipality A's adapted copy of it (made once).
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    Kwargs,
    Route,
    expect,
    logged_in,
)
from trinvis.toolkits.models import Toolkit
from trinvis.toolkits.services import toolkit_adapt, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document

if TYPE_CHECKING:
    from conftest import World


def shipped_toolkit(world: "World") -> Toolkit:
    document = small_document()
    found = Toolkit.objects.filter(
        slug=document["slug"], organisation__isnull=True, is_latest=True
    ).first()
    return found or toolkit_create_version(document=document)


def adapted_toolkit(world: "World") -> Toolkit:
    """Municipality A's copy of the small toolkit."""
    shipped = shipped_toolkit(world)
    found = Toolkit.objects.filter(
        slug=shipped.slug, organisation=world.municipality_a, is_latest=True
    ).first()
    return found or toolkit_adapt(toolkit=shipped, organisation=world.municipality_a, by=None)


def _shipped(world: "World") -> dict[str, Any]:
    return {"pk": shipped_toolkit(world).pk}


def _adapted(world: "World") -> dict[str, Any]:
    return {"pk": adapted_toolkit(world).pk}


def _with_toolkits(world: "World") -> dict[str, Any]:
    """No kwargs; makes sure the lists have a shipped toolkit and a copy to show."""
    adapted_toolkit(world)
    return {}


def _step(builder: Kwargs) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {**builder(world), "key": "plan"}

    build.__name__ = f"plan_step_of_{builder.__name__}"
    return build


# Municipality A's copy: its leader and the platform admin; bob sees only his team in
# detail, so for him (and everyone outside municipality A) the copy does not exist.
_COPY_OF_A = expect(LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Only write roles copy a toolkit; employees and the facilitator may only read.
_WRITE_ROLES = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK)
# The shipped original is never changed, not even by the platform admin.
_ORIGINAL = logged_in(FORBIDDEN)


def _edit_route(kwargs_of: Any, post_data: dict[str, str]) -> Route:
    return Route(
        (
            Case(
                "copy of municipality A",
                kwargs=kwargs_of(_adapted),
                get=_COPY_OF_A,
                post=_COPY_OF_A,
                post_data=post_data,
            ),
            Case(
                "shipped original",
                kwargs=kwargs_of(_shipped),
                get=_ORIGINAL,
                post=_ORIGINAL,
                post_data=post_data,
            ),
        )
    )


def _same(builder: Kwargs) -> Kwargs:
    return builder


CATALOGUE: dict[str, Route] = {
    "toolkits:list": Route((Case("catalogue", kwargs=_with_toolkits, get=logged_in(OK)),)),
    "toolkits:search": Route((Case("search", kwargs=_with_toolkits, get=logged_in(OK)),)),
    "toolkits:barriers": Route((Case("barrier check", kwargs=_with_toolkits, get=logged_in(OK)),)),
    "toolkits:detail": Route(
        (
            Case("shipped toolkit", kwargs=_shipped, get=logged_in(OK)),
            Case("copy of municipality A", kwargs=_adapted, get=_COPY_OF_A),
            Case("no such toolkit", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    "toolkits:step": Route(
        (
            Case("step of shipped toolkit", kwargs=_step(_shipped), get=logged_in(OK)),
            Case("step of copy of municipality A", kwargs=_step(_adapted), get=_COPY_OF_A),
            Case(
                "no such step",
                kwargs=lambda world: {**_shipped(world), "key": "no-such-step"},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "toolkits:adapt": Route(
        (
            Case(
                "shipped toolkit",
                kwargs=_shipped,
                get=_WRITE_ROLES,
                post=_WRITE_ROLES,
                post_data={"organisation": ""},
            ),
            Case(
                "a copy cannot be copied",
                kwargs=_adapted,
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "toolkits:rename": _edit_route(_same, {"title_da": "", "title_nb": "", "title_en": ""}),
    "toolkits:step_rename": _edit_route(_step, {"title_da": "", "title_nb": "", "title_en": ""}),
    "toolkits:step_add": _edit_route(_step, {"title": "", "purpose": ""}),
    "toolkits:question_add": _edit_route(_step, {"question": ""}),
}
