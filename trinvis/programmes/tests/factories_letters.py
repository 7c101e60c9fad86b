"""Letters of an agency programme for the letter tests and their access-matrix rows
(tests/urls_table_programmes_letters.py).

The programme is the one of the programme pages (factories_programmes.programme_of): the
agency's, so fiona and admin run it; municipality A is confirmed with its organisation
(alice leads it), municipality C is only suggested, municipality B is not in it. Every
builder finds what it made before instead of making it twice, so a row can call it for
each persona.
"""

import datetime
from typing import TYPE_CHECKING

from trinvis.indicators.tests.factories import make_area
from trinvis.outbox.models import OutboxMessage
from trinvis.programmes.letter_defaults import default_for
from trinvis.programmes.models import AgencyProgramme, Candidate, Letter, LetterTemplate, Workshop
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.tests.factories_programmes import (
    candidate_a_of,
    make_candidate,
    programme_of,
    suggested_of,
)
from trinvis.programmes.tests.factories_workshops import make_workshop

if TYPE_CHECKING:
    from conftest import World

CONTACT_A = "carla@a.example"


def make_template(
    programme: AgencyProgramme,
    *,
    kind: str = LetterKind.INVITATION,
    language: str = "en",
    subject: str = "",
    body: str = "",
) -> LetterTemplate:
    """The programme's template, by default the shipped text."""
    default = default_for(kind, language)
    template, _created = LetterTemplate.objects.get_or_create(
        programme=programme,
        kind=kind,
        language=language,
        defaults={"subject": subject or default.subject, "body": body or default.body},
    )
    return template


def taking_part(
    programme: AgencyProgramme,
    *,
    country: str,
    code: str,
    name: str,
    email: str = "",
    contact: str = "",
) -> Candidate:
    """A municipality confirmed in the programme, with a contact person."""
    return make_candidate(
        programme,
        make_area(country, code, name),
        status=Candidate.Status.CONFIRMED,
        contact_name=contact,
        contact_email=email,
    )


def candidate_a_with_contact(world: "World") -> Candidate:
    """Municipality A (Danish), its contact person with an e-mail address."""
    programme_of(world)
    candidate = candidate_a_of(world)
    if candidate.contact_email != CONTACT_A:
        Candidate.objects.filter(pk=candidate.pk).update(contact_email=CONTACT_A)
        candidate.refresh_from_db()
    return candidate


def workshop_of(world: "World") -> Workshop:
    """Workshop 1 of the programme, with what its invitation says."""
    workshop = make_workshop(programme_of(world), starts_on=datetime.date(2027, 3, 10))
    if not workshop.target_group:
        Workshop.objects.filter(pk=workshop.pk).update(
            target_group="Leaders and staff of the three units",
            background="What the municipalities told us",
            themes="The local labour demand",
            cost="Free",
            registration_deadline=datetime.date(2027, 2, 20),
        )
        workshop.refresh_from_db()
    return workshop


def make_letter(
    candidate: Candidate,
    *,
    kind: str = LetterKind.INVITATION,
    workshop: Workshop | None = None,
    outcome: str = Letter.Outcome.SENT,
    subject: str = "Invitation",
    to_email: str = CONTACT_A,
) -> Letter:
    found = Letter.objects.filter(
        candidate=candidate, kind=kind, workshop=workshop, outcome=outcome, subject=subject
    ).first()
    return found or Letter.objects.create(
        programme_id=candidate.programme_id,
        candidate=candidate,
        workshop=workshop,
        kind=kind,
        language="da",
        to_email=to_email,
        subject=subject,
        body="Dear Carla,\n\nYou are invited.",
        outcome=outcome,
        error="550 mailbox unavailable" if outcome == Letter.Outcome.FAILED else "",
    )


def letter_of(world: "World") -> Letter:
    """An invitation that reached municipality A."""
    return make_letter(candidate_a_with_contact(world), workshop=workshop_of(world))


def failed_letter_of(world: "World") -> Letter:
    """A letter to municipality A's chief executive that the server refused."""
    return make_letter(
        candidate_a_with_contact(world),
        kind=LetterKind.CHIEF_EXECUTIVE,
        outcome=Letter.Outcome.FAILED,
        subject="About the programme",
    )


def letter_to_suggested_of(world: "World") -> Letter:
    """A letter to municipality C, which is only suggested: not for municipality A's eyes."""
    return make_letter(suggested_of(world), kind=LetterKind.CHIEF_EXECUTIVE, to_email="c@c.example")


def waiting_letter_of(world: "World") -> Letter:
    """An invitation to municipality A waiting in the outbox: the mail server was down."""
    letter = make_letter(
        candidate_a_with_contact(world),
        workshop=workshop_of(world),
        outcome=Letter.Outcome.QUEUED,
        subject="Waiting invitation",
    )
    if letter.message is None:
        letter.message = OutboxMessage.objects.create(
            subject=letter.subject,
            body=letter.body,
            to=[letter.to_email],
            attempts=1,
            last_error="ConnectionRefusedError: the mail server is down",
        )
        letter.save(update_fields=["message"])
    return letter
