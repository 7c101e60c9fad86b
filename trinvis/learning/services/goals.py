"""Learning goals: writing them in the four-question form, agreeing on them, reviewing them.

A personal goal is an agreement between a person and their nearest leader, made before
enrolment: each confirms it. What they confirm is the text they read, so a change to the
content after either confirmation clears both (each must read and confirm it again), and
a confirmation carries the version it was given on. A review at a follow-up talk marks the
goal achieved, partly achieved or not achieved, with evidence; the goal's outcome is that of
its latest review. Organisational goals have the same form and no agreement.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.models import Activity, FollowUp, GoalReview, LearningGoal, PlanRow
from trinvis.organisations.models import Organisation

Scope = LearningGoal.Scope
Outcome = LearningGoal.Outcome
# The outcomes a review may give: a review says how far the goal has come.
REVIEW_OUTCOMES = (Outcome.ACHIEVED, Outcome.PARTLY, Outcome.NOT_ACHIEVED)


class GoalConflict(Exception):
    """Someone saved or confirmed the goal after the form was opened; nothing was written."""

    def __init__(self, goal: LearningGoal) -> None:
        super().__init__("goal changed since it was opened")
        self.goal = goal


@dataclass(frozen=True)
class GoalData:
    """The content of a goal as a form gives it."""

    organisation: Organisation
    what_to_learn: str
    use_in_practice: str = ""
    results: str = ""
    organisational_goals: str = ""
    leader_support: str = ""
    activity: Activity | None = None
    plan_row: PlanRow | None = None


def _text(value: str) -> str:
    """One kind of line break in stored text, and no blank margins."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _content(goal: LearningGoal) -> tuple[object, ...]:
    return (
        goal.organisation_id,
        goal.what_to_learn,
        goal.use_in_practice,
        goal.results,
        goal.organisational_goals,
        goal.leader_support,
        goal.activity_id,
        goal.plan_row_id,
    )


def _fill(goal: LearningGoal, data: GoalData) -> None:
    goal.organisation = data.organisation
    goal.what_to_learn = _text(data.what_to_learn)
    goal.use_in_practice = _text(data.use_in_practice)
    goal.results = _text(data.results)
    goal.organisational_goals = _text(data.organisational_goals)
    # Leader support belongs to the agreement between a person and their leader.
    goal.leader_support = _text(data.leader_support) if goal.scope == Scope.PERSONAL else ""
    goal.activity = data.activity
    goal.plan_row = data.plan_row
    if not goal.what_to_learn:
        raise ValidationError(
            {
                "what_to_learn": [
                    _("Write which knowledge, skills and competences the goal is about.")
                ]
            }
        )


@transaction.atomic
def goal_create(
    *, by: User, scope: str, data: GoalData, person: User | None = None
) -> LearningGoal:
    """A new goal. A personal goal written by the person's leader names that leader as the
    one the goal is agreed with; neither has confirmed it yet."""
    if (scope == Scope.PERSONAL) != (person is not None):
        raise ValidationError(
            _("A personal goal belongs to one person; an organisational to none.")
        )
    goal = LearningGoal(scope=scope, person=person)
    _fill(goal, data)
    if person is not None and by.pk != person.pk:
        goal.leader = by
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *, by: User, goal: LearningGoal, base_version: int, data: GoalData
) -> tuple[LearningGoal, bool]:
    """Save a changed goal. Returns the goal and whether confirmations were cleared: a
    change to the content of a personal goal after either party confirmed it clears both.
    Saving the content unchanged changes nothing. Raises GoalConflict when the goal was
    saved or confirmed since `base_version`."""
    current = LearningGoal.objects.select_for_update().get(pk=goal.pk)
    if current.version != base_version:
        raise GoalConflict(current)
    before = _content(current)
    _fill(current, data)
    if _content(current) == before:
        return current, False
    cleared = current.person_confirmed_at is not None or current.leader_confirmed_at is not None
    current.person_confirmed_at = None
    current.leader_confirmed_at = None
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current, cleared


@transaction.atomic
def goal_confirm(*, by: User, goal: LearningGoal, base_version: int) -> LearningGoal:
    """`by` confirms the goal as it was at `base_version`: as the person when it is their
    goal, otherwise as their leader (the view has checked that they are), who then becomes
    the leader the goal is agreed with."""
    current = LearningGoal.objects.select_for_update().get(pk=goal.pk)
    if current.scope != Scope.PERSONAL:
        raise ValidationError(_("An organisational goal is not agreed between two people."))
    if current.version != base_version:
        raise GoalConflict(current)
    now = timezone.now()
    if by.pk == current.person_id:
        current.person_confirmed_at = now
    else:
        current.leader_confirmed_at = now
        current.leader = by
    current.version = base_version + 1
    current.save(
        update_fields=[
            "person_confirmed_at",
            "leader_confirmed_at",
            "leader",
            "version",
            "updated_at",
        ]
    )
    return current


def _latest_outcome(goal: LearningGoal) -> str:
    latest = goal.reviews.order_by("-reviewed_at", "-pk").first()
    return latest.outcome if latest is not None else Outcome.OPEN


def refresh_outcome(goal: LearningGoal) -> None:
    """Set the goal's outcome to its latest review's (open when it has none). The goal row
    must be locked by the caller's transaction."""
    LearningGoal.objects.filter(pk=goal.pk).update(
        outcome=_latest_outcome(goal), updated_at=timezone.now()
    )


def _check_outcome(outcome: str) -> None:
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError({"outcome": [_("Choose how far the goal has come.")]})


@transaction.atomic
def goal_review(
    *,
    by: User,
    goal: LearningGoal,
    outcome: str,
    evidence: str,
    follow_up: FollowUp | None = None,
) -> GoalReview:
    """Record how far a personal goal has come, with the evidence; it becomes the goal's
    outcome. The version is left alone: a review does not change what was agreed, so it
    does not turn an open edit form into a conflict."""
    current = LearningGoal.objects.select_for_update().get(pk=goal.pk)
    if current.scope != Scope.PERSONAL:
        raise ValidationError(_("Only personal goals are reviewed at follow-up talks."))
    if follow_up is not None and follow_up.person_id != current.person_id:
        raise ValidationError(_("The goal belongs to another person than the talk."))
    _check_outcome(outcome)
    review = GoalReview(
        goal=current, follow_up=follow_up, outcome=outcome, evidence=_text(evidence), reviewed_by=by
    )
    review.full_clean()
    review.save()
    refresh_outcome(current)
    return review


def review_in_talk(
    *, by: User, goal: LearningGoal, follow_up: FollowUp, outcome: str, evidence: str
) -> None:
    """A talk's review of a goal, as the talk's form gives it: one review per goal and talk,
    changed when the form is saved again, removed when the outcome is emptied ("not
    discussed"). Runs inside the caller's transaction (follow_ups.follow_up_record)."""
    current = LearningGoal.objects.select_for_update().get(pk=goal.pk)
    existing = GoalReview.objects.filter(goal=current, follow_up=follow_up).first()
    if not outcome:
        if existing is not None:
            existing.delete()
            refresh_outcome(current)
        return
    _check_outcome(outcome)
    if existing is None:
        existing = GoalReview(goal=current, follow_up=follow_up, reviewed_by=by)
    elif existing.outcome == outcome and existing.evidence == _text(evidence):
        return
    existing.outcome = outcome
    existing.evidence = _text(evidence)
    existing.reviewed_by = by
    existing.full_clean()
    existing.save()
    refresh_outcome(current)
