"""An organisation's principles for choosing education activities: read them grouped by
topic, record and reorder them, or adopt the starter set as the organisation's own."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.access import may_write_in, readable_organisation_ids
from trinvis.learning.forms_catalogue import AdoptForm, PrincipleEditForm, PrincipleForm
from trinvis.learning.models import PlanRow, Principle
from trinvis.learning.selectors_catalogue import (
    organisations_with_principles,
    principle_get_for_user,
    principles_by_topic,
)
from trinvis.learning.services import principles as services
from trinvis.organisations.models import Organisation
from trinvis.toolkits.selectors import organisations_writable


def _organisation(request: AuthenticatedRequest, pk: int, *, write: bool = False) -> Organisation:
    """An organisation whose principles the user reads (404 otherwise); 403 for a write by a
    role that may only read."""
    readable = readable_organisation_ids(request.user)
    organisation = (
        Organisation.objects.filter(pk=pk).first() if readable is None or pk in readable else None
    )
    if organisation is None:
        raise Http404
    if write and not may_write_in(user=request.user, organisation_id=organisation.pk):
        raise PermissionDenied
    return organisation


@login_required
@require_GET
def principle_overview(request: AuthenticatedRequest) -> HttpResponse:
    recorded = list(organisations_with_principles(user=request.user))
    with_principles = {organisation.pk for organisation in recorded}
    context = {
        "recorded": recorded,
        "to_start": [
            organisation
            for organisation in organisations_writable(user=request.user)
            if organisation.pk not in with_principles
        ],
    }
    return render(request, "learning/principles/overview.html", context)


def _adopt_form(groups: list[Any], data: Any = None) -> AdoptForm:
    """The starter set, without the principles the organisation already has."""
    taken = {principle.title for _topic, principles in groups for principle in principles}
    form = AdoptForm(data)
    keys = form.fields["keys"]
    open_choices = [(key, title) for key, title in keys.choices if str(title) not in taken]  # type: ignore[attr-defined]
    keys.choices = open_choices  # type: ignore[attr-defined]
    keys.initial = [key for key, _title in open_choices]
    return form


@login_required
@require_GET
def principle_list(request: AuthenticatedRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk)
    groups = principles_by_topic(organisation=organisation)
    may_write = may_write_in(user=request.user, organisation_id=organisation.pk)
    context = {
        "organisation": organisation,
        "groups": groups,
        "may_write": may_write,
        "adopt_form": _adopt_form(groups) if may_write else None,
    }
    return render(request, "learning/principles/list.html", context)


@login_required
@require_POST
def principle_adopt(request: AuthenticatedRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk, write=True)
    groups = principles_by_topic(organisation=organisation)
    form = _adopt_form(groups, request.POST)
    if form.is_valid():
        try:
            created = services.principles_adopt(
                by=request.user, organisation=organisation, keys=form.cleaned_data["keys"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s principle is adopted. Rewrite it in your own words if you like.",
                    "%(count)s principles are adopted. Rewrite them in your own words if you like.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("learning:principle_list", org_pk=organisation.pk)
    context = {
        "organisation": organisation,
        "groups": groups,
        "may_write": True,
        "adopt_form": form,
    }
    return render(request, "learning/principles/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def principle_create(request: AuthenticatedRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation(request, org_pk, write=True)
    form = PrincipleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.principle_create(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The principle is recorded."))
            return redirect("learning:principle_list", org_pk=organisation.pk)
    context = {"form": form, "organisation": organisation, "principle": None}
    return render(request, "learning/principles/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principle = principle_get_for_user(user=request.user, pk=pk, write=True)
    initial = {
        "topic": principle.topic,
        "title": principle.title,
        "description": principle.description,
        "base_version": principle.version,
    }
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = PrincipleEditForm(data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        fields = {**form.cleaned_data, "base_version": form.cleaned_data["base_version"] or 0}
        try:
            services.principle_update(by=request.user, principle=principle, **fields)
        except services.PrincipleConflict as error:
            # The user's input stays in the form, now based on the newer version.
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = PrincipleEditForm(data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The principle is saved."))
            return redirect("learning:principle_list", org_pk=principle.organisation_id)
    context = {
        "form": form,
        "organisation": principle.organisation,
        "principle": principle,
        "conflict": conflict,
    }
    return render(request, "learning/principles/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def principle_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principle = principle_get_for_user(user=request.user, pk=pk, write=True)
    if request.method == "POST":
        services.principle_delete(by=request.user, principle=principle)
        messages.success(request, _("The principle is deleted."))
        return redirect("learning:principle_list", org_pk=principle.organisation_id)
    context = {
        "principle": principle,
        "organisation": principle.organisation,
        "plan_row_count": PlanRow.objects.filter(principle=principle).count(),
    }
    return render(request, "learning/principles/delete.html", context)


@login_required
@require_POST
def principle_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principle: Principle = principle_get_for_user(user=request.user, pk=pk, write=True)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        try:
            services.principle_move(by=request.user, principle=principle, up=direction == "up")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is moved up.") % {"title": principle.title}
                if direction == "up"
                else _("“%(title)s” is moved down.") % {"title": principle.title},
            )
    # Back to the moved principle, so a keyboard user goes on from where they were.
    url = reverse("learning:principle_list", kwargs={"org_pk": principle.organisation_id})
    return HttpResponseRedirect(f"{url}#principle-{principle.pk}")
