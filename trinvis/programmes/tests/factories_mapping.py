"""Agency programmes with municipalities, mapping conversations and checklist points for
the mapping tests and the access-matrix rows (tests/urls_table_programmes_mapping.py).

Written directly rather than through the programme pages' services, which another part
owns; every builder finds what it made before instead of making it twice, so a row can call
it for each persona.
"""

import datetime

from trinvis.accounts.models import User
from trinvis.indicators.models import Area
from trinvis.indicators.tests.factories import area_of, make_area
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    ChallengeTag,
    DeepMappingAnswer,
    DeepMappingItem,
    MappingConversation,
)

NAME = "Work first"


def make_programme(owner: Organisation, *, name: str = NAME) -> AgencyProgramme:
    programme, _created = AgencyProgramme.objects.get_or_create(owner=owner, name=name)
    return programme


def make_candidate(
    programme: AgencyProgramme,
    area: Area,
    *,
    status: str = Candidate.Status.CONFIRMED,
    organisation: Organisation | None = None,
) -> Candidate:
    candidate, _created = Candidate.objects.get_or_create(
        programme=programme,
        area=area,
        defaults={"status": status, "organisation": organisation},
    )
    return candidate


def candidate_a(programme: AgencyProgramme, municipality_a: Organisation) -> Candidate:
    """Municipality A, confirmed and linked to its organisation: its members read its part."""
    return make_candidate(programme, area_of(municipality_a), organisation=municipality_a)


def more_candidates(
    programme: AgencyProgramme, count: int, *, country: str = "NO"
) -> list[Candidate]:
    """`count` more municipalities taking part, without an organisation in Trinvis."""
    return [
        make_candidate(programme, make_area(country, f"{5000 + number}", f"Town {number}"))
        for number in range(count)
    ]


def make_tag(programme: AgencyProgramme, name: str) -> ChallengeTag:
    tag, _created = ChallengeTag.objects.get_or_create(programme=programme, name=name)
    return tag


def make_conversation(
    candidate: Candidate,
    *,
    challenges: tuple[str, ...] = (),
    held_on: datetime.date | None = datetime.date(2025, 3, 4),
    by: User | None = None,
) -> MappingConversation:
    conversation, _created = MappingConversation.objects.get_or_create(
        candidate=candidate,
        defaults={
            "held_on": held_on,
            "needs_ahead": "Closer work with employers.",
            "recorded_by": by,
        },
    )
    conversation.challenges.add(*(make_tag(candidate.programme, name) for name in challenges))
    return conversation


def make_point(programme: AgencyProgramme, text: str = "Employers take part") -> DeepMappingItem:
    found = DeepMappingItem.objects.filter(programme=programme, text=text).first()
    if found is not None:
        return found
    last = programme.deep_mapping_items.order_by("-position").first()
    return DeepMappingItem.objects.create(
        programme=programme, text=text, position=(last.position + 1) if last else 1
    )


def make_answer(
    point: DeepMappingItem,
    candidate: Candidate,
    *,
    state: str = DeepMappingAnswer.State.IN_PLACE,
    note: str = "",
) -> DeepMappingAnswer:
    answer, _created = DeepMappingAnswer.objects.get_or_create(
        item=point, candidate=candidate, defaults={"state": state, "note": note}
    )
    return answer
