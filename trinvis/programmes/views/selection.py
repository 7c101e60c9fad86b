"""A programme's selection: the criteria in words and what they give now (the ranked
matches with their reasons, the municipalities lacking figures, those that fail and those
left out), the criteria editor, and "Save as shortlist".

Only those who run the programme see any of it: a municipality taking part never sees the
shortlist (404 on reading, 403 on writing, like the programme's other writes).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.indicators.access import indicators_for_user
from trinvis.programmes import services_selection as services
from trinvis.programmes.access import may_run, programme_get_for_user
from trinvis.programmes.forms_selection import (
    BLANK_ROWS,
    CriteriaForm,
    condition_formset,
    raw_rows,
    rows_of,
)
from trinvis.programmes.models import AgencyProgramme, Candidate, SelectionRule
from trinvis.programmes.selection import (
    Criteria,
    items_in_words,
    parse,
    rank_text,
    size_classes_text,
)
from trinvis.programmes.selectors_selection import (
    indicators_named,
    municipality_names,
    selection_of,
)
from trinvis.programmes.services_programmes import ProgrammeConflict

MORE_ROWS = 3


def _run_or_404(request: AuthenticatedRequest, pk: int) -> AgencyProgramme:
    """The programme for those who run it; to anyone else the selection does not exist."""
    programme = programme_get_for_user(user=request.user, pk=pk)
    if not may_run(user=request.user, programme=programme):
        raise Http404
    return programme


@login_required
@require_GET
def selection(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = _run_or_404(request, pk)
    rule = SelectionRule.objects.filter(programme=programme).first()
    candidates = list(
        Candidate.objects.filter(programme=programme)
        .select_related("area", "organisation", "decided_by")
        .order_by(F("rank").asc(nulls_last=True), "area__name", "pk")
    )
    context: dict[str, Any] = {
        "programme": programme,
        "rule": rule,
        "candidates": candidates,
    }
    if rule is not None:
        found = selection_of(rule=rule)
        on_list = {candidate.area_id: candidate for candidate in candidates}
        context.update(
            {
                "selection": found,
                "evaluation": found.evaluation,
                "match_rows": [
                    (match, on_list.get(match.municipality.area_id))
                    for match in found.evaluation.matches
                ],
                "items": items_in_words(found.criteria, found.indicators),
                "sizes": size_classes_text(found.criteria.size_classes),
                "excluded_names": [municipality.name for municipality in found.evaluation.excluded],
                "rank_order": rank_text(found.criteria.rank_by, found.indicators),
            }
        )
    return render(request, "programmes/selection/page.html", context)


def _editor_indicators(request: AuthenticatedRequest, criteria: Criteria) -> dict[str, Any]:
    """The indicators to choose from: those the user reads, and those the criteria name
    already (so saving again never loses one)."""
    readable = {indicator.key: indicator for indicator in indicators_for_user(user=request.user)}
    return {**indicators_named(criteria), **readable}


def _with_version(data: QueryDict, version: int) -> QueryDict:
    data = data.copy()
    data["base_version"] = str(version)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    rule = SelectionRule.objects.filter(programme=programme).first()
    stored = parse(rule.criteria) if rule else Criteria()
    indicators = _editor_indicators(request, stored)
    areas = municipality_names()
    options = {"indicators": indicators, "areas": areas}
    conflict = False
    if request.method != "POST":
        form = CriteriaForm(initial=CriteriaForm.initial_for(rule, stored, areas), **options)
        formset = condition_formset(
            indicators=indicators, initial=rows_of(stored), extra=BLANK_ROWS
        )
    elif "more" in request.POST:
        # More blank rows: the input shown again as typed, checked only when saved.
        bound = CriteriaForm(request.POST, **options)
        form = CriteriaForm(initial={name: bound[name].value() for name in bound.fields}, **options)
        formset = condition_formset(
            indicators=indicators,
            initial=raw_rows(condition_formset(request.POST, indicators=indicators)),
            extra=MORE_ROWS,
        )
    else:
        form = CriteriaForm(request.POST, **options)
        formset = condition_formset(request.POST, indicators=indicators)
        if form.is_valid() and formset.is_valid():
            try:
                services.selection_rule_save(
                    by=request.user,
                    programme=programme,
                    base_version=form.cleaned_data["base_version"] or 0,
                    country=form.cleaned_data["country"],
                    criteria=form.criteria(formset.items()),
                )
            except ProgrammeConflict as error:
                conflict = True
                data = _with_version(request.POST, getattr(error.current, "version", 0))
                form = CriteriaForm(data, **options)
                formset = condition_formset(data, indicators=indicators)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The criteria are saved. Here is what they give."))
                return redirect("programmes:selection", pk=programme.pk)
    context = {
        "programme": programme,
        "form": form,
        "formset": formset,
        "conflict": conflict,
    }
    return render(request, "programmes/selection/criteria.html", context)


def _report_text(report: services.ShortlistReport) -> str:
    parts = [
        ngettext(
            "%(count)s municipality suggested anew.",
            "%(count)s municipalities suggested anew.",
            report.created,
        )
        % {"count": report.created},
        ngettext(
            "%(count)s suggestion brought up to date.",
            "%(count)s suggestions brought up to date.",
            report.updated,
        )
        % {"count": report.updated},
    ]
    if report.decided:
        parts.append(
            ngettext(
                "%(count)s match was decided on already and is left as it was.",
                "%(count)s matches were decided on already and are left as they were.",
                report.decided,
            )
            % {"count": report.decided}
        )
    if report.dropped:
        parts.append(
            ngettext(
                "%(count)s earlier suggestion no longer fits and is dropped.",
                "%(count)s earlier suggestions no longer fit and are dropped.",
                report.dropped,
            )
            % {"count": report.dropped}
        )
    if report.kept:
        parts.append(
            ngettext(
                "%(count)s earlier suggestion no longer fits but stays for the work "
                "recorded with it.",
                "%(count)s earlier suggestions no longer fit but stay for the work "
                "recorded with them.",
                report.kept,
            )
            % {"count": report.kept}
        )
    return " ".join(parts)


@login_required
@require_POST
def shortlist_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    text = request.POST.get("base_version", "")
    try:
        report = services.shortlist_save(
            by=request.user,
            programme=programme,
            base_version=int(text) if text.isdigit() else 0,
        )
    except ProgrammeConflict:
        messages.warning(
            request,
            _(
                "The criteria were changed after you looked, so nothing is saved. Check what "
                "they give now and save again."
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _report_text(report))
    return redirect("programmes:selection", pk=programme.pk)
