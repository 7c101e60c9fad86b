"""Motivation checks and an organisation's own wording of the five questions.

A check is the person's own answer: only they take it, and it is never changed afterwards
(a trend is only honest if the points stay where they were put). An organisation's wording
is changed by its write roles; its last-changed time serves as the version, so two people
editing it at once do not overwrite each other.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning import motivation
from trinvis.learning.models import Activity, MotivationCheck, MotivationQuestions
from trinvis.organisations.models import Organisation


class QuestionsConflict(Exception):
    """Someone saved the organisation's wording after the form was opened."""

    def __init__(self, questions: MotivationQuestions | None) -> None:
        super().__init__("motivation questions changed since they were opened")
        self.questions = questions


@transaction.atomic
def check_create(
    *,
    by: User,
    person: User,
    taken_on: datetime.date,
    scores: Mapping[str, int],
    note: str = "",
    activity: Activity | None = None,
) -> MotivationCheck:
    if by.pk != person.pk:
        raise ValidationError(_("Only the person answers their own motivation check."))
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": [_("The date of a check cannot lie ahead.")]})
    missing = [d for d in motivation.DIMENSIONS if d not in scores]
    if missing:
        raise ValidationError(_("Answer all five questions."))
    check = MotivationCheck(
        person=person,
        taken_on=taken_on,
        note=note.replace("\r\n", "\n").strip(),
        activity=activity,
        **{dimension: scores[dimension] for dimension in motivation.DIMENSIONS},
    )
    check.full_clean()
    check.save()
    return check


NOT_WORDED_YET = "new"


def questions_token(questions: MotivationQuestions | None) -> str:
    """The version the wording form carries: the last-changed time, or NOT_WORDED_YET."""
    return questions.updated_at.isoformat() if questions is not None else NOT_WORDED_YET


@transaction.atomic
def questions_save(
    *,
    by: User,
    organisation: Organisation,
    base_token: str,
    questions: Mapping[str, Mapping[str, str]],
) -> MotivationQuestions:
    """Save the organisation's wording: per dimension and language, a text or nothing (the
    wording of the organisation above, or the shipped one, then applies)."""
    # Lock the organisation row: the wording row may not exist yet, and two first saves
    # must not both create it.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = MotivationQuestions.objects.filter(organisation=organisation).first()
    if questions_token(current) != base_token:
        raise QuestionsConflict(current)
    cleaned = motivation.valid_questions(questions)
    if current is None:
        current = MotivationQuestions(organisation=organisation)
    current.questions = cleaned
    current.full_clean()
    current.save()
    return current
