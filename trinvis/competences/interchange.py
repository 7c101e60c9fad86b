"""Competence profiles in and out of files: Moodle's framework CSV, our CSV and Excel.

All three read into and write from `ProfileData`, a plain copy of a profile and its
competences; `services.profiles.profile_import` saves it. A parser either returns the whole
profile or raises `InterchangeError` with every problem and the line (row) it is on: nothing
is ever half-read.

**Moodle** (`export_moodle` / `parse_moodle`, via `moodle.py`): the framework row is the
profile; the top-level competencies are the four categories, with ID number
"<profile ID number>-<category>" and the category's name; their children are the
competences, the expected level being the lowest scale value marked proficient. On import a
top-level node is a category when its ID number ends in "-<category>" (or is the category
key) or its name is a category's name in English, Danish or Norwegian; anything else, and
any third level, is an error on its line. Moodle has no column for a competence's goal or
for the profile's "for whom", strategy goal and vulnerability thresholds: they travel at the
end of the description, after a blank line, as `[trinvis] {json}` (see `MARKER`); import
takes the last such marker off again and reads the fields from it. The marker is written
only when there is something to carry (or when the text itself contains the marker, so a
description that looks like one still comes back unchanged). The Moodle file is written for
Moodle and keeps every text exactly as it is (no formula neutralising, which Moodle would
import as part of the text); use our CSV or Excel format to open a profile in a spreadsheet.

**CSV** (`export_csv` / `parse_csv`): UTF-8 with a byte-order mark, comma-separated (a file
saved with semicolons by a Danish or Norwegian spreadsheet is read too). A leading block of
two columns, "field | value", holds the profile: name, ID number, for whom, description,
strategy and goal, high vulnerability below, medium vulnerability below. After a blank line
comes one header row, "category | ID number | name | description | expected level | goal",
and one row per competence in order. Headers, field names and categories are written in the
exporter's language and read in English, Danish or Norwegian (a category also by its key,
e.g. "professional"). A blank competence ID number gets one on import.

**Excel** (`export_xlsx` / `parse_xlsx`): the same, with the competence table on the first
sheet and the profile's "field | value" rows on the second.

Formula injection: in a CSV export every text cell that starts with = + - @, a tab, a
carriage return or an apostrophe gets a leading apostrophe, which import takes off again;
in Excel such cells are stored as text (never a formula), marked with Excel's quote prefix.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from trinvis.competences import moodle, scale
from trinvis.competences.models import Category, Competence, Profile

LANGUAGES = ("en", "da", "nb")
MARKER = "\n\n[trinvis] "
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "'")
NAME_LENGTH, ID_LENGTH = 200, 100
DEFAULT_HIGH, DEFAULT_MEDIUM = 2, 3


@dataclass
class CompetenceData:
    category: str
    id_number: str
    name: str
    description: str = ""
    expected_level: int = 3
    goal: str = ""
    # The competence being changed when the profile is edited; None for a new one.
    pk: int | None = None


@dataclass
class ProfileData:
    name: str
    id_number: str = ""
    applies_to: str = ""
    description: str = ""
    strategy_goal: str = ""
    vulnerability_high_below: int = DEFAULT_HIGH
    vulnerability_medium_below: int = DEFAULT_MEDIUM
    competences: list[CompetenceData] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    """One reason a file is refused: its line (CSV) or row (Excel sheet), and what is wrong."""

    line: int | None
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet} " if self.sheet else ""
        return f"{where}{self.line}: {self.message}" if self.line else self.message


class InterchangeError(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def profile_data(profile: Profile, competences: Iterable[Competence]) -> ProfileData:
    """A saved profile as data; pass the competences in order (selectors.profile_competences)."""
    return ProfileData(
        name=profile.name,
        id_number=profile.id_number,
        applies_to=profile.applies_to,
        description=profile.description,
        strategy_goal=profile.strategy_goal,
        vulnerability_high_below=profile.vulnerability_high_below,
        vulnerability_medium_below=profile.vulnerability_medium_below,
        competences=[
            CompetenceData(
                category=c.category,
                id_number=c.id_number,
                name=c.name,
                description=c.description,
                expected_level=c.expected_level,
                goal=c.goal,
                pk=c.pk,
            )
            for c in competences
        ],
    )


# --- words in three languages ------------------------------------------------------------


def _in_every_language(text: str | Promise) -> set[str]:
    words = {str(text).casefold()}
    for language in LANGUAGES:
        with translation.override(language):
            words.add(str(text).casefold())
    return words


def category_of(text: str) -> str | None:
    """The category key for a key or a category name in English, Danish or Norwegian."""
    wanted = text.strip().casefold()
    for category in Category:
        if wanted == category.value or wanted in _in_every_language(category.label):
            return category.value
    return None


def category_label(key: str) -> str:
    return str(Category(key).label)


# --- Moodle ------------------------------------------------------------------------------


def _with_extras(text: str, extras: dict[str, Any]) -> str:
    if not extras and MARKER.strip() not in text:
        return text
    return f"{text}{MARKER}{json.dumps(extras, ensure_ascii=False, sort_keys=True)}"


def _split_extras(text: str) -> tuple[str, dict[str, Any]]:
    at = text.rfind(MARKER)
    if at < 0:
        return text, {}
    try:
        extras = json.loads(text[at + len(MARKER) :])
    except ValueError:
        return text, {}
    if not isinstance(extras, dict):
        return text, {}
    return text[:at], extras


def to_framework(data: ProfileData) -> moodle.Framework:
    extras: dict[str, Any] = {
        key: value
        for key, value in (("applies_to", data.applies_to), ("strategy_goal", data.strategy_goal))
        if value
    }
    if (data.vulnerability_high_below, data.vulnerability_medium_below) != (
        DEFAULT_HIGH,
        DEFAULT_MEDIUM,
    ):
        extras["vulnerability_high_below"] = data.vulnerability_high_below
        extras["vulnerability_medium_below"] = data.vulnerability_medium_below
    scale_values = [str(level.label).replace(",", " ") for level in scale.LEVELS]
    framework = moodle.Framework(
        data.id_number, data.name, _with_extras(data.description, extras), scale_values
    )
    nodes: dict[str, moodle.Competence] = {}
    for competence in data.competences:
        node = nodes.get(competence.category)
        if node is None:
            node = moodle.Competence(
                f"{data.id_number}-{competence.category}", category_label(competence.category)
            )
            nodes[competence.category] = node
            framework.competences.append(node)
        goal = {"goal": competence.goal} if competence.goal else {}
        node.children.append(
            moodle.Competence(
                competence.id_number,
                competence.name,
                _with_extras(competence.description, goal),
                competence.expected_level,
            )
        )
    return framework


def export_moodle(data: ProfileData) -> str:
    return moodle.export_csv(to_framework(data))


def _category_of_node(node: moodle.Competence) -> str | None:
    for category in Category:
        if node.id_number == category.value or node.id_number.endswith(f"-{category.value}"):
            return category.value
    return category_of(node.name)


def from_framework(framework: moodle.Framework) -> ProfileData:
    problems: list[RowProblem] = []
    description, extras = _split_extras(framework.description)
    data = ProfileData(
        name=framework.name,
        id_number=framework.id_number,
        description=description,
        applies_to=str(extras.get("applies_to", "")),
        strategy_goal=str(extras.get("strategy_goal", "")),
    )
    thresholds = _thresholds(
        extras.get("vulnerability_high_below", DEFAULT_HIGH),
        extras.get("vulnerability_medium_below", DEFAULT_MEDIUM),
        line=framework.line,
        problems=problems,
    )
    data.vulnerability_high_below, data.vulnerability_medium_below = thresholds
    _check_profile_fields(data, line=framework.line, problems=problems)
    for top in framework.competences:
        category = _category_of_node(top)
        if category is None:
            problems.append(
                RowProblem(
                    top.line,
                    _(
                        "“%(name)s” is at the top level but is not one of the four categories "
                        "(professional, social, organisational, personal)."
                    )
                    % {"name": top.name},
                )
            )
            continue
        for node in top.children:
            for grandchild in _descendants(node.children):
                problems.append(
                    RowProblem(
                        grandchild.line,
                        _(
                            "“%(name)s” is on a third level; Trinvis reads categories and the "
                            "competences directly below them."
                        )
                        % {"name": grandchild.name},
                    )
                )
            text, goal = _split_extras(node.description)
            competence = CompetenceData(
                category=category,
                id_number=node.id_number,
                name=node.name,
                description=text,
                expected_level=node.expected_level or 0,
                goal=str(goal.get("goal", "")),
            )
            if node.expected_level is None:
                problems.append(
                    RowProblem(
                        node.line,
                        _(
                            "“%(name)s” has no expected level: mark the lowest proficient value "
                            "of its scale."
                        )
                        % {"name": node.name},
                    )
                )
            _check_competence(competence, line=node.line, problems=problems)
            data.competences.append(competence)
    if problems:
        raise InterchangeError(sorted(problems, key=lambda p: p.line or 0))
    return data


def _descendants(nodes: list[moodle.Competence]) -> Iterable[moodle.Competence]:
    for node in nodes:
        yield node
        yield from _descendants(node.children)


def parse_moodle(text: str) -> ProfileData:
    try:
        framework = moodle.parse_csv(text)
    except moodle.MoodleImportError as error:
        raise InterchangeError(
            [RowProblem(line, message) for line, message in error.problems]
        ) from None
    return from_framework(framework)


def is_moodle(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith(moodle.HEADERS[0]) and moodle.HEADERS[2] in first


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
    return isinstance(cell, str) and cell.strip().casefold() in _in_every_language(label)


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


def parse_xlsx(content: bytes) -> ProfileData:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InterchangeError(
            [RowProblem(None, _("The file cannot be read as an Excel workbook (.xlsx)."))]
        ) from None
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
        table = _sheet_rows(sheets[0])
        profile_rows = _sheet_rows(sheets[1])
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
    name = _text(values.get("name", "")).strip()
    data = ProfileData(
        name=name,
        id_number=_text(values.get("id_number", "")).strip(),
        applies_to=_text(values.get("applies_to", "")),
        description=_text(values.get("description", "")),
        strategy_goal=_text(values.get("strategy_goal", "")),
    )
    first_line = profile_rows[0][0] if profile_rows else 1
    data.vulnerability_high_below, data.vulnerability_medium_below = _thresholds(
        values.get("vulnerability_high_below", DEFAULT_HIGH) or DEFAULT_HIGH,
        values.get("vulnerability_medium_below", DEFAULT_MEDIUM) or DEFAULT_MEDIUM,
        line=lines.get(
            "vulnerability_high_below", lines.get("vulnerability_medium_below", first_line)
        ),
        problems=problems,
        sheet=profile_sheet,
    )
    _check_profile_fields(
        data, line=lines.get("name", first_line), problems=problems, sheet=profile_sheet
    )
    seen: dict[str, int] = {}
    for line, cells in competence_rows:
        if _blank(cells):
            continue
        cells = [*cells, *[""] * len(COLUMNS)]
        raw_category, id_number, name, description, level, goal = cells[: len(COLUMNS)]
        category = category_of(_text(raw_category))
        if category is None:
            problems.append(
                RowProblem(
                    line,
                    _(
                        "“%(category)s” is not a category; use professional, social, "
                        "organisational or personal."
                    )
                    % {"category": _text(raw_category)},
                    table_sheet,
                )
            )
        competence = CompetenceData(
            category=category or "",
            id_number=_text(id_number).strip(),
            name=_text(name).strip(),
            description=_text(description),
            expected_level=_level(level),
            goal=_text(goal),
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
        _check_competence(competence, line=line, problems=problems, sheet=table_sheet)
        data.competences.append(competence)
    if problems:
        raise InterchangeError(problems)
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _level(value: Any) -> int:
    """A whole number, or 0 (off the scale) for anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else 0
    text = str(value).strip()
    return int(text) if text.isdigit() else 0


def _thresholds(
    high: Any, medium: Any, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> tuple[int, int]:
    high_value, medium_value = _level(high), _level(medium)
    if high_value < 1 or medium_value < 1 or high_value > medium_value:
        problems.append(
            RowProblem(
                line,
                _(
                    "The vulnerability thresholds must be whole numbers with 1 ≤ high ≤ medium "
                    "(got %(high)s and %(medium)s)."
                )
                % {"high": high, "medium": medium},
                sheet,
            )
        )
        return DEFAULT_HIGH, DEFAULT_MEDIUM
    return high_value, medium_value


def _check_profile_fields(
    data: ProfileData, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> None:
    if not data.name:
        problems.append(RowProblem(line, _("The profile needs a name."), sheet))
    elif len(data.name) > NAME_LENGTH:
        problems.append(
            RowProblem(line, _("The profile’s name is longer than 200 characters."), sheet)
        )
    if len(data.id_number) > ID_LENGTH:
        problems.append(
            RowProblem(line, _("The profile’s ID number is longer than 100 characters."), sheet)
        )
    if len(data.applies_to) > NAME_LENGTH:
        problems.append(RowProblem(line, _("“For whom” is longer than 200 characters."), sheet))


def _check_competence(
    competence: CompetenceData, *, line: int, problems: list[RowProblem], sheet: str = ""
) -> None:
    add: Callable[[str], None] = lambda message: problems.append(  # noqa: E731
        RowProblem(line, message, sheet)
    )
    if not competence.name:
        add(_("The competence needs a name."))
    elif len(competence.name) > NAME_LENGTH:
        add(_("The competence’s name is longer than 200 characters."))
    if len(competence.id_number) > ID_LENGTH:
        add(_("The ID number is longer than 100 characters."))
    if competence.expected_level not in range(1, 6):
        add(_("The expected level must be a whole number from 1 to 5."))


# --- choosing the format -----------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("moodle", "csv", "xlsx")


def parse_upload(content: bytes) -> tuple[str, ProfileData]:
    """(format, profile) of an uploaded file: an Excel workbook, a Moodle CSV or our CSV."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx", parse_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(
            [RowProblem(None, _("The file is not UTF-8 text; save the CSV file as UTF-8."))]
        ) from None
    if is_moodle(text):
        return "moodle", parse_moodle(text)
    return "csv", parse_csv(text)


def export(data: ProfileData, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file extension) of the profile in one of FORMATS."""
    if fmt == "moodle":
        return export_moodle(data).encode("utf-8"), "text/csv; charset=utf-8", "csv"
    if fmt == "csv":
        return export_csv(data).encode("utf-8"), "text/csv; charset=utf-8", "csv"
    if fmt == "xlsx":
        return export_xlsx(data), XLSX_TYPE, "xlsx"
    raise ValueError(fmt)
