"""Following a course programme: the provider's progress page (participants and completers
against the target and its straight line, per region, the completion rate, and the course
evaluations linked to the programme with their results), and a municipality's view of its
own enrolments with its warnings where only one employee goes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.programmes.access import course_get_for_user, course_part_check
from trinvis.programmes.charts_courses import progress_figure
from trinvis.programmes.selectors_course_progress import (
    course_evaluations,
    municipality_overview,
)
from trinvis.programmes.selectors_course_progress import (
    course_progress as progress_of,
)


@login_required
@require_GET
def course_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk)
    course_part_check(user=request.user, course=course, running_only=True)
    facts = progress_of(course=course, today=timezone.localdate())
    context = {
        "course": course,
        "progress": facts,
        "figure": progress_figure(facts),
        "evaluations": course_evaluations(course=course, user=request.user),
    }
    return render(request, "programmes/courses/progress.html", context)


@login_required
@require_GET
def municipality_view(request: AuthenticatedRequest) -> HttpResponse:
    """The user's municipalities' enrolments; empty for someone outside municipalities."""
    views = municipality_overview(user=request.user)
    return render(request, "programmes/courses/municipality.html", {"views": views})
