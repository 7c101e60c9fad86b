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

from django.utils.translation import gettext as _

from trinvis.competences.interchange.data import (
    CompetenceData,
    InterchangeError,
    ProfileData,
    RowProblem,
    profile_data,
)
from trinvis.competences.interchange.moodle_format import export_moodle, is_moodle, parse_moodle
from trinvis.competences.interchange.tables import export_csv, export_xlsx, parse_csv, parse_xlsx

__all__ = [
    "FORMATS",
    "CompetenceData",
    "InterchangeError",
    "ProfileData",
    "RowProblem",
    "export",
    "export_csv",
    "export_moodle",
    "export_xlsx",
    "parse_csv",
    "parse_moodle",
    "parse_upload",
    "parse_xlsx",
    "profile_data",
]

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
