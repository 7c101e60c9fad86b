"""Inserting a batch of imported responses and their answers, fast.

Responses go in with `bulk_create` (their ids come back, and any field a later change adds
to Response gets its default). Answers are 40 times as many (4 million for 100,000
respondents × 40 questions), and building a model instance per answer costs more than
the database's work: on PostgreSQL they are streamed with COPY straight from the parsed
values, elsewhere (SQLite in development and tests) inserted with `bulk_create`. Both write
the same columns and values, in the shape services_responses._answer_rows gives them.
"""

import datetime
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

from trinvis.surveys.imports.rows import ParsedRow
from trinvis.surveys.models import Answer, Response

BATCH_ANSWERS = 50_000
# The columns COPY writes: every column of Answer but its id. Checked against the model, so
# a change to Answer falls back to bulk_create rather than writing a wrong row.
ANSWER_COLUMNS = ("response_id", "question_id", "choice", "number", "text")

AnswerRow = tuple[int, int, str, Decimal | None, str]


def store_batch(
    *,
    survey_id: int,
    rows: Sequence[ParsedRow],
    now: datetime.datetime,
    question_ids: Mapping[str, int],
    text_keys: set[str],
) -> int:
    """Insert the rows as submitted, imported responses; returns the answers inserted."""
    # Fields are checked cell by cell before; a full_clean() per row would cost more than
    # the insert itself.
    responses = Response.objects.bulk_create(
        Response(
            survey_id=survey_id, source=Response.Source.IMPORT, submitted_at=now, **row.attributes
        )
        for row in rows
    )
    answers = _answer_rows(responses, rows, question_ids, text_keys)
    if connection.vendor == "postgresql" and _answer_columns() == ANSWER_COLUMNS:
        return _copy(answers)
    count = 0
    batch: list[Answer] = []
    for response_id, question_id, choice, number, text in answers:
        batch.append(
            Answer(
                response_id=response_id,
                question_id=question_id,
                choice=choice,
                number=number,
                text=text,
            )
        )
        if len(batch) >= BATCH_ANSWERS:
            count += len(Answer.objects.bulk_create(batch))
            batch = []
    return count + len(Answer.objects.bulk_create(batch))


def _answer_rows(
    responses: Sequence[Response],
    rows: Sequence[ParsedRow],
    question_ids: Mapping[str, int],
    text_keys: set[str],
) -> Iterator[AnswerRow]:
    for response, row in zip(responses, rows, strict=True):
        response_id = response.pk
        for key, value in row.values.items():
            question_id = question_ids[key]
            if isinstance(value, list):
                for choice in value:
                    yield response_id, question_id, choice, None, ""
            elif isinstance(value, Decimal):
                yield response_id, question_id, "", value, ""
            elif key in text_keys:
                yield response_id, question_id, "", None, value
            else:
                yield response_id, question_id, value, None, ""


def _answer_columns() -> tuple[str, ...]:
    return tuple(
        str(field.column) for field in Answer._meta.concrete_fields if not field.primary_key
    )


def _copy(answers: Iterator[AnswerRow]) -> int:
    count = 0
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ANSWER_COLUMNS)
    cursor: Any
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for answer in answers:
            copy.write_row(answer)
            count += 1
    return count
