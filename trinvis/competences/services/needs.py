"""A leader's priority for each competence need of a round: short-term, long-term or not now."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.competences.models import Competence, NeedPriority, Round


@transaction.atomic
def need_priority_set(
    *, by: User, round: Round, competence: Competence, horizon: str, note: str = ""
) -> NeedPriority:
    """Set (or change) the priority of one competence need of the round."""
    if competence.profile_id != round.profile_id:
        raise ValidationError(
            {"competence": _("Choose a competence of the round's profile.")}, code="invalid"
        )
    priority = NeedPriority.objects.filter(round=round, competence=competence).first()
    if priority is None:
        priority = NeedPriority(round=round, competence=competence)
    priority.horizon = horizon
    priority.note = note.strip()
    priority.decided_by = by
    priority.full_clean()
    priority.save()
    return priority
