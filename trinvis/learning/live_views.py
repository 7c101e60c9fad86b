"""The five-phase toolkit's education-plan worksheet, shown live from this module.

In a run of "strategic use of continuing education", the education-plan worksheet shows the
plans of the run's organisation and of the units below it with their nine columns, and the
way to the plan page (its warnings and editors): the plan lives here once, not copied into
a worksheet.
"""

from typing import Any

from django.http import HttpRequest

from trinvis.learning.selectors_plans import plan_rows, plans_for_user
from trinvis.organisations.access import scope_for
from trinvis.toolkits.registry import LiveView, register_live_view


def _education_plans(run: Any, request: HttpRequest) -> LiveView:
    scope = scope_for(request.user)
    plans = list(
        plans_for_user(user=request.user)
        .filter(organisation__path__startswith=run.organisation.path)
        .order_by("organisation__path", "-created_at", "-pk")
    )
    rows = plan_rows(plans=plans, user=request.user)
    for plan in plans:
        plan.may_write = scope.can_write(plan.organisation_id)  # type: ignore[attr-defined]
    context = {
        "plans": [(plan, rows[plan.pk]) for plan in plans],
        "may_create": scope.can_write(run.organisation_id),
    }
    return "learning/plans/live.html", context


register_live_view("education-plan", _education_plans)
