"""Learning goals: write one (for oneself, or as leader for one of one's people), read it,
change it, agree on it, review it; and the organisational goals of one's organisations."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.core.forms import add_errors
from trinvis.learning.access import goal_get_for_user, may_write_in, person_get_for_user
from trinvis.learning.audit import audit_opened
from trinvis.learning.forms_personal import GoalForm, ReviewForm, VersionForm
from trinvis.learning.models import LearningGoal
from trinvis.learning.selectors_personal import (
    activities_for_goal,
    agreement_status,
    goal_reviews,
    organisational_goals_for,
    organisational_goals_of_person,
    person_organisations,
    plan_rows_for_goal,
    primary_organisation,
)
from trinvis.learning.services import goals as services
from trinvis.toolkits.selectors import organisations_writable

Scope = LearningGoal.Scope


def _form(
    request: AuthenticatedRequest,
    *,
    person: User | None,
    organisations: Any,
    data: Any = None,
    initial: dict[str, Any] | None = None,
) -> GoalForm:
    return GoalForm(
        data,
        initial=initial,
        organisations=organisations,
        activities=activities_for_goal(person=person, user=request.user),
        plan_rows=plan_rows_for_goal(person=person, user=request.user),
        personal=person is not None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: AuthenticatedRequest, person_pk: int) -> HttpResponse:
    """A personal goal for oneself, or for one of the people one leads."""
    person = person_get_for_user(user=request.user, pk=person_pk)
    organisations = person_organisations(person).order_by("path")
    if not organisations.exists():
        raise PermissionDenied
    primary = primary_organisation(person)
    form = _form(
        request,
        person=person,
        organisations=organisations,
        data=request.POST or None,
        initial={"organisation": primary.pk if primary else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                by=request.user, scope=Scope.PERSONAL, person=person, data=form.goal_data()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The goal is saved as a draft. Confirm it when you agree on it, both of you."),
            )
            return redirect("learning:goal_detail", pk=goal.pk)
    own = person.pk == request.user.pk
    context = {
        "heading": _("New learning goal")
        if own
        else _("New learning goal for %(name)s") % {"name": person.full_name},
        "form": form,
        "person": person,
        "own": own,
        "organisational_goals": organisational_goals_of_person(person)[:20],
    }
    return render(request, "learning/personal/goal_form.html", context)


@login_required
@require_GET
def org_goals(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "goals": organisational_goals_for(user=request.user),
        "may_create": organisations_writable(user=request.user).exists(),
    }
    return render(request, "learning/personal/org_goals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def org_goal_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = _form(request, person=None, organisations=organisations, data=request.POST or None)
    if request.method == "GET":
        form.start_from_plan_row(request.GET.get("plan_row"))
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                by=request.user, scope=Scope.ORGANISATIONAL, data=form.goal_data()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The organisational goal is saved."))
            return redirect("learning:goal_detail", pk=goal.pk)
    context = {"heading": _("New organisational goal"), "form": form, "person": None}
    return render(request, "learning/personal/goal_form.html", context)


@login_required
@require_GET
def goal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    goal = goal_get_for_user(user=request.user, pk=pk)
    context: dict[str, Any] = {"goal": goal, "personal": goal.scope == Scope.PERSONAL}
    if goal.person is not None:
        audit_opened(
            request,
            person=goal.person,
            record="learning_goal",
            pk=goal.pk,
            organisation_id=goal.organisation_id,
        )
        viewer_is_person = goal.person_id == request.user.pk
        status = agreement_status(goal, viewer_is_person=viewer_is_person)
        mine_confirmed = (
            goal.person_confirmed_at if viewer_is_person else goal.leader_confirmed_at
        ) is not None
        context.update(
            parent_url=reverse("learning:me")
            if viewer_is_person
            else reverse("learning:person", args=[goal.person_id]),
            parent_label=_("My learning") if viewer_is_person else goal.person.full_name,
            viewer_is_person=viewer_is_person,
            status=status,
            may_confirm=not mine_confirmed,
            confirm_form=VersionForm(initial={"base_version": goal.version}),
            reviews=goal_reviews(goal),
            may_edit=True,
        )
    else:
        context.update(
            parent_url=reverse("learning:org_goals"),
            parent_label=_("Organisational goals"),
            may_edit=may_write_in(user=request.user, organisation_id=goal.organisation_id),
        )
    return render(request, "learning/personal/goal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    goal = goal_get_for_user(user=request.user, pk=pk, write=True)
    person = goal.person
    organisations: Any = (
        person_organisations(person).order_by("path")
        if person is not None
        else organisations_writable(user=request.user)
    )
    conflict: LearningGoal | None = None
    if request.method != "POST":
        if person is not None:  # the goal's texts, opened in the form (issue 8)
            audit_opened(
                request,
                person=person,
                record="learning_goal",
                pk=goal.pk,
                organisation_id=goal.organisation_id,
            )
        form = _form(
            request,
            person=person,
            organisations=organisations,
            initial=GoalForm.initial_for(goal),
        )
    else:
        form = _form(
            request,
            person=person,
            organisations=organisations,
            data=request.POST,
        )
        if form.is_valid():
            try:
                goal, cleared = services.goal_update(
                    by=request.user,
                    goal=goal,
                    base_version=form.cleaned_data["base_version"] or 0,
                    data=form.goal_data(),
                )
            except services.GoalConflict as error:
                conflict = error.goal
                data = request.POST.copy()
                data["base_version"] = str(error.goal.version)
                form = _form(
                    request,
                    person=person,
                    organisations=organisations,
                    data=data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if cleared:
                    messages.warning(
                        request,
                        _(
                            "Your changes are saved. The goal had been confirmed, so both "
                            "confirmations are cleared: you both confirm the new text again."
                        ),
                    )
                else:
                    messages.success(request, _("The goal is saved."))
                return redirect("learning:goal_detail", pk=goal.pk)
    context = {
        "heading": _("Change the learning goal"),
        "form": form,
        "goal": goal,
        "person": person,
        "own": person is not None and person.pk == request.user.pk,
        "conflict": conflict,
        "confirmed": goal.person_confirmed_at is not None or goal.leader_confirmed_at is not None,
    }
    return render(request, "learning/personal/goal_form.html", context)


def _personal_goal(request: AuthenticatedRequest, pk: int) -> LearningGoal:
    goal = goal_get_for_user(user=request.user, pk=pk)
    if goal.person is None:
        raise Http404
    return goal


@login_required
@require_POST
def goal_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "We agree on this goal": the person or their leader confirms the version they read."""
    goal = _personal_goal(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation did not say which version you read."))
        return redirect("learning:goal_detail", pk=goal.pk)
    try:
        goal = services.goal_confirm(
            by=request.user, goal=goal, base_version=form.cleaned_data["base_version"]
        )
    except services.GoalConflict:
        messages.warning(
            request,
            _("The goal changed after you opened it. Read it again; then confirm it if you agree."),
        )
    else:
        if goal.is_agreed:
            messages.success(request, _("You have both confirmed the goal: it is agreed."))
        else:
            messages.success(
                request, _("Your confirmation is saved. The goal is agreed when both confirm.")
            )
    return redirect("learning:goal_detail", pk=goal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def goal_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """How far the goal has come, outside a follow-up talk (e.g. at the end of a course)."""
    goal = _personal_goal(request, pk)
    assert goal.person is not None
    audit_opened(
        request,
        person=goal.person,
        record="learning_goal",
        pk=goal.pk,
        organisation_id=goal.organisation_id,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_review(
                by=request.user,
                goal=goal,
                outcome=form.cleaned_data["outcome"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("learning:goal_detail", pk=goal.pk)
    return render(request, "learning/personal/goal_review.html", {"form": form, "goal": goal})
