"""The activity catalogue: list with filters, detail, create, change and delete."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.forms_catalogue import (
    WHEN_CHOICES,
    ActivityFilterForm,
    ActivityForm,
    language_label,
)
from trinvis.learning.models import Activity, PlanRow, Programme
from trinvis.learning.procedure import after_days
from trinvis.learning.selectors_catalogue import (
    activity_competences,
    activity_get_for_user,
    activity_paths,
    activity_search,
    competence_groups,
    programmes_for_user,
)
from trinvis.learning.services import catalogue as services
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation
from trinvis.toolkits.selectors import organisations_writable

PER_PAGE = 25


def _writable_or_403(request: AuthenticatedRequest) -> QuerySet[Organisation]:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


@login_required
@require_GET
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = ActivityFilterForm(request.GET)
    chosen = filters.filters()
    activities = activity_search(user=request.user, today=timezone.localdate(), **chosen)
    context = {
        "page": Paginator(activities, PER_PAGE).get_page(request.GET.get("page")),
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "kinds": Activity.Kind.choices,
        "when_choices": WHEN_CHOICES,
        "competence_groups": competence_groups(user=request.user),
        "programmes": list(programmes_for_user(user=request.user).order_by("name", "pk")),
        "may_create": organisations_writable(user=request.user).exists(),
    }
    return render(request, "learning/catalogue/list.html", context)


@login_required
@require_GET
def activity_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk)
    context = {
        "activity": activity,
        "competences": activity_competences(activity=activity),
        "paths": activity_paths(activity=activity),
        "plan_row_count": PlanRow.objects.filter(activity=activity).count(),
        # The days the procedure actually sends on: the activity's own, else the default.
        "reminder_days": after_days(activity.reminder_days),
        "language": language_label(activity.language),
        "may_write": scope_for(request.user).can_write(activity.organisation_id),
    }
    return render(request, "learning/catalogue/detail.html", context)


def _programmes_in(organisations: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=organisations).select_related("organisation")


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = _writable_or_403(request)
    initial: dict[str, Any] = {"reminder_days": "7, 90"}
    programme_id = request.GET.get("programme", "")
    programme = (
        _programmes_in(organisations).filter(pk=programme_id).first()
        if programme_id.isdigit()
        else None
    )
    if programme is not None:
        initial.update(
            kind=Activity.Kind.MODULE,
            programme=programme.pk,
            organisation=programme.organisation_id,
        )
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisations=organisations,
        programmes=_programmes_in(organisations),
        competence_groups=competence_groups(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.to_input(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The activity is in the catalogue."))
            return redirect("learning:activity_detail", pk=activity.pk)
    return render(request, "learning/catalogue/form.html", {"form": form, "activity": None})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk, write=True)
    linked = set(activity.competences.values_list("pk", flat=True))
    groups = competence_groups(user=request.user)
    offered = {competence.pk for _profile, rows in groups for competence in rows}
    conflict = False
    data: QueryDict | None = request.POST if request.method == "POST" else None

    def form_for(data: QueryDict | None) -> ActivityForm:
        return ActivityForm(
            data,
            initial=ActivityForm.initial_for(activity, linked & offered),
            programmes=_programmes_in([activity.organisation_id]),
            competence_groups=groups,
            language=activity.language,
        )

    form = form_for(data)
    if data is not None and form.is_valid():
        try:
            activity = services.activity_update(
                by=request.user,
                activity=activity,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(keep_competence_ids=linked - offered),
            )
        except services.CatalogueConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = form_for(data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("learning:activity_detail", pk=activity.pk)
    context = {"form": form, "activity": activity, "conflict": conflict}
    return render(request, "learning/catalogue/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, pk=pk, write=True)
    blockers = services.activity_delete_blockers(activity=activity)
    if request.method == "POST" and not blockers:
        try:
            services.activity_delete(by=request.user, activity=activity)
        except ValidationError as error:
            blockers = error.messages
        else:
            messages.success(
                request, _("“%(title)s” is deleted from the catalogue.") % {"title": activity}
            )
            return redirect("learning:activity_list")
    context = {"activity": activity, "blockers": blockers}
    return render(request, "learning/catalogue/delete.html", context)
