"""Reads of the survey module: the aggregates a survey's results are computed from.

Everything is counted in the database, one query per kind of figure for all the questions
of a survey at once (optionally grouped by one frozen respondent attribute), never by
looping over answers in Python. Only submitted responses count. The rows returned are
plain dicts and tuples; `results.py` turns them into protected summaries.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from trinvis.organisations.models import Organisation
from trinvis.surveys.forms import label_in
from trinvis.surveys.models import Answer, Question, Response, Survey

# The frozen attributes of a response that results may be broken down by.
SEGMENT_FIELDS = (
    "size_class",
    "role",
    "unit_type",
    "contact_person",
    "country",
    "municipality",
    "organisation",
)
# Attributes that point at an organisation: their segments are organisation ids.
ORGANISATION_FIELDS = frozenset({"municipality", "organisation"})
SCALE_0_10 = "scale_0_10"
NUMBER_KINDS = ("integer", "decimal")
TEXT_KINDS = ("short_text", "long_text")

Segment = Any  # a value of one segment field: a str, a bool, an organisation id or None


def _check_field(by: str | None) -> None:
    if by is not None and by not in SEGMENT_FIELDS:
        raise ValueError(f"cannot break down by {by!r}")


def submitted_responses(*, survey: Survey) -> QuerySet[Response]:
    return Response.objects.filter(survey=survey, submitted_at__isnull=False)


def _answers(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False)


def _segment_of(row: dict[str, Any], by: str | None) -> Segment:
    return row[f"response__{by}"] if by else None


def survey_questions(*, survey: Survey) -> list[Question]:
    return list(Question.objects.filter(questionnaire_id=survey.questionnaire_id))


@dataclass(frozen=True)
class Aggregates:
    """The survey's answers counted per question (and per segment when `by` is given).

    `options[(question_id, segment)][option]` answers per option (a 0–10 answer stored as a
    number counts under its digits); `respondents[(question_id, segment)]` responses that
    answered the question; `numbers[(question_id, segment)]` count, sum, min and max of the
    numeric answers of the number questions.
    """

    by: str | None
    options: dict[tuple[int, Segment], dict[str, int]]
    respondents: dict[tuple[int, Segment], int]
    numbers: dict[tuple[int, Segment], "NumberFigures"]


@dataclass(frozen=True)
class NumberFigures:
    count: int
    total: Decimal


def aggregates(*, survey: Survey, by: str | None = None) -> Aggregates:
    """Three queries, whatever the number of questions and answers."""
    _check_field(by)
    group = ["question_id", *([f"response__{by}"] if by else [])]
    answers = _answers(survey)

    options: dict[tuple[int, Segment], dict[str, int]] = {}
    option_rows = (
        answers.filter(~Q(choice="") | Q(question__kind=SCALE_0_10, number__isnull=False))
        .values(*group, "choice", "number")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in option_rows:
        option = row["choice"] or _number_option(row["number"])
        counts = options.setdefault((row["question_id"], _segment_of(row, by)), {})
        counts[option] = counts.get(option, 0) + row["count"]

    respondents = {
        (row["question_id"], _segment_of(row, by)): row["n"]
        for row in answers.values(*group).annotate(n=Count("response_id", distinct=True)).order_by()
    }

    numbers = {
        (row["question_id"], _segment_of(row, by)): NumberFigures(
            row["n"], row["total"] or Decimal(0)
        )
        for row in answers.filter(question__kind__in=NUMBER_KINDS, number__isnull=False)
        .values(*group)
        .annotate(n=Count("id"), total=Sum("number"))
        .order_by()
    }
    return Aggregates(by=by, options=options, respondents=respondents, numbers=numbers)


def _number_option(number: Decimal | None) -> str:
    return "" if number is None else str(int(number))


def respondents_by_segment(*, survey: Survey, by: str) -> dict[Segment, int]:
    """Submitted responses per value of `by` (those without a value under None)."""
    _check_field(by)
    rows = submitted_responses(survey=survey).values(by).annotate(n=Count("id")).order_by()
    sizes: dict[Segment, int] = {}
    for row in rows:
        value = row[by]
        key = None if value in ("", None) else value
        sizes[key] = sizes.get(key, 0) + row["n"]
    return sizes


def organisation_names(ids: Iterable[int]) -> dict[int, str]:
    wanted = [pk for pk in ids if pk is not None]
    if not wanted:
        return {}
    return dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))


def open_answers(
    *,
    survey: Survey,
    question: Question,
    search: str = "",
    by: str | None = None,
    segment: Segment = None,
) -> QuerySet[Answer, str]:
    """The texts answered to a question, alphabetically (so no order of submission and no
    link between one respondent's answers shows), optionally of one segment. The caller
    decides whether the segment may be listed (never a suppressed one)."""
    _check_field(by)
    answers = _answers(survey).filter(question=question).exclude(text="")
    if by:
        if segment is None:
            missing = Q(**{f"response__{by}__isnull": True})
            if by not in ORGANISATION_FIELDS and by != "contact_person":
                missing |= Q(**{f"response__{by}": ""})
            answers = answers.filter(missing)
        else:
            answers = answers.filter(**{f"response__{by}": segment})
    if search:
        answers = answers.filter(text__icontains=search)
    return answers.order_by("text", "pk").values_list("text", flat=True)


@dataclass(frozen=True)
class MunicipalitiesMeeting:
    """Per (question id, option): distinct municipalities and respondents that chose it."""

    municipalities: int  # distinct municipalities among all submitted responses
    respondents: int  # submitted responses with a municipality
    meeting: dict[tuple[int, str], tuple[int, int]]  # → (municipalities, respondents)


def municipalities_meeting(
    *, survey: Survey, conditions: Sequence[tuple[int, str]]
) -> MunicipalitiesMeeting:
    """Two queries for any number of conditions (question id, chosen option)."""
    totals = submitted_responses(survey=survey).aggregate(
        municipalities=Count("municipality", distinct=True),
        respondents=Count("id", filter=Q(municipality__isnull=False)),
    )
    meeting: dict[tuple[int, str], tuple[int, int]] = {}
    if conditions:
        matching = Q()
        for question_id, choice in conditions:
            matching |= Q(question_id=question_id, choice=choice)
        rows = (
            _answers(survey)
            .filter(matching, response__municipality__isnull=False)
            .values("question_id", "choice")
            .annotate(
                municipalities=Count("response__municipality", distinct=True),
                respondents=Count("response_id", distinct=True),
            )
            .order_by()
        )
        for row in rows:
            meeting[(row["question_id"], row["choice"])] = (
                row["municipalities"],
                row["respondents"],
            )
    return MunicipalitiesMeeting(
        municipalities=totals["municipalities"] or 0,
        respondents=totals["respondents"] or 0,
        meeting=meeting,
    )


def response_counts(*, survey: Survey) -> tuple[int, int]:
    """(submitted responses, invitations): two counts, never a join of the two."""
    return submitted_responses(survey=survey).count(), survey.invitations.count()


@dataclass(frozen=True)
class OwnAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class OwnResponse:
    response: Response
    answers: list[OwnAnswer]


def own_responses(*, user: Any, language: str) -> list[OwnResponse]:
    """The personal responses a user gave, with their answers in the user's language."""
    responses = list(
        Response.objects.filter(user=user)
        .select_related("survey__questionnaire")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "pk"
                ),
            )
        )
        .order_by("-started_at", "-pk")
    )
    result = []
    for response in responses:
        default = response.survey.questionnaire.default_language
        answers = []
        for answer in response.answers.all():
            question = answer.question
            labels = {c["name"]: c["labels"] for c in question.choices}
            if answer.choice:
                value = label_in(labels.get(answer.choice, {}), language, default) or answer.choice
            elif answer.number is not None:
                value = f"{answer.number.normalize():f}"
            else:
                value = answer.text
            answers.append(OwnAnswer(label_in(question.labels, language, default), value))
        result.append(OwnResponse(response, answers))
    return result
