"""Writes for runs: starting one and updating its steps, one thing at a time."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.toolkits.models import Run, RunStep, RunStepChange, Toolkit
from trinvis.toolkits.selectors import organisation_members, run_people

# Starting a run and changing its steps. A run keeps the toolkit version it was started with.

_SETTLED = (RunStep.Status.DONE, RunStep.Status.SKIPPED)


class RunStepConflict(Exception):
    """Someone else saved the step after the form was opened; nothing was overwritten."""

    def __init__(self, current: RunStep) -> None:
        super().__init__("the step was changed by someone else")
        self.current = current


@transaction.atomic
def run_start(
    *,
    organisation: Organisation,
    toolkit: Toolkit,
    title: str,
    responsible: User,
    participants: Iterable[User],
    start_date: datetime.date,
    target_date: datetime.date | None,
    by: User | None,
) -> Run:
    """Create a run of one toolkit version with one step row per step of the toolkit."""
    participants = list(participants)
    errors: dict[str, str] = {}
    if toolkit.organisation_id is not None and toolkit.organisation_id not in {
        organisation.pk,
        *organisation.ancestor_ids,
    }:
        errors["toolkit"] = _("This toolkit belongs to another organisation.")
    members = set(
        organisation_members(organisations=[organisation])
        .filter(pk__in=[responsible.pk, *(p.pk for p in participants)])
        .values_list("pk", flat=True)
    )
    if responsible.pk not in members:
        errors["responsible"] = _("The responsible person must be a member of the organisation.")
    if any(p.pk not in members for p in participants):
        errors["participants"] = _("Every participant must be a member of the organisation.")
    if target_date is not None and target_date < start_date:
        errors["target_date"] = _("The target date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    run = Run(
        organisation=organisation,
        toolkit=toolkit,
        title=title,
        responsible=responsible,
        start_date=start_date,
        target_date=target_date,
        created_by=by,
    )
    run.full_clean()
    run.save()
    run.participants.set(participants)
    RunStep.objects.bulk_create(
        RunStep(run=run, key=step["key"], position=position)
        for position, step in enumerate(toolkit.steps)
    )
    return run


def _shown(value: Any) -> Any:
    """A value as the history keeps it: text for people and dates, as is otherwise."""
    if isinstance(value, User):
        return value.full_name or value.email
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def run_step_update(
    *,
    step: RunStep,
    version: int,
    status: str,
    owner: User | None,
    due_date: datetime.date | None,
    notes: str,
    skip_reason: str = "",
    reflection_answers: dict[str, str] | None = None,
    by: User | None,
) -> RunStep:
    """Save a step when nobody else saved it since `version`; every change goes in the history.

    One thing at a time: a step is done only when every earlier step is done or skipped.
    Skipping needs a reason. Raises RunStepConflict when the version is stale.
    """
    current = RunStep.objects.select_related("owner").get(pk=step.pk)
    if current.version != version:
        raise RunStepConflict(current)
    skip_reason = skip_reason.strip() if status == RunStep.Status.SKIPPED else ""
    answers = {key: text for key, text in (reflection_answers or {}).items() if text.strip()}
    errors: dict[str, str] = {}
    if status == RunStep.Status.SKIPPED and not skip_reason:
        errors["skip_reason"] = _("Say why the step is skipped.")
    if (
        status == RunStep.Status.DONE
        and RunStep.objects.filter(run_id=current.run_id, position__lt=current.position)
        .exclude(status__in=_SETTLED)
        .exists()
    ):
        errors["status"] = _(
            "One thing at a time: finish or skip the earlier steps before marking this one done."
        )
    if owner is not None and not run_people(run=step.run).filter(pk=owner.pk).exists():
        errors["owner"] = _(
            "The owner must be the run’s responsible person, a participant or a leader of "
            "the organisation."
        )
    if errors:
        raise ValidationError(errors)

    new_values = {
        "status": status,
        "owner": owner,
        "due_date": due_date,
        "notes": notes,
        "skip_reason": skip_reason,
        "reflection_answers": answers,
    }
    changes = {
        name: {"from": _shown(getattr(current, name)), "to": _shown(value)}
        for name, value in new_values.items()
        if getattr(current, name) != value
    }
    if not changes:
        return current
    for name, value in new_values.items():
        setattr(current, name, value)
    current.version = version + 1
    current.full_clean()
    # Compare-and-set on the version: a save that slipped in since the read above loses nothing.
    saved = RunStep.objects.filter(pk=current.pk, version=version).update(
        status=status,
        owner=owner,
        due_date=due_date,
        notes=notes,
        skip_reason=skip_reason,
        reflection_answers=answers,
        version=version + 1,
        updated_at=timezone.now(),
    )
    if not saved:
        raise RunStepConflict(RunStep.objects.select_related("owner").get(pk=step.pk))
    RunStepChange.objects.create(step=current, by=by, version=current.version, changes=changes)
    return current
