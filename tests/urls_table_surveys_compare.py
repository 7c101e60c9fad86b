"""Rows of the URL table (tests/urls_table.py) for a survey's compare page and its CSVs.

The surveys are those of the results rows (tests/urls_table_surveys_results.py): the
agency's (fiona and the platform admin read it) and municipality A's (alice and the admin).
The waves CSV compares each with a second survey of its questionnaire in the same
organisation. Everyone else gets 404, as for the results.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect
from trinvis.organisations.models import Organisation
from trinvis.surveys.models import Survey
from trinvis.surveys.tests.factories_results import add_responses, generated, results_survey

if TYPE_CHECKING:
    from conftest import World

# Spelled out rather than imported: mypy cannot type the unpacked names across the cycle
# between this module and tests.urls_table.
OK, LOGIN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.NOT_FOUND


def second_wave(organisation: Organisation) -> Survey:
    """Another survey of the questionnaire of the organisation's results survey, made once."""
    first = results_survey(organisation)
    found, created = Survey.objects.get_or_create(
        questionnaire=first.questionnaire,
        organisation=organisation,
        title=f"Second wave of {organisation.name}",
        defaults={"mode": Survey.Mode.PERSONAL, "wave": "after"},
    )
    if created:
        add_responses(found, generated(8, seed=7))
    return found


def _agency(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.agency).pk}


def _municipality_a(world: "World") -> dict[str, Any]:
    return {"pk": results_survey(world.municipality_a).pk}


def _agency_waves(world: "World") -> dict[str, Any]:
    return {**_agency(world), "other": second_wave(world.agency).pk}


def _municipality_a_waves(world: "World") -> dict[str, Any]:
    return {**_municipality_a(world), "other": second_wave(world.municipality_a).pk}


_AGENCY = expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK)
_MUNICIPALITY_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)

SURVEYS_COMPARE: dict[str, Route] = {
    "surveys:compare": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY),
            Case("municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A),
        )
    ),
    "surveys:compare_groups_csv": Route(
        (
            Case("agency's survey", kwargs=_agency, get=_AGENCY, html=False),
            Case(
                "municipality A's survey", kwargs=_municipality_a, get=_MUNICIPALITY_A, html=False
            ),
        )
    ),
    "surveys:compare_waves_csv": Route(
        (
            Case("agency's waves", kwargs=_agency_waves, get=_AGENCY, html=False),
            Case(
                "municipality A's waves",
                kwargs=_municipality_a_waves,
                get=_MUNICIPALITY_A,
                html=False,
            ),
        )
    ),
}
