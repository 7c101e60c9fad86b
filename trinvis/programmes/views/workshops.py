"""Workshops (fagsamlinger): the programme's list with its warnings, a workshop's page,
its editors, and the run sheet with its printable timed agenda."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_workshops as services
from trinvis.programmes import workshop_checks
from trinvis.programmes.access import programme_get_for_user, programme_part_check
from trinvis.programmes.agenda import ends_at
from trinvis.programmes.forms_workshops import LineForm, WorkshopForm
from trinvis.programmes.selectors_homework import homework_before
from trinvis.programmes.selectors_workshops import (
    agenda_days,
    line_get_for_user,
    municipalities_at,
    spacing_for,
    workshop_days,
    workshop_get_for_user,
    workshops_overview,
)


def number(value: Any) -> int:
    """A posted number, or -1 (never a version or id) when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def run_sheet_url(workshop_id: int, line_id: int | None = None) -> str:
    url = reverse("programmes:workshop_run_sheet", args=[workshop_id])
    return f"{url}#line-{line_id}" if line_id else url


# --- the workshops ------------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    runs = programme_part_check(user=request.user, programme=programme)
    overview = workshops_overview(programme=programme, user=request.user, runs=runs)
    context = {
        "programme": programme,
        "overview": overview,
        "runs": runs,
        "rule_text": workshop_checks.rule_in_words(),
    }
    return render(request, "programmes/workshops/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    last = programme.workshops.aggregate(last=Max("number"))["last"] or 0
    initial = {"number": last + 1}
    form = WorkshopForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                by=request.user, programme=programme, data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workshop is created. Plan its run sheet next."))
            return redirect("programmes:workshop_detail", pk=workshop.pk)
    context = {"form": form, "programme": programme, "workshop": None}
    return render(request, "programmes/workshops/form.html", context)


@login_required
@require_GET
def workshop_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, runs = workshop_get_for_user(user=request.user, pk=pk)
    spacing = [
        problem
        for problem in spacing_for(programme=workshop.programme)
        if workshop.pk in (problem.earlier.id, problem.later.id)
    ]
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "runs": runs,
        "days": agenda_days(workshop=workshop),
        "municipalities": municipalities_at(workshop=workshop, user=request.user, runs=runs),
        "homework": homework_before(workshop=workshop),
        "spacing": spacing,
        "rule_text": workshop_checks.rule_in_words(),
    }
    return render(request, "programmes/workshops/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, write=True)
    initial = WorkshopForm.initial_for(workshop)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = WorkshopForm(data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            workshop = services.workshop_update(
                by=request.user,
                workshop=workshop,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.WorkshopConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = WorkshopForm(data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect("programmes:workshop_detail", pk=workshop.pk)
    context = {
        "form": form,
        "programme": workshop.programme,
        "workshop": workshop,
        "conflict": conflict,
    }
    return render(request, "programmes/workshops/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.workshop_delete(
                by=request.user,
                workshop=workshop,
                base_version=number(request.POST.get("base_version")),
            )
        except services.WorkshopConflict as error:
            conflict = True
            workshop = error.current  # type: ignore[assignment]
        else:
            messages.success(request, _("“%(title)s” is deleted.") % {"title": workshop.title})
            return redirect("programmes:workshops", pk=workshop.programme_id)
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "conflict": conflict,
        "counts": {
            "lines": workshop.run_sheet.count(),
            "participants": workshop.participants.count(),
            "notes": workshop.evaluations.count(),
            "follow_ups": workshop.follow_ups.count(),
        },
    }
    return render(request, "programmes/workshops/delete.html", context)


# --- the run sheet ------------------------------------------------------------------------------


@login_required
@require_GET
def workshop_run_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, runs = workshop_get_for_user(user=request.user, pk=pk)
    days = agenda_days(workshop=workshop)
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "runs": runs,
        "days": days,
        "problems": sum(1 for day in days for line in day.lines if line.overlap or line.gap),
    }
    return render(request, "programmes/workshops/run_sheet.html", context)


@login_required
@require_GET
def workshop_agenda(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The run sheet as a timed agenda to print (the browser's print; a print stylesheet)."""
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk)
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "days": agenda_days(workshop=workshop),
    }
    return render(request, "programmes/workshops/agenda.html", context)


def _line_context(workshop: Any, line: Any, form: LineForm, **extra: Any) -> dict[str, Any]:
    return {
        "workshop": workshop,
        "programme": workshop.programme,
        "line": line,
        "form": form,
        "days": workshop_days(workshop),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def line_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, write=True)
    last = workshop.run_sheet.order_by("-day", "-starts_at", "-pk").first()
    initial: dict[str, Any] = {"day": 1, "minutes": 30}
    if last is not None:
        # The next line usually starts where the last one ends.
        initial.update(day=last.day, starts_at=ends_at(last.starts_at, last.minutes))
    form = LineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.line_create(by=request.user, workshop=workshop, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The line is added to the run sheet."))
            if "another" in request.POST:
                return redirect("programmes:run_sheet_line_create", pk=workshop.pk)
            return HttpResponseRedirect(run_sheet_url(workshop.pk, line.pk))
    return render(
        request, "programmes/workshops/line_form.html", _line_context(workshop, None, form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_get_for_user(user=request.user, pk=pk, write=True)
    initial = LineForm.initial_for(line)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = LineForm(data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            line = services.line_update(
                by=request.user,
                line=line,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.WorkshopConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = LineForm(data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The line is saved."))
            return HttpResponseRedirect(run_sheet_url(line.workshop_id, line.pk))
    context = _line_context(line.workshop, line, form, conflict=conflict)
    return render(request, "programmes/workshops/line_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.line_delete(
                by=request.user, line=line, base_version=number(request.POST.get("base_version"))
            )
        except services.WorkshopConflict as error:
            conflict = True
            line = error.current  # type: ignore[assignment]
        else:
            messages.success(request, _("“%(activity)s” is deleted.") % {"activity": line.activity})
            return HttpResponseRedirect(run_sheet_url(line.workshop_id))
    context = {
        "line": line,
        "workshop": line.workshop,
        "programme": line.workshop.programme,
        "conflict": conflict,
    }
    return render(request, "programmes/workshops/line_delete.html", context)


@login_required
@require_POST
def line_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_get_for_user(user=request.user, pk=pk, write=True)
    direction = request.POST.get("direction", "")
    if direction in ("earlier", "later"):
        try:
            services.line_move(
                by=request.user,
                line=line,
                base_version=number(request.POST.get("base_version")),
                other_id=number(request.POST.get(f"{direction}_id")),
                other_version=number(request.POST.get(f"{direction}_version")),
                earlier=direction == "earlier",
            )
        except services.WorkshopConflict:
            messages.error(
                request,
                _(
                    "Someone changed the run sheet meanwhile; nothing was moved. Check the "
                    "times and try again."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(activity)s” is moved earlier.") % {"activity": line.activity}
                if direction == "earlier"
                else _("“%(activity)s” is moved later.") % {"activity": line.activity},
            )
    return HttpResponseRedirect(run_sheet_url(line.workshop_id, line.pk))
