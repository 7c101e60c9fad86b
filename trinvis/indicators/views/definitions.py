"""The key-figure start page and an organisation's own definitions: create, change and
delete."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.core.forms import add_errors
from trinvis.indicators import services_definitions as services
from trinvis.indicators.access import (
    indicator_get_for_user,
    may_write_indicator,
    organisations_writable,
)
from trinvis.indicators.forms import DefinitionForm
from trinvis.indicators.links import indicator_url
from trinvis.indicators.models import Target
from trinvis.indicators.presentation import status_text, value_text
from trinvis.indicators.selectors import (
    Glance,
    breakdown_label,
    definition_rows,
    home_place,
    zero_points_at_a_glance,
)


@dataclass(frozen=True)
class GlanceRow:
    glance: Glance
    breakdown: str
    url: str
    zero_point: str
    latest: str
    # (target, its value, where it stands)
    targets: list[tuple[Target, str, str]]


def _glance_rows(user: User, today: datetime.date) -> list[GlanceRow]:
    rows = []
    for glance in zero_points_at_a_glance(user=user):
        baseline = glance.baseline
        indicator = baseline.indicator
        rows.append(
            GlanceRow(
                glance=glance,
                breakdown=breakdown_label(baseline.breakdown_key),
                url=indicator_url(
                    indicator, place=glance.place_param, breakdown_key=baseline.breakdown_key
                ),
                zero_point=value_text(indicator, baseline.value),
                latest=value_text(indicator, glance.latest.value) if glance.latest else "–",
                targets=[
                    (
                        item.target,
                        value_text(indicator, item.target.value),
                        status_text(indicator, item.progress, today=today),
                    )
                    for item in glance.targets
                ],
            )
        )
    return rows


@login_required
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    rows = definition_rows(user=request.user)
    today = timezone.localdate()
    context = {
        "shipped": [row for row in rows if row.indicator.is_shipped],
        "own": [
            (row, may_write_indicator(user=request.user, indicator=row.indicator))
            for row in rows
            if not row.indicator.is_shipped
        ],
        "glances": _glance_rows(request.user, today),
        "home": home_place(user=request.user),
        "may_create": organisations_writable(user=request.user).exists(),
    }
    return render(request, "indicators/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def definition_create(request: AuthenticatedRequest) -> HttpResponse:
    owners = organisations_writable(user=request.user)
    if not owners.exists():
        raise PermissionDenied
    form = DefinitionForm(request.POST if request.method == "POST" else None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.definition_create(
                by=request.user, owner=form.cleaned_data["owner"], data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The key figure is defined. Import its values next."))
            return redirect("indicators:indicator", pk=indicator.pk)
    return render(request, "indicators/definition_form.html", {"form": form, "indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
def definition_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = indicator_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = DefinitionForm(data, initial=DefinitionForm.initial_for(indicator))
    conflict = False
    if data is not None and form.is_valid():
        try:
            indicator = services.definition_update(
                by=request.user,
                indicator=indicator,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.DefinitionConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = DefinitionForm(data, initial=DefinitionForm.initial_for(indicator))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The definition is saved."))
            return redirect("indicators:indicator", pk=indicator.pk)
    context = {"form": form, "indicator": indicator, "conflict": conflict}
    return render(request, "indicators/definition_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def definition_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = indicator_get_for_user(user=request.user, pk=pk, write=True)
    blockers = services.definition_delete_blockers(indicator=indicator)
    conflict = False
    if request.method == "POST" and not blockers:
        version = request.POST.get("base_version", "")
        try:
            services.definition_delete(
                by=request.user,
                indicator=indicator,
                base_version=int(version) if version.isdigit() else 0,
            )
        except services.DefinitionConflict as error:
            conflict, indicator = True, error.current
        except ValidationError as error:
            blockers = error.messages
        else:
            messages.success(request, _("“%(name)s” is deleted.") % {"name": indicator.label})
            return redirect("indicators:index")
    context = {"indicator": indicator, "blockers": blockers, "conflict": conflict}
    return render(request, "indicators/definition_delete.html", context)
