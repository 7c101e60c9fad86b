"""Write what a municipality brings to the workshops: its participants, and its own plan
started as a run of the seven-step toolkit.

Participants are short records typed by one person; they carry no version. A participant
is linked to a person in Trinvis when their e-mail belongs to an active member of the
municipality (or a unit of it): the agency's staff see the municipalities only as key
figures, so they are never offered a list of its people to choose from.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.programmes.access import TAKING_PART
from trinvis.programmes.models import (
    Candidate,
    MunicipalityPlan,
    Workshop,
    WorkshopParticipant,
)
from trinvis.programmes.selectors_workshops import linked_members, seven_step_toolkit
from trinvis.toolkits.selectors import organisation_members
from trinvis.toolkits.services import run_start

# --- participants ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    unit_type: str
    email: str = ""
    position: str = ""
    decision_authority: bool = False


def _member_by_email(organisation: Organisation | None, email: str) -> User | None:
    """The active member of the municipality (or a unit of it) with this e-mail, if any."""
    if organisation is None or not email:
        return None
    return organisation_members(organisations=[organisation]).filter(email__iexact=email).first()


def _fill_participant(participant: WorkshopParticipant, data: ParticipantInput) -> None:
    problems: dict[str, list[str]] = {}
    if not data.name.strip():
        problems["name"] = [_("Give the participant's name.")]
    if data.unit_type not in Organisation.UnitType.values:
        problems["unit_type"] = [_("Choose the participant's unit.")]
    if problems:
        raise ValidationError(problems)
    participant.name = data.name.strip()
    participant.email = data.email.strip()
    participant.unit_type = data.unit_type
    participant.position = data.position.strip()
    participant.decision_authority = data.decision_authority
    participant.user = _member_by_email(participant.candidate.organisation, participant.email)


@transaction.atomic
def participant_create(
    *, by: User, workshop: Workshop, candidate: Candidate, data: ParticipantInput
) -> WorkshopParticipant:
    """Register a participant of a municipality taking part in the workshop's programme."""
    if candidate.programme_id != workshop.programme_id or candidate.status not in TAKING_PART:
        raise ValidationError(_("The municipality does not take part in this programme."))
    participant = WorkshopParticipant(workshop=workshop, candidate=candidate)
    _fill_participant(participant, data)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_update(
    *, by: User, participant: WorkshopParticipant, data: ParticipantInput
) -> WorkshopParticipant:
    _fill_participant(participant, data)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_delete(*, by: User, participant: WorkshopParticipant) -> None:
    WorkshopParticipant.objects.filter(pk=participant.pk).delete()


# --- the municipality's plan ------------------------------------------------------------------


@transaction.atomic
def municipality_plan_start(
    *,
    by: User,
    candidate: Candidate,
    responsible: User,
    title: str,
    start_date: datetime.date,
    target_date: datetime.date | None = None,
) -> MunicipalityPlan:
    """Start the municipality's own plan as a run of the seven-step toolkit (its latest
    shipped version) in the municipality's organisation. Its participants in the programme
    who are people in Trinvis take part in the run."""
    current = (
        Candidate.objects.select_related("organisation", "area")
        .select_for_update(of=("self",))
        .get(pk=candidate.pk)
    )
    if MunicipalityPlan.objects.filter(candidate=current).exists():
        raise ValidationError(_("The municipality's plan is already started."))
    if current.status not in TAKING_PART or current.organisation is None:
        raise ValidationError(
            _("Only a municipality taking part, with its organisation in Trinvis, has a plan.")
        )
    toolkit = seven_step_toolkit()
    if toolkit is None:
        raise ValidationError(
            _("The seven-step toolkit is not loaded yet; ask an administrator to load it.")
        )
    if not title.strip():
        raise ValidationError({"title": [_("Give the plan a title.")]})
    run = run_start(
        organisation=current.organisation,
        toolkit=toolkit,
        title=title.strip(),
        responsible=responsible,
        participants=linked_members(candidate=current),
        start_date=start_date,
        target_date=target_date,
        by=by,
    )
    return MunicipalityPlan.objects.create(candidate=current, run=run)
