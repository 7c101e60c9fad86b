"""Worksheet pages: edit in the browser, history, print, PDF, Excel out and back in."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.uploads import WORKBOOK, upload_check
from trinvis.reports.pdf import html_to_pdf
from trinvis.toolkits import cells, spreadsheets
from trinvis.toolkits.access import may_edit_run, run_get_for_user
from trinvis.toolkits.models import Run, Worksheet
from trinvis.toolkits.registry import live_view_for
from trinvis.toolkits.worksheets import (
    CellProblem,
    Rows,
    Sheet,
    TemplateNotInRun,
    WorksheetConflict,
    WorksheetInvalid,
    revisions_of,
    row_label,
    rows_of,
    sheet_for_run,
    worksheet_for_run,
    worksheet_save,
)

MAX_ROWS = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINT_BLANK_ROWS = 10


class WorksheetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("A workbook exported from this worksheet and filled in."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self) -> Any:
        return upload_check(self.cleaned_data["file"], extensions=WORKBOOK)


def _load(
    request: AuthenticatedRequest, run_pk: int, template_key: str, *, write: bool = False
) -> tuple[Run, Sheet, Worksheet]:
    run = run_get_for_user(user=request.user, pk=run_pk, write=write)
    try:
        sheet = sheet_for_run(run=run, template_key=template_key)
    except TemplateNotInRun:
        raise Http404 from None
    return run, sheet, worksheet_for_run(run=run, template_key=template_key, sheet=sheet)


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


def _grid(
    sheet: Sheet,
    rows: Rows,
    *,
    problems: list[CellProblem] = (),  # type: ignore[assignment]
    theirs: Rows | None = None,
) -> list[dict[str, Any]]:
    """Rows of cells with everything an input needs: name, id, value, error, their value."""
    errors = {(problem.row, problem.column): problem.message for problem in problems}
    grid = []
    for index, row in enumerate(rows):
        number = index + 1
        label = row_label(sheet, row.get("key", ""), number)
        their_cells = theirs[index]["cells"] if theirs is not None and index < len(theirs) else {}
        row_cells = []
        for column in sheet.columns:
            options = column.options or {}
            value = row.get("cells", {}).get(column.key)
            name = f"r{index}-{column.key}"
            their = their_cells.get(column.key)
            differs = theirs is not None and _raw(their) != _raw(value)
            row_cells.append(
                {
                    "column": column,
                    "name": name,
                    "id": f"cell-{name}",
                    "value": _raw(value),
                    "error": errors.get((number, column.key)),
                    "conflict": differs,
                    "their_value": _raw(their),
                    "their_display": cells.format_cell(column.kind, their, options=column.options),
                    "display": cells.format_cell(column.kind, value, options=column.options),
                    "options": [(str(key), str(text)) for key, text in options.items()],
                    "bounds": cells.SCALES.get(column.kind),
                }
            )
        grid.append({"index": index, "number": number, "label": label, "cells": row_cells})
    return grid


def _posted_rows(post: QueryDict, sheet: Sheet) -> Rows:
    if sheet.fixed_rows is not None:
        keys = [row.key for row in sheet.fixed_rows]
    else:
        try:
            count = min(max(int(post.get("row_count", "0")), 0), MAX_ROWS)
        except ValueError:
            count = 0
        keys = [""] * count
    rows = []
    for index, key in enumerate(keys):
        row_cells = {}
        for column in sheet.columns:
            name = f"r{index}-{column.key}"
            taken = post.get(f"take-{name}")
            row_cells[column.key] = post.get(f"theirs-{name}" if taken else name, "")
        rows.append({"key": key, "cells": row_cells})
    return rows


def _conflict_page(
    request: AuthenticatedRequest, run: Run, sheet: Sheet, conflict: WorksheetConflict
) -> HttpResponse:
    """Someone saved in between: show both versions; the next save builds on theirs."""
    return _page(
        request,
        run,
        sheet,
        conflict.current,
        rows=conflict.mine,
        base_version=conflict.current.version,
        conflict=conflict,
        status=409,
    )


def _page(
    request: AuthenticatedRequest,
    run: Run,
    sheet: Sheet,
    worksheet: Worksheet,
    *,
    rows: Rows,
    base_version: int,
    problems: list[CellProblem] = (),  # type: ignore[assignment]
    conflict: WorksheetConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    may_edit = may_edit_run(user=request.user, run=run)
    context = {
        "run": run,
        "sheet": sheet,
        "worksheet": worksheet,
        "may_edit": may_edit,
        "base_version": base_version,
        "problems": problems,
        "conflict": conflict,
        "grid": _grid(sheet, rows, problems=problems, theirs=conflict.theirs if conflict else None),
        "description": sheet.template.get("description"),
    }
    return render(request, "toolkits/worksheets/worksheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def worksheet(request: AuthenticatedRequest, run_pk: int, template_key: str) -> HttpResponse:
    write = request.method == "POST"
    run, sheet, worksheet = _load(request, run_pk, template_key, write=write)
    provider = live_view_for(template_key)
    if provider is not None:
        template_name, context = provider(run, request)
        return render(request, template_name, {"run": run, "sheet": sheet, **context})
    if not write:
        rows = rows_of(worksheet, sheet)
        if sheet.is_free and may_edit_run(user=request.user, run=run):
            rows.append({"key": "", "cells": {}})
        return _page(request, run, sheet, worksheet, rows=rows, base_version=worksheet.version)
    rows = _posted_rows(request.POST, sheet)
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = -1
    action = request.POST.get("action", "save")
    if sheet.is_free and action == "add_row":
        rows.append({"key": "", "cells": {}})
        return _page(request, run, sheet, worksheet, rows=rows, base_version=base_version)
    if sheet.is_free and action.startswith("remove-"):
        index = action.removeprefix("remove-")
        rows = [row for i, row in enumerate(rows) if str(i) != index]
        return _page(request, run, sheet, worksheet, rows=rows, base_version=base_version)
    return _save(request, run, sheet, worksheet, rows=rows, base_version=base_version, source="web")


def _save(
    request: AuthenticatedRequest,
    run: Run,
    sheet: Sheet,
    worksheet: Worksheet,
    *,
    rows: Rows,
    base_version: int,
    source: str,
) -> HttpResponse:
    try:
        worksheet_save(
            worksheet=worksheet,
            rows=rows,
            base_version=base_version,
            by=request.user,
            source=source,
        )
    except WorksheetInvalid as invalid:
        return _page(
            request,
            run,
            sheet,
            worksheet,
            rows=rows,
            base_version=base_version,
            problems=invalid.problems,
        )
    except WorksheetConflict as conflict:
        return _conflict_page(request, run, sheet, conflict)
    messages.success(request, _("The worksheet is saved."))
    return redirect("toolkits:worksheet", run_pk=run.pk, template_key=sheet.key)


@login_required
@require_GET
def worksheet_history(
    request: AuthenticatedRequest, run_pk: int, template_key: str
) -> HttpResponse:
    run, sheet, worksheet = _load(request, run_pk, template_key)
    revisions = revisions_of(worksheet=worksheet)
    page = Paginator(revisions, 25).get_page(request.GET.get("page"))
    entries = []
    for revision in page:
        changes = []
        for change in revision.changes:
            column = sheet.column(change.get("column", ""))
            kind, options = (column.kind, column.options) if column else ("text", None)
            changes.append(
                {
                    "row": row_label(sheet, change.get("row_key", ""), change.get("row", 0)),
                    "column": column.label if column else change.get("column"),
                    "before": cells.format_cell(kind, change.get("before"), options=options),
                    "after": cells.format_cell(kind, change.get("after"), options=options),
                }
            )
        entries.append({"revision": revision, "changes": changes})
    context = {"run": run, "sheet": sheet, "worksheet": worksheet, "page": page, "entries": entries}
    return render(request, "toolkits/worksheets/history.html", context)


def _print_context(request: AuthenticatedRequest, run_pk: int, template_key: str) -> dict[str, Any]:
    run, sheet, worksheet = _load(request, run_pk, template_key)
    rows = rows_of(worksheet, sheet)
    if sheet.is_free:
        rows += [{"key": "", "cells": {}}] * PRINT_BLANK_ROWS
    return {
        "run": run,
        "sheet": sheet,
        "worksheet": worksheet,
        "grid": _grid(sheet, rows),
        "description": sheet.template.get("description"),
        "printed_at": timezone.localtime(),
    }


@login_required
@require_GET
def worksheet_print(request: AuthenticatedRequest, run_pk: int, template_key: str) -> HttpResponse:
    context = _print_context(request, run_pk, template_key)
    return render(request, "toolkits/worksheets/print.html", {**context, "for_screen": True})


@login_required
@require_GET
def worksheet_pdf(request: AuthenticatedRequest, run_pk: int, template_key: str) -> HttpResponse:
    context = _print_context(request, run_pk, template_key)
    html = render_to_string("toolkits/worksheets/print.html", context, request=request)
    # The same stylesheet as the print page, given to WeasyPrint directly: no fetching.
    pdf = html_to_pdf(html, stylesheets=["toolkits/worksheet_print.css"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "pdf")}"'
    return response


def _filename(context: dict[str, Any], extension: str) -> str:
    name = slugify(context["sheet"].title) or context["sheet"].key
    return f"{name}-{context['run'].pk}-v{context['worksheet'].version}.{extension}"


@login_required
@require_GET
def worksheet_xlsx(request: AuthenticatedRequest, run_pk: int, template_key: str) -> HttpResponse:
    run, sheet, worksheet = _load(request, run_pk, template_key)
    content = spreadsheets.workbook_export(
        sheet=sheet, rows=rows_of(worksheet, sheet), run_pk=run.pk, version=worksheet.version
    )
    response = HttpResponse(
        content,
        content_type=XLSX_TYPE,
    )
    filename = _filename({"sheet": sheet, "run": run, "worksheet": worksheet}, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def worksheet_import(request: AuthenticatedRequest, run_pk: int, template_key: str) -> HttpResponse:
    run, sheet, worksheet = _load(request, run_pk, template_key, write=True)
    form = WorksheetImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int | None, str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, version = spreadsheets.workbook_read(
                data=form.cleaned_data["file"].read(), sheet=sheet, run_pk=run.pk
            )
            worksheet_save(
                worksheet=worksheet,
                rows=rows,
                base_version=version,
                by=request.user,
                source="excel",
            )
        except spreadsheets.ImportFailed as failure:
            errors = failure.errors
        except WorksheetInvalid as invalid:
            errors = [(p.row, p.column_label, p.message) for p in invalid.problems]
        except WorksheetConflict as conflict:
            return _conflict_page(request, run, sheet, conflict)
        else:
            messages.success(request, _("The workbook is imported and the worksheet saved."))
            return redirect("toolkits:worksheet", run_pk=run.pk, template_key=sheet.key)
    context = {"run": run, "sheet": sheet, "worksheet": worksheet, "form": form, "errors": errors}
    return render(request, "toolkits/worksheets/import.html", context)
