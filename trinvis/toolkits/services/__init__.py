"""Writes for the toolkit engine, by area; import from here.

Worksheet writes live in trinvis/toolkits/worksheets.py with their reads, as one unit.
"""

from trinvis.toolkits.services.runs import RunStepConflict, run_start, run_step_update
from trinvis.toolkits.services.toolkits import (
    CONTENT_DIR,
    LoadReport,
    toolkit_adapt,
    toolkit_create_version,
    toolkit_question_add,
    toolkit_rename,
    toolkit_step_add,
    toolkit_step_rename,
    toolkits_load,
)

__all__ = [
    "CONTENT_DIR",
    "LoadReport",
    "RunStepConflict",
    "run_start",
    "run_step_update",
    "toolkit_adapt",
    "toolkit_create_version",
    "toolkit_question_add",
    "toolkit_rename",
    "toolkit_step_add",
    "toolkit_step_rename",
    "toolkits_load",
]
