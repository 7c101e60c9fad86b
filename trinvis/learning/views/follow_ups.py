"""Follow-up talks: a leader plans one with a person; the talk's page shows the agenda
(open goals, the latest motivation check and its conversation points, what was agreed
last time) and, for the leader, the form to record the talk. The person reads their talks
and agendas."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning import motivation
from trinvis.learning.access import follow_up_get_for_user, is_leader_of, person_get_for_user
from trinvis.learning.audit import audit_opened
from trinvis.learning.forms_personal import FollowUpForm, FollowUpPlanForm
from trinvis.learning.models import FollowUp
from trinvis.learning.selectors_personal import activities_for_goal, follow_up_agenda
from trinvis.learning.services import follow_ups as services


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_create(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=person_pk)
    if not is_leader_of(user=request.user, person=person):
        raise PermissionDenied
    form = FollowUpPlanForm(
        request.POST or None, activities=activities_for_goal(person=person, user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.follow_up_plan(
                by=request.user,
                person=person,
                planned_for=form.cleaned_data["planned_for"],
                activity=form.cleaned_data["activity"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The talk is planned. Its agenda is ready below."))
            return redirect("learning:follow_up", pk=follow_up.pk)
    return render(
        request, "learning/personal/follow_up_plan.html", {"form": form, "person": person}
    )


def _form(
    request: AuthenticatedRequest,
    talk: FollowUp,
    goals: list[Any],
    data: Any = None,
    initial: dict[str, Any] | None = None,
) -> FollowUpForm:
    return FollowUpForm(
        data,
        initial=initial,
        goals=goals,
        activities=activities_for_goal(person=talk.person, user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    talk = follow_up_get_for_user(user=request.user, pk=pk, write=request.method == "POST")
    audit_opened(request, person=talk.person, record="follow_up", pk=talk.pk)
    agenda = follow_up_agenda(talk)
    may_record = talk.person_id != request.user.pk and is_leader_of(
        user=request.user, person=talk.person
    )
    conflict = False
    form = None
    if may_record:
        if request.method != "POST":
            initial = FollowUpForm.initial_for(talk, agenda.reviews)
            form = _form(request, talk, agenda.goals, initial=initial)
        else:
            form = _form(request, talk, agenda.goals, data=request.POST)
            if form.is_valid():
                try:
                    services.follow_up_record(
                        by=request.user,
                        follow_up=talk,
                        base_version=form.cleaned_data["base_version"],
                        planned_for=form.cleaned_data["planned_for"],
                        held_on=form.cleaned_data["held_on"],
                        notes=form.cleaned_data["notes"],
                        next_steps=form.cleaned_data["next_steps"],
                        activity=form.cleaned_data["activity"],
                        reviews=form.talk_reviews(),
                    )
                except services.FollowUpConflict as error:
                    conflict = True
                    data = request.POST.copy()
                    data["base_version"] = str(error.follow_up.version)
                    form = _form(request, talk, agenda.goals, data=data)
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(request, _("The talk is saved."))
                    return redirect("learning:follow_up", pk=talk.pk)
    latest = agenda.latest_check
    context = {
        "talk": talk,
        "agenda": agenda,
        "agenda_scores": [
            (motivation.DIMENSION_NAMES[dimension], latest.scores[dimension])
            for dimension in motivation.DIMENSIONS
        ]
        if latest
        else [],
        "form": form,
        "conflict": conflict,
        "own": talk.person_id == request.user.pk,
    }
    return render(request, "learning/personal/follow_up.html", context)


@login_required
@require_POST
def follow_up_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    talk = follow_up_get_for_user(user=request.user, pk=pk, write=True)
    try:
        services.follow_up_delete(by=request.user, follow_up=talk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:follow_up", pk=talk.pk)
    messages.success(request, _("The planned talk is removed."))
    return redirect("learning:person", pk=talk.person_id)
