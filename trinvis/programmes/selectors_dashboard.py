"""The programme dashboard for those who run a programme: one row per municipality taking
part with how far its plan has come, its goals set and worked on, its follow-up
conversations, homework and letters, a totals row, and the surveys linked to the programme.

Where the figures come from:
- steps: the municipality's plan, a run of the seven-step toolkit; steps done (or skipped)
  of all (selectors_workshops.plan_progress, read in bulk).
- goals: the seven-step model has no step of its own where goals are set (its steps are the
  labour demand, the measures, cooperation, and the participant's path), so goals are the
  items agreed in the follow-up conversations: set = every item of the municipality's
  latest conversation (which starts from the items of the one before, so it holds the whole
  list), worked on = those under way or done.
- surveys: those linked to the programme (the participant survey of the SØM way), which
  the user may read, with their responses and response rate (selectors_surveys: a link
  never widens what someone may read). Those who run the programme choose them on its
  surveys page.

The page costs a fixed number of queries however many municipalities take part and however
many surveys are linked: one per kind of figure and one for the surveys, put together in
Python (`latest_goals` and `sorted_rows` are pure and tested directly).

The CSV download holds the municipalities' table only: the surveys are another table with
other columns, which would break the file for a spreadsheet; their figures are on the
page, in the JSON API and in each survey's own downloads.
"""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinvis.programmes.access import candidates_in_reach
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    Candidate,
    FollowUpConversation,
    HomeworkSubmission,
    Letter,
)
from trinvis.programmes.selectors_follow_up import ItemCounts
from trinvis.programmes.selectors_letters import reached
from trinvis.programmes.selectors_surveys import SurveyLine, programme_surveys, survey_lines
from trinvis.programmes.selectors_workshops import PlanProgress, plan_progress
from trinvis.toolkits.localise import pick

GOALS_SOURCE = "follow_up_items"
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class DashboardRow:
    candidate: Candidate
    plan: PlanProgress | None
    goals: ItemCounts  # the items of the latest follow-up conversation
    follow_ups_held: int
    follow_ups_overdue: int
    homework_submitted: int
    homework_total: int
    letters_sent: int

    @property
    def name(self) -> str:
        return self.candidate.area.name

    @property
    def next_step(self) -> str:
        """The title of the plan's next step in the active language; empty when none."""
        if self.plan is None or self.plan.next_step is None:
            return ""
        return pick(self.plan.next_step.get("title", {}), get_language() or "da")[0]


@dataclass(frozen=True)
class Totals:
    municipalities: int
    plans: int
    steps_settled: int
    steps_total: int
    goals_set: int
    goals_worked_on: int
    follow_ups_held: int
    follow_ups_overdue: int
    homework_submitted: int
    homework_total: int
    letters_sent: int


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]
    totals: Totals
    surveys: list[SurveyLine]


# --- goals -----------------------------------------------------------------------------------


def latest_goals(counts: Sequence[tuple[int, int, str, int]]) -> dict[int, ItemCounts]:
    """Per municipality the items of its latest conversation counted by status, from rows
    of (municipality, workshop number, status, count)."""
    latest: dict[int, int] = {}
    for candidate_id, number, _progress, _count in counts:
        latest[candidate_id] = max(latest.get(candidate_id, number), number)
    by_status: dict[int, dict[str, int]] = {}
    for candidate_id, number, progress, count in counts:
        if number == latest[candidate_id]:
            by_status.setdefault(candidate_id, {})[progress] = count
    return {pk: ItemCounts.of(found) for pk, found in by_status.items()}


def _goals(candidate_ids: Sequence[int]) -> dict[int, ItemCounts]:
    return latest_goals(
        list(
            AgreedItem.objects.filter(conversation__candidate__in=candidate_ids)
            .values_list(
                "conversation__candidate_id", "conversation__after_workshop__number", "progress"
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
    )


# --- the other figures -----------------------------------------------------------------------


def _per_candidate(queryset: QuerySet[Any], **counts: Any) -> dict[int, dict[str, int]]:
    rows = queryset.values("candidate_id").annotate(**counts).order_by()
    return {row.pop("candidate_id"): row for row in rows}


def _follow_ups(candidate_ids: Sequence[int], today: datetime.date) -> dict[int, dict[str, int]]:
    return _per_candidate(
        FollowUpConversation.objects.filter(candidate__in=candidate_ids),
        held=Count("pk", filter=Q(held_on__isnull=False)),
        overdue=Count("pk", filter=Q(held_on__isnull=True, planned_for__lt=today)),
    )


# --- the dashboard ---------------------------------------------------------------------------


def totals_of(rows: Sequence[DashboardRow]) -> Totals:
    plans = [row.plan for row in rows if row.plan is not None]
    return Totals(
        municipalities=len(rows),
        plans=len(plans),
        steps_settled=sum(plan.steps_settled for plan in plans),
        steps_total=sum(plan.steps_total for plan in plans),
        goals_set=sum(row.goals.total for row in rows),
        goals_worked_on=sum(row.goals.worked_on for row in rows),
        follow_ups_held=sum(row.follow_ups_held for row in rows),
        follow_ups_overdue=sum(row.follow_ups_overdue for row in rows),
        homework_submitted=sum(row.homework_submitted for row in rows),
        homework_total=sum(row.homework_total for row in rows),
        letters_sent=sum(row.letters_sent for row in rows),
    )


def dashboard_rows(
    *, programme: AgencyProgramme, user: Any, today: datetime.date
) -> list[DashboardRow]:
    """One row per municipality taking part, by name; seven queries at most."""
    candidates = list(
        candidates_in_reach(user=user, programme=programme, runs=True)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    ids = [candidate.pk for candidate in candidates]
    plans = plan_progress(candidates=candidates, user=user)
    goals = _goals(ids)
    follow_ups = _follow_ups(ids, today)
    submitted = _per_candidate(
        HomeworkSubmission.objects.filter(task__programme=programme, candidate__in=ids),
        n=Count("pk"),
    )
    tasks = programme.homework.count()
    letters = _per_candidate(
        Letter.objects.filter(reached(), programme=programme, candidate__in=ids),
        n=Count("pk"),
    )
    return [
        DashboardRow(
            candidate=candidate,
            plan=plans.get(candidate.pk),
            goals=goals.get(candidate.pk, ItemCounts()),
            follow_ups_held=follow_ups.get(candidate.pk, {}).get("held", 0),
            follow_ups_overdue=follow_ups.get(candidate.pk, {}).get("overdue", 0),
            homework_submitted=submitted.get(candidate.pk, {}).get("n", 0),
            homework_total=tasks,
            letters_sent=letters.get(candidate.pk, {}).get("n", 0),
        )
        for candidate in candidates
    ]


def dashboard_of(
    *, programme: AgencyProgramme, user: Any, today: datetime.date, with_surveys: bool = True
) -> Dashboard:
    """The rows, their totals and the linked surveys (none read without `with_surveys`: the
    CSV download has no place for them)."""
    rows = dashboard_rows(programme=programme, user=user, today=today)
    surveys = (
        survey_lines(programme_surveys(programme=programme, user=user)) if with_surveys else []
    )
    return Dashboard(rows=rows, totals=totals_of(rows), surveys=surveys)


# --- sorting ---------------------------------------------------------------------------------


def _steps_share(row: DashboardRow) -> float:
    """The share of its steps a plan has done; -1 without a plan, so those come first."""
    if row.plan is None:
        return -1.0
    return row.plan.steps_settled / row.plan.steps_total if row.plan.steps_total else 0.0


def natural_key(name: str) -> list[str | int]:
    """A name's sort key with its numbers as numbers: "Kommune 8" before "Kommune 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(name)]


SORTS: dict[str, Callable[[DashboardRow], Any]] = {
    "municipality": lambda row: natural_key(row.name),
    "steps": _steps_share,
    "goals": lambda row: row.goals.total,
    "worked": lambda row: row.goals.worked_on,
    "held": lambda row: row.follow_ups_held,
    "overdue": lambda row: row.follow_ups_overdue,
    "homework": lambda row: row.homework_submitted,
    "letters": lambda row: row.letters_sent,
}
DEFAULT_SORT = "municipality"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """A sort parameter (`steps`, `-steps` for descending) as (key, descending); an unknown
    one sorts by municipality."""
    text = value or ""
    descending = text.startswith("-")
    key = text.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def sorted_rows(rows: Sequence[DashboardRow], key: str, descending: bool) -> list[DashboardRow]:
    """The rows by the column, ties by municipality name (always A to Z)."""
    by_name = sorted(rows, key=SORTS[DEFAULT_SORT])
    if key == DEFAULT_SORT:
        return list(reversed(by_name)) if descending else by_name
    return sorted(by_name, key=SORTS[key], reverse=descending)


# --- the CSV download --------------------------------------------------------------------------


def csv_table(dashboard: Dashboard) -> tuple[list[str], list[list[Any]]]:
    """The table as CSV headers and rows, the totals last."""
    headers = [
        _("Municipality"),
        _("Steps done"),
        _("Steps in the plan"),
        _("Next step"),
        _("Goals set"),
        _("Goals worked on"),
        _("Follow-up conversations held"),
        _("Follow-up conversations overdue"),
        _("Homework submitted"),
        _("Homework tasks"),
        _("Letters sent"),
    ]
    rows: list[list[Any]] = [
        [
            row.name,
            row.plan.steps_settled if row.plan else "",
            row.plan.steps_total if row.plan else "",
            row.next_step,
            row.goals.total,
            row.goals.worked_on,
            row.follow_ups_held,
            row.follow_ups_overdue,
            row.homework_submitted,
            row.homework_total,
            row.letters_sent,
        ]
        for row in dashboard.rows
    ]
    totals = dashboard.totals
    rows.append(
        [
            _("Total"),
            totals.steps_settled,
            totals.steps_total,
            "",
            totals.goals_set,
            totals.goals_worked_on,
            totals.follow_ups_held,
            totals.follow_ups_overdue,
            totals.homework_submitted,
            totals.homework_total,
            totals.letters_sent,
        ]
    )
    return headers, rows


def goals_source_text() -> str:
    return _(
        "Goals are the items agreed in the follow-up conversations: set counts every item of "
        "a municipality's latest conversation, worked on those under way or done. The "
        "seven-step model has no step of its own where goals are set."
    )
