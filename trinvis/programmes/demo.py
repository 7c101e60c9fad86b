"""Demo: the agency's programme "Kvalifisering i introduksjonsprogrammet" for Norwegian
municipalities, with its mandate, principles and plan, the selection criteria of
DOMAIN.md §4, and a confirmed shortlist.

The criteria read the shares in work or education after the introduction programme and the
population from the key-figure demo (indicators/demo.py, loaded before this). The two
figures that demo does not hold — participants in the introduction programme and refugees
settled — are invented here, for the Norwegian municipalities it has figures for (Bergen
and the invented "Eksempelkommune" ones), from a generator seeded by place, so every load
gives the same numbers. One invented municipality gets no participant figures (as when a
figure is not published yet), so the selection page shows a municipality lacking figures,
listed apart rather than dropped. The invented municipalities confirmed are placed in
Vestland, beside Bergen, so the mapping's compilation counts them in one region; the
programme and the decisions are dated half a year back, before the mapping conversations
of demo_workshops.py. Loading twice changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.indicators.models import Area, Indicator, Value
from trinvis.indicators.services import indicators_load, values_changed
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create
from trinvis.programmes.models import AgencyProgramme, Candidate
from trinvis.programmes.selection import parse
from trinvis.programmes.services_candidates import (
    candidate_add,
    candidate_confirm,
    candidate_contact_update,
    municipality_organisation,
)
from trinvis.programmes.services_programmes import ProgrammeInput, programme_create
from trinvis.programmes.services_selection import selection_rule_save, shortlist_save

AGENCY = "Nordisk Integrationsnetværk (demo)"
NAME = "Kvalifisering i introduksjonsprogrammet"
SOURCE = "Demo (invented figures)"
YEARS = (2022, 2023, 2024)
PARTICIPANTS = "introduction-participants"
SETTLED = "refugees-settled"
WITHHELD = "9902"  # no participant figures: the "lacking figures" example
BERGEN = "4601"
CONFIRMED = 3  # the top of the shortlist that is confirmed, besides Bergen
REGION = "Vestland"
DAYS_AGO = 180  # when the programme was set up and the municipalities confirmed

MANDATE = (
    "Flere deltakere i introduksjonsprogrammet skal over i arbeid eller utdanning. Målet er at "
    "70 % er i arbeid eller utdanning ett år etter programmet; i dag er landsgjennomsnittet "
    "rundt 60 %, med store forskjeller mellom kommunene. Programmet støtter kommunene som "
    "ligger lavest, med mange deltakere, i å utvikle arbeidsrettede kvalifiseringsløp."
)
PRINCIPLES = "\n".join(
    (
        "Spør kommunen: vi starter med kommunens egen beskrivelse av situasjonen.",
        "Kommunen sitter i førersetet og eier sine tiltak.",
        "Samspill over tid, ikke enkeltstående besøk.",
        "Alle enhetene som kvalifiserer deltar: flyktningtjenesten, voksenopplæringen og NAV.",
        "Forankring i ledelsen, med kommunedirektøren informert fra start.",
        "Samarbeid på tvers av sektorer, også med fylkeskommunen og arbeidslivet.",
    )
)
PLAN = "\n".join(
    (
        "0. Prosjektplan, mandat, prinsipper og felles utvalgskriterier.",
        "1. Informasjonsinnhenting: brev til kommunedirektøren og kartleggingssamtaler.",
        "2. Systematisering av behov og utfordringer per region og samlet; valg av tema.",
        "3. Dybdekartlegging på det valgte temaet.",
        "4. Valg av tiltak, tema og kommuner.",
        "5–6. Forberede og gjennomføre fagsamling 1 (to dager).",
        "7. Oppfølging etter fagsamling 1.",
        "8. Fagsamling 2, senest to måneder etter den første.",
        "9. Oppfølging og deltakerundersøkelse.",
    )
)
CRITERIA = {
    "all": [
        {
            "any": [
                {
                    "indicator": "work-education-right-after",
                    "compare": "below",
                    "threshold": "55",
                },
                {
                    "indicator": "work-education-one-year-after",
                    "compare": "below",
                    "threshold": "60",
                },
            ]
        },
        {"indicator": PARTICIPANTS, "compare": "at_least", "threshold": "30"},
        {"indicator": SETTLED, "compare": "above", "threshold": "0"},
    ],
    "rank_by": {"indicator": "work-education-right-after", "order": "asc"},
}


def _invented(area: Area, key: str, population: Decimal) -> list[int]:
    """Participants or refugees settled per year, in proportion to the population."""
    rng = random.Random(f"trinvis-demo/{area.country}/{area.code}/{key}")
    per_thousand = rng.uniform(0.8, 1.6) if key == PARTICIPANTS else rng.uniform(0.3, 1.0)
    return [
        max(0, round(float(population) / 1000 * per_thousand * rng.uniform(0.8, 1.2)))
        for _ in YEARS
    ]


def _figures() -> None:
    """Participants and refugees settled for the Norwegian municipalities with a population
    figure, those not there yet, in one insert."""
    indicators = {
        key: Indicator.objects.get(key=key, owner=None) for key in (PARTICIPANTS, SETTLED)
    }
    populations: dict[Area, Decimal] = {}
    for value in (
        Value.objects.filter(
            indicator__key="population",
            indicator__owner=None,
            area__country="NO",
            area__kind=Area.Kind.MUNICIPALITY,
            breakdown_key="",
        )
        .select_related("area")
        .order_by("period_start")
    ):
        populations[value.area] = value.value
    existing = set(
        Value.objects.filter(indicator__in=indicators.values(), area__in=populations).values_list(
            "indicator_id", "area_id", "period"
        )
    )
    now = timezone.now()
    missing = []
    for area, population in populations.items():
        for key, indicator in indicators.items():
            if key == PARTICIPANTS and area.code == WITHHELD:
                continue
            for year, number in zip(YEARS, _invented(area, key, population), strict=True):
                if (indicator.pk, area.pk, str(year)) in existing:
                    continue
                missing.append(
                    Value(
                        indicator=indicator,
                        area=area,
                        period=str(year),
                        period_start=datetime.date(year, 1, 1),
                        value=Decimal(number),
                        source=SOURCE,
                        imported_at=now,
                    )
                )
    Value.objects.bulk_create(missing)
    values_changed({value.indicator_id for value in missing})


def _in_region(area: Area, fiona: User) -> None:
    """The invented municipality's organisation, created in the region before confirming
    (which would otherwise create it under the programme's owner)."""
    region = Organisation.objects.filter(name=REGION, kind=Organisation.Kind.REGION).first()
    if region is None or municipality_organisation(area) is not None:
        return
    population = (
        Value.objects.filter(
            indicator__key="population", indicator__owner=None, area=area, breakdown_key=""
        )
        .order_by("-period_start")
        .values_list("value", flat=True)
        .first()
    )
    organisation_create(
        by=fiona,
        parent=region,
        name=area.name,
        kind=Organisation.Kind.MUNICIPALITY,
        country=area.country,
        municipality_number=area.code,
        population=int(population) if population is not None else None,
    )


def _shortlist(programme: AgencyProgramme, fiona: User) -> None:
    """The top of the shortlist confirmed, and Bergen (added by hand if the criteria leave
    it out), with its contact person."""
    suggested = list(
        Candidate.objects.filter(programme=programme, status=Candidate.Status.SUGGESTED)
        .select_related("area")
        .order_by("rank", "pk")
    )
    bergen = next((c for c in suggested if c.area.code == BERGEN), None)
    for candidate in [c for c in suggested if c is not bergen][:CONFIRMED]:
        _in_region(candidate.area, fiona)
        candidate_confirm(by=fiona, candidate=candidate, base_version=candidate.version)
    area = Area.objects.filter(country="NO", code=BERGEN).first()
    if area is None:
        return
    if bergen is not None:
        bergen = candidate_confirm(
            by=fiona,
            candidate=bergen,
            base_version=bergen.version,
            note="Stor kommune med mange deltakere; har selv bedt om å være med.",
        )
    else:
        bergen = candidate_add(
            by=fiona,
            programme=programme,
            area=area,
            note="Stor kommune med mange deltakere; har selv bedt om å være med.",
        )
    candidate_contact_update(
        by=fiona,
        candidate=bergen,
        base_version=bergen.version,
        name="Magnus Brekke",
        email="magnus.brekke@bergen.example.no",
        phone="+47 55 00 00 00",
        role="Rådgiver, Flyktningtjenesten",
    )


@demo.register(order=60)
@transaction.atomic
def load() -> None:
    agency = Organisation.objects.filter(name=AGENCY, kind=Organisation.Kind.AGENCY).first()
    fiona = User.objects.filter(email="fiona@example.org").first()
    if agency is None or fiona is None:
        return
    if AgencyProgramme.objects.filter(owner=agency, name=NAME).exists():
        return
    indicators_load()
    _figures()
    programme = programme_create(
        by=fiona,
        owner=agency,
        data=ProgrammeInput(
            name=NAME,
            mandate=MANDATE,
            principles=PRINCIPLES,
            plan=PLAN,
            regional_adaptation=(
                "Vestland legger fagsamlingene til Bergen og inviterer fylkeskommunen med."
            ),
            working_group=[fiona],
        ),
    )
    rule = selection_rule_save(
        by=fiona, programme=programme, base_version=0, country="NO", criteria=parse(CRITERIA)
    )
    shortlist_save(by=fiona, programme=programme, base_version=rule.version)
    _shortlist(programme, fiona)
    then = timezone.now() - datetime.timedelta(days=DAYS_AGO)
    AgencyProgramme.objects.filter(pk=programme.pk).update(created_at=then)
    Candidate.objects.filter(programme=programme, decided_at__isnull=False).update(decided_at=then)
