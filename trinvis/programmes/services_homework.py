"""Write homework: the tasks the programme sets before and between workshops, and each
municipality's answer.

Tasks and answers carry a version number. An answer's form sends the version it was shown
at, 0 when there was no answer yet; a save on top of a newer answer (or of an answer
someone else wrote first) raises `HomeworkConflict` and writes nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.programmes.access import TAKING_PART
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    HomeworkSubmission,
    HomeworkTask,
    Workshop,
)
from trinvis.programmes.services_workshops import text

NEW = 0


class HomeworkConflict(Exception):
    """Someone saved the task or the answer after it was shown; nothing was written.
    `current` is the newer record (None: an answer that was deleted meanwhile)."""

    def __init__(self, current: HomeworkTask | HomeworkSubmission | None) -> None:
        super().__init__("changed since it was shown")
        self.current = current


@dataclass(frozen=True)
class TaskInput:
    title: str
    description: str = ""
    due: datetime.date | None = None
    before_workshop: Workshop | None = None


def _fill_task(task: HomeworkTask, data: TaskInput) -> None:
    problems: dict[str, list[str]] = {}
    if not data.title.strip():
        problems["title"] = [_("Give the task a title.")]
    workshop = data.before_workshop
    if workshop is not None and workshop.programme_id != task.programme_id:
        problems["before_workshop"] = [_("Choose a workshop of this programme.")]
    if problems:
        raise ValidationError(problems)
    task.title = data.title.strip()
    task.description = text(data.description)
    task.due = data.due
    task.before_workshop = workshop


@transaction.atomic
def task_create(*, by: User, programme: AgencyProgramme, data: TaskInput) -> HomeworkTask:
    task = HomeworkTask(programme=programme)
    _fill_task(task, data)
    task.full_clean()
    task.save()
    return task


def _locked_task(task_id: int, base_version: int) -> HomeworkTask:
    current = HomeworkTask.objects.select_for_update().get(pk=task_id)
    if current.version != base_version:
        raise HomeworkConflict(current)
    return current


@transaction.atomic
def task_update(
    *, by: User, task: HomeworkTask, base_version: int, data: TaskInput
) -> HomeworkTask:
    current = _locked_task(task.pk, base_version)
    _fill_task(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def task_delete(*, by: User, task: HomeworkTask, base_version: int) -> None:
    """Delete the task and the municipalities' answers to it."""
    if not HomeworkTask.objects.filter(pk=task.pk).exists():
        return
    _locked_task(task.pk, base_version).delete()


def answer_save(
    *, by: User, task: HomeworkTask, candidate: Candidate, answer: str, base_version: int
) -> HomeworkSubmission:
    """Write the municipality's answer to the task; `base_version` is the version of the
    answer the writer saw, `NEW` when there was none."""
    if candidate.programme_id != task.programme_id or candidate.status not in TAKING_PART:
        raise ValidationError(_("The municipality does not take part in this programme."))
    if not text(answer):
        raise ValidationError({"text": [_("Write the answer.")]})
    try:
        with transaction.atomic():
            current = (
                HomeworkSubmission.objects.select_for_update()
                .filter(task=task, candidate=candidate)
                .first()
            )
            if current is None:
                if base_version != NEW:
                    raise HomeworkConflict(None)
                current = HomeworkSubmission(task=task, candidate=candidate)
            elif current.version != base_version:
                raise HomeworkConflict(current)
            else:
                current.version = base_version + 1
            current.text = text(answer)
            current.submitted_by = by
            current.full_clean(validate_unique=False, validate_constraints=False)
            current.save()
            return current
    except IntegrityError:
        # Two people of the municipality answered at the same moment; the other was first.
        raise HomeworkConflict(
            HomeworkSubmission.objects.filter(task=task, candidate=candidate).first()
        ) from None
