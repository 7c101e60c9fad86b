"""Rows of the URL table (tests/urls_table.py) for the survey module's results pages.

Two surveys, built once by the kwargs builders: the agency's (fiona's organisation; the
platform admin is a member too) and municipality A's (alice leads it; bob, in a team below
it, and fiona, who follows it, see it only as key figures). Results are read by everyone
with detail access to the survey's organisation; everyone else gets 404.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.surveys.tests.factories_results import results_survey

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.NOT_FOUND


def _agency(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.agency).pk}


def _municipality_a(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.municipality_a).pk}


def _table(build: Any, key: str) -> Any:
    def kwargs(world: "World") -> dict[str, Any]:
        return {**build(world), "key": key}

    kwargs.__name__ = f"{build.__name__}_{key}"
    return kwargs


_AGENCY = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_MUNICIPALITY_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)

SURVEYS_RESULTS: dict[str, Route] = {
    "surveys:results": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY),
            Case("municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A),
        )
    ),
    "surveys:results_csv": Route(
        (
            Case("agency's survey", kwargs=_table(_agency, "useful"), get=_AGENCY, html=False),
            Case(
                "municipality A's survey",
                kwargs=_table(_municipality_a, "benefit/talks"),
                get=_MUNICIPALITY_A,
                html=False,
            ),
        )
    ),
    "surveys:results_xlsx": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY, html=False),
            Case(
                "municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A, html=False
            ),
        )
    ),
    "surveys:results_pdf": Route(
        (Case("municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A, html=False),)
    ),
}
