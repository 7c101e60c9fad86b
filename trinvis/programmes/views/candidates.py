"""A municipality of a programme: its page (status, why it was suggested, the decision,
its contact person), confirming or removing it, adding one by hand, and the contact person.

Those who run the programme decide; the municipality's own members read the page (its
status and contact person, not the agency's reasons and notes) and get 403 on the writes;
anyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.indicators.models import Area
from trinvis.programmes import services_candidates as services
from trinvis.programmes.access import candidate_get_for_user, may_run, programme_get_for_user
from trinvis.programmes.forms_candidates import (
    CONFIRM,
    REMOVE,
    AddForm,
    ContactForm,
    DecisionForm,
)
from trinvis.programmes.models import Candidate, SelectionRule
from trinvis.programmes.services_programmes import ProgrammeConflict

Status = Candidate.Status


def _decision_forms(candidate: Candidate) -> dict[str, DecisionForm]:
    """The decisions open to the candidate, as empty forms on its current version."""
    initial = {"base_version": candidate.version}
    forms = {}
    if candidate.status in (Status.SUGGESTED, Status.REMOVED):
        forms[CONFIRM] = DecisionForm(decision=CONFIRM, initial=initial)
    if candidate.status != Status.REMOVED:
        forms[REMOVE] = DecisionForm(decision=REMOVE, initial=initial)
    return forms


def _render_page(
    request: AuthenticatedRequest,
    candidate: Candidate,
    *,
    forms: dict[str, DecisionForm] | None = None,
    conflict: bool = False,
) -> HttpResponse:
    runs = may_run(user=request.user, programme=candidate.programme)
    context: dict[str, Any] = {
        "candidate": candidate,
        "programme": candidate.programme,
        "may_run": runs,
        "conflict": conflict,
    }
    if runs:
        context["forms"] = forms or _decision_forms(candidate)
        context["organisation"] = candidate.organisation or services.municipality_organisation(
            candidate.area
        )
    return render(request, "programmes/candidates/detail.html", context)


@login_required
@require_GET
def candidate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_page(request, candidate_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def candidate_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = candidate_get_for_user(user=request.user, pk=pk, write=True)
    decision = request.POST.get("decision", "")
    if decision not in (CONFIRM, REMOVE):
        return redirect("programmes:candidate", pk=found.pk)
    form = DecisionForm(request.POST, decision=decision)
    forms = {**_decision_forms(found), decision: form}
    if not form.is_valid():
        return _render_page(request, found, forms=forms)
    decide = services.candidate_confirm if decision == CONFIRM else services.candidate_remove
    try:
        decide(
            by=request.user,
            candidate=found,
            base_version=form.cleaned_data["base_version"] or 0,
            note=form.cleaned_data["note"],
        )
    except ProgrammeConflict as error:
        if error.current is None:
            return redirect("programmes:selection", pk=found.programme_id)
        current: Candidate = error.current  # type: ignore[assignment]
        data = request.POST.copy()
        data[f"{decision}-base_version"] = str(current.version)
        forms = {**_decision_forms(current), decision: DecisionForm(data, decision=decision)}
        return _render_page(request, current, forms=forms, conflict=True)
    except ValidationError as error:
        add_errors(form, error)
        return _render_page(request, found, forms=forms)
    if decision == CONFIRM:
        messages.success(request, _("%(name)s takes part in the programme.") % {"name": found})
    else:
        messages.success(request, _("%(name)s is removed from the programme.") % {"name": found})
    return redirect("programmes:candidate", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_contact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = candidate_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = ContactForm(data, initial=ContactForm.initial_for(found))
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.candidate_contact_update(
                by=request.user,
                candidate=found,
                base_version=form.cleaned_data["base_version"] or 0,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                role=form.cleaned_data["role"],
            )
        except ProgrammeConflict as error:
            if error.current is None:
                return redirect("programmes:selection", pk=found.programme_id)
            conflict = True
            found = error.current  # type: ignore[assignment]
            data = data.copy()
            data["base_version"] = str(found.version)
            form = ContactForm(data, initial=ContactForm.initial_for(found))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect("programmes:candidate", pk=found.pk)
    context = {"candidate": found, "programme": found.programme, "form": form, "conflict": conflict}
    return render(request, "programmes/candidates/contact.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    rule = SelectionRule.objects.filter(programme=programme).first()
    areas = (
        Area.objects.filter(kind=Area.Kind.MUNICIPALITY)
        .exclude(code="")
        .exclude(pk__in=Candidate.objects.filter(programme=programme).values("area_id"))
        .order_by("country", "name", "code")
    )
    if rule is not None:
        areas = areas.filter(country=rule.country)
    form = AddForm(request.POST if request.method == "POST" else None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.candidate_add(
                by=request.user,
                programme=programme,
                area=form.cleaned_data["area"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added to the programme.") % {"name": added})
            return redirect("programmes:candidate", pk=added.pk)
    context = {"programme": programme, "form": form, "rule": rule}
    return render(request, "programmes/candidates/add.html", context)
