"""A survey's compare page: leaders against employees on every scale item, and the survey
against another wave of its questionnaire (`?other=<survey id>`), each also as CSV.

Read access as for the results (access.py); the other wave must be a survey of the same
questionnaire the user may read too, else it is ignored on the page and a 404 as a file.
The order of the items (`?order=difference`: biggest differences first) is a plain GET
parameter, so the page works without JavaScript.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.surveys import compare as comparing
from trinvis.surveys import exports
from trinvis.surveys.access import survey_get_for_user, surveys_for_user
from trinvis.surveys.models import Survey

BIGGEST_FIRST = "difference"


def _waves(request: AuthenticatedRequest, survey: Survey) -> QuerySet[Survey]:
    """The other surveys of the questionnaire the user may read, newest first."""
    return (
        surveys_for_user(user=request.user)
        .filter(questionnaire_id=survey.questionnaire_id)
        .exclude(pk=survey.pk)
        .order_by("-opened_at", "-pk")
    )


def _other(waves: QuerySet[Survey], chosen: Any) -> Survey | None:
    return waves.filter(pk=chosen).first() if str(chosen).isdigit() else None


def _ordered(request: AuthenticatedRequest, items: Any) -> list[comparing.ScaleItem]:
    biggest = request.GET.get("order") == BIGGEST_FIRST
    return comparing.biggest_first(items) if biggest else list(items)


@login_required
@require_GET
def compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, pk=pk)
    groups = comparing.compare_groups(survey=survey)
    group_items = _ordered(request, groups.items)
    waves = _waves(request, survey)
    other = _other(waves, request.GET.get("other", ""))
    wave = comparing.compare_waves(survey=survey, other=other) if other else None
    wave_items = _ordered(request, wave.scale_items) if wave else []
    context = {
        "survey": survey,
        "groups": groups,
        "group_items": group_items,
        "group_figure": comparing.scale_figure(
            group_items, first=groups.first_label, second=groups.second_label, id="groups-chart"
        ),
        "waves": list(waves),
        "other": other,
        "wave": wave,
        "wave_items": wave_items,
        "wave_figure": comparing.scale_figure(
            wave_items, first=wave.first_label, second=wave.second_label, id="waves-chart"
        )
        if wave
        else None,
        "order": request.GET.get("order", ""),
        "biggest_first": BIGGEST_FIRST,
        "large_gap": comparing.LARGE_GAP,
    }
    return render(request, "surveys/compare/compare.html", context)


def _csv(survey: Survey, name: str, lines: tuple[list[str], list[list[Any]]]) -> HttpResponse:
    response = HttpResponse(exports.to_csv(*lines), content_type="text/csv; charset=utf-8")
    title = slugify(survey.title) or "survey"
    response["Content-Disposition"] = (
        f'attachment; filename="compare-{title}-{survey.pk}-{name}.csv"'
    )
    return response


@login_required
@require_GET
def compare_groups_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, pk=pk)
    groups = comparing.compare_groups(survey=survey)
    lines = comparing.scale_lines(
        _ordered(request, groups.items), first=groups.first_label, second=groups.second_label
    )
    return _csv(survey, "leaders-employees", lines)


@login_required
@require_GET
def compare_waves_csv(request: AuthenticatedRequest, pk: int, other: int) -> HttpResponse:
    """The scale items, then (after an empty row) the choice questions' options."""
    survey = survey_get_for_user(user=request.user, pk=pk)
    wave_survey = _other(_waves(request, survey), other)
    if wave_survey is None:
        raise Http404
    wave = comparing.compare_waves(survey=survey, other=wave_survey)
    labels = {"first": wave.first_label, "second": wave.second_label}
    headers, rows = comparing.scale_lines(_ordered(request, wave.scale_items), **labels)
    choice_headers, choice_rows = comparing.choice_lines(wave.choice_items, **labels)
    if choice_rows:
        rows = [*rows, [], choice_headers, *choice_rows]
    return _csv(survey, f"waves-{wave_survey.pk}", (headers, rows))
