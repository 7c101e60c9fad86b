"""Checking and importing a statistics export into an indicator: every row read, the whole
file stored or none.

`values_import_check` reads the whole file and says what an import would do (how many
values, how many new and how many updating a stored one, how many rows without a figure,
the first rows as they would be stored, every problem) without storing anything.
`values_import` reads it again and stores it, in one transaction, `CHUNK` values at a time
(storing.py: a fixed number of queries per chunk). As soon as one problem is found nothing
more is written, the rest of the file is still read so that every problem is listed, and
the transaction is rolled back: a file is imported whole or not at all.
"""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.core.imports.reading import FileUnreadable, RowsSource, open_table
from trinvis.indicators.imports.columns import ColumnMapping
from trinvis.indicators.imports.rows import ParsedValue, RowReader
from trinvis.indicators.imports.storing import Areas, count_new, store_chunk
from trinvis.indicators.models import ImportBatch, Indicator
from trinvis.indicators.services import values_changed
from trinvis.organisations.models import Organisation

logger = logging.getLogger(__name__)

CHUNK = 2_000
SAMPLE_ROWS = 8


@dataclass(frozen=True)
class SampleRow:
    """A row of the preview, as it will be stored."""

    row: int
    area_code: str  # "" for the whole country
    area_name: str
    period: str
    breakdown: dict[str, str]
    value: Decimal


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the batch that records it (with its counts) and the rows
    skipped for having no figure."""

    batch: ImportBatch
    skipped: int


@dataclass(frozen=True)
class ImportCheck:
    """What importing the file would do, nothing stored."""

    values: int = 0
    new: int = 0
    skipped: int = 0
    new_areas: int = 0
    sample: list[SampleRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more: int = 0

    @property
    def updated(self) -> int:
        return self.values - self.new

    @property
    def importable(self) -> bool:
        return self.values > 0 and not self.problems


def _chunks(values: Iterator[ParsedValue], reader: RowReader) -> Iterator[list[ParsedValue]]:
    """The values in chunks, none once a problem has been found (the rows are still read,
    for their problems)."""
    chunk: list[ParsedValue] = []
    for value in values:
        if reader.failed:
            continue
        chunk.append(value)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk and not reader.failed:
        yield chunk


def _read(
    rows_source: RowsSource,
    *,
    indicator: Indicator,
    country: str,
    mapping: ColumnMapping,
    each_chunk: Callable[[list[ParsedValue]], None],
) -> RowReader:
    """Read the file through a RowReader, handing each chunk of good values on; raises
    ImportFailed for a file that cannot be read or a mapping that does not fit it."""
    try:
        with open_table(rows_source) as table:
            reader = RowReader(table.headings, mapping, country, list(indicator.breakdowns))
            for chunk in _chunks(reader.values(table), reader):
                each_chunk(chunk)
    except FileUnreadable as error:
        raise ImportFailed([Problem(error.row, "", error.message)]) from None
    if not reader.failed and not reader.rows_read:
        reader.problem(None, "", _("The file has no values below the headings."))
    return reader


def values_import_check(
    *, indicator: Indicator, country: str, rows_source: RowsSource, mapping: ColumnMapping
) -> ImportCheck:
    """Read the whole file as `values_import` would, store nothing, and say what an import
    would do."""
    areas = Areas(country, create=False)
    sample: list[SampleRow] = []
    new = 0

    def look(chunk: list[ParsedValue]) -> None:
        nonlocal new
        areas.resolve(v.area for v in chunk)
        new += count_new(indicator, areas, chunk)
        for v in chunk[: SAMPLE_ROWS - len(sample)]:
            sample.append(
                SampleRow(v.row, v.area.code, v.area.name, v.period.text, v.breakdown, v.value)
            )

    try:
        reader = _read(
            rows_source, indicator=indicator, country=country, mapping=mapping, each_chunk=look
        )
    except ImportFailed as failed:
        return ImportCheck(problems=failed.problems, more=failed.more)
    if reader.failed:
        return ImportCheck(skipped=reader.skipped, problems=reader.problems, more=reader.more)
    return ImportCheck(
        values=reader.rows_read,
        new=new,
        skipped=reader.skipped,
        new_areas=len(areas.new),
        sample=sample,
    )


@transaction.atomic
def values_import(
    *,
    by: Any,
    organisation: Organisation,
    indicator: Indicator,
    country: str,
    source: str,
    file_name: str,
    headings: list[str],
    rows_source: RowsSource,
    mapping: ColumnMapping,
) -> ImportResult:
    """Store every value of a statistics export, or nothing: raises ImportFailed listing
    every problem (row, column heading, message).

    `rows_source`: a path or binary file object of a CSV file or .xlsx workbook (told apart
    by their content). `by` is who imports; checking that they may is the caller's job.
    """
    if country not in Organisation.Country.values:
        raise ImportFailed([Problem(None, "", _("Choose Denmark or Norway."))])
    batch = ImportBatch.objects.create(
        indicator=indicator,
        organisation=organisation,
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        file_name=file_name[:255],
        source=source[:300],
        mapping={**mapping.as_json(headings), "country": country},
    )
    areas = Areas(country, create=True)
    new = 0

    def store(chunk: list[ParsedValue]) -> None:
        nonlocal new
        new += store_chunk(
            indicator=indicator, batch=batch, areas=areas, chunk=chunk, now=batch.imported_at
        )

    reader = _read(
        rows_source, indicator=indicator, country=country, mapping=mapping, each_chunk=store
    )
    if reader.failed:
        raise ImportFailed(reader.problems, reader.more)
    values_changed([indicator.pk])
    batch.rows = reader.rows_read
    batch.created = new
    batch.updated = reader.rows_read - new
    batch.save(update_fields=["rows", "created", "updated"])
    logger.info(
        "key figures imported: indicator %s, %s values (%s new), %s areas new, by user %s",
        indicator.pk,
        batch.rows,
        batch.created,
        len(areas.new),
        getattr(by, "pk", None),
    )
    return ImportResult(batch, reader.skipped)
