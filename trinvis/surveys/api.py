"""JSON API of the survey module: the surveys a user may read and their result tables.

The same tables as the results page and its downloads (results.py): a suppressed segment
comes with `suppressed: true`, its reason, and null figures. The results take the page's
query parameters: `by` and the filters (segments.py), echoed back as applied.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from trinvis.surveys.access import survey_get_for_user, surveys_for_user
from trinvis.surveys.results import BREAKDOWNS, TOTAL_KEY, survey_results
from trinvis.surveys.segments import FilterLine, parse_filters

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


class FilterOut(Schema):
    attribute: str
    value: str  # the key as in the query: "leader", "yes", "unknown", a municipality's id
    label: str


class ResultsOut(Schema):
    survey_id: int
    by: str | None
    minimum_group: int
    responses: int  # of the whole survey, as the response rate
    invited: int
    response_rate: float | None
    filters: list[FilterOut]  # the filters applied
    dropped_filters: list[FilterOut]  # given but not applied: past the limit of attributes
    selected: int | None  # respondents matching the filters; null unfiltered or hidden
    selected_suppressed_reason: str | None
    rows: list[ResultRowOut]


@router.get("/surveys", response=list[SurveyOut], url_name="survey_list")
def survey_list(request: HttpRequest) -> Any:
    return list(surveys_for_user(user=request.user))


FILTER_HELP = (
    "Only respondents with this value; `unknown` for those without one. Invalid values are "
    "ignored (see `filters` in the answer)."
)


@router.get("/surveys/{survey_id}/results", response=ResultsOut, url_name="survey_results")
def survey_results_api(
    request: HttpRequest,
    survey_id: int,
    by: str | None = None,
    size_class: str | None = Query(None, description=f"small, medium, large. {FILTER_HELP}"),
    role: str | None = Query(None, description=f"leader, employee, … {FILTER_HELP}"),
    unit_type: str | None = Query(
        None, description=f"refugee_service, adult_education, employment, other. {FILTER_HELP}"
    ),
    contact_person: str | None = Query(None, description=f"yes or no. {FILTER_HELP}"),
    country: str | None = Query(None, description=f"DK, NO, SE, FI, IS. {FILTER_HELP}"),
    municipality: str | None = Query(None, description=f"A municipality's id. {FILTER_HELP}"),
) -> Any:
    """Per question and segment: n, counts and percentages per option, mean, of all
    respondents or of those matching the filters. `by` is one of size_class, role,
    unit_type, contact_person, country, municipality; the filters are the same attributes,
    combinable. At most two attributes at once, the breakdown's and the filters'
    together: filters past it are dropped (`dropped_filters`). Small groups are hidden as
    on the results page, the respondents a filter leaves out included."""
    survey = survey_get_for_user(user=request.user, pk=survey_id)
    where = parse_filters(
        {
            "size_class": size_class,
            "role": role,
            "unit_type": unit_type,
            "contact_person": contact_person,
            "country": country,
            "municipality": municipality,
        }
    )
    results = survey_results(survey=survey, by=by if by in BREAKDOWNS else None, where=where)
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
        "filters": [_filter(line) for line in results.filters],
        "dropped_filters": [_filter(line) for line in results.dropped],
        "selected": results.selected.count if results.selected else None,
        "selected_suppressed_reason": str(results.selected.suppressed)
        if results.selected and results.selected.suppressed
        else None,
        "rows": rows,
    }


def _filter(line: FilterLine) -> dict[str, str]:
    return {"attribute": line.field, "value": line.key, "label": line.value}
