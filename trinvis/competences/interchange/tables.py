"""A profile as our own CSV and Excel tables (see the package docstring)."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from trinvis.competences.interchange.data import (
    DANGEROUS_START,
    DEFAULT_HIGH,
    DEFAULT_MEDIUM,
    CompetenceData,
    InterchangeError,
    ProfileData,
    RowProblem,
    as_level,
    as_text,
    category_label,
    category_of,
    check_competence,
    check_profile_fields,
    check_thresholds,
    in_every_language,
)

# --- our table: CSV and Excel ------------------------------------------------------------

FIELD_HEADER = (gettext_lazy("field"), gettext_lazy("value"))
PROFILE_FIELDS: Sequence[tuple[str, str | Promise]] = (
    ("name", gettext_lazy("name")),
    ("id_number", gettext_lazy("ID number")),
    ("applies_to", gettext_lazy("for whom")),
    ("description", gettext_lazy("description")),
    ("strategy_goal", gettext_lazy("strategy and goal")),
    ("vulnerability_high_below", gettext_lazy("high vulnerability below")),
    ("vulnerability_medium_below", gettext_lazy("medium vulnerability below")),
)
COLUMNS: Sequence[tuple[str, str | Promise]] = (
    ("category", gettext_lazy("category")),
    ("id_number", gettext_lazy("ID number")),
    ("name", gettext_lazy("name")),
    ("description", gettext_lazy("description")),
    ("expected_level", gettext_lazy("expected level")),
    ("goal", gettext_lazy("goal")),
)
NUMBER_FIELDS = {"vulnerability_high_below", "vulnerability_medium_below", "expected_level"}


def neutralise(value: str) -> str:
    """A text cell a spreadsheet will not read as a formula (undone by `unneutralise`)."""
    return f"'{value}" if value.startswith(DANGEROUS_START) else value


def unneutralise(value: str) -> str:
    return (
        value[1:] if len(value) > 1 and value[0] == "'" and value[1] in DANGEROUS_START else value
    )


def _profile_rows(data: ProfileData) -> list[list[Any]]:
    return [[str(label), getattr(data, key)] for key, label in PROFILE_FIELDS]


def _competence_rows(data: ProfileData) -> list[list[Any]]:
    return [
        [category_label(c.category), c.id_number, c.name, c.description, c.expected_level, c.goal]
        for c in data.competences
    ]


def export_csv(data: ProfileData) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def write(row: Sequence[Any]) -> None:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in row])

    write([str(label) for label in FIELD_HEADER])
    for row in _profile_rows(data):
        write(row)
    writer.writerow([])
    write([str(label) for _key, label in COLUMNS])
    for row in _competence_rows(data):
        write(row)
    return "\ufeff" + buffer.getvalue()


Row = tuple[int, list[Any]]  # (line or row number, cells)


def _blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _matches(cell: Any, label: str | Promise) -> bool:
    return isinstance(cell, str) and cell.strip().casefold() in in_every_language(label)


def _is_column_header(cells: Sequence[Any]) -> bool:
    return len(cells) >= len(COLUMNS) and all(
        _matches(cell, label) for cell, (_key, label) in zip(cells, COLUMNS, strict=False)
    )


def parse_csv(text: str) -> ProfileData:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, [unneutralise(cell) for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InterchangeError(
            [RowProblem(reader.line_num, _("The file is not valid CSV: %(e)s") % {"e": error})]
        ) from None
    split = next((i for i, (_line, cells) in enumerate(rows) if _is_column_header(cells)), None)
    if split is None:
        raise InterchangeError([RowProblem(None, _missing_header())])
    return _read_table(rows[:split], rows[split + 1 :])


def _missing_header() -> str:
    labels = " | ".join(str(label) for _key, label in COLUMNS)
    return _("No row has the column headers of a competence profile: %(headers)s.") % {
        "headers": labels
    }


def export_xlsx(data: ProfileData) -> bytes:
    book = Workbook()
    table = book.active
    assert table is not None
    table.title = _("Competences")[:31]
    profile_sheet = book.create_sheet(_("Profile")[:31])
    bold = Font(bold=True)
    _append(table, [str(label) for _key, label in COLUMNS])
    for row in _competence_rows(data):
        _append(table, row)
    _append(profile_sheet, [str(label) for label in FIELD_HEADER])
    for row in _profile_rows(data):
        _append(profile_sheet, row)
    for sheet in (table, profile_sheet):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (22, 18, 36, 60, 14, 40), strict=True):
        table.column_dimensions[letter].width = width
    profile_sheet.column_dimensions["A"].width = 28
    profile_sheet.column_dimensions["B"].width = 80
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in table.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, values: Sequence[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS_START):
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True


def _unreadable() -> InterchangeError:
    return InterchangeError(
        [RowProblem(None, _("The file cannot be read as an Excel workbook (.xlsx)."))]
    )


def parse_xlsx(content: bytes) -> ProfileData:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # a hostile or broken zip raises anything from zipfile, zlib, lxml, openpyxl
        raise _unreadable() from None
    try:
        sheets = book.worksheets
        if len(sheets) < 2:
            raise InterchangeError(
                [
                    RowProblem(
                        None,
                        _(
                            "The workbook needs two sheets: the competences first, the "
                            "profile’s fields second."
                        ),
                    )
                ]
            )
        try:
            table = _sheet_rows(sheets[0])
            profile_rows = _sheet_rows(sheets[1])
        except Exception:  # the sheets are only read now: a damaged one fails here
            raise _unreadable() from None
    finally:
        book.close()
    table = [(line, cells) for line, cells in table if not _blank(cells)]
    if not table or not _is_column_header(table[0][1]):
        raise InterchangeError(
            [RowProblem(table[0][0] if table else 1, _missing_header(), str(sheets[0].title))]
        )
    return _read_table(
        profile_rows,
        table[1:],
        profile_sheet=str(sheets[1].title),
        table_sheet=str(sheets[0].title),
    )


def _sheet_rows(sheet: Any) -> list[Row]:
    return [
        (number, ["" if value is None else value for value in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def _read_table(
    profile_rows: list[Row],
    competence_rows: list[Row],
    *,
    profile_sheet: str = "",
    table_sheet: str = "",
) -> ProfileData:
    problems: list[RowProblem] = []
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for line, cells in profile_rows:
        if _blank(cells) or (
            len(cells) >= 2
            and _matches(cells[0], FIELD_HEADER[0])
            and _matches(cells[1], FIELD_HEADER[1])
        ):
            continue
        key = next((k for k, label in PROFILE_FIELDS if _matches(cells[0], label)), None)
        if key is None:
            problems.append(
                RowProblem(
                    line,
                    _("“%(field)s” is not a field of a competence profile.")
                    % {"field": str(cells[0])},
                    profile_sheet,
                )
            )
            continue
        values[key] = cells[1] if len(cells) > 1 else ""
        lines[key] = line
    name = as_text(values.get("name", "")).strip()
    data = ProfileData(
        name=name,
        id_number=as_text(values.get("id_number", "")).strip(),
        applies_to=as_text(values.get("applies_to", "")),
        description=as_text(values.get("description", "")),
        strategy_goal=as_text(values.get("strategy_goal", "")),
    )
    first_line = profile_rows[0][0] if profile_rows else 1
    data.vulnerability_high_below, data.vulnerability_medium_below = check_thresholds(
        values.get("vulnerability_high_below", DEFAULT_HIGH) or DEFAULT_HIGH,
        values.get("vulnerability_medium_below", DEFAULT_MEDIUM) or DEFAULT_MEDIUM,
        line=lines.get(
            "vulnerability_high_below", lines.get("vulnerability_medium_below", first_line)
        ),
        problems=problems,
        sheet=profile_sheet,
    )
    check_profile_fields(
        data, line=lines.get("name", first_line), problems=problems, sheet=profile_sheet
    )
    seen: dict[str, int] = {}
    for line, cells in competence_rows:
        if _blank(cells):
            continue
        cells = [*cells, *[""] * len(COLUMNS)]
        raw_category, id_number, name, description, level, goal = cells[: len(COLUMNS)]
        category = category_of(as_text(raw_category))
        if category is None:
            problems.append(
                RowProblem(
                    line,
                    _(
                        "“%(category)s” is not a category; use professional, social, "
                        "organisational or personal."
                    )
                    % {"category": as_text(raw_category)},
                    table_sheet,
                )
            )
        competence = CompetenceData(
            category=category or "",
            id_number=as_text(id_number).strip(),
            name=as_text(name).strip(),
            description=as_text(description),
            expected_level=as_level(level),
            goal=as_text(goal),
        )
        if competence.id_number in seen:
            problems.append(
                RowProblem(
                    line,
                    _("The ID number %(id)s is also on line %(line)s.")
                    % {"id": competence.id_number, "line": seen[competence.id_number]},
                    table_sheet,
                )
            )
        elif competence.id_number:
            seen[competence.id_number] = line
        check_competence(competence, line=line, problems=problems, sheet=table_sheet)
        data.competences.append(competence)
    if problems:
        raise InterchangeError(problems)
    return data
