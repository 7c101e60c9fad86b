"""Rows of the URL table (tests/urls_table.py) for the JSON API (config/api.py).

The API answers anonymous requests with 401, never a login redirect. Its runs are the runs
pages' runs (tests/urls_table_toolkits_runs.py): municipality A's, which bob sees only as an
aggregate (404), and team A's, which bob reads but may not change (403). Writes are PATCH
and PUT with JSON; their bodies change nothing (the step's current values at its first
version; an empty free worksheet on an unsaved one), so the access check decides the answer.
API answers are JSON, so the accessibility check skips them; so it does the docs page (see
its row), which has its own check.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, everyone, expect, logged_in
from tests.urls_table_toolkits_runs import _toolkit, run_of_municipality_a, run_of_team_a

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED = (
    Answer.OK,
    Answer.LOGIN,
    Answer.FORBIDDEN,
    Answer.NOT_FOUND,
    Answer.UNAUTHORIZED,
)


def _api(answer: Answer) -> dict[str, Answer]:
    """Anonymous gets 401; every persona gets `answer`."""
    return {**everyone(answer), "anonymous": UNAUTHORIZED}


def _shipped_toolkit(world: "World") -> dict[str, Any]:
    return {"toolkit_id": _toolkit().pk}


def _run_a(world: "World") -> dict[str, Any]:
    return {"run_id": run_of_municipality_a(world).pk}


def _run_team(world: "World") -> dict[str, Any]:
    return {"run_id": run_of_team_a(world).pk}


def _step_a(world: "World") -> dict[str, Any]:
    return {**_run_a(world), "key": "read"}


def _step_team(world: "World") -> dict[str, Any]:
    return {**_run_team(world), "key": "plan"}


def _sheet_a(world: "World") -> dict[str, Any]:
    return {**_run_a(world), "template_key": "plan"}


def _sheet_team(world: "World") -> dict[str, Any]:
    return {**_run_team(world), "template_key": "plan"}


# As on the runs pages: municipality A's run only for alice and admin; team A's run read by
# bob too, but changed only by its write roles, responsible and participants.
_RUN_A = expect(UNAUTHORIZED, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_READ_TEAM = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_TEAM = expect(
    UNAUTHORIZED, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
_UNCHANGED_STEP = {"version": 1, "status": "not_started"}
_UNCHANGED_SHEET = {"base_version": 0, "rows": []}

API: dict[str, Route] = {
    # Logged-in users only: the docs page and the schema reveal no data, but nobody outside
    # needs them, so anonymous gets the login page as on every other non-public page.
    # html=False: axe finds contrast and nested-control violations in Swagger UI's own markup
    # (third-party, rendered by its script), which we cannot fix here. The page around it is
    # checked in tests/test_accessibility.py::test_api_docs_page_passes_axe_but_swagger_ui.
    "api:openapi-view": Route((Case("docs", get=logged_in(OK), html=False),)),
    "api:openapi-json": Route((Case("OpenAPI schema", get=logged_in(OK), html=False),)),
    # django-ninja's root: answers 404 to everyone (it only anchors the API's path).
    "api:api-root": Route((Case("root", get=everyone(NOT_FOUND), html=False),), public=True),
    "api:toolkit_list": Route((Case("toolkits", get=_api(OK), html=False),)),
    "api:toolkit_detail": Route(
        (
            Case("shipped toolkit", kwargs=_shipped_toolkit, get=_api(OK), html=False),
            Case(
                "no such toolkit",
                kwargs=lambda world: {"toolkit_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:run_list": Route((Case("runs", get=_api(OK), html=False),)),
    "api:run_detail": Route(
        (
            Case("municipality A", kwargs=_run_a, get=_RUN_A, html=False),
            Case("team A", kwargs=_run_team, get=_READ_TEAM, html=False),
            Case(
                "no such run",
                kwargs=lambda world: {"run_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    # PATCH only: GET is 405 for everyone, before authentication.
    "api:run_step": Route(
        (
            Case(
                "municipality A",
                kwargs=_step_a,
                get=everyone(Answer.NOT_ALLOWED),
                post=_RUN_A,
                write_method="PATCH",
                post_data=_UNCHANGED_STEP,
                html=False,
            ),
            Case(
                "team A",
                kwargs=_step_team,
                get=everyone(Answer.NOT_ALLOWED),
                post=_WRITE_TEAM,
                write_method="PATCH",
                post_data=_UNCHANGED_STEP,
                html=False,
            ),
        )
    ),
    "api:worksheet": Route(
        (
            Case(
                "municipality A",
                kwargs=_sheet_a,
                get=_RUN_A,
                post=_RUN_A,
                write_method="PUT",
                post_data=_UNCHANGED_SHEET,
                html=False,
            ),
            Case(
                "team A",
                kwargs=_sheet_team,
                get=_READ_TEAM,
                post=_WRITE_TEAM,
                write_method="PUT",
                post_data=_UNCHANGED_SHEET,
                html=False,
            ),
            Case(
                "template not in the run's toolkit",
                kwargs=lambda world: {**_run_team(world), "template_key": "nope"},
                get=_READ_TEAM | {"alice": NOT_FOUND, "bob": NOT_FOUND, "admin": NOT_FOUND},
                html=False,
            ),
        )
    ),
}
