"""Checking and storing a file of responses: every row read, the whole file stored or none.

`responses_import_check` reads the whole file and says what an import would do (how many
responses, the first few as they would be stored, every problem) without storing anything.
`responses_import` reads it again and stores it: in one transaction, in batches of
`BATCH_RESPONSES` responses (bulk inserts, no query per row). As soon as one problem is
found nothing more is inserted, the rest of the file is still read so that every problem
is listed, and the transaction is rolled back: a file is imported whole or not at all.

Answers are stored in the shape the answer form stores them (services_responses.
_answer_rows): one row per chosen option, a number in `number`, a text in `text`, a
Likert point or single choice as its option's name in `choice`. As on submitting in
Trinvis, answers to questions the skip logic hides for that respondent are left out, and
constraints are checked. Required questions are not: the other tool had its own rules,
and a partly answered response still counts as a response.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.core.imports.reading import FileUnreadable, RowsSource, Table, open_table
from trinvis.surveys.imports.rows import TEXT_KINDS, MappedColumn, ParsedRow, RowReader
from trinvis.surveys.imports.storing import store_batch
from trinvis.surveys.models import Survey

logger = logging.getLogger(__name__)

BATCH_RESPONSES = 5_000
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: responses, answer rows, and answers left out because the
    skip logic hides their question for that respondent."""

    responses: int
    answers: int
    hidden: int


@dataclass(frozen=True)
class ImportCheck:
    """What importing the file would do, nothing stored: the rows with answers, the first
    few as they would be stored, and every problem (the first rows.MAX_PROBLEMS listed)."""

    rows: int
    columns: list[MappedColumn]
    sample: list[tuple[int, list[str]]]
    problems: list[Problem]
    more: int = 0
    hidden: int = 0
    skipped: int = 0

    @property
    def importable(self) -> bool:
        return self.rows > 0 and not self.problems


def responses_import_check(
    *, survey: Survey, rows_source: RowsSource, columns: Mapping[str, str]
) -> ImportCheck:
    """Read the whole file as `responses_import` would, store nothing, and say what an
    import would do. `columns`: heading → target (see columns.py)."""
    try:
        with open_table(rows_source) as table:
            reader = RowReader(survey, table.headings, columns)
            sample: list[tuple[int, list[str]]] = []
            for row in reader.rows(table):
                if len(sample) < SAMPLE_ROWS:
                    sample.append((row.number, reader.shown(row)))
            if not reader.rows_read and not reader.problems:
                reader.problem(None, "", _("The file has no rows of answers below the headings."))
            return ImportCheck(
                rows=reader.rows_read,
                columns=reader.mapped_columns(),
                sample=sample,
                problems=reader.problems,
                more=reader.more,
                hidden=reader.hidden,
                skipped=reader.skipped,
            )
    except FileUnreadable as error:
        return ImportCheck(0, [], [], [Problem(error.row, "", error.message)])
    except ImportFailed as failed:
        return ImportCheck(0, [], [], failed.problems, failed.more)


@transaction.atomic
def responses_import(
    *, by: Any, survey: Survey, rows_source: RowsSource, columns: Mapping[str, str]
) -> ImportResult:
    """Store every row of a response file as a submitted, imported response of the survey,
    or nothing: raises ImportFailed listing every problem (row, column heading, message).

    `rows_source`: a path or binary file object of a CSV file or .xlsx workbook (told apart
    by their content). `columns`: heading (as in the file; case and spacing do not matter)
    → "question:<key>", "option:<key>:<option>", "attribute:<name>" or "" (ignored).
    `by` is who imports, for the log; checking that they may is the caller's job.
    """
    purged = (
        Survey.objects.select_for_update()
        .filter(pk=survey.pk)
        .values_list("purged_at", flat=True)
        .first()
    )
    if purged is not None:
        raise ImportFailed(
            [Problem(None, "", _("The answers of this survey have been deleted; it takes none."))]
        )
    try:
        with open_table(rows_source) as table:
            reader = RowReader(survey, table.headings, columns)
            stored = _store_all(survey, reader, table)
    except FileUnreadable as error:
        raise ImportFailed([Problem(error.row, "", error.message)]) from None
    if reader.failed:
        raise ImportFailed(reader.problems, reader.more)
    if not stored.responses:
        raise ImportFailed(
            [Problem(None, "", _("The file has no rows of answers below the headings."))]
        )
    logger.info(
        "responses imported: survey %s, %s responses, %s answers, by user %s",
        survey.pk,
        stored.responses,
        stored.answers,
        getattr(by, "pk", None),
    )
    return stored


def _store_all(survey: Survey, reader: RowReader, table: Table) -> ImportResult:
    """Insert batch by batch while no problem has been found; keep reading after one."""
    now = timezone.now()
    question_ids = {key: q.pk for key, q in reader.questions.items()}
    text_keys = {key for key, q in reader.questions.items() if q.kind in TEXT_KINDS}
    batch: list[ParsedRow] = []
    responses = answers = 0

    def store() -> None:
        nonlocal responses, answers
        answers += store_batch(
            survey_id=survey.pk,
            rows=batch,
            now=now,
            question_ids=question_ids,
            text_keys=text_keys,
        )
        responses += len(batch)
        batch.clear()

    for row in reader.rows(table):
        if reader.failed:
            continue
        batch.append(row)
        if len(batch) >= BATCH_RESPONSES:
            store()
    if batch and not reader.failed:
        store()
    return ImportResult(responses=responses, answers=answers, hidden=reader.hidden)
