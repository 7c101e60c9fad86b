"""JSON API of the survey module: the surveys a user may read and their result tables.

The same tables as the results page and its downloads (results.py): a suppressed segment
comes with `suppressed: true`, its reason, and null figures.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from trinvis.surveys.access import survey_get_for_user, surveys_for_user
from trinvis.surveys.results import BREAKDOWNS, TOTAL_KEY, survey_results

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    questionnaire_id: int
    organisation_id: int
    title: str
    wave: str
    mode: str
    deadline: datetime.date | None
    minimum_group: int
    is_open: bool


class ResultRowOut(Schema):
    key: str
    kind: str
    segment: str | None  # null for all respondents
    segment_label: str
    n: int | None
    answered: int | None
    counts: dict[str, int] | None
    percentages: dict[str, float | None] | None
    mean: float | None
    top_two_box: float | None
    suppressed: bool
    suppressed_reason: str | None


class ResultsOut(Schema):
    survey_id: int
    by: str | None
    minimum_group: int
    responses: int
    invited: int
    response_rate: float | None
    rows: list[ResultRowOut]


@router.get("/surveys", response=list[SurveyOut], url_name="survey_list")
def survey_list(request: HttpRequest) -> Any:
    return list(surveys_for_user(user=request.user))


@router.get("/surveys/{survey_id}/results", response=ResultsOut, url_name="survey_results")
def survey_results_api(request: HttpRequest, survey_id: int, by: str | None = None) -> Any:
    """Per question and segment: n, counts and percentages per option, mean; `by` is one of
    size_class, role, unit_type, contact_person, country, municipality."""
    survey = survey_get_for_user(user=request.user, pk=survey_id)
    results = survey_results(survey=survey, by=by if by in BREAKDOWNS else None)
    rows = []
    for table in results.questions:
        names = [column.name for column in table.all_columns]
        for row in table.rows:
            shown = row.shown
            rows.append(
                {
                    "key": table.key,
                    "kind": table.kind,
                    "segment": None if row.key == TOTAL_KEY and row.is_total else row.key,
                    "segment_label": row.label,
                    "n": row.n,
                    "answered": row.answered,
                    "counts": dict(zip(names, row.counts, strict=True)) if shown else None,
                    "percentages": dict(zip(names, row.percentages, strict=True))
                    if shown
                    else None,
                    "mean": row.mean,
                    "top_two_box": row.top_two_box,
                    "suppressed": not shown,
                    "suppressed_reason": str(row.suppressed) if row.suppressed else None,
                }
            )
    return {
        "survey_id": survey.pk,
        "by": results.by,
        "minimum_group": results.minimum,
        "responses": results.rate.responses,
        "invited": results.rate.invited,
        "response_rate": results.rate.percentage,
        "rows": rows,
    }
