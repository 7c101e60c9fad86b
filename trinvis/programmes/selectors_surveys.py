"""The surveys linked to a programme: an agency programme's participant surveys and a course
programme's evaluations (`AgencyProgramme.surveys`, `CourseProgramme.surveys`), read by the
dashboard, the course progress page and the reports.

A link never widens what someone may read: every list holds the linked surveys the user may
read anyway (`surveys_for_user`), so a runner of the programme who cannot open a survey does
not see it through the programme either; the surveys that can be linked are those the user
may read.

`survey_lines` is one query for any number of surveys (responses, invitations and the
response rate). `survey_summaries` adds each survey's results as the survey module computes
and protects them (`survey_results`, which guards small groups and filters), a fixed number
of queries per survey: a report lists a handful.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from trinvis.programmes.models import AgencyProgramme, CourseProgramme
from trinvis.surveys.access import surveys_for_user
from trinvis.surveys.analysis import Suppressed, response_rate
from trinvis.surveys.models import Figure, Invitation, Response, Survey
from trinvis.surveys.result_tables import QuestionTable
from trinvis.surveys.results import survey_results
from trinvis.surveys.selectors import Segment


@dataclass(frozen=True)
class SurveyLine:
    """A linked survey: its submitted responses of those invited, and the response rate in
    per cent (None for an open link, where nobody is invited)."""

    survey: Survey
    responses: int
    invited: int
    rate: float | None


@dataclass(frozen=True)
class QuestionResult:
    """A scale or number question's total: respondents, mean and (scales) the share in the
    top two points; `suppressed` says why the figures are hidden (then they are None)."""

    label: str
    n: int | None
    mean: float | None
    top_two_box: float | None
    suppressed: Suppressed | None


@dataclass(frozen=True)
class SurveySummary:
    line: SurveyLine
    questions: list[QuestionResult]
    # Why the respondents of a filter (a municipality) are not shown at all; None when shown.
    suppressed: Suppressed | None = None


# --- which surveys ------------------------------------------------------------------------------


def linkable_surveys(*, user: Any) -> QuerySet[Survey]:
    """The surveys the user may link to a programme: those they may read, newest first."""
    return surveys_for_user(user=user).order_by("-opened_at", "-pk")


def programme_surveys(*, programme: AgencyProgramme, user: Any) -> QuerySet[Survey]:
    return surveys_for_user(user=user).filter(agency_programmes=programme)


def course_surveys(*, course: CourseProgramme, user: Any) -> QuerySet[Survey]:
    return surveys_for_user(user=user).filter(course_programmes=course)


# --- response rates -----------------------------------------------------------------------------


def _count_per_survey(queryset: QuerySet[Any]) -> Coalesce:
    """A per-survey count as a subquery, so the list stays one query without fan-out."""
    counted = (
        queryset.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def survey_lines(surveys: QuerySet[Survey]) -> list[SurveyLine]:
    """The surveys, newest first, with their responses and response rate; one query. After
    the retention purge the responses come from the kept figures, as on the survey's page."""
    kept = (
        Figure.objects.filter(survey=OuterRef("pk"), question__isnull=True)
        .order_by()
        .values("survey")
        .annotate(n=Sum("count"))
    )
    annotated = surveys.annotate(
        invited=_count_per_survey(Invitation.objects.all()),
        answered=_count_per_survey(
            Response.objects.filter(submitted_at__isnull=False, invitation__isnull=False)
        ),
        submitted=_count_per_survey(Response.objects.filter(submitted_at__isnull=False)),
        kept=Coalesce(Subquery(kept.values("n")[:1], output_field=IntegerField()), 0),
    ).order_by("-opened_at", "-pk")
    lines = []
    for survey in annotated:
        purged = survey.purged_at is not None
        responses = survey.kept if purged else survey.submitted
        answered = survey.kept if purged else survey.answered
        rate = (
            response_rate(responses=min(answered, survey.invited), invited=survey.invited)
            if survey.invited
            else None
        )
        lines.append(
            SurveyLine(
                survey=survey,
                responses=responses,
                invited=survey.invited,
                rate=rate.percentage if rate else None,
            )
        )
    return lines


# --- results ------------------------------------------------------------------------------------


def _question_result(table: QuestionTable) -> QuestionResult:
    total = table.total
    return QuestionResult(
        label=table.label,
        n=total.n,
        mean=total.mean,
        top_two_box=total.top_two_box if table.is_scale else None,
        suppressed=total.suppressed,
    )


def survey_summaries(
    lines: Sequence[SurveyLine], *, where: Mapping[str, Segment] | None = None
) -> list[SurveySummary]:
    """Each survey's scale and number questions in total, of all respondents or of those
    matching `where` (e.g. {"municipality": id}); a filter whose respondents are too few to
    show gives no figures and the reason."""
    summaries = []
    for line in lines:
        results = survey_results(survey=line.survey, where=where)
        hidden = results.selected.suppressed if results.selected else None
        questions = (
            []
            if hidden
            else [_question_result(table) for table in results.questions if table.has_mean]
        )
        summaries.append(SurveySummary(line=line, questions=questions, suppressed=hidden))
    return summaries
