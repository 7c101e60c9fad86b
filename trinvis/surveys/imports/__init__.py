"""Importing responses collected with another survey tool: a CSV file or Excel workbook,
one row per respondent, into a survey.

- core/imports/reading.py (shared): the file, streamed row by row, every cell as text;
- columns.py: which column holds which question, option or respondent attribute, guessed
  from the headings and remembered per organisation, questionnaire and headings;
- values.py: one cell read as an answer or attribute, or a translated problem;
- service.py: `responses_import_check` (what an import would do) and `responses_import`
  (all rows stored, or none);
- uploads.py: the uploaded file kept privately between the pages' steps.

The public names are re-exported here.
"""

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.core.imports.reading import FileUnreadable, RowsSource, headings_key
from trinvis.surveys.imports.columns import (
    column_mapping_save,
    guess_columns,
    mapping_digest,
    remembered_columns,
    target_choices,
)
from trinvis.surveys.imports.service import (
    ImportCheck,
    ImportResult,
    responses_import,
    responses_import_check,
)

__all__ = [
    "FileUnreadable",
    "ImportCheck",
    "ImportFailed",
    "ImportResult",
    "Problem",
    "RowsSource",
    "column_mapping_save",
    "guess_columns",
    "headings_key",
    "mapping_digest",
    "remembered_columns",
    "responses_import",
    "responses_import_check",
    "target_choices",
]
