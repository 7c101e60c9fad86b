"""JSON API of the toolkit engine: toolkits, runs, their steps and worksheets.

Thin handlers: access through `access.py`, reads through `selectors.py`, writes through the
same services as the pages (`run_step_update`, `worksheet_save`), so the rules and version
checks are the pages' rules. Texts of the content come as stored: {da, nb, en} maps.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from trinvis.toolkits import selectors, services
from trinvis.toolkits.access import run_get_for_user, toolkit_get_for_user
from trinvis.toolkits.models import Run, Toolkit
from trinvis.toolkits.worksheets import (
    Sheet,
    TemplateNotInRun,
    WorksheetConflict,
    WorksheetInvalid,
    rows_of,
    sheet_for_run,
    worksheet_for_run,
    worksheet_save,
)

router = Router(tags=["toolkits"])

Texts = dict[str, str]
StepStatus = Literal["not_started", "in_progress", "done", "skipped"]


# --- schemas ---------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class ToolkitOut(Schema):
    id: int
    slug: str
    version: int
    title: Texts
    summary: Texts
    organisation_id: int | None


class StepContentOut(Schema):
    key: str
    title: Texts
    purpose: Texts
    worksheets: list[str]


class PhaseOut(Schema):
    key: str
    title: Texts
    steps: list[StepContentOut]


class ColumnOut(Schema):
    key: str
    type: str
    label: Texts


class WorksheetTemplateOut(Schema):
    key: str
    title: Texts
    rows: Literal["free", "fixed"]
    columns: list[ColumnOut]


class ToolkitDetailOut(ToolkitOut):
    phases: list[PhaseOut]
    worksheets: list[WorksheetTemplateOut]


class ProgressOut(Schema):
    steps: int
    settled: int  # done or skipped


class RunOut(Schema):
    id: int
    title: str
    organisation_id: int
    toolkit_id: int
    start_date: datetime.date
    target_date: datetime.date | None
    progress: ProgressOut


class RunStepOut(Schema):
    key: str
    position: int
    status: StepStatus
    skip_reason: str
    owner_id: int | None
    due_date: datetime.date | None
    notes: str
    version: int


class RunDetailOut(RunOut):
    steps: list[RunStepOut]


class RunStepPatch(Schema):
    """The fields to change; a field left out keeps its value. `version` is the one read."""

    version: int
    status: StepStatus | None = None
    skip_reason: str | None = None
    owner_id: int | None = None
    due_date: datetime.date | None = None
    notes: str | None = None


class RunStepRefused(Schema):
    detail: str
    errors: dict[str, list[str]]


class RunStepConflictOut(Schema):
    detail: str
    current: RunStepOut


class Row(Schema):
    key: str = ""
    cells: dict[str, Any]


class WorksheetOut(Schema):
    template_key: str
    version: int
    rows: list[Row]


class WorksheetIn(Schema):
    base_version: int
    rows: list[Row]


class CellProblemOut(Schema):
    row: int
    row_label: str
    column: str
    column_label: str
    message: str


class WorksheetRefused(Schema):
    detail: str
    problems: list[CellProblemOut]


class WorksheetConflictOut(Schema):
    detail: str
    version: int
    rows: list[Row]


# --- shaping ---------------------------------------------------------------------------------


def _toolkit_detail(toolkit: Toolkit) -> dict[str, Any]:
    document = toolkit.document
    return {
        "id": toolkit.pk,
        "slug": toolkit.slug,
        "version": toolkit.version,
        "title": toolkit.title,
        "summary": toolkit.summary,
        "organisation_id": toolkit.organisation_id,
        "phases": [
            {
                "key": phase["key"],
                "title": phase["title"],
                "steps": [
                    {
                        "key": step["key"],
                        "title": step["title"],
                        "purpose": step.get("purpose", {}),
                        "worksheets": step.get("worksheets", []),
                    }
                    for step in phase["steps"]
                ],
            }
            for phase in document["phases"]
        ],
        "worksheets": [
            {
                "key": key,
                "title": template["title"],
                "rows": template["rows"],
                "columns": [
                    {"key": column["key"], "type": column["type"], "label": column["label"]}
                    for column in template["columns"]
                ],
            }
            for key, template in document.get("worksheets", {}).items()
        ],
    }


def _run(run: Run, *, steps: int, settled: int) -> dict[str, Any]:
    return {
        "id": run.pk,
        "title": run.title,
        "organisation_id": run.organisation_id,
        "toolkit_id": run.toolkit_id,
        "start_date": run.start_date,
        "target_date": run.target_date,
        "progress": {"steps": steps, "settled": settled},
    }


def _sheet(run: Run, template_key: str) -> Sheet:
    try:
        return sheet_for_run(run=run, template_key=template_key)
    except TemplateNotInRun:
        raise Http404 from None


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(message) for message in error.messages]}


# --- toolkits --------------------------------------------------------------------------------


@router.get("/toolkits", response=list[ToolkitOut], url_name="toolkit_list")
def toolkit_list(request: HttpRequest) -> Any:
    return selectors.toolkits_for_api(user=request.user)


@router.get("/toolkits/{int:toolkit_id}", response=ToolkitDetailOut, url_name="toolkit_detail")
def toolkit_detail(request: HttpRequest, toolkit_id: int) -> Any:
    return _toolkit_detail(toolkit_get_for_user(user=request.user, pk=toolkit_id))


# --- runs ------------------------------------------------------------------------------------


@router.get("/runs", response=list[RunOut], url_name="run_list")
def run_list(request: HttpRequest) -> Any:
    return [
        _run(run, steps=run.steps_total, settled=run.steps_settled)  # type: ignore[attr-defined]
        for run in selectors.runs_for_api(user=request.user)
    ]


@router.get("/runs/{int:run_id}", response=RunDetailOut, url_name="run_detail")
def run_detail(request: HttpRequest, run_id: int) -> Any:
    run = run_get_for_user(user=request.user, pk=run_id)
    steps = selectors.run_steps_for_api(run=run)
    settled = sum(1 for step in steps if step.is_settled)
    return {**_run(run, steps=len(steps), settled=settled), "steps": steps}


@router.patch(
    "/runs/{int:run_id}/steps/{key}",
    response={
        200: RunStepOut,
        400: RunStepRefused,
        403: Message,
        404: Message,
        409: RunStepConflictOut,
    },
    url_name="run_step",
)
def run_step_update(request: HttpRequest, run_id: int, key: str, payload: RunStepPatch) -> Any:
    run = run_get_for_user(user=request.user, pk=run_id, write=True)
    step = selectors.run_step_for_api(run=run, key=key)
    if step is None:
        raise Http404
    changes = payload.model_dump(exclude_unset=True)

    def given(name: str, current: Any) -> Any:
        value = changes.get(name)
        return current if value is None else value

    owner = step.owner
    if changes.get("owner_id") is not None:
        owner = selectors.run_member(run=run, pk=changes["owner_id"])
        if owner is None:
            # The service's own message: it checks the same list of people.
            message = _(
                "The owner must be the run’s responsible person, a participant or a leader of "
                "the organisation."
            )
            return Status(400, {"detail": message, "errors": {"owner_id": [message]}})
    elif "owner_id" in changes:
        owner = None
    try:
        saved = services.run_step_update(
            step=step,
            version=payload.version,
            status=given("status", step.status),
            owner=owner,
            due_date=changes.get("due_date", step.due_date),
            notes=given("notes", step.notes),
            skip_reason=given("skip_reason", step.skip_reason),
            reflection_answers=step.reflection_answers,
            by=request.user,  # type: ignore[arg-type]
        )
    except services.RunStepConflict as conflict:
        detail = _("Someone else saved this step meanwhile. Nothing was changed.")
        return Status(409, {"detail": detail, "current": conflict.current})
    except ValidationError as error:
        return Status(400, {"detail": _("The step was not saved."), "errors": _messages(error)})
    return Status(200, saved)


# --- worksheets ------------------------------------------------------------------------------


@router.get(
    "/runs/{int:run_id}/worksheets/{template_key}",
    response={200: WorksheetOut, 404: Message},
    url_name="worksheet",
)
def worksheet_read(request: HttpRequest, run_id: int, template_key: str) -> Any:
    run = run_get_for_user(user=request.user, pk=run_id)
    sheet = _sheet(run, template_key)
    worksheet = worksheet_for_run(run=run, template_key=template_key, sheet=sheet)
    return {
        "template_key": template_key,
        "version": worksheet.version,
        "rows": rows_of(worksheet, sheet),
    }


@router.put(
    "/runs/{int:run_id}/worksheets/{template_key}",
    response={
        200: WorksheetOut,
        403: Message,
        404: Message,
        409: WorksheetConflictOut,
        422: WorksheetRefused,
    },
    url_name="worksheet",
)
def worksheet_write(
    request: HttpRequest, run_id: int, template_key: str, payload: WorksheetIn
) -> Any:
    run = run_get_for_user(user=request.user, pk=run_id, write=True)
    sheet = _sheet(run, template_key)
    worksheet = worksheet_for_run(run=run, template_key=template_key, sheet=sheet)
    try:
        saved = worksheet_save(
            worksheet=worksheet,
            rows=[row.model_dump() for row in payload.rows],
            base_version=payload.base_version,
            by=request.user,
            source="api",
        )
    except WorksheetInvalid as invalid:
        detail = _("Some cells cannot be read. Nothing was saved.")
        return Status(422, {"detail": detail, "problems": invalid.problems})
    except WorksheetConflict as conflict:
        detail = _("Someone else saved this worksheet meanwhile. Nothing was saved.")
        return Status(
            409, {"detail": detail, "version": conflict.current.version, "rows": conflict.theirs}
        )
    return Status(
        200,
        {
            "template_key": template_key,
            "version": saved.version,
            "rows": rows_of(saved, sheet),
        },
    )
