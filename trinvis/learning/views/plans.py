"""Education plans: the list, the plan page with its nine columns and the consultant's
warnings, the plan and row editors, enrolment, the Excel export, and the plans' section of
the learning start page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.competences.models import Round
from trinvis.core.forms import add_errors
from trinvis.learning.charts_plans import effort_figure
from trinvis.learning.exports_plans import plan_xlsx
from trinvis.learning.forms_plans import PlanForm, RowForm
from trinvis.learning.models import Activity, EducationPlan, PlanRow, Principle
from trinvis.learning.plan_checks import BANDS, PHASE_LABELS, Phase, rule_in_words
from trinvis.learning.selectors_plans import (
    activities_for_plans,
    latest_plans,
    need_choices,
    people_groups,
    people_without_agreed_goal,
    plan_get_for_user,
    plan_page,
    plan_row_get_for_user,
    plans_for_user,
    principles_for,
    responsible_candidates,
    rounds_for_plans,
)
from trinvis.learning.services import plans as services
from trinvis.learning.views.index import section
from trinvis.organisations.access import scope_for
from trinvis.toolkits.selectors import organisations_writable

PER_PAGE = 25
LATEST_SHOWN = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanLinks:
    """Where the plan page's warnings are fixed; nothing for a reader who may not write."""

    def __init__(self, plan: EducationPlan, *, may_write: bool) -> None:
        self.plan = plan
        self.may_write = may_write

    def row_edit(self, row_id: int) -> str:
        return reverse("learning:plan_row_edit", args=[row_id]) if self.may_write else ""

    def row_add(self, need_id: int) -> str:
        if not self.may_write:
            return ""
        url = reverse("learning:plan_row_create", args=[self.plan.pk])
        return f"{url}?{urlencode({'need': need_id})}"

    def goal_add(self, row_id: int) -> str:
        if not self.may_write:
            return ""
        return f"{reverse('learning:org_goal_create')}?{urlencode({'plan_row': row_id})}"

    def effort(self) -> str:
        return "#effort"


def _plan_url(plan_id: int, row_id: int | None = None) -> str:
    url = reverse("learning:plan_detail", args=[plan_id])
    return f"{url}#row-{row_id}" if row_id else url


# --- plans ------------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    plans = plans_for_user(user=request.user).order_by("organisation__path", "-created_at", "-pk")
    context = {
        "page": Paginator(plans, PER_PAGE).get_page(request.GET.get("page")),
        "may_create": organisations_writable(user=request.user).exists(),
    }
    return render(request, "learning/plans/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    chosen = request.GET.get("organisation", "")
    initial = {"organisation": int(chosen)} if chosen.isdigit() else {}
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisations=organisations,
        rounds=rounds_for_plans(user=request.user),
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
            messages.success(request, _("The plan is created. Add its first row."))
            return redirect("learning:plan_detail", pk=plan.pk)
    return render(request, "learning/plans/form.html", {"form": form, "plan": None})


@login_required
@require_GET
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk)
    may_write = scope_for(request.user).can_write(plan.organisation_id)
    page = plan_page(plan=plan, user=request.user, links=PlanLinks(plan, may_write=may_write))
    context = {
        "plan": plan,
        "page": page,
        "rows": page.rows,
        "summary": page.checks.summary(),
        "effort": page.checks.effort,
        "effort_figure": effort_figure(page.checks.effort, id="plan-effort", name=_("This plan")),
        "bands": [(PHASE_LABELS[phase], *BANDS[phase]) for phase in Phase],
        "rule_text": rule_in_words(),
        "may_write": may_write,
        "round_visible": plan.round is not None
        and scope_for(request.user).can_see_detail(plan.round.organisation_id),
    }
    return render(request, "learning/plans/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk, write=True)
    rounds = rounds_for_plans(user=request.user)
    if plan.round_id is not None:
        # The plan's round stays a choice even if the user no longer sees it.
        rounds = (
            Round.objects.filter(Q(pk__in=rounds.values("pk")) | Q(pk=plan.round_id))
            .select_related("organisation")
            .order_by("-opened_at", "-pk")
        )
    initial = {
        "base_version": plan.version,
        "title": plan.title,
        "period": plan.period,
        "round": plan.round_id,
    }
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial=initial, rounds=rounds)
    conflict = False
    if data is not None and form.is_valid():
        try:
            plan, removed = services.plan_update(
                by=request.user,
                plan=plan,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.PlanConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = PlanForm(data, initial=initial, rounds=rounds)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            if removed:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s need of the former round is no longer linked to a row.",
                        "%(count)s needs of the former round are no longer linked to rows.",
                        removed,
                    )
                    % {"count": removed},
                )
            return redirect("learning:plan_detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "conflict": conflict}
    return render(request, "learning/plans/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.plan_delete(
                by=request.user, plan=plan, base_version=_int(request.POST.get("base_version"))
            )
        except services.PlanConflict as error:
            conflict = True
            plan = error.current  # type: ignore[assignment]
        else:
            messages.success(request, _("“%(title)s” is deleted.") % {"title": plan.title})
            return redirect("learning:plan_list")
    context = {"plan": plan, "row_count": plan.rows.count(), "conflict": conflict}
    return render(request, "learning/plans/delete.html", context)


@login_required
@require_GET
def plan_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk)
    page = plan_page(plan=plan, user=request.user, links=PlanLinks(plan, may_write=False))
    response = HttpResponse(plan_xlsx(page), content_type=XLSX)
    name = slugify(plan.title) or "education-plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# --- rows -------------------------------------------------------------------------------------


def _row_form(
    request: AuthenticatedRequest,
    plan: EducationPlan,
    row: PlanRow | None,
    data: QueryDict | None,
    initial: dict[str, Any],
) -> RowForm:
    """The row editor with the plan's choices, plus what the row already holds."""
    groups = people_groups(organisation=plan.organisation)
    offered = {person.pk for _organisation, people in groups for person in people}
    kept = [person for person in row.people.all() if person.pk not in offered] if row else []
    activities = activities_for_plans(user=request.user)
    responsible = responsible_candidates(organisation=plan.organisation)
    principles = principles_for(organisation=plan.organisation)
    if row is not None:
        # What the row holds stays a choice, even where the user would not find it now.
        activities = (
            Activity.objects.filter(Q(pk__in=activities.values("pk")) | Q(pk=row.activity_id))
            .select_related("organisation")
            .order_by("title", "pk")
        )
        responsible = User.objects.filter(
            Q(pk__in=responsible.values("pk")) | Q(pk=row.responsible_id)
        ).order_by("full_name", "pk")
        principles = (
            Principle.objects.filter(Q(pk__in=principles.values("pk")) | Q(pk=row.principle_id))
            .select_related("organisation")
            .order_by("organisation__path", "position", "pk")
        )
    kept_needs = list(row.needs.values_list("pk", flat=True)) if row else []
    return RowForm(
        data,
        initial=initial,
        people_groups=groups,
        kept_people=kept,
        activities=activities,
        responsible=responsible,
        needs=need_choices(plan=plan, keep=kept_needs),
        principles=principles,
    )


def _row_context(plan: EducationPlan, row: PlanRow | None, form: RowForm, **extra: Any) -> Any:
    context = {"plan": plan, "row": row, "form": form, "bands": BANDS, **extra}
    if row is not None:
        # An organisational goal written from here starts linked to the row.
        context["goal_url"] = f"{reverse('learning:org_goal_create')}?plan_row={row.pk}"
    return context


@login_required
@require_http_methods(["GET", "POST"])
def row_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk, write=True)
    need = request.GET.get("need", "")
    initial: dict[str, Any] = {"needs": [int(need)]} if need.isdigit() else {}
    initial["status"] = "planned"
    data = request.POST if request.method == "POST" else None
    form = _row_form(request, plan, None, data, initial)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.row_create(by=request.user, plan=plan, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The row is added to the plan."))
            return HttpResponseRedirect(_plan_url(plan.pk, row.pk))
    return render(request, "learning/plans/row_form.html", _row_context(plan, None, form))


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = plan_row_get_for_user(user=request.user, pk=pk, write=True)
    plan = row.plan
    initial = RowForm.initial_for(row)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _row_form(request, plan, row, data, initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            row = services.row_update(
                by=request.user,
                row=row,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.PlanConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = _row_form(request, plan, row, data, initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Row %(position)s is saved.") % {"position": row.position})
            return HttpResponseRedirect(_plan_url(plan.pk, row.pk))
    context = _row_context(plan, row, form, conflict=conflict)
    return render(request, "learning/plans/row_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def row_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = plan_row_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.row_delete(
                by=request.user, row=row, base_version=_int(request.POST.get("base_version"))
            )
        except services.PlanConflict as error:
            conflict = True
            row = error.current  # type: ignore[assignment]
        else:
            messages.success(
                request, _("Row %(position)s is deleted.") % {"position": row.position}
            )
            return redirect("learning:plan_detail", pk=row.plan_id)
    context = {
        "row": row,
        "plan": row.plan,
        "conflict": conflict,
        "enrolment_count": row.enrolments.count(),
        "goal_count": row.goals.count(),
    }
    return render(request, "learning/plans/row_delete.html", context)


@login_required
@require_POST
def row_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = plan_row_get_for_user(user=request.user, pk=pk, write=True)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        try:
            services.row_move(
                by=request.user,
                row=row,
                plan_version=_int(request.POST.get("plan_version")),
                up=direction == "up",
            )
        except services.PlanConflict:
            messages.error(
                request,
                _(
                    "Someone changed the plan's rows meanwhile; nothing was moved. Check the "
                    "order and try again."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Row %(position)s is moved up.") % {"position": row.position}
                if direction == "up"
                else _("Row %(position)s is moved down.") % {"position": row.position},
            )
    return HttpResponseRedirect(_plan_url(row.plan_id, row.pk))


@login_required
@require_POST
def row_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = plan_row_get_for_user(user=request.user, pk=pk, write=True)
    try:
        created = services.row_enrol(
            by=request.user, row=row, base_version=_int(request.POST.get("base_version"))
        )
    except services.PlanConflict:
        messages.error(
            request,
            _(
                "Someone changed the row meanwhile; nobody was enrolled. Check its people and "
                "enrol again."
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s person is enrolled in “%(activity)s”.",
                    "%(count)s people are enrolled in “%(activity)s”.",
                    created,
                )
                % {"count": created, "activity": row.activity},
            )
        else:
            messages.info(request, _("Everyone in the row was already enrolled."))
        missing = people_without_agreed_goal(row)
        if missing:
            messages.warning(
                request,
                _(
                    "No agreed learning goal for the course yet: %(people)s. Agree on goals "
                    "before the course, so the follow-up has something to come back to."
                )
                % {"people": ", ".join(person.full_name for person in missing)},
            )
    return HttpResponseRedirect(_plan_url(row.plan_id, row.pk))


# --- the learning start page ------------------------------------------------------------------


@section("plans")
def plans_section(request: AuthenticatedRequest) -> dict[str, Any]:
    return {
        "plans": latest_plans(user=request.user, count=LATEST_SHOWN),
        "may_create": organisations_writable(user=request.user).exists(),
    }
