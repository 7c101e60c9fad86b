"""A survey's figures without breakdown or filter, kept between views of its results (a
SurveyTally row), so that the page counts the answers of a survey with thousands of
responses only once, and afterwards only those of the responses submitted since.

Why this is exact: a submitted response's answers never change (they are replaced only
while it is a draft; erasing a person cuts a response loose from them and keeps its
answers), its submission time never changes, and a submitted response leaves its survey
only by being deleted: by its respondent, which deletes the tally in the same transaction;
housekeeping deletes drafts only; the retention purge deletes them all, the tally with
them, and sets `purged_at`, after which the kept figures of retention.py are read instead.
So the submitted responses are described by their number, their latest submission time and
the sum of their ids (the "fingerprint"):
- the same fingerprint as the tally's: the same responses, the kept figures hold;
- the tally's responses plus those submitted after its latest make up the fingerprint of
  now (number and id sum): none was deleted and none committed late (submitted before the
  latest but committed after it was counted; an import commits its responses, all
  submitted at its start, at its end): only the new responses' answers are counted and
  added (every figure is a sum over responses: answers per option, respondents per
  question — for multiple choice distinct responses, disjoint between the two sets — and
  the count and total of the numbers);
- else (the first view, a deletion, a late commit): everything is counted again.
A deletion drops the tally, so what is left to tell apart is a view's own work: one that
counted before a deletion committed and keeps its figures after. Its fingerprint's number
is then one too many, and stays wrong for any later view unless a late commit makes the
number right again; the id sum then still differs (ids are never used twice).

The counting reads one state of the database (a REPEATABLE READ transaction on PostgreSQL,
any transaction on SQLite), so the figures kept belong to the fingerprint kept with them.
Where that cannot be had (PostgreSQL inside a caller's transaction), the fingerprint is read
again after counting and nothing is kept when it changed meanwhile.

A view keeps what it counted with one statement that replaces only the row it read (or
inserts one where there was none): of two views at once, one writes, the other's work is
merely not kept. A failure to write (a lock, the survey deleted meanwhile) never fails the
page: the figures are shown all the same.
"""

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from trinvis.surveys import selectors
from trinvis.surveys.models import Survey, SurveyTally

logger = logging.getLogger(__name__)

KEPT, ADDED, COUNTED = "kept", "added", "counted"


@dataclass(frozen=True)
class Fingerprint:
    """The submitted responses: how many, the latest submission time, the sum of ids."""

    responses: int
    last_submitted: datetime.datetime | None
    ids_total: int


@dataclass(frozen=True)
class Tally:
    """The unfiltered aggregates (by None) of `responses` submitted responses and the ids of
    their municipalities; `path`: KEPT (read from the row), ADDED (the newly submitted
    responses counted and added) or COUNTED (every answer counted); `counted`: the responses
    whose answers this call read."""

    aggregates: selectors.Aggregates
    responses: int
    municipalities: dict[int, int]
    path: str
    counted: int


@dataclass(frozen=True)
class _Figures:
    aggregates: selectors.Aggregates
    municipalities: dict[int, int]


def _fingerprint(survey: Survey) -> Fingerprint:
    """The fingerprint of the survey's submitted responses: one query, from the index of
    submitted responses alone."""
    row = selectors.submitted_responses(survey=survey).aggregate(
        n=Count("id"), last=Max("submitted_at"), ids=Sum("id")
    )
    return Fingerprint(row["n"], row["last"], int(row["ids"] or 0))


@dataclass(frozen=True)
class _Responses:
    """The fingerprint of the submitted responses, the number and id sum of those submitted
    after a time, and their municipalities (id → responses), of all and of the newer."""

    now: Fingerprint
    newer: int
    newer_ids: int
    municipalities: dict[int, int]
    newer_municipalities: dict[int, int]


def _responses(survey: Survey, since: datetime.datetime | None) -> _Responses:
    """One query, a row per municipality, from the index of submitted responses alone."""
    newer = Q(submitted_at__gt=since) if since is not None else Q()
    rows = list(
        selectors.submitted_responses(survey=survey)
        .values("municipality")
        .annotate(
            n=Count("id"),
            last=Max("submitted_at"),
            ids=Sum("id"),
            newer_n=Count("id", filter=newer),
            newer_ids=Sum("id", filter=newer),
        )
        .order_by()
    )
    lasts = [row["last"] for row in rows if row["last"] is not None]
    return _Responses(
        Fingerprint(
            sum(row["n"] for row in rows),
            max(lasts) if lasts else None,
            sum(int(row["ids"] or 0) for row in rows),
        ),
        sum(row["newer_n"] for row in rows),
        sum(int(row["newer_ids"] or 0) for row in rows),
        {row["municipality"]: row["n"] for row in rows if row["municipality"] is not None},
        {
            row["municipality"]: row["newer_n"]
            for row in rows
            if row["municipality"] is not None and row["newer_n"]
        },
    )


def _kept(survey: Survey) -> tuple[Fingerprint, dict[str, Any]] | None:
    row = (
        SurveyTally.objects.filter(survey=survey)
        .values_list("responses", "last_submitted", "ids_total", "data")
        .first()
    )
    return None if row is None else (Fingerprint(*row[:3]), row[3])


def _encode(figures: _Figures) -> dict[str, Any]:
    counted = figures.aggregates
    return {
        "options": [[q, counts] for (q, _none), counts in counted.options.items()],
        "respondents": [[q, n] for (q, _none), n in counted.respondents.items()],
        "numbers": [[q, f.count, str(f.total)] for (q, _none), f in counted.numbers.items()],
        "municipalities": [[pk, n] for pk, n in figures.municipalities.items()],
    }


def _decode(data: dict[str, Any]) -> _Figures:
    return _Figures(
        selectors.Aggregates(
            by=None,
            options={(q, None): dict(counts) for q, counts in data["options"]},
            respondents={(q, None): n for q, n in data["respondents"]},
            numbers={
                (q, None): selectors.NumberFigures(count, Decimal(total))
                for q, count, total in data["numbers"]
            },
        ),
        dict(data["municipalities"]),
    )


def _added(kept: _Figures, new: _Figures) -> _Figures:
    """The figures of two disjoint sets of responses, together."""
    a, b = kept.aggregates, new.aggregates
    options = {cell: dict(counts) for cell, counts in a.options.items()}
    for cell, counts in b.options.items():
        into = options.setdefault(cell, {})
        for option, n in counts.items():
            into[option] = into.get(option, 0) + n
    respondents = dict(a.respondents)
    for cell, n in b.respondents.items():
        respondents[cell] = respondents.get(cell, 0) + n
    numbers = dict(a.numbers)
    for cell, figures in b.numbers.items():
        known = numbers.get(cell, selectors.NumberFigures(0, Decimal(0)))
        numbers[cell] = selectors.NumberFigures(
            known.count + figures.count, known.total + figures.total
        )
    municipalities = dict(kept.municipalities)
    for pk, n in new.municipalities.items():
        municipalities[pk] = municipalities.get(pk, 0) + n
    return _Figures(
        selectors.Aggregates(by=None, options=options, respondents=respondents, numbers=numbers),
        municipalities,
    )


def _answers(survey: Survey, since: datetime.datetime | None) -> selectors.Aggregates:
    """The aggregates of the responses submitted after `since` (all when None)."""
    answers = selectors.submitted_answers(survey=survey)
    if since is not None:
        answers = answers.filter(response__submitted_at__gt=since)
    return selectors.count_answers(answers)


@contextmanager
def _one_state() -> Iterator[bool]:
    """Reads that see one state of the database, in a transaction of their own when there
    is none yet (REPEATABLE READ on PostgreSQL); yields whether they do. Inside the
    caller's transaction they do on SQLite, not on PostgreSQL (READ COMMITTED)."""
    if connection.in_atomic_block or not connection.get_autocommit():
        yield connection.vendor == "sqlite"
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":  # before any read of the transaction
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield connection.vendor in ("postgresql", "sqlite")


@contextmanager
def _own_savepoint() -> Iterator[None]:
    """A failed statement must not end the caller's transaction: a savepoint inside one;
    outside, the statement is a transaction of its own."""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
    else:
        yield


def _store(survey: Survey, replaced: Fingerprint | None, now: Fingerprint, data: Any) -> None:
    """Keep the figures: over the row read (only if it is still that one), or as a new row
    (only if there is none yet), in one statement. Never raises for the database's sake."""
    fields = {
        "responses": now.responses,
        "last_submitted": now.last_submitted,
        "ids_total": now.ids_total,
        "data": data,
        "computed_at": timezone.now(),
    }
    try:
        with _own_savepoint():
            if replaced is None:
                SurveyTally.objects.bulk_create(
                    [SurveyTally(survey=survey, **fields)], ignore_conflicts=True
                )
            else:
                SurveyTally.objects.filter(
                    survey=survey,
                    responses=replaced.responses,
                    last_submitted=replaced.last_submitted,
                    ids_total=replaced.ids_total,
                ).update(**fields)
    except DatabaseError:
        logger.warning("survey %s: its tally was not kept", survey.pk, exc_info=True)


def survey_tally(*, survey: Survey) -> Tally:
    """The survey's unfiltered aggregates and its number of submitted responses: from the
    kept row when it is current (two queries, no answer read), else counted (the new
    responses only, when that is exact) and kept. Not for a purged survey."""
    if survey.purged_at is not None:
        raise ValueError("a purged survey's figures are the kept figures of retention.py")
    kept = _kept(survey)
    if kept is not None:
        now = _fingerprint(survey)
        if kept[0] == now:
            figures = _decode(kept[1])
            return Tally(figures.aggregates, now.responses, figures.municipalities, KEPT, 0)
    with _one_state() as exact:
        path, now, figures = _count_again(survey, kept)
    if path != KEPT and (exact or _fingerprint(survey) == now):
        _store(survey, kept[0] if kept else None, now, _encode(figures))
    counted = {KEPT: 0, ADDED: now.responses - (kept[0].responses if kept else 0)}
    return Tally(
        figures.aggregates,
        now.responses,
        figures.municipalities,
        path,
        counted.get(path, now.responses),
    )


def _count_again(
    survey: Survey, kept: tuple[Fingerprint, dict[str, Any]] | None
) -> tuple[str, Fingerprint, _Figures]:
    """Inside one state of the database: the fingerprint of now and its figures, from the
    kept ones when they still hold (KEPT), by adding the new responses' (ADDED), or counted
    from every answer (COUNTED)."""
    since = kept[0].last_submitted if kept is not None else None
    found = _responses(survey, since)
    now = found.now
    if kept is not None and since is not None:
        old, data = kept
        if old == now:
            return KEPT, now, _decode(data)
        if (
            old.responses + found.newer == now.responses
            and old.ids_total + found.newer_ids == now.ids_total
        ):
            new = _Figures(_answers(survey, since), found.newer_municipalities)
            return ADDED, now, _added(_decode(data), new)
    return COUNTED, now, _Figures(_answers(survey, None), found.municipalities)
