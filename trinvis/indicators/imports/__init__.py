"""Importing key figures from files shaped like the public statistics exports (Statistics
Denmark's and Statistics Norway's statistics banks): a municipality number column, a period
column (2024, 2024K3, 2024M05), a value, and optional breakdown columns; CSV or .xlsx.

- core/imports (shared with the survey import): reading the file, the problems, keeping the
  upload between the steps;
- cells.py: one cell read as a value (or no figure), an area, a period or a category;
- columns.py: which column is which, guessed from the headings and remembered per
  organisation, indicator and headings;
- rows.py: a row read as one value, problems by row and column, repeated rows found;
- storing.py: areas and values written a chunk at a time;
- service.py: `values_import_check` (what an import would do) and `values_import` (every
  value stored, or none).

The public names are re-exported here.
"""

from trinvis.core.imports.problems import ImportFailed, Problem
from trinvis.indicators.imports.columns import (
    ColumnMapping,
    guess_mapping,
    remembered_mapping,
    use_label,
)
from trinvis.indicators.imports.service import (
    ImportCheck,
    ImportResult,
    SampleRow,
    values_import,
    values_import_check,
)

__all__ = [
    "ColumnMapping",
    "ImportCheck",
    "ImportFailed",
    "ImportResult",
    "Problem",
    "SampleRow",
    "guess_mapping",
    "remembered_mapping",
    "use_label",
    "values_import",
    "values_import_check",
]
