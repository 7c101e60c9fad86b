"""Reads of the survey module: the aggregates a survey's results are computed from.

Everything is counted in the database, one query per kind of figure for all the questions
of a survey at once (optionally grouped by one frozen respondent attribute, and optionally
of the respondents matching `where`, a filter on their attributes), never by looping over
answers in Python. Only submitted responses count. The rows returned are plain dicts and
tuples; `results.py` turns them into protected summaries.

A filter (`where`) maps attributes of SEGMENT_FIELDS to a value each (an organisation by
id, None for "not known"); `where_q` is its one translation into a query, on responses, on
answers (through their response) and on the kept figures of a purged survey alike.

Once a survey's answers are deleted at the end of its retention period, the same reads come
from the figures kept in their place (retention.py), so every page and file still works.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from trinvis.organisations.models import Organisation
from trinvis.surveys import retention
from trinvis.surveys.forms import label_in
from trinvis.surveys.models import Answer, Figure, Question, Response, Survey

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
MULTIPLE_CHOICE = "multiple_choice"

Segment = Any  # a value of one segment field: a str, a bool, an organisation id or None
Where = Mapping[str, Segment]  # a filter: attribute → value (None: not known)


def _check_field(by: str | None) -> None:
    if by is not None and by not in SEGMENT_FIELDS:
        raise ValueError(f"cannot break down by {by!r}")


def _missing(field: str, prefix: str = "") -> Q:
    """The attribute is not known: null, or blank for the text attributes."""
    missing = Q(**{f"{prefix}{field}__isnull": True})
    if field not in ORGANISATION_FIELDS and field != "contact_person":
        missing |= Q(**{f"{prefix}{field}": ""})
    return missing


def where_q(where: Where | None, *, prefix: str = "") -> Q:
    """The filter as a condition on rows holding the attributes (`prefix` "response__" for
    answers; "" for responses and kept figures). Raises ValueError for an attribute that is
    not a segment field."""
    condition = Q()
    for field, value in (where or {}).items():
        if field not in SEGMENT_FIELDS:
            raise ValueError(f"cannot filter by {field!r}")
        if value is None or value == "":
            condition &= _missing(field, prefix)
        else:
            condition &= Q(**{f"{prefix}{field}": value})
    return condition


def submitted_responses(*, survey: Survey, where: Where | None = None) -> QuerySet[Response]:
    return Response.objects.filter(where_q(where), survey=survey, submitted_at__isnull=False)


def submitted_answers(*, survey: Survey) -> QuerySet[Answer]:
    """The answers of the survey's submitted responses."""
    return _answers(survey)


def _answers(survey: Survey, where: Where | None = None) -> QuerySet[Answer]:
    return Answer.objects.filter(
        where_q(where, prefix="response__"),
        response__survey=survey,
        response__submitted_at__isnull=False,
    )


def _respondents(survey: Survey) -> Any:
    """Responses that answered a question, as an aggregate over its answer rows: one row per
    response, except for multiple choice (a row per option chosen), the only kind that needs
    the much dearer count of distinct responses."""
    multiple = Question.objects.filter(
        questionnaire_id=survey.questionnaire_id, kind=MULTIPLE_CHOICE
    ).values("pk")
    return Count("id", filter=~Q(question_id__in=multiple)) + Count(
        "response_id", distinct=True, filter=Q(question_id__in=multiple)
    )


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


def aggregates(*, survey: Survey, by: str | None = None, where: Where | None = None) -> Aggregates:
    """One pass over the answers whatever the number of questions and answers, counting the
    answers per question, option and number; a second for the respondents of multiple
    choice questions only, when there are any."""
    if survey.purged_at is not None:
        return retention.figures_aggregates(survey=survey, by=by, where=where)
    _check_field(by)
    return count_answers(_answers(survey, where), by=by)


def count_answers(answers: QuerySet[Answer], *, by: str | None = None) -> Aggregates:
    """`aggregates` of the given answers of submitted responses (tally.py counts those of
    the responses submitted since it last counted)."""
    segment = [f"response__{by}"] if by else []
    options: dict[tuple[int, Segment], dict[str, int]] = {}
    respondents: dict[tuple[int, Segment], int] = {}
    numbers: dict[tuple[int, Segment], NumberFigures] = {}
    multiple = False
    rows = (
        answers.values("question_id", "question__kind", *segment, "choice", "number")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        kind, number, count = row["question__kind"], row["number"], row["count"]
        cell = (row["question_id"], _segment_of(row, by))
        if kind == MULTIPLE_CHOICE:
            multiple = True  # a row per option chosen: respondents are counted below
        else:
            respondents[cell] = respondents.get(cell, 0) + count
        if row["choice"] or (kind == SCALE_0_10 and number is not None):
            option = row["choice"] or _number_option(number)
            counts = options.setdefault(cell, {})
            counts[option] = counts.get(option, 0) + count
        if kind in NUMBER_KINDS and number is not None:
            known = numbers.get(cell, NumberFigures(0, Decimal(0)))
            numbers[cell] = NumberFigures(known.count + count, known.total + number * count)
    if multiple:
        chosen = (
            answers.filter(question__kind=MULTIPLE_CHOICE)
            .values("question_id", *segment)
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for row in chosen:
            respondents[(row["question_id"], _segment_of(row, by))] = row["n"]
    return Aggregates(by=by, options=options, respondents=respondents, numbers=numbers)


def _number_option(number: Decimal | None) -> str:
    return "" if number is None else str(int(number))


def respondents_by_segment(
    *, survey: Survey, by: str, where: Where | None = None
) -> dict[Segment, int]:
    """Submitted responses per value of `by` (those without a value under None)."""
    if survey.purged_at is not None:
        return retention.figures_respondents_by_segment(survey=survey, by=by, where=where)
    _check_field(by)
    rows = (
        submitted_responses(survey=survey, where=where)
        .values(by)
        .annotate(n=Count("id"))
        .order_by()
    )
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
    where: Where | None = None,
) -> QuerySet[Answer, str]:
    """The texts answered to a question, alphabetically (so no order of submission and no
    link between one respondent's answers shows), of the respondents matching `where`,
    optionally of one segment. The caller decides whether they may be listed (never those
    of a hidden cell)."""
    _check_field(by)
    answers = _answers(survey, where).filter(question=question).exclude(text="")
    if by:
        answers = answers.filter(where_q({by: segment}, prefix="response__"))
    if search:
        answers = answers.filter(text__icontains=search)
    return answers.order_by("text", "pk").values_list("text", flat=True)


def respondent_municipalities(
    *, survey: Survey, known: Iterable[int] | None = None
) -> list[tuple[int, str]]:
    """(id, name) of the municipalities the survey's respondents came from, by name, for
    choosing a filter: one query, from the responses or, once they are deleted, from the
    kept figures. `known`: their ids, when the caller has them (tally.py keeps them for a
    survey whose answers are not deleted); then only the names are read."""
    if known is not None:
        return list(
            Organisation.objects.filter(pk__in=list(known))
            .order_by("name", "pk")
            .values_list("pk", "name")
        )
    answered = Q(pk__in=submitted_responses(survey=survey).values("municipality")) | Q(
        pk__in=Figure.objects.filter(survey=survey).values("municipality")
    )
    return list(
        Organisation.objects.filter(answered).order_by("name", "pk").values_list("pk", "name")
    )


@dataclass(frozen=True)
class MunicipalitiesMeeting:
    """Per (question id, option): distinct municipalities and respondents that chose it."""

    municipalities: int  # distinct municipalities among all submitted responses
    respondents: int  # submitted responses with a municipality
    meeting: dict[tuple[int, str], tuple[int, int]]  # → (municipalities, respondents)


def municipalities_meeting(
    *, survey: Survey, conditions: Sequence[tuple[int, str]], where: Where | None = None
) -> MunicipalitiesMeeting:
    """Two queries for any number of conditions (question id, chosen option), among the
    respondents matching `where`."""
    if survey.purged_at is not None:
        return retention.figures_municipalities_meeting(
            survey=survey, conditions=conditions, where=where
        )
    totals = submitted_responses(survey=survey, where=where).aggregate(
        municipalities=Count("municipality", distinct=True),
        respondents=Count("id", filter=Q(municipality__isnull=False)),
    )
    meeting: dict[tuple[int, str], tuple[int, int]] = {}
    if conditions:
        matching = Q()
        for question_id, choice in conditions:
            matching |= Q(question_id=question_id, choice=choice)
        rows = (
            _answers(survey, where)
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


def response_counts(*, survey: Survey, where: Where | None = None) -> tuple[int, int]:
    """(submitted responses matching `where`, invitations): two counts, never a join of the
    two. Invitations carry no attributes, so they are never filtered."""
    if survey.purged_at is not None:
        return retention.figures_response_counts(survey=survey, where=where)
    return submitted_responses(survey=survey, where=where).count(), survey.invitations.count()


@dataclass(frozen=True)
class Cells:
    """Respondents per combination of the values of `fields` (the cells of a
    cross-tabulation, from which disclosure.py decides what a filtered view may show):
    `responses[values]` submitted responses, `answered[(question_id, values)]` those of them
    who answered the question. `values` follow `fields`; blank and missing are both None."""

    fields: tuple[str, ...]
    responses: dict[tuple[Segment, ...], int]
    answered: dict[tuple[int, tuple[Segment, ...]], int]


def respondent_cells(
    *,
    survey: Survey,
    fields: Sequence[str],
    unfiltered: Aggregates | None = None,
    total: int | None = None,
) -> Cells:
    """Two queries, whatever the number of respondents; never filtered, because what a filter
    hides depends on the respondents it leaves out. `unfiltered`: the survey's aggregates
    without a filter, by the one field of `fields` or by none; their respondents are the
    answered cells, so the answers are not counted again. `total`: the number of submitted
    responses the unfiltered aggregates were counted from, when there are no `fields`, so
    they are not counted again either."""
    if survey.purged_at is not None:
        return retention.figures_respondent_cells(survey=survey, fields=fields)
    for field in fields:
        _check_field(field)
    if unfiltered is not None and list(fields) != ([unfiltered.by] if unfiltered.by else []):
        raise ValueError("the aggregates are not by the cells' fields")

    def values(row: Mapping[str, Any], prefix: str) -> tuple[Segment, ...]:
        return tuple(_blank_as_none(row[prefix + field]) for field in fields)

    responses: dict[tuple[Segment, ...], int] = {}
    if fields:
        rows = submitted_responses(survey=survey).values(*fields).annotate(n=Count("id"))
        for row in rows.order_by():
            key = values(row, "")
            responses[key] = responses.get(key, 0) + row["n"]
    elif count := total if total is not None else submitted_responses(survey=survey).count():
        responses[()] = count  # `.values()` without fields would group by every column
    answered: dict[tuple[int, tuple[Segment, ...]], int] = {}
    if unfiltered is not None:
        for (question_id, segment), n in unfiltered.respondents.items():
            cell = (question_id, (_blank_as_none(segment),) if fields else ())
            answered[cell] = answered.get(cell, 0) + n
        return Cells(fields=tuple(fields), responses=responses, answered=answered)
    on_response = [f"response__{field}" for field in fields]
    answered_rows = (
        _answers(survey)
        .values("question_id", *on_response)
        .annotate(n=_respondents(survey))
        .order_by()
    )
    for row in answered_rows:
        cell = (row["question_id"], values(row, "response__"))
        answered[cell] = answered.get(cell, 0) + row["n"]
    return Cells(fields=tuple(fields), responses=responses, answered=answered)


def municipality_groups(*, survey: Survey) -> dict[Segment, tuple[Segment, ...]]:
    """Each respondents' municipality's (size class, country), as most of its respondents
    gave them. Anyone knows them, so disclosure.py protects a municipality's figures within
    its size class and country too. Two queries, from the responses and, once they are
    deleted, from the kept figures (a survey has one or the other)."""
    place = {"municipality__isnull": False}
    group = ("municipality", "size_class", "country")
    rows = [
        *submitted_responses(survey=survey)
        .filter(**place)
        .values(*group)
        .annotate(n=Count("id"))
        .order_by(),
        *Figure.objects.filter(survey=survey, question__isnull=True, **place)
        .values(*group)
        .annotate(n=Sum("count"))
        .order_by(),
    ]
    counts: dict[Segment, dict[tuple[Segment, ...], int]] = {}
    for row in rows:
        group_key = (_blank_as_none(row["size_class"]), _blank_as_none(row["country"]))
        found = counts.setdefault(row["municipality"], {})
        found[group_key] = found.get(group_key, 0) + row["n"]
    return {
        municipality: max(sorted(found, key=str), key=lambda group: found[group])
        for municipality, found in counts.items()
    }


def _blank_as_none(value: Segment) -> Segment:
    return None if value == "" else value


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
