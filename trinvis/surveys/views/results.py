"""A survey's results: the page with a breakdown and filters, and its tables as CSV, Excel
and PDF. The breakdown (`?by=`) and the filters (`?role=leader&size_class=small`, see
segments.py) are plain GET parameters, carried by every link and download of the page.

Everyone with detail access to the survey's organisation reads them (access.py); they are
figures only, with small groups suppressed, never a respondent or a single response.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.surveys import exports, selectors
from trinvis.surveys.access import may_manage_survey, survey_get_for_user
from trinvis.surveys.charts import comparison_figure, question_figure
from trinvis.surveys.models import Survey
from trinvis.surveys.results import (
    BREAKDOWNS,
    QuestionTable,
    SurveyResults,
    survey_results,
)
from trinvis.surveys.segments import MAX_ATTRIBUTES, filter_choices, parse_filters

OPEN_ANSWERS_PER_PAGE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _results(request: AuthenticatedRequest, pk: int) -> tuple[Survey, SurveyResults]:
    survey = survey_get_for_user(user=request.user, pk=pk)
    first, _bar, second = request.GET.get("pair", "").partition("|")
    results = survey_results(
        survey=survey,
        by=request.GET.get("by"),
        pair=(first, second) if second else None,
        where=parse_filters(request.GET),
        use_tally=True,
    )
    return survey, results


def _open_answers(request: AuthenticatedRequest, results: SurveyResults) -> dict[str, Any]:
    """The open answers of the text question chosen by ?texts=, of the filtered respondents,
    when its total may be shown, and of one segment (?segment=) only when that segment is
    shown."""
    texts = [t for t in results.questions if t.is_text]
    chosen: QuestionTable | None = next(
        (t for t in texts if t.key == request.GET.get("texts")), texts[0] if texts else None
    )
    if chosen is None or not chosen.total.shown:
        return {"text_tables": texts, "text_table": chosen, "answers_page": None}
    search = request.GET.get("q", "").strip()[:200]
    segment_key = request.GET.get("segment", "") if results.by else ""
    segment_row = next((r for r in chosen.segments if r.key == segment_key and r.shown), None)
    segment_value = None
    if segment_row is not None:
        segment_value = next(
            r.line.value for r in results.respondents if r.line.key == segment_row.key
        )
    answers = selectors.open_answers(
        survey=results.survey,
        question=chosen.question,
        search=search,
        by=results.by if segment_row else None,
        segment=segment_value,
        where=results.where,
    )
    page = Paginator(answers, OPEN_ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "text_tables": texts,
        "text_table": chosen,
        "answers_page": page,
        "search": search,
        "segment_row": segment_row,
        "listable_segments": [r for r in chosen.segments if r.shown],
    }


@login_required
@require_GET
def results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey, data = _results(request, pk)
    sections = [
        (table, question_figure(table, id=f"chart-{index}"))
        for index, table in enumerate(data.questions)
    ]
    context = {
        "survey": survey,
        "results": data,
        "sections": sections,
        "breakdowns": BREAKDOWNS.items(),
        "filter_choices": filter_choices(
            data.where,
            selectors.respondent_municipalities(survey=survey, known=data.municipality_ids),
        ),
        "max_attributes": MAX_ATTRIBUTES,
        "comparison_figure": comparison_figure(data.comparison, id="comparison")
        if data.comparison
        else None,
        "may_manage": may_manage_survey(user=request.user, survey=survey),
        "respondents_key": exports.RESPONDENTS_KEY,
        **_open_answers(request, data),
    }
    return render(request, "surveys/results/results.html", context)


def _filename(survey: Survey, suffix: str) -> str:
    name = slugify(survey.title) or "survey"
    return f'attachment; filename="results-{name}-{survey.pk}{suffix}"'


@login_required
@require_GET
def results_csv(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    survey, data = _results(request, pk)
    lines = exports.lines_for(data, key)
    if lines is None:
        raise Http404
    response = HttpResponse(
        exports.to_csv(*lines, before=exports.preamble(data)),
        content_type="text/csv; charset=utf-8",
    )
    by = f"-{data.by}" if data.by else ""
    filtered = "-filtered" if data.where else ""
    response["Content-Disposition"] = _filename(
        survey, f"-{slugify(key) or 'table'}{by}{filtered}.csv"
    )
    return response


@login_required
@require_GET
def results_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey, data = _results(request, pk)
    response = HttpResponse(exports.results_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = _filename(survey, ".xlsx")
    return response


@login_required
@require_GET
def results_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey, data = _results(request, pk)
    response = HttpResponse(exports.results_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = _filename(survey, ".pdf")
    return response
