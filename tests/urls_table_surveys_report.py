"""Rows of the URL table (tests/urls_table.py) for a survey's report pages.

Three surveys with generated responses (factories_results.results_survey): the agency's
(fiona's organisation; the platform admin is a member too), municipality A's (alice leads
it; bob, in a team below it, and fiona, who follows it, see it only as key figures) and team
A's (bob reads it in detail but, as an employee, may not change its report: 403). The report
is read by everyone who reads the survey's results; everyone else gets 404. The edit form's
write check posts an empty form: refused by the form (200), nothing saved.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.surveys.tests.factories_results import results_survey

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND


def _agency(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.agency).pk}


def _municipality_a(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.municipality_a).pk}


def _team_a(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.team_a).pk}


_AGENCY = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_MUNICIPALITY_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
_READ_TEAM_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_CHANGE_TEAM_A = expect(
    LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)

SURVEYS_REPORT: dict[str, Route] = {
    "surveys:report": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY),
            Case("municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A),
            Case("team A's survey", kwargs=_team_a, get=_READ_TEAM_A),
        )
    ),
    "surveys:report_edit": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY, post=_AGENCY),
            Case(
                "municipality A's survey",
                kwargs=_municipality_a,
                get=_MUNICIPALITY_A,
                post=_MUNICIPALITY_A,
            ),
            Case("team A's survey", kwargs=_team_a, get=_CHANGE_TEAM_A, post=_CHANGE_TEAM_A),
        )
    ),
    "surveys:report_pdf": Route(
        (Case("municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A, html=False),)
    ),
    "surveys:report_xlsx": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY, html=False),
            Case("team A's survey", kwargs=_team_a, get=_READ_TEAM_A, html=False),
        )
    ),
}
