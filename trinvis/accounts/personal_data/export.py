"""Everything Trinvis holds about a person, read for their download: one query per source,
however long their logbook, then written as one JSON file or a printed PDF.

The JSON is for machines: every source is a section under its fixed key, present even when
empty, rows keep the stored values (option codes, ISO 8601 dates and times). The PDF is for
people: the same sections with translated headings and options in words.

Both end with the other people's texts that name the person (mentions.py), counted per kind
and not printed: those texts are also about the people who wrote them.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.mentions import MentionLine
from trinvis.accounts.personal_data.registry import Field, Source
from trinvis.accounts.personal_data.sources import REGISTRY
from trinvis.reports.pdf import html_to_pdf

FORMAT = "trinvis-personal-data"
FORMAT_VERSION = 1
# Sections with more rows than this print as paragraphs instead of a table (Section.compact).
COMPACT_FROM = 60
EMPTY = "–"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Stored option → its words, for fields with choices.
    choices: dict[Any, str]


@dataclass(frozen=True)
class Section:
    source: Source
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def title(self) -> str:
        return str(self.source.title)

    @property
    def compact(self) -> bool:
        """Printed as one paragraph per row rather than a table: WeasyPrint lays out a long
        table cell by cell, and a logbook of a thousand entries would take a minute."""
        return len(self.rows) > COMPACT_FROM

    def printed_rows(self) -> list[list[str]]:
        return [[printed(row[c.key], c) for c in self.columns] for row in self.rows]

    def printed_records(self) -> list[str]:
        """Each row as one line of "label: value" pairs, empty values left out."""
        return [
            " · ".join(
                f"{column.label}: {value}"
                for column, value in zip(self.columns, values, strict=True)
                if value != EMPTY
            )
            for values in self.printed_rows()
        ]


def _column(source: Source, field: Field) -> Column:
    model_field = source.model_field(field.lookup) if isinstance(field.lookup, str) else None
    choices = {value: str(words) for value, words in getattr(model_field, "flatchoices", [])}
    return Column(field.key, source.label_of(field), choices)


def _annotation(field: Field) -> str:
    return f"export_{field.key}"


def section_of(source: Source, *, person: User, language: str) -> Section:
    """One source's rows of the person, in one query."""
    paths = [f.lookup for f in source.fields if isinstance(f.lookup, str)]
    expressions = {_annotation(f): f.lookup for f in source.fields if not isinstance(f.lookup, str)}
    stored = source.rows(person).order_by(*source.order_by).values(*paths, **expressions)
    rows = []
    for values in stored:
        row = {}
        for field in source.fields:
            value = values[field.lookup if isinstance(field.lookup, str) else _annotation(field)]
            row[field.key] = field.convert(value, language) if field.convert else value
        rows.append(row)
    columns = tuple(_column(source, field) for field in source.fields)
    return Section(source, columns, rows)


def personal_data(*, person: User, language: str | None = None) -> list[Section]:
    """Every source's section for the person, in the registry's order."""
    language = language or get_language() or ""
    return [section_of(source, person=person, language=language) for source in REGISTRY.sources]


def printed(value: Any, column: Column) -> str:
    """A stored value as a reader sees it in the PDF."""
    if value is None or value == "" or value == []:
        return EMPTY
    if column.choices and not isinstance(value, list | dict) and value in column.choices:
        return column.choices[value]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return ", ".join(printed(item, column) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def personal_data_json(
    *,
    person: User,
    sections: list[Section],
    exported_at: datetime.datetime,
    mentions: Sequence[MentionLine] = (),
) -> bytes:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "person": {"id": person.pk, "email": person.email, "full_name": person.full_name},
        "sections": {
            section.key: {
                "title": section.title,
                "fields": {column.key: column.label for column in section.columns},
                "rows": section.rows,
            }
            for section in sections
        },
        "named_by_others": [
            {"model": line.texts.key, "title": line.texts.title, "count": line.count}
            for line in mentions
        ],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def personal_data_pdf_html(
    *,
    person: User,
    sections: list[Section],
    exported_at: datetime.datetime,
    mentions: Sequence[MentionLine] = (),
) -> str:
    return render_to_string(
        "accounts/personal_data/export_pdf.html",
        {
            "person": person,
            "sections": sections,
            "exported_at": exported_at,
            "mentions": mentions,
        },
    )


def personal_data_pdf(
    *,
    person: User,
    sections: list[Section],
    exported_at: datetime.datetime,
    mentions: Sequence[MentionLine] = (),
) -> bytes:
    html = personal_data_pdf_html(
        person=person, sections=sections, exported_at=exported_at, mentions=mentions
    )
    return html_to_pdf(html, stylesheets=["reports/pdf.css"])
