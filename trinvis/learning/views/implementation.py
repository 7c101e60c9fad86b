"""Implementation and anchoring: implementation plans with the eleven areas of the
checklist, their follow-up meetings and confidence trend, a printable checklist, and "my
tasks" — the items a person is responsible for.

Plans are shared content of their organisation (its write roles change them); the
implementation team also fills in the items and records meetings, and the person
responsible for an item marks it done.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.access import (
    implementation_item_get_for_user,
    implementation_plan_get_for_user,
    may_work_on_implementation,
    may_write_in,
    process_meeting_get_for_user,
)
from trinvis.learning.forms_implementation import (
    ItemForm,
    MeetingForm,
    PlanCreateForm,
    PlanForm,
    VersionForm,
)
from trinvis.learning.models import ImplementationItem, ImplementationPlan
from trinvis.learning.selectors_implementation import (
    OPEN_STATUSES,
    activities_for,
    confidence_drops,
    confidence_figure,
    education_plans_for,
    my_done_tasks,
    my_enrolments,
    my_plans,
    my_tasks,
    plan_page,
    plan_people,
    plans_for_user,
)
from trinvis.learning.services import implementation as services
from trinvis.learning.views.index import section
from trinvis.toolkits.selectors import organisations_writable

PER_PAGE = 25
SHOWN_ON_INDEX = 5
DONE_SHOWN_DAYS = 30


@section("implementation")
def implementation_section(request: AuthenticatedRequest) -> dict[str, Any]:
    """The start page's section: my open tasks, my courses, my plans, a new plan."""
    today = timezone.localdate()
    counts = my_tasks(user=request.user).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    return {
        "open_tasks": counts["open"],
        "overdue_tasks": counts["overdue"],
        "enrolments": list(my_enrolments(user=request.user, today=today)[:SHOWN_ON_INDEX]),
        "plans": list(my_plans(user=request.user)[:SHOWN_ON_INDEX]),
        "may_create": organisations_writable(user=request.user).exists(),
    }


def plan_url(plan: ImplementationPlan) -> str:
    return reverse("learning:implementation_detail", args=[plan.pk])


def _back(request: AuthenticatedRequest, fallback: str) -> str:
    """The page a one-button form came from, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- plans -----------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(plans_for_user(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "may_create": organisations_writable(user=request.user).exists()}
    return render(request, "learning/implementation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = PlanCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"activity": request.GET.get("activity")},
        organisations=organisations,
        education_plans=education_plans_for(user=request.user),
        activities=activities_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.to_input(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan is made with the eleven areas. Now choose the implementation team."),
            )
            return redirect("learning:implementation_edit", pk=plan.pk)
    return render(request, "learning/implementation/create.html", {"form": form})


@login_required
@require_GET
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(user=request.user, pk=pk)
    page = plan_page(plan)
    drops = confidence_drops(page.meetings)
    may_write = may_write_in(user=request.user, organisation_id=plan.organisation_id)
    context = {
        "plan": plan,
        "page": page,
        "drops": drops,
        "latest_drop": drops[-1] if drops and drops[-1].meeting == page.meetings[-1] else None,
        "figure": confidence_figure(page.meetings) if page.meetings else None,
        "may_write": may_write,
        "may_work": may_write or request.user in page.team,
        "today": timezone.localdate(),
        "open_statuses": OPEN_STATUSES,
        "areas": ImplementationItem.Area.choices,
    }
    return render(request, "learning/implementation/detail.html", context)


@login_required
@require_GET
def plan_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(user=request.user, pk=pk)
    page = plan_page(plan)
    context = {
        "plan": plan,
        "page": page,
        "today": timezone.localdate(),
        "open_statuses": OPEN_STATUSES,
        "printed_at": timezone.now(),
    }
    return render(request, "learning/implementation/print.html", context)


def _plan_form(
    request: AuthenticatedRequest, plan: ImplementationPlan, data: QueryDict | None
) -> PlanForm:
    page = plan_page(plan)
    return PlanForm(
        data,
        initial=PlanForm.initial_for(plan, page.team, page.ambassadors),
        people=plan_people(plan.organisation),
        education_plans=education_plans_for(user=request.user),
        activities=activities_for(user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _plan_form(request, plan, data)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.plan_update(
                by=request.user,
                plan=plan,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.ImplementationConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = _plan_form(request, plan, data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("learning:implementation_detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "conflict": conflict}
    return render(request, "learning/implementation/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(user=request.user, pk=pk, write=True)
    if request.method == "POST":
        services.plan_delete(by=request.user, plan=plan)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": plan.title})
        return redirect("learning:implementation_list")
    return render(request, "learning/implementation/delete.html", {"plan": plan})


# --- items -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(
        user=request.user, pk=pk, write=request.method == "POST", team_may_write=True
    )
    if not may_work_on_implementation(user=request.user, plan=plan):
        raise PermissionDenied
    area = request.GET.get("area", "")
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        initial={"area": area if area in ImplementationItem.Area.values else None},
        people=plan_people(plan.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_add(by=request.user, plan=plan, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is added to the plan."))
            return redirect(f"{plan_url(plan)}#item-{item.pk}")
    context = {"plan": plan, "form": form, "item": None}
    return render(request, "learning/implementation/item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = implementation_item_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    people = plan_people(item.plan.organisation)
    form = ItemForm(data, initial=ItemForm.initial_for(item), people=people)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.item_update(
                by=request.user,
                item=item,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.ImplementationConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = ItemForm(data, initial=ItemForm.initial_for(item), people=people)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(f"{plan_url(item.plan)}#item-{item.pk}")
    context = {"plan": item.plan, "form": form, "item": item, "conflict": conflict}
    return render(request, "learning/implementation/item_form.html", context)


@login_required
@require_POST
def item_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = implementation_item_get_for_user(user=request.user, pk=pk, write=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look at the item again."))
        return redirect("learning:implementation_item_edit", pk=item.pk)
    try:
        services.item_delete(
            by=request.user, item=item, base_version=form.cleaned_data["base_version"]
        )
    except services.ImplementationConflict:
        messages.error(request, _("Someone changed the item in the meantime. Look at it again."))
        return redirect("learning:implementation_item_edit", pk=item.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:implementation_item_edit", pk=item.pk)
    messages.success(request, _("The item is removed from the plan."))
    return redirect("learning:implementation_detail", pk=item.plan_id)


@login_required
@require_POST
def item_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = implementation_item_get_for_user(user=request.user, pk=pk, done=True)
    form = VersionForm(request.POST)
    back = _back(request, plan_url(item.plan))
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look at the task again."))
        return redirect(back)
    try:
        services.item_mark_done(
            by=request.user, item=item, base_version=form.cleaned_data["base_version"]
        )
    except services.ImplementationConflict:
        messages.error(
            request, _("Someone changed the task in the meantime. Look at it again first.")
        )
    else:
        messages.success(request, _("The task is marked done."))
    return redirect(back)


# --- follow-up meetings ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = implementation_plan_get_for_user(
        user=request.user, pk=pk, write=request.method == "POST", team_may_write=True
    )
    if not may_work_on_implementation(user=request.user, plan=plan):
        raise PermissionDenied
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(by=request.user, plan=plan, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(f"{plan_url(plan)}#meetings")
    return render(
        request, "learning/implementation/meeting_form.html", {"plan": plan, "form": form}
    )


@login_required
@require_GET
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = process_meeting_get_for_user(user=request.user, pk=pk)
    context = {
        "meeting": meeting,
        "plan": meeting.plan,
        "may_work": may_work_on_implementation(user=request.user, plan=meeting.plan),
    }
    return render(request, "learning/implementation/meeting.html", context)


@login_required
@require_POST
def meeting_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = process_meeting_get_for_user(user=request.user, pk=pk, write=True)
    services.meeting_delete(by=request.user, meeting=meeting)
    messages.success(request, _("The meeting is removed."))
    return redirect(f"{plan_url(meeting.plan)}#meetings")


# --- my tasks --------------------------------------------------------------------------------


@login_required
@require_GET
def tasks(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=DONE_SHOWN_DAYS)
    context = {
        "open": list(my_tasks(user=request.user)),
        "done": list(my_done_tasks(user=request.user, since=since)),
        "today": today,
        "done_days": DONE_SHOWN_DAYS,
    }
    return render(request, "learning/implementation/tasks.html", context)
