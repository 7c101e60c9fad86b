"""What a participant prepares before a course: reflections and questions from their own
practice, and, going alone, what their colleagues said about their practice and challenges.

Only the participant writes it. An enrolment has no version number, so the form carries a
digest of the text it was opened on: a save on top of other text (the same person in a
second tab, say) is a conflict that writes nothing and keeps what was typed.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import Enrolment

MAX_TEXT = 20_000


class PreparationConflict(Exception):
    """The preparation was saved after the form was opened; nothing was written."""

    def __init__(self, current: Enrolment) -> None:
        super().__init__("the preparation changed since it was opened")
        self.current = current


def preparation_digest(enrolment: Enrolment) -> str:
    """A fingerprint of the saved preparation, for the form's conflict check."""
    text = f"{enrolment.reflections}\x00{enrolment.colleagues_input}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def enrolment_prepare(
    *,
    by: User,
    enrolment: Enrolment,
    base_digest: str,
    reflections: str,
    colleagues_input: str,
) -> Enrolment:
    """Save the participant's preparation; `PreparationConflict` when it changed after the
    form showed `base_digest`."""
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if current.person_id != by.pk:
        raise ValidationError(_("Only the participant writes their preparation."))
    if preparation_digest(current) != base_digest:
        raise PreparationConflict(current)
    problems = {
        name: [_("Keep it under %(count)s characters.") % {"count": f"{MAX_TEXT:,}"}]
        for name, value in (("reflections", reflections), ("colleagues_input", colleagues_input))
        if len(value) > MAX_TEXT
    }
    if problems:
        raise ValidationError(problems)
    current.reflections = _text(reflections)
    current.colleagues_input = _text(colleagues_input)
    current.save(update_fields=["reflections", "colleagues_input"])
    return current
