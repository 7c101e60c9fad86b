"""Reads for the homework: a task with its access check, the overview of tasks × the
municipalities in the user's reach, the tasks before a workshop and one answer.

The overview runs a fixed number of queries however many tasks, municipalities or answers
there are.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from trinvis.programmes.access import candidates_in_reach, programme_part_check
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    HomeworkSubmission,
    HomeworkTask,
    Workshop,
)


def task_get_for_user(*, user: Any, pk: Any, write: bool = False) -> tuple[HomeworkTask, bool]:
    task = HomeworkTask.objects.select_related("programme", "before_workshop").filter(pk=pk).first()
    if task is None:
        raise Http404
    return task, programme_part_check(user=user, programme=task.programme, write=write)


# --- the overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeworkCell:
    task: HomeworkTask
    candidate: Candidate
    submitted_at: datetime.datetime | None
    overdue: bool


@dataclass
class HomeworkGrid:
    tasks: list[HomeworkTask]
    # One row per municipality: (municipality, a cell per task in the order of `tasks`).
    rows: list[tuple[Candidate, list[HomeworkCell]]]


def homework_tasks(*, programme: AgencyProgramme) -> QuerySet[HomeworkTask]:
    return programme.homework.select_related("before_workshop").order_by(
        "before_workshop__number", "due", "pk"
    )


def homework_grid(
    *, programme: AgencyProgramme, user: Any, runs: bool, today: datetime.date
) -> HomeworkGrid:
    """Tasks × the municipalities in the user's reach: answered or not, and overdue when the
    due date has passed without an answer; three queries."""
    tasks = list(homework_tasks(programme=programme))
    candidates = list(
        candidates_in_reach(user=user, programme=programme, runs=runs)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    answered = {
        (task_id, candidate_id): submitted_at
        for task_id, candidate_id, submitted_at in HomeworkSubmission.objects.filter(
            task__programme=programme, candidate__in=[candidate.pk for candidate in candidates]
        ).values_list("task_id", "candidate_id", "submitted_at")
    }
    rows = []
    for candidate in candidates:
        cells = []
        for task in tasks:
            submitted_at = answered.get((task.pk, candidate.pk))
            overdue = submitted_at is None and task.due is not None and task.due < today
            cells.append(HomeworkCell(task, candidate, submitted_at, overdue))
        rows.append((candidate, cells))
    return HomeworkGrid(tasks=tasks, rows=rows)


def homework_before(*, workshop: Workshop) -> QuerySet[HomeworkTask]:
    return workshop.homework.order_by("due", "pk")


def homework_answer_of(*, task: HomeworkTask, candidate: Candidate) -> HomeworkSubmission | None:
    return (
        HomeworkSubmission.objects.select_related("submitted_by")
        .filter(task=task, candidate=candidate)
        .first()
    )
