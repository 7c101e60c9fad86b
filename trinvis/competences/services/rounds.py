"""Open and close assessment rounds; save and submit assessments."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Profile, Rating, Round
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.models import Organisation


class AssessmentConflict(Exception):
    """Someone saved the assessment after the form was opened; nothing was written."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__("assessment changed since it was opened")
        self.assessment = assessment


@dataclass(frozen=True)
class RatingInput:
    level: int
    comment: str = ""
    evidence: str = ""


@transaction.atomic
def round_open(
    *,
    by: User,
    profile: Profile,
    organisation: Organisation,
    title: str,
    deadline: datetime.date,
    people: Iterable[User],
    self_assessment: bool = True,
    leader_assessment: bool = False,
    team_assessment: bool = False,
    reminder_days: int = 3,
) -> Round:
    """Open a round for `people` of `organisation` (the profile's organisation or below it)."""
    people = list(people)
    problems: dict[str, list[str]] = {}
    if not organisation.path.startswith(profile.organisation.path):
        problems.setdefault("organisation", []).append(
            _("Choose the profile’s organisation or a unit or team below it.")
        )
    if not people:
        problems.setdefault("people", []).append(_("Choose at least one person to assess."))
    if not (self_assessment or leader_assessment or team_assessment):
        problems.setdefault("mode", []).append(_("Choose at least one way of assessing."))
    if deadline < timezone.localdate():
        problems.setdefault("deadline", []).append(_("The deadline cannot be in the past."))
    if not profile.competences.exists():
        problems.setdefault("profile", []).append(
            _("The profile has no competences yet; add some before opening a round.")
        )
    if problems:
        raise ValidationError(problems)
    round = Round(
        profile=profile,
        organisation=organisation,
        title=title,
        deadline=deadline,
        self_assessment=self_assessment,
        leader_assessment=leader_assessment,
        team_assessment=team_assessment,
        reminder_days=reminder_days,
        opened_by=by,
    )
    round.full_clean()
    round.save()
    round.people.set(people)
    audit_record(
        action=AuditEvent.Action.ROUND_CHANGED,
        actor=by,
        organisation_id=organisation.pk,
        target=round.title,
        details={"round": round.pk, "change": "opened", "people": len(people)},
    )
    from trinvis.competences.tasks import schedule_reminder

    transaction.on_commit(lambda: schedule_reminder(round))
    return round


@transaction.atomic
def round_close(*, by: User, round: Round) -> Round:
    if round.closed_at is None:
        round.closed_at = timezone.now()
        round.save(update_fields=["closed_at"])
        audit_record(
            action=AuditEvent.Action.ROUND_CHANGED,
            actor=by,
            organisation_id=round.organisation_id,
            target=round.title,
            details={"round": round.pk, "change": "closed"},
        )
    return round


@transaction.atomic
def round_reopen(*, by: User, round: Round, deadline: datetime.date) -> Round:
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": [_("The deadline cannot be in the past.")]})
    round.closed_at = None
    round.deadline = deadline
    round.reminded_at = None
    round.save(update_fields=["closed_at", "deadline", "reminded_at"])
    audit_record(
        action=AuditEvent.Action.ROUND_CHANGED,
        actor=by,
        organisation_id=round.organisation_id,
        target=round.title,
        details={"round": round.pk, "change": "reopened", "deadline": deadline.isoformat()},
    )
    from trinvis.competences.tasks import schedule_reminder

    transaction.on_commit(lambda: schedule_reminder(round))
    return round


def assessment_for(*, round: Round, kind: str, person: User | None) -> Assessment | None:
    return Assessment.objects.filter(
        round=round, kind=kind, person=person if kind != Assessment.Kind.TEAM else None
    ).first()


@transaction.atomic
def assessment_save(
    *,
    by: User,
    round: Round,
    kind: str,
    person: User | None,
    ratings: Mapping[int, RatingInput],
    base_version: int,
    submit: bool = False,
) -> Assessment:
    """Save the ratings of one assessment (a draft, or submitted with `submit`).

    `ratings` maps competence ids of the round's profile to the rating given; competences
    left out stay unrated (allowed in a draft, not when submitting). `base_version` is the
    version the form was opened on: if someone saved since, AssessmentConflict is raised and
    nothing is written (two leaders, or a team filling its shared form on two screens).
    """
    if not round.is_open:
        raise ValidationError(_("The round is closed; its ratings can no longer change."))
    if kind == Assessment.Kind.TEAM:
        person = None
    competence_ids = set(round.profile.competences.values_list("pk", flat=True))
    unknown = set(ratings) - competence_ids
    if unknown:
        raise ValidationError(_("A rating names a competence that is not in the profile."))
    if any(given.level not in range(1, 6) for given in ratings.values()):
        raise ValidationError(_("Every rating is a level from 1 to 5."))
    if submit and set(ratings) != competence_ids:
        raise ValidationError(_("Rate every competence before you submit."))

    assessment = _locked_assessment(round=round, kind=kind, person=person)
    if assessment.version != base_version:
        raise AssessmentConflict(assessment)
    Rating.objects.filter(assessment=assessment).exclude(competence_id__in=ratings).delete()
    existing = {r.competence_id: r for r in Rating.objects.filter(assessment=assessment)}
    new, updated = [], []
    for competence_id, given in ratings.items():
        rating = existing.get(competence_id)
        if rating is None:
            rating = Rating(assessment=assessment, competence_id=competence_id)
            new.append(rating)
        else:
            updated.append(rating)
        rating.level, rating.comment, rating.evidence = given.level, given.comment, given.evidence
    Rating.objects.bulk_create(new)
    Rating.objects.bulk_update(updated, ["level", "comment", "evidence"])
    assessment.assessor = by
    if submit and assessment.submitted_at is None:
        assessment.submitted_at = timezone.now()
    Assessment.objects.filter(pk=assessment.pk).update(
        version=F("version") + 1,
        assessor=by,
        submitted_at=assessment.submitted_at,
        updated_at=timezone.now(),
    )
    assessment.refresh_from_db()
    if submit:
        audit_record(
            action=AuditEvent.Action.ASSESSMENT_SUBMITTED,
            actor=by,
            organisation_id=round.organisation_id,
            target=str(person or round.organisation),
            details={"round": round.pk, "kind": kind},
        )
    return assessment


def _locked_assessment(*, round: Round, kind: str, person: User | None) -> Assessment:
    """The assessment row, created on first save, locked for the rest of the transaction."""
    lookup: dict[str, Any] = {"round": round, "kind": kind, "person": person}
    try:
        with transaction.atomic():
            Assessment.objects.get_or_create(**lookup)
    except IntegrityError:
        pass  # another request created it first: lock theirs below
    return Assessment.objects.select_for_update().get(**lookup)
