"""Follow-up talks: a leader plans a talk with a person, then records it — when it was
held, notes, the next steps agreed, and how far each goal discussed has come.

The talk and its goal reviews are saved together or not at all; the talk's version number
catches a second leader (or a second tab) saving the same talk in between.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import Activity, FollowUp, LearningGoal
from trinvis.learning.services.goals import review_in_talk


class FollowUpConflict(Exception):
    """Someone saved the talk after the form was opened; nothing was written."""

    def __init__(self, follow_up: FollowUp) -> None:
        super().__init__("follow-up talk changed since it was opened")
        self.follow_up = follow_up


@dataclass(frozen=True)
class TalkReview:
    """A goal as the talk's form gives it: an outcome, or "" when it was not discussed."""

    goal: LearningGoal
    outcome: str
    evidence: str = ""


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def follow_up_plan(
    *,
    by: User,
    person: User,
    planned_for: datetime.date,
    activity: Activity | None = None,
) -> FollowUp:
    if by.pk == person.pk:
        raise ValidationError(_("A follow-up talk is planned by the person's leader."))
    follow_up = FollowUp(person=person, leader=by, planned_for=planned_for, activity=activity)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_record(
    *,
    by: User,
    follow_up: FollowUp,
    base_version: int,
    planned_for: datetime.date,
    held_on: datetime.date | None,
    notes: str,
    next_steps: str,
    activity: Activity | None = None,
    reviews: Sequence[TalkReview] = (),
) -> FollowUp:
    """Save the talk and the reviews of the goals discussed in it."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if current.version != base_version:
        raise FollowUpConflict(current)
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("A talk cannot have been held on a day ahead.")]})
    reviewed = [review for review in reviews if review.outcome]
    if reviewed and held_on is None:
        raise ValidationError(
            {"held_on": [_("Enter the day the talk was held to record how the goals stand.")]}
        )
    for review in reviews:
        if review.goal.person_id != current.person_id:
            raise ValidationError(_("A goal in the form belongs to another person."))
    current.planned_for = planned_for
    current.held_on = held_on
    current.notes = _text(notes)
    current.next_steps = _text(next_steps)
    current.activity = activity
    current.version = base_version + 1
    current.full_clean()
    current.save()
    for review in reviews:
        review_in_talk(
            by=by,
            goal=review.goal,
            follow_up=current,
            outcome=review.outcome,
            evidence=review.evidence,
        )
    return current


@transaction.atomic
def follow_up_delete(*, by: User, follow_up: FollowUp) -> None:
    """Remove a planned talk. A held talk is part of the record of the person's goals and
    stays."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if current.held_on is not None:
        raise ValidationError(_("A talk that was held is kept; change its notes instead."))
    current.delete()
