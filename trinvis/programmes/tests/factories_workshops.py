"""Agency programmes with workshops for the workshop tests and the access-matrix rows
(tests/urls_table_programmes_workshops.py).

The programme is owned by the agency (fiona and admin run it); municipality A takes part,
confirmed and linked to its organisation (alice leads it); municipality B is not in it.
Written directly, not through the programme pages' services, which another part owns; every
builder finds what it made before instead of making it twice, so a row can call it for each
persona.
"""

import datetime
from typing import TYPE_CHECKING

from trinvis.accounts.models import User
from trinvis.indicators.models import Area
from trinvis.indicators.tests.factories import area_of, make_area
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    HomeworkSubmission,
    HomeworkTask,
    RunSheetItem,
    Workshop,
    WorkshopEvaluation,
    WorkshopParticipant,
)

if TYPE_CHECKING:
    from conftest import World

NAME = "Better paths to work"
UnitType = Organisation.UnitType
FIRST_DAY = datetime.date(2027, 3, 10)


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
        programme=programme, area=area, defaults={"status": status, "organisation": organisation}
    )
    return candidate


def programme_of(world: "World") -> AgencyProgramme:
    """The agency's programme with municipality A taking part."""
    programme = make_programme(world.agency)
    candidate_of(world)
    return programme


def candidate_of(world: "World") -> Candidate:
    """Municipality A in the agency's programme, confirmed, with its organisation."""
    programme = make_programme(world.agency)
    return make_candidate(
        programme, area_of(world.municipality_a), organisation=world.municipality_a
    )


def other_candidate(world: "World", code: str = "5001", name: str = "Town 1") -> Candidate:
    """Another municipality taking part, without an organisation in Trinvis."""
    return make_candidate(make_programme(world.agency), make_area("NO", code, name))


def make_workshop(
    programme: AgencyProgramme,
    *,
    number: int = 1,
    starts_on: datetime.date = FIRST_DAY,
    days: int = 2,
    place: str = "Town hall",
) -> Workshop:
    found = Workshop.objects.filter(programme=programme, number=number).first()
    return found or Workshop.objects.create(
        programme=programme,
        number=number,
        title=f"Workshop {number}",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        place=place,
        goal="Each municipality leaves with a plan.",
    )


def workshop_of(world: "World") -> Workshop:
    """Workshop 1 of the agency's programme."""
    return make_workshop(programme_of(world))


def add_line(
    workshop: Workshop,
    *,
    activity: str = "Welcome",
    day: int = 1,
    at: str = "09:00",
    minutes: int = 30,
    responsible: str = "Fiona",
) -> RunSheetItem:
    found = RunSheetItem.objects.filter(workshop=workshop, activity=activity, day=day).first()
    return found or RunSheetItem.objects.create(
        workshop=workshop,
        day=day,
        starts_at=datetime.time.fromisoformat(at),
        minutes=minutes,
        activity=activity,
        purpose="Know why we are here",
        responsible=responsible,
    )


def line_of(world: "World") -> RunSheetItem:
    return add_line(workshop_of(world))


def add_participant(
    workshop: Workshop,
    candidate: Candidate,
    *,
    name: str = "Rita Refugee-service",
    unit_type: str = UnitType.REFUGEE_SERVICE,
    decision_authority: bool = False,
    email: str = "",
    user: User | None = None,
) -> WorkshopParticipant:
    found = WorkshopParticipant.objects.filter(
        workshop=workshop, candidate=candidate, name=name
    ).first()
    return found or WorkshopParticipant.objects.create(
        workshop=workshop,
        candidate=candidate,
        name=name,
        email=email,
        unit_type=unit_type,
        position="Adviser",
        decision_authority=decision_authority,
        user=user,
    )


def participant_of(world: "World") -> WorkshopParticipant:
    return add_participant(workshop_of(world), candidate_of(world))


def make_task(
    programme: AgencyProgramme,
    *,
    title: str = "Map the local labour demand",
    due: datetime.date | None = FIRST_DAY - datetime.timedelta(days=7),
    before: Workshop | None = None,
) -> HomeworkTask:
    found = HomeworkTask.objects.filter(programme=programme, title=title).first()
    return found or HomeworkTask.objects.create(
        programme=programme, title=title, due=due, before_workshop=before
    )


def task_of(world: "World") -> HomeworkTask:
    return make_task(programme_of(world), before=workshop_of(world))


def answer(
    task: HomeworkTask, candidate: Candidate, text: str = "Care and building"
) -> HomeworkSubmission:
    submission, _created = HomeworkSubmission.objects.get_or_create(
        task=task, candidate=candidate, defaults={"text": text}
    )
    return submission


def add_note(
    workshop: Workshop, *, good: str = "Sharing", better: str = "Longer breaks", day: int = 1
) -> WorkshopEvaluation:
    found = WorkshopEvaluation.objects.filter(workshop=workshop, good=good, day=day).first()
    return found or WorkshopEvaluation.objects.create(
        workshop=workshop, day=day, good=good, better=better
    )


def note_of(world: "World") -> WorkshopEvaluation:
    return add_note(workshop_of(world))
