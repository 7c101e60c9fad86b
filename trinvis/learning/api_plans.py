"""JSON API of education plans: the plans the user reads, each with its nine-column rows,
the needs they answer, the effort per phase and the warnings the plan page gives. Read
only; changes go through the pages, which carry the version checks. The pages' rules hold
(trinvis/learning/access.py): plans are shared content of the organisations the user
reads, 404 outside them.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from trinvis.learning.api_catalogue import Message
from trinvis.learning.selectors_plans import (
    RowView,
    plan_get_for_user,
    plan_page,
    plans_for_user,
)

router = Router(tags=["learning plans"])


class NeedOut(Schema):
    """A prioritised competence need of the plan's round that a row answers."""

    id: int
    competence_id: int
    competence_name: str
    horizon: str


class PrincipleRefOut(Schema):
    id: int
    organisation_id: int
    topic: str
    title: str


class EffortOut(Schema):
    """Planned effort before, during and after the course (hours, or the plan's unit)."""

    before: Decimal
    during: Decimal
    after: Decimal


class PlanEffortOut(EffortOut):
    total: Decimal
    # Whether the summed effort lies within the 30-30-40 bands.
    follows_rule: bool


class PlanRowOut(Schema):
    id: int
    position: int
    # The nine columns.
    people_ids: list[int]
    purpose: str
    activity_id: int | None
    learning_support: str
    success_criteria: str
    schedule: str
    responsible_id: int | None
    resources: str
    status: str
    # The needs the row answers, the principle it follows and its effort.
    needs: list[NeedOut]
    principle: PrincipleRefOut | None
    effort: EffortOut
    version: int


class PlanWarningOut(Schema):
    """A consultant's warning (plan_checks.py); `row_ids` empty for the plan as a whole."""

    kind: str
    title: str
    explanation: str
    row_ids: list[int]


class PlanOut(Schema):
    id: int
    organisation_id: int
    title: str
    period: str
    row_count: int
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PlanDetailOut(PlanOut):
    # The competence round whose needs the plan answers (a reader of the plan may not be
    # allowed to open the round itself).
    round_id: int | None
    rows: list[PlanRowOut]
    warnings: list[PlanWarningOut]
    effort: PlanEffortOut


class _NoLinks:
    """The warnings' places to fix them are places in the pages; the API leaves them out."""

    def row_edit(self, row_id: int) -> str:
        return ""

    def row_add(self, need_id: int) -> str:
        return ""

    def goal_add(self, row_id: int) -> str:
        return ""

    def effort(self) -> str:
        return ""


def _row(view: RowView) -> dict[str, Any]:
    row = view.row
    return {
        "id": row.pk,
        "position": row.position,
        "people_ids": [person.pk for person in view.people],
        "purpose": row.purpose,
        "activity_id": row.activity_id,
        "learning_support": row.learning_support,
        "success_criteria": row.success_criteria,
        "schedule": row.schedule,
        "responsible_id": row.responsible_id,
        "resources": row.resources,
        "status": row.status,
        "needs": [
            {
                "id": need.pk,
                "competence_id": need.competence_id,
                "competence_name": need.competence.name,
                "horizon": need.horizon,
            }
            for need in view.needs
        ],
        "principle": row.principle,
        "effort": view.effort,
        "version": row.version,
    }


@router.get("/learning/plans", response=list[PlanOut], url_name="learning_plan_list")
def plan_list(request: HttpRequest) -> Any:
    return plans_for_user(user=request.user).order_by("organisation__path", "-created_at", "-pk")


@router.get(
    "/learning/plans/{int:plan_id}",
    response={200: PlanDetailOut, 404: Message},
    url_name="learning_plan_detail",
)
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    plan = plan_get_for_user(user=request.user, pk=plan_id)
    page = plan_page(plan=plan, user=request.user, links=_NoLinks())
    effort = page.checks.effort
    return {
        "id": plan.pk,
        "organisation_id": plan.organisation_id,
        "title": plan.title,
        "period": plan.period,
        "row_count": len(page.rows),
        "version": plan.version,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "round_id": plan.round_id,
        "rows": [_row(view) for view in page.rows],
        "warnings": [
            {
                "kind": warning.kind.value,
                "title": warning.title,
                "explanation": warning.explanation,
                "row_ids": list(warning.row_ids),
            }
            for warning in page.checks.warnings
        ],
        "effort": {
            "before": effort.before,
            "during": effort.during,
            "after": effort.after,
            "total": effort.total,
            "follows_rule": effort.follows_rule,
        },
    }
