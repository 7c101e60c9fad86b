"""A municipality at a workshop: registering its participants, and starting its own plan
as a run of the seven-step toolkit.

The municipality registers its own participants too (its write roles; its other members
read them): the municipality is in the driver's seat, it knows whom it sends, and the
warnings about a missing unit or leader are then its own to act on before the workshop.
Those who run the programme register them as well, e.g. from the replies to the invitation.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_workshop_participants as services
from trinvis.programmes.forms_workshops import ParticipantForm, PlanStartForm
from trinvis.programmes.models import Candidate
from trinvis.programmes.selectors_workshops import (
    candidate_in_programme,
    participant_get_for_user,
    plan_progress,
    plan_responsible_choices,
    seven_step_toolkit,
    workshop_get_for_user,
)
from trinvis.toolkits.access import runs_visible


def municipality_url(workshop_id: int, candidate_id: int) -> str:
    url = reverse("programmes:workshop_detail", args=[workshop_id])
    return f"{url}#municipality-{candidate_id}"


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request: AuthenticatedRequest, pk: int, candidate: int) -> HttpResponse:
    workshop, _runs = workshop_get_for_user(user=request.user, pk=pk)
    found = candidate_in_programme(
        user=request.user, programme=workshop.programme, pk=candidate, write=True
    )
    form = ParticipantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                by=request.user, workshop=workshop, candidate=found, data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant.name})
            if "another" in request.POST:
                return redirect(
                    "programmes:workshop_participant_create", pk=workshop.pk, candidate=found.pk
                )
            return HttpResponseRedirect(municipality_url(workshop.pk, found.pk))
    context = {
        "form": form,
        "workshop": workshop,
        "programme": workshop.programme,
        "candidate": found,
        "participant": None,
    }
    return render(request, "programmes/workshops/participant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk, write=True)
    form = ParticipantForm(
        request.POST if request.method == "POST" else None,
        initial=ParticipantForm.initial_for(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                by=request.user, participant=participant, data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": participant.name})
            return HttpResponseRedirect(
                municipality_url(participant.workshop_id, participant.candidate_id)
            )
    context = {
        "form": form,
        "workshop": participant.workshop,
        "programme": participant.workshop.programme,
        "candidate": participant.candidate,
        "participant": participant,
    }
    return render(request, "programmes/workshops/participant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk, write=True)
    if request.method == "POST":
        services.participant_delete(by=request.user, participant=participant)
        messages.success(
            request, _("%(name)s is no longer registered.") % {"name": participant.name}
        )
        return HttpResponseRedirect(
            municipality_url(participant.workshop_id, participant.candidate_id)
        )
    context = {
        "participant": participant,
        "workshop": participant.workshop,
        "programme": participant.workshop.programme,
    }
    return render(request, "programmes/workshops/participant_delete.html", context)


# --- the municipality's plan ---------------------------------------------------------------------


def _after_start(request: AuthenticatedRequest, run_id: int, back: str) -> HttpResponse:
    """The run's page when the user may open it (the municipality's people); the agency's
    staff see the municipality's run only as progress, so they go back where they came from."""
    if runs_visible(user=request.user).filter(pk=run_id).exists():
        return redirect("toolkits:run_detail", pk=run_id)
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start the municipality's plan ("recipe") and goals as a run of the seven steps."""
    candidate = candidate_in_programme(user=request.user, pk=pk, write=True)
    back = _back(request, candidate)
    existing = plan_progress(candidates=[candidate], user=request.user).get(candidate.pk)
    if existing is not None:
        messages.info(request, _("The municipality's plan is already started."))
        return _after_start(request, existing.plan.run_id, back)
    people = plan_responsible_choices(candidate=candidate, user=request.user)
    initial: dict[str, Any] = {
        "title": _("%(municipality)s: our plan in %(programme)s")
        % {"municipality": candidate.area.name, "programme": candidate.programme.name},
        "start_date": timezone.localdate(),
        "responsible": request.user.pk if people.filter(pk=request.user.pk).exists() else None,
    }
    form = PlanStartForm(
        request.POST if request.method == "POST" else None, initial=initial, people=people
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.municipality_plan_start(
                by=request.user,
                candidate=candidate,
                responsible=form.cleaned_data["responsible"],
                title=form.cleaned_data["title"],
                start_date=form.cleaned_data["start_date"],
                target_date=form.cleaned_data["target_date"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan is started: seven steps, one at a time."))
            return _after_start(request, plan.run_id, back)
    context = {
        "form": form,
        "candidate": candidate,
        "programme": candidate.programme,
        "has_people": people.exists(),
        "toolkit": seven_step_toolkit(),
        "back": back,
    }
    return render(request, "programmes/workshops/plan_start.html", context)


def _back(request: AuthenticatedRequest, candidate: Candidate) -> str:
    """The workshop page the user came from (`?workshop=`), else the workshops list."""
    workshop = request.GET.get("workshop", "")
    if workshop.isdigit() and candidate.programme.workshops.filter(pk=int(workshop)).exists():
        return municipality_url(int(workshop), candidate.pk)
    return reverse("programmes:workshops", args=[candidate.programme_id])
