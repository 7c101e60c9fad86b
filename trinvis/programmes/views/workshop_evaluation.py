"""The end-of-day evaluation of a workshop: participants write on notes what was good and
what could be better, and a facilitator types them in afterwards, one after the other.

The notes are the running side's own material for adjusting the next workshop: the
municipalities do not see them (404). The quick entry needs no JavaScript: "save and write
the next" comes back to an empty form on the same day with the focus in its first field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_workshops as services
from trinvis.programmes.forms_workshops import EvaluationForm
from trinvis.programmes.selectors_workshops import (
    evaluation_by_day,
    note_get_for_user,
    workshop_days,
    workshop_get_for_user,
)
from trinvis.surveys.exports import to_csv


@login_required
@require_GET
def evaluation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, running_only=True)
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "days": evaluation_by_day(workshop=workshop),
    }
    return render(request, "programmes/workshops/evaluation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, running_only=True)
    days = workshop_days(workshop)
    day = request.GET.get("day", "")
    initial = {"day": int(day) if day.isdigit() else 1}
    form = EvaluationForm(
        request.POST if request.method == "POST" else None, initial=initial, days=days
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = services.evaluation_add(
                by=request.user,
                workshop=workshop,
                day=form.cleaned_data["day"],
                good=form.cleaned_data["good"],
                better=form.cleaned_data["better"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            if "next" in request.POST:
                url = reverse("programmes:workshop_evaluation_add", args=[workshop.pk])
                return redirect(f"{url}?day={note.day}")
            return redirect("programmes:workshop_evaluation", pk=workshop.pk)
    chosen = form["day"].value()
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "form": form,
        "written": workshop.evaluations.filter(day=chosen).count() if str(chosen).isdigit() else 0,
    }
    return render(request, "programmes/workshops/evaluation_form.html", context)


@login_required
@require_GET
def evaluation_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk, running_only=True)
    rows = [
        [day, date.isoformat(), note.good, note.better]
        for day, date, notes in evaluation_by_day(workshop=workshop)
        for note in notes
    ]
    headers = [_("Day"), _("Date"), _("What was good"), _("What could be better")]
    response = HttpResponse(to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    name = slugify(workshop.title) or "workshop"
    response["Content-Disposition"] = f'attachment; filename="{name}-evaluation.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = note_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        services.evaluation_delete(by=request.user, note=note)
        messages.success(request, _("The note is deleted."))
        return redirect("programmes:workshop_evaluation", pk=note.workshop_id)
    context = {"note": note, "workshop": note.workshop, "programme": note.workshop.programme}
    return render(request, "programmes/workshops/evaluation_delete.html", context)
