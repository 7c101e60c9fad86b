"""Zero points and targets: fix, change and remove them. The write roles of the
municipality do this; the people who read it get 403, everyone else 404."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.indicators import services_targets as services
from trinvis.indicators.access import (
    baseline_get_for_user,
    indicator_get_for_user,
    organisation_for_baselines,
    target_get_for_user,
)
from trinvis.indicators.forms import BaselineForm, TargetForm
from trinvis.indicators.library import breakdown_key as canonical_key
from trinvis.indicators.links import breakdown_of, indicator_url
from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.indicators.presentation import value_text
from trinvis.indicators.selectors import (
    area_of_organisation,
    baseline_of,
    breakdown_label,
    series_of,
)
from trinvis.organisations.models import Organisation


def _page_of(baseline: Baseline) -> str:
    organisation = baseline.organisation
    return indicator_url(
        baseline.indicator_id,
        place=f"{organisation.country}:{organisation.municipality_number}",
        breakdown_key=baseline.breakdown_key,
    )


def _period_choices(
    indicator: Indicator, organisation: Organisation, key: str
) -> list[tuple[str, str]]:
    """The periods with a figure, latest first, each shown with its value."""
    series = series_of(
        indicator=indicator, area=area_of_organisation(organisation), breakdown_key=key
    )
    return [
        (observation.period, f"{observation.period}: {value_text(indicator, observation.value)}")
        for observation in reversed(series)
    ]


def _breakdown_key(request: AuthenticatedRequest, indicator: Indicator) -> str:
    """The breakdown the zero point is for, from the query; 404 for one the indicator does
    not have."""
    key = request.GET.get("breakdown", "")
    breakdown = breakdown_of(key)
    if canonical_key(breakdown) != key or not set(breakdown) <= set(indicator.breakdowns):
        raise Http404
    return key


def _render_baseline(
    request: AuthenticatedRequest,
    form: BaselineForm,
    *,
    indicator: Indicator,
    organisation: Organisation,
    key: str,
    baseline: Baseline | None,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "indicator": indicator,
        "organisation": organisation,
        "breakdown": breakdown_label(key),
        "baseline": baseline,
        "conflict": conflict,
        # After a conflict on creating, the form changes the zero point someone else fixed.
        "action": reverse("indicators:baseline_edit", args=[baseline.pk]) if baseline else "",
        "back_url": indicator_url(
            indicator,
            place=f"{organisation.country}:{organisation.municipality_number}",
            breakdown_key=key,
        ),
    }
    return render(request, "indicators/baseline_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def baseline_create(request: AuthenticatedRequest, pk: int, org_pk: int) -> HttpResponse:
    indicator = indicator_get_for_user(user=request.user, pk=pk)
    organisation = organisation_for_baselines(user=request.user, pk=org_pk, write=True)
    key = _breakdown_key(request, indicator)
    existing = baseline_of(indicator=indicator, organisation=organisation, breakdown_key=key)
    if existing is not None:
        return redirect("indicators:baseline_edit", pk=existing.pk)
    choices = _period_choices(indicator, organisation, key)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = BaselineForm(data, choices=choices)
    if data is not None and form.is_valid():
        try:
            baseline = services.baseline_create(
                by=request.user,
                organisation=organisation,
                indicator=indicator,
                breakdown_key=key,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except services.TargetsConflict as error:
            # Someone fixed one meanwhile: the form turns into a change of theirs.
            current = cast(Baseline, error.current)
            data = data.copy()
            data["base_version"] = str(current.version)
            return _render_baseline(
                request,
                BaselineForm(data, choices=choices),
                indicator=indicator,
                organisation=organisation,
                key=key,
                baseline=current,
                conflict=True,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The zero point is fixed."))
            return redirect(_page_of(baseline))
    return _render_baseline(
        request, form, indicator=indicator, organisation=organisation, key=key, baseline=None
    )


@login_required
@require_http_methods(["GET", "POST"])
def baseline_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    baseline = baseline_get_for_user(user=request.user, pk=pk, write=True)
    indicator, organisation = baseline.indicator, baseline.organisation
    choices = _period_choices(indicator, organisation, baseline.breakdown_key)
    initial = BaselineForm.initial_for(baseline, {period for period, _label in choices})
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = BaselineForm(data, choices=choices, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            baseline = services.baseline_update(
                by=request.user,
                baseline=baseline,
                base_version=form.cleaned_data["base_version"] or 0,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except services.TargetsConflict as error:
            if error.current is None:
                messages.warning(request, _("Someone removed the zero point meanwhile."))
                return redirect(_page_of(baseline))
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = BaselineForm(data, choices=choices, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The zero point is saved."))
            return redirect(_page_of(baseline))
    return _render_baseline(
        request,
        form,
        indicator=indicator,
        organisation=organisation,
        key=baseline.breakdown_key,
        baseline=baseline,
        conflict=conflict,
    )


def _version(request: AuthenticatedRequest) -> int:
    text = request.POST.get("base_version", "")
    return int(text) if text.isdigit() else 0


@login_required
@require_http_methods(["GET", "POST"])
def baseline_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    baseline = baseline_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.baseline_delete(
                by=request.user, baseline=baseline, base_version=_version(request)
            )
        except services.TargetsConflict as error:
            if error.current is None:
                return redirect(_page_of(baseline))
            conflict, baseline = True, cast(Baseline, error.current)
        else:
            messages.success(request, _("The zero point and its targets are removed."))
            return redirect(_page_of(baseline))
    context = {
        "baseline": baseline,
        "value": value_text(baseline.indicator, baseline.value),
        "targets": baseline.targets.count(),
        "conflict": conflict,
        "back_url": _page_of(baseline),
    }
    return render(request, "indicators/baseline_delete.html", context)


def _render_target(
    request: AuthenticatedRequest,
    form: TargetForm,
    *,
    baseline: Baseline,
    target: Target | None,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "baseline": baseline,
        "baseline_value": value_text(baseline.indicator, baseline.value),
        "breakdown": breakdown_label(baseline.breakdown_key),
        "target": target,
        "conflict": conflict,
        "back_url": _page_of(baseline),
    }
    return render(request, "indicators/target_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    baseline = baseline_get_for_user(user=request.user, pk=pk, write=True)
    form = TargetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_create(
                by=request.user,
                baseline=baseline,
                value=form.cleaned_data["value"],
                due=form.cleaned_data["due"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The target is added."))
            return redirect(_page_of(baseline))
    return _render_target(request, form, baseline=baseline, target=None)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = target_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = TargetForm(data, initial=TargetForm.initial_for(target))
    conflict = False
    if data is not None and form.is_valid():
        try:
            target = services.target_update(
                by=request.user,
                target=target,
                base_version=form.cleaned_data["base_version"] or 0,
                value=form.cleaned_data["value"],
                due=form.cleaned_data["due"],
                label=form.cleaned_data["label"],
            )
        except services.TargetsConflict as error:
            if error.current is None:
                messages.warning(request, _("Someone removed the target meanwhile."))
                return redirect(_page_of(target.baseline))
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)
            form = TargetForm(data, initial=TargetForm.initial_for(target))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The target is saved."))
            return redirect(_page_of(target.baseline))
    return _render_target(request, form, baseline=target.baseline, target=target, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = target_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.target_delete(by=request.user, target=target, base_version=_version(request))
        except services.TargetsConflict as error:
            if error.current is None:
                return redirect(_page_of(target.baseline))
            conflict = True
            target.version = error.current.version
        else:
            messages.success(request, _("The target is removed."))
            return redirect(_page_of(target.baseline))
    context = {
        "target": target,
        "value": value_text(target.baseline.indicator, target.value),
        "conflict": conflict,
        "back_url": _page_of(target.baseline),
    }
    return render(request, "indicators/target_delete.html", context)
