"""Worksheets of a run: reading a template with its options, and saving with version checks.

A worksheet's data is {"rows": [{"key": row label key or "", "cells": {column: value}}]}.
Every save names the version it was based on; when someone else saved in between, nothing
is written and `WorksheetConflict` carries both versions so the page can show them side by
side. Each save writes a `WorksheetRevision` with the cells that changed.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation
from trinvis.toolkits import cells
from trinvis.toolkits.localise import pick
from trinvis.toolkits.models import Run, Worksheet, WorksheetRevision
from trinvis.toolkits.selectors import run_people

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    label: str
    texts: dict[str, str]
    options: dict[Any, str] | None = None


@dataclass(frozen=True)
class FixedRow:
    key: str
    label: str
    texts: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    """A worksheet template of a run's toolkit, with its texts in the reader's language."""

    key: str
    template: dict[str, Any]
    title: str
    columns: list[Column]
    fixed_rows: list[FixedRow] | None

    @property
    def is_free(self) -> bool:
        return self.fixed_rows is None

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


@dataclass(frozen=True)
class CellProblem:
    row: int
    row_label: str
    column: str
    column_label: str
    message: str


class TemplateNotInRun(LookupError):
    """The run's toolkit version has no worksheet template with this key."""


class WorksheetInvalid(Exception):
    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__(f"{len(problems)} cells cannot be read")
        self.problems = problems


@dataclass
class WorksheetConflict(Exception):
    """Someone saved between reading and saving: both versions, nothing written."""

    current: Worksheet
    mine: Rows
    theirs: Rows = field(default_factory=list)

    def __str__(self) -> str:
        return f"worksheet changed to version {self.current.version}"


def text_of(texts: Any) -> str:
    return pick(texts, get_language() or "da")[0]


def people_options(*, run: Run) -> dict[Any, str]:
    """The people a person cell may name: those of selectors.run_people, by name."""
    return {user.pk: user.full_name or user.email for user in run_people(run=run)}


def unit_options(*, organisation: Organisation) -> dict[Any, str]:
    units = Organisation.objects.filter(path__startswith=organisation.path).order_by("path")
    return dict(units.values_list("id", "name"))


def sheet_for_run(*, run: Run, template_key: str) -> Sheet:
    """The template with options for this run (people and units of its organisation)."""
    template = run.toolkit.document.get("worksheets", {}).get(template_key)
    if template is None:
        raise TemplateNotInRun(template_key)
    kinds = {column["type"] for column in template["columns"]}
    people = people_options(run=run) if "person" in kinds else {}
    units = unit_options(organisation=run.organisation) if "unit" in kinds else {}
    columns = []
    for column in template["columns"]:
        options: dict[Any, str] | None = None
        if column["type"] == "person":
            options = people
        elif column["type"] == "unit":
            options = units
        elif column["type"] == "status":
            options = {key: str(label) for key, label in cells.STATUS_OPTIONS.items()}
        elif column["type"] == "choice":
            options = {choice["key"]: text_of(choice["label"]) for choice in column["choices"]}
        label = text_of(column["label"])
        columns.append(Column(column["key"], column["type"], label, column["label"], options))
    fixed = None
    if template["rows"] == "fixed":
        fixed = [
            FixedRow(row["key"], text_of(row["label"]), row["label"])
            for row in template["row_labels"]
        ]
    return Sheet(template_key, template, text_of(template["title"]), columns, fixed)


def initial_rows(sheet: Sheet) -> Rows:
    if sheet.fixed_rows is None:
        return []
    return [{"key": row.key, "cells": {}} for row in sheet.fixed_rows]


def worksheet_for_run(*, run: Run, template_key: str, sheet: Sheet) -> Worksheet:
    """The saved worksheet, or an unsaved one (version 0) holding the template's rows."""
    worksheet = (
        Worksheet.objects.select_related("updated_by")
        .filter(run=run, template_key=template_key)
        .first()
    )
    if worksheet is None:
        worksheet = Worksheet(
            run=run, template_key=template_key, data={"rows": initial_rows(sheet)}, version=0
        )
    worksheet.run = run
    return worksheet


def rows_of(worksheet: Worksheet, sheet: Sheet) -> Rows:
    """The rows to show: fixed rows in template order (saved rows of unknown keys after)."""
    saved: Rows = list((worksheet.data or {}).get("rows", []))
    if sheet.fixed_rows is None:
        return [{"key": "", "cells": dict(row.get("cells", {}))} for row in saved]
    by_key = {row.get("key"): row for row in saved}
    known = {row.key for row in sheet.fixed_rows}
    rows = [
        {"key": row.key, "cells": dict(by_key.get(row.key, {}).get("cells", {}))}
        for row in sheet.fixed_rows
    ]
    rows.extend(row for row in saved if row.get("key") not in known)
    return rows


def row_label(sheet: Sheet, key: str, number: int) -> str:
    if sheet.fixed_rows is not None:
        for row in sheet.fixed_rows:
            if row.key == key:
                return row.label
    return _("Row %(number)d") % {"number": number}


def parse_rows(sheet: Sheet, raw_rows: Rows) -> tuple[Rows, list[CellProblem]]:
    """Every cell read with its column type; free rows left empty are dropped.

    A raw row may carry "line", the number to name in problems (a line of a spreadsheet).
    """
    rows: Rows = []
    problems: list[CellProblem] = []
    fixed_keys = {row.key for row in sheet.fixed_rows} if sheet.fixed_rows is not None else None
    for index, raw in enumerate(raw_rows):
        number = raw.get("line", index + 1)
        key = str(raw.get("key") or "")
        if fixed_keys is not None and key not in fixed_keys:
            problems.append(
                CellProblem(number, key, "", "", _("This row is not part of the worksheet."))
            )
            continue
        values: dict[str, Any] = {}
        for column in sheet.columns:
            try:
                value = cells.parse_cell(
                    column.kind, raw.get("cells", {}).get(column.key), options=column.options
                )
            except cells.CellError as error:
                label = row_label(sheet, key, number)
                problems.append(CellProblem(number, label, column.key, column.label, error.message))
                continue
            if value is not None:
                values[column.key] = value
        if fixed_keys is None and not values:
            continue
        rows.append({"key": key if fixed_keys is not None else "", "cells": values})
    return rows, problems


def changes_between(before: Rows, after: Rows) -> list[dict[str, Any]]:
    """The cells that differ, row by row (rows matched by position), as {row, column, …}."""
    changes = []
    empty: dict[str, Any] = {"key": "", "cells": {}}
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else empty
        new = after[index] if index < len(after) else empty
        old_cells: dict[str, Any] = old.get("cells", {})
        new_cells: dict[str, Any] = new.get("cells", {})
        for column in dict.fromkeys([*old_cells, *new_cells]):
            if old_cells.get(column) != new_cells.get(column):
                changes.append(
                    {
                        "row": index + 1,
                        "row_key": new.get("key") or old.get("key") or "",
                        "column": column,
                        "before": old_cells.get(column),
                        "after": new_cells.get(column),
                    }
                )
    return changes


@transaction.atomic
def worksheet_save(
    *, worksheet: Worksheet, rows: Rows, base_version: int, by: Any, source: str = "web"
) -> Worksheet:
    """Check every cell, then save as a new version if nobody saved since `base_version`.

    Raises WorksheetInvalid (nothing saved) or WorksheetConflict (nothing saved; carries the
    current version and the parsed rows of this save).
    """
    sheet = sheet_for_run(run=worksheet.run, template_key=worksheet.template_key)
    parsed, problems = parse_rows(sheet, rows)
    if problems:
        raise WorksheetInvalid(problems)
    if sheet.fixed_rows is not None:
        parsed = _complete_fixed(sheet, parsed)
    if worksheet.pk is None:
        worksheet, _created = Worksheet.objects.get_or_create(
            run=worksheet.run,
            template_key=worksheet.template_key,
            defaults={"data": {"rows": initial_rows(sheet)}, "version": 0},
        )
    # The row lock makes the version check and the write one step on PostgreSQL.
    current = (
        Worksheet.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=worksheet.pk)
    )
    current.run = worksheet.run
    if current.version != base_version:
        raise WorksheetConflict(current=current, mine=parsed, theirs=rows_of(current, sheet))
    changes = changes_between(rows_of(current, sheet), parsed)
    if not changes:
        return current
    current.data = {"rows": parsed}
    current.version += 1
    current.updated_by = by
    current.full_clean(validate_constraints=False)
    current.save(update_fields=["data", "version", "updated_by", "updated_at"])
    revision = WorksheetRevision(
        worksheet=current,
        version=current.version,
        data=current.data,
        changes=changes,
        by=by,
        source=source,
    )
    revision.full_clean(exclude=["worksheet"], validate_constraints=False)
    revision.save()
    return current


def _complete_fixed(sheet: Sheet, rows: Rows) -> Rows:
    """Fixed rows in template order; a row missing from the input keeps no values."""
    by_key = {row["key"]: row for row in rows}
    assert sheet.fixed_rows is not None
    return [by_key.get(row.key, {"key": row.key, "cells": {}}) for row in sheet.fixed_rows]


def revisions_of(*, worksheet: Worksheet) -> QuerySet[WorksheetRevision]:
    if worksheet.pk is None:
        return WorksheetRevision.objects.none()
    return worksheet.revisions.select_related("by").order_by("-version")
