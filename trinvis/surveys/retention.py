"""Retention: once the period its owner chose has run out, a survey's answers are deleted and
only its figures remain.

When. The answers are kept `retention_days` after the survey ends (`keep_until`), which is
what a data-protection officer reads in the survey's record: "kept until 12 March 2027".
A survey ends when it closes; when it closes after its deadline (the housekeeping closes it
in the night after the deadline day), the deadline counts, so the date announced while the
survey was open holds. An open survey with a deadline therefore already has its date; one
without a deadline gets it when it is closed.

What remains. `survey_purge` counts the submitted responses into `Figure` rows, grouped by
every combination of the frozen respondent attributes, in the database; then it deletes
every response (drafts too) with its answers, texts included. Because each response has
exactly one combination of attributes, any breakdown, filter (selectors.where_q) or
cross-tabulation of them sums those rows exactly, so the readers at the end of this module
(`figures_<selector>`) return what the selectors (selectors.py) returned before, in the same
shapes: the results page, the downloads and the API show the same tables after the purge.

Invitations stay (who was invited and when they were e-mailed), so the response rate stays
"responses ÷ invited"; their link hashes are replaced by a value no token hashes to, so
every link stops working. Who answered is no longer known: the responses were the only link
between a person and their answers.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.surveys import selectors
from trinvis.surveys.models import Answer, Figure, Invitation, Response, Survey, SurveyTally

# Replaces an invitation's link hash: not hexadecimal, so no token's SHA-256 ever equals it.
PURGED_LINK = "purged-"


# --- when ------------------------------------------------------------------------------------


def answers_end(survey: Survey) -> datetime.date | None:
    """The day the survey ends for retention: its closing day, or its deadline when it
    closed later or is still open; None while open without a deadline."""
    closed = timezone.localdate(survey.closed_at) if survey.closed_at else None
    if closed and survey.deadline:
        return min(closed, survey.deadline)
    return closed or survey.deadline


def keep_until(survey: Survey) -> datetime.date | None:
    """The last day the answers are kept; None when they are kept until deleted (or the
    survey has no end yet)."""
    end = answers_end(survey)
    if end is None or survey.retention_days is None:
        return None
    return end + datetime.timedelta(days=survey.retention_days)


def purge_due(survey: Survey, *, today: datetime.date | None = None) -> bool:
    """The survey is closed, not purged, and its last day of keeping the answers is over."""
    last = keep_until(survey)
    return (
        survey.purged_at is None
        and survey.closed_at is not None
        and last is not None
        and last < (today or timezone.localdate())
    )


# --- the purge -------------------------------------------------------------------------------


def _attributes(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A grouped row's attribute values as Figure fields (organisations by id)."""
    return {
        (f"{name}_id" if name in selectors.ORGANISATION_FIELDS else name): row[prefix + name]
        for name in selectors.SEGMENT_FIELDS
    }


def _kept_figures(survey: Survey) -> list[Figure]:
    """Four grouped queries over the submitted responses, whatever their number."""
    fields = selectors.SEGMENT_FIELDS
    on_response = [f"response__{name}" for name in fields]
    answers = Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False)
    figures: list[Figure] = []

    respondents = (
        selectors.submitted_responses(survey=survey)
        .values(*fields)
        .annotate(n=Count("id"))
        .order_by()
    )
    figures += [Figure(survey=survey, count=row["n"], **_attributes(row)) for row in respondents]

    # Who answered each question (one row per respondent, so distinct), with the total of a
    # number question's answers: one number per respondent, as the form stores them.
    answered = (
        answers.values(*on_response, "question_id")
        .annotate(
            n=Count("response_id", distinct=True),
            total=Sum("number", filter=Q(question__kind__in=selectors.NUMBER_KINDS)),
        )
        .order_by()
    )
    figures += [
        Figure(
            survey=survey,
            question_id=row["question_id"],
            count=row["n"],
            number_total=row["total"],
            **_attributes(row, "response__"),
        )
        for row in answered
    ]

    chosen = (
        answers.exclude(choice="")
        .values(*on_response, "question_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures += [
        Figure(
            survey=survey,
            question_id=row["question_id"],
            choice=row["choice"],
            count=row["n"],
            **_attributes(row, "response__"),
        )
        for row in chosen
    ]

    # A 0–10 answer stored as a number counts under its digits, as in selectors.aggregates;
    # its rows keep the numbers' total, which tells them from options chosen by name.
    scale_points: dict[tuple[Any, ...], Figure] = {}
    numbers = (
        answers.filter(choice="", number__isnull=False, question__kind=selectors.SCALE_0_10)
        .values(*on_response, "question_id", "number")
        .annotate(n=Count("id"), total=Sum("number"))
        .order_by()
    )
    for row in numbers:
        attributes = _attributes(row, "response__")
        point = str(int(row["number"]))
        key = (*attributes.values(), row["question_id"], point)
        figure = scale_points.get(key)
        if figure is None:
            scale_points[key] = Figure(
                survey=survey,
                question_id=row["question_id"],
                choice=point,
                count=row["n"],
                number_total=row["total"],
                **attributes,
            )
        else:
            figure.count += row["n"]
            figure.number_total = (figure.number_total or Decimal(0)) + row["total"]
    return figures + list(scale_points.values())


def survey_purge(*, survey: Survey, by: Any = None) -> Survey:
    """Keep the figures, delete the answers, stop the links, close the survey for good.

    Idempotent: a purged survey is returned as it is. `by` is None for the housekeeping.
    """
    _purge(survey_id=survey.pk, by=by)
    survey.refresh_from_db(fields=["purged_at", "closed_at"])
    return survey


def survey_purge_if_due(*, survey_id: int, today: datetime.date) -> bool:
    """The housekeeping's purge: only when the retention has run out, checked under the
    lock (the owner may just have lengthened it). True when this call purged."""
    return _purge(survey_id=survey_id, by=None, only_if_due=today)


@transaction.atomic
def _purge(*, survey_id: int, by: Any, only_if_due: datetime.date | None = None) -> bool:
    # Locks in the order every writer takes them, invitations before the survey (a personal
    # submit holds its invitation, then creates its response, which references the survey),
    # so a purge never deadlocks with a respondent. Holding the survey row FOR UPDATE makes
    # a response created meanwhile wait, then find the survey closed.
    list(
        Invitation.objects.select_for_update()
        .filter(survey_id=survey_id)
        .values_list("pk", flat=True)
    )
    locked = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if locked is None or locked.purged_at is not None:
        return False
    if only_if_due is not None and not purge_due(locked, today=only_if_due):
        return False
    # Wait for open-link submits in flight (they hold their response's row): what they
    # commit is counted.
    list(Response.objects.select_for_update().filter(survey=locked).values_list("pk", flat=True))
    figures = _kept_figures(locked)
    Figure.objects.filter(survey=locked).delete()
    Figure.objects.bulk_create(figures)
    responses = selectors.submitted_responses(survey=locked).count()
    Answer.objects.filter(response__survey=locked).delete()
    Response.objects.filter(survey=locked).delete()
    SurveyTally.objects.filter(survey=locked).delete()  # the figures above replace it
    Invitation.objects.filter(survey=locked).update(
        token_hash=Concat(Value(PURGED_LINK), Cast("pk", output_field=CharField()))
    )
    now = timezone.now()
    locked.purged_at = now
    locked.closed_at = locked.closed_at or now
    locked.save(update_fields=["purged_at", "closed_at"])
    audit_record(
        action=AuditEvent.Action.SURVEY_ANSWERS_DELETED,
        actor=by,
        actor_label="" if by is not None else "housekeeping",
        organisation_id=locked.organisation_id,
        target=f"survey {locked.pk}",
        details={
            "survey": locked.pk,
            "responses": responses,
            "figures": len(figures),
            "retention_days": locked.retention_days,
        },
    )
    return True


# --- the readers: the selectors' figures, from the kept figures ------------------------------


def _check_by(by: str | None) -> None:
    if by is not None and by not in selectors.SEGMENT_FIELDS:
        raise ValueError(f"cannot break down by {by!r}")


def _figures(survey: Survey, where: Mapping[str, Any] | None) -> QuerySet[Figure]:
    """The survey's figures of the respondents whose attributes match `where`, the same
    filter as the selectors' (selectors.where_q: attribute → value, None for not known)."""
    return Figure.objects.filter(selectors.where_q(where), survey=survey)


def _blank_as_none(value: Any) -> Any:
    return None if value == "" else value


def figures_aggregates(
    *, survey: Survey, by: str | None = None, where: Mapping[str, Any] | None = None
) -> "selectors.Aggregates":
    """selectors.aggregates after the purge: three queries."""
    _check_by(by)
    group = ["question_id", *([by] if by else [])]
    rows = _figures(survey, where).filter(question__isnull=False)

    def segment(row: Mapping[str, Any]) -> Any:
        return row[by] if by else None

    options: dict[tuple[int, Any], dict[str, int]] = {}
    for row in rows.exclude(choice="").values(*group, "choice").annotate(n=Sum("count")).order_by():
        options.setdefault((row["question_id"], segment(row)), {})[row["choice"]] = row["n"]
    answered = rows.filter(choice="")
    respondents = {
        (row["question_id"], segment(row)): row["n"]
        for row in answered.values(*group).annotate(n=Sum("count")).order_by()
    }
    numbers = {
        (row["question_id"], segment(row)): selectors.NumberFigures(
            row["n"], row["total"] or Decimal(0)
        )
        for row in answered.filter(number_total__isnull=False)
        .values(*group)
        .annotate(n=Sum("count"), total=Sum("number_total"))
        .order_by()
    }
    return selectors.Aggregates(by=by, options=options, respondents=respondents, numbers=numbers)


def figures_respondents_by_segment(
    *, survey: Survey, by: str, where: Mapping[str, Any] | None = None
) -> dict[Any, int]:
    """selectors.respondents_by_segment after the purge: one query."""
    _check_by(by)
    rows = (
        _figures(survey, where)
        .filter(question__isnull=True)
        .values(by)
        .annotate(n=Sum("count"))
        .order_by()
    )
    sizes: dict[Any, int] = {}
    for row in rows:
        key = _blank_as_none(row[by])
        sizes[key] = sizes.get(key, 0) + row["n"]
    return sizes


def figures_response_counts(
    *, survey: Survey, where: Mapping[str, Any] | None = None
) -> tuple[int, int]:
    """selectors.response_counts after the purge: (responses, invitations), two queries."""
    total = _figures(survey, where).filter(question__isnull=True).aggregate(n=Sum("count"))["n"]
    return total or 0, survey.invitations.count()


def figures_respondent_cells(*, survey: Survey, fields: Sequence[str]) -> "selectors.Cells":
    """selectors.respondent_cells after the purge: two queries, never filtered."""
    for field in fields:
        _check_by(field)
    figures = Figure.objects.filter(survey=survey)
    people = figures.filter(question__isnull=True)
    responses: dict[tuple[Any, ...], int] = {}
    if fields:
        for row in people.values(*fields).annotate(n=Sum("count")).order_by():
            key = tuple(_blank_as_none(row[field]) for field in fields)
            responses[key] = responses.get(key, 0) + row["n"]
    elif count := people.aggregate(n=Sum("count"))["n"]:
        responses[()] = count
    answered: dict[tuple[int, tuple[Any, ...]], int] = {}
    rows = (
        figures.filter(question__isnull=False, choice="")
        .values("question_id", *fields)
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        cell = (row["question_id"], tuple(_blank_as_none(row[field]) for field in fields))
        answered[cell] = answered.get(cell, 0) + row["n"]
    return selectors.Cells(fields=tuple(fields), responses=responses, answered=answered)


def figures_municipalities_meeting(
    *,
    survey: Survey,
    conditions: Sequence[tuple[int, str]],
    where: Mapping[str, Any] | None = None,
) -> "selectors.MunicipalitiesMeeting":
    """selectors.municipalities_meeting after the purge: two queries. A condition names an
    option chosen by name; 0–10 answers kept as numbers (their rows carry a total) do not
    meet it, as in the selector."""
    figures = _figures(survey, where)
    totals = figures.filter(question__isnull=True).aggregate(
        municipalities=Count("municipality", distinct=True),
        respondents=Sum("count", filter=Q(municipality__isnull=False)),
    )
    meeting: dict[tuple[int, str], tuple[int, int]] = {}
    if conditions:
        matching = Q()
        for question_id, choice in conditions:
            matching |= Q(question_id=question_id, choice=choice)
        rows = (
            figures.filter(matching, municipality__isnull=False, number_total__isnull=True)
            .values("question_id", "choice")
            .annotate(municipalities=Count("municipality", distinct=True), respondents=Sum("count"))
            .order_by()
        )
        for row in rows:
            meeting[(row["question_id"], row["choice"])] = (
                row["municipalities"],
                row["respondents"],
            )
    return selectors.MunicipalitiesMeeting(
        municipalities=totals["municipalities"] or 0,
        respondents=totals["respondents"] or 0,
        meeting=meeting,
    )
