"""Agency programmes with a selection rule and municipalities, for the programme and
selection tests and their access-matrix rows (tests/urls_table_programmes.py).

Every builder finds what it made before instead of making it twice, so a row of the URL
table can call it for each persona.
"""

from typing import TYPE_CHECKING, Any

from trinvis.indicators.models import Area
from trinvis.indicators.tests.factories import area_of, make_area
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import AgencyProgramme, Candidate, SelectionRule

if TYPE_CHECKING:
    from conftest import World

NAME = "Qualification first"
RIGHT_AFTER = "work-education-right-after"
# Below 55 % right after the programme, or below 60 % a year after; and many participants.
CRITERIA: dict[str, Any] = {
    "all": [
        {
            "any": [
                {"indicator": RIGHT_AFTER, "compare": "below", "threshold": "55"},
                {
                    "indicator": "work-education-one-year-after",
                    "compare": "below",
                    "threshold": "60",
                },
            ]
        },
        {"indicator": "introduction-participants", "compare": "at_least", "threshold": "30"},
    ],
    "rank_by": {"indicator": RIGHT_AFTER, "order": "asc"},
}


def make_programme(owner: Organisation, *, name: str = NAME, **fields: Any) -> AgencyProgramme:
    programme, _created = AgencyProgramme.objects.get_or_create(
        owner=owner, name=name, defaults=fields
    )
    return programme


def make_rule(
    programme: AgencyProgramme, *, country: str = "DK", criteria: dict[str, Any] | None = None
) -> SelectionRule:
    rule, _created = SelectionRule.objects.get_or_create(
        programme=programme,
        defaults={"country": country, "criteria": CRITERIA if criteria is None else criteria},
    )
    return rule


def make_candidate(
    programme: AgencyProgramme,
    area: Area,
    *,
    status: str = Candidate.Status.SUGGESTED,
    **fields: Any,
) -> Candidate:
    candidate, _created = Candidate.objects.get_or_create(
        programme=programme, area=area, defaults={"status": status, **fields}
    )
    return candidate


def programme_of(world: "World") -> AgencyProgramme:
    """The agency's programme for Danish municipalities: municipality A confirmed (its
    members read their part), municipality C suggested; municipality B is not in it."""
    programme = make_programme(world.agency, mandate="Raise the share in work.")
    make_rule(programme)
    candidate_a_of(world)
    make_candidate(programme, make_area("DK", "101", "Municipality C"), rank=1, reasons=["Low"])
    return programme


def candidate_a_of(world: "World") -> Candidate:
    programme = make_programme(world.agency, mandate="Raise the share in work.")
    return make_candidate(
        programme,
        area_of(world.municipality_a),
        status=Candidate.Status.CONFIRMED,
        organisation=world.municipality_a,
        contact_name="Carla Contact",
    )


def suggested_of(world: "World") -> Candidate:
    """Municipality C, suggested by the criteria and not decided on."""
    programme = programme_of(world)
    return Candidate.objects.get(programme=programme, area__code="101")
