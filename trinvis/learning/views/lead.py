"""A leader's page: the education plans of the units they lead, follow-up talks that are
overdue, goals without progress and the confidence trend of the implementation plans.

It has its own page rather than a part of "my learning": that page is about the user's own
records, this one about other people's and about shared plans, and a leader who is also
a participant keeps the two apart. Like "my people", the page names people and dates but
shows no content of anyone's goals or talks, so opening it is not audited per person; the
goal and the talk it links to are, when opened.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.learning.access import led_people
from trinvis.learning.models import Status
from trinvis.learning.selectors_my_page import (
    LISTED,
    confidence_trends,
    first_and_total,
    goals_without_progress,
    overdue_follow_ups,
    unit_plans,
)


@login_required
@require_GET
def lead(request: AuthenticatedRequest) -> HttpResponse:
    """Empty for those who lead nobody, as "my people" is."""
    if not led_people(request.user).exists():
        return render(request, "learning/personal/lead.html", {"leads_people": False})
    today = timezone.localdate()
    plans, plan_total = unit_plans(user=request.user)
    overdue, overdue_total = first_and_total(
        overdue_follow_ups(user=request.user, today=today), LISTED
    )
    stalled = goals_without_progress(user=request.user, today=today)
    trends, trend_total = confidence_trends(user=request.user)
    context = {
        "leads_people": True,
        "plans": plans,
        "plan_total": plan_total,
        "statuses": Status.labels,
        "overdue": overdue,
        "overdue_total": overdue_total,
        "stalled": stalled[:LISTED],
        "stalled_total": len(stalled),
        "trends": trends,
        "trend_total": trend_total,
    }
    return render(request, "learning/personal/lead.html", context)
