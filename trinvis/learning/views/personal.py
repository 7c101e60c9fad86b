"""My learning (a person's own page), a leader's list of their people, and one person's
page as their leader sees it.

Personal records are read by the person and their leaders (access.py). Whenever someone
other than the person opens them, it is written to the audit log (audit.py).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.learning.access import led_people, person_get_for_user
from trinvis.learning.audit import audit_opened
from trinvis.learning.models import Sharing
from trinvis.learning.motivation import trend_figure
from trinvis.learning.selectors_my_page import next_course
from trinvis.learning.selectors_personal import (
    agreement_status,
    check_rows,
    goals_waiting_for_me,
    my_people,
    person_checks,
    person_follow_ups,
    person_goals,
    person_logbook,
)
from trinvis.learning.views.index import section
from trinvis.toolkits.selectors import organisations_writable

PEOPLE_PER_PAGE = 50
LATEST_ENTRIES = 5


@section("personal")
def personal_section(request: AuthenticatedRequest) -> dict[str, Any]:
    """The start page's section: links to my learning, and for leaders to their people."""
    return {
        "leads_people": led_people(request.user).exists(),
        "waiting": len(goals_waiting_for_me(user=request.user)),
        "may_word_questions": organisations_writable(user=request.user).exists(),
    }


def _goal_rows(person: User, *, viewer_is_person: bool) -> list[tuple[Any, Any]]:
    return [
        (goal, agreement_status(goal, viewer_is_person=viewer_is_person))
        for goal in person_goals(person)
    ]


def _overview(person: User, *, viewer_is_person: bool) -> dict[str, Any]:
    """What a person's page shows, for the person or their leader."""
    entries = person_logbook(person)
    if not viewer_is_person:
        entries = entries.filter(sharing__in=[Sharing.LEADER, Sharing.TEAM])
    rows = check_rows(person_checks(person))
    talks = list(person_follow_ups(person))
    return {
        "person": person,
        "goal_rows": _goal_rows(person, viewer_is_person=viewer_is_person),
        "entries": list(entries[:LATEST_ENTRIES]),
        "entry_count": entries.count(),
        "latest_check": rows[-1] if rows else None,
        "trend": trend_figure(rows) if rows else None,
        "upcoming": [talk for talk in talks if talk.held_on is None],
        "held": [talk for talk in talks if talk.held_on is not None],
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def me(request: AuthenticatedRequest) -> HttpResponse:
    """My own page: what lies next (my next follow-up talk, my next course, what I promised
    to try at the latest talk) above my goals, logbook, motivation and talks."""
    context = _overview(request.user, viewer_is_person=True)
    context.update(
        next_talk=context["upcoming"][0] if context["upcoming"] else None,
        promised=context["held"][0] if context["held"] else None,
        next_course=next_course(person=request.user, today=context["today"]),
        leads_people=led_people(request.user).exists(),
    )
    return render(request, "learning/personal/me.html", context)


@login_required
@require_GET
def people(request: AuthenticatedRequest) -> HttpResponse:
    """The people the user leads, with where each stands; empty for those who lead nobody."""
    page = Paginator(my_people(user=request.user), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "learning/personal/people.html", {"page": page})


@login_required
@require_GET
def person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One person's goals, shared logbook entries, motivation trend and talks, for their
    leader. The person themself is sent to their own page."""
    found = person_get_for_user(user=request.user, pk=pk)
    if found.pk == request.user.pk:
        return redirect("learning:me")
    audit_opened(request, person=found, record="overview")
    context = _overview(found, viewer_is_person=False)
    return render(request, "learning/personal/person.html", context)
