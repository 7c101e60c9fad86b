"""Importing responses collected elsewhere: upload a file, say which column is which, check
the preview, confirm. Only those who manage the survey (403 for readers, 404 for others).

The uploaded file waits between the steps in private storage under a random token bound to
the user and the survey (imports/uploads.py); the column mapping is remembered as soon as it
is chosen (per organisation, questionnaire and headings), so a file of the same shape goes
straight from the upload to the preview, and a corrected file needs no new mapping.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.surveys import selectors
from trinvis.surveys.access import survey_get_for_user
from trinvis.surveys.forms_imports import ColumnMappingForm, ImportConfirmForm, ResponseFileForm
from trinvis.surveys.imports import (
    FileUnreadable,
    ImportCheck,
    ImportFailed,
    column_mapping_save,
    guess_columns,
    mapping_digest,
    remembered_columns,
    responses_import,
    responses_import_check,
    target_choices,
)
from trinvis.surveys.imports.uploads import Upload, upload_delete, upload_get, upload_store
from trinvis.surveys.models import Survey

STEPS = ("upload", "columns", "check")


def _steps(current: str, survey: Survey, upload: Upload | None = None) -> list[dict[str, Any]]:
    labels = {"upload": _("Upload"), "columns": _("Columns"), "check": _("Check and import")}
    urls = {"upload": reverse("surveys:response_import", args=[survey.pk])}
    if upload is not None:
        urls["columns"] = reverse("surveys:response_import_columns", args=[survey.pk, upload.token])
    at = STEPS.index(current)
    return [
        {
            "label": labels[step],
            "status": "done" if index < at else "current" if index == at else "todo",
            "url": urls.get(step, "") if index < at else "",
        }
        for index, step in enumerate(STEPS)
    ]


def _survey_and_upload(request: AuthenticatedRequest, pk: int, token: str) -> tuple[Survey, Upload]:
    survey = survey_get_for_user(user=request.user, pk=pk, write=True)
    upload = upload_get(user=request.user, survey=survey, token=token)
    if upload is None or survey.purged_at is not None:
        raise Http404
    return survey, upload


@login_required
@require_http_methods(["GET", "POST"])
def response_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, pk=pk, write=True)
    posted = request.method == "POST"
    form = ResponseFileForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and survey.purged_at is None and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = upload_store(
                user=request.user, survey=survey, chunks=file.chunks(), name=file.name
            )
        except FileUnreadable as error:
            form.add_error("file", error.message)
        else:
            if remembered_columns(survey=survey, headings=upload.headings) is not None:
                messages.info(
                    request, _("The columns are used as the last time a file had these headings.")
                )
                return redirect("surveys:response_import_check", pk=survey.pk, token=upload.token)
            return redirect("surveys:response_import_columns", pk=survey.pk, token=upload.token)
    context = {"survey": survey, "form": form, "steps": _steps("upload", survey)}
    return render(request, "surveys/imports/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def response_import_columns(request: AuthenticatedRequest, pk: int, token: str) -> HttpResponse:
    survey, upload = _survey_and_upload(request, pk, token)
    questions = selectors.survey_questions(survey=survey)
    language = (get_language() or "en").split("-")[0]
    columns = remembered_columns(survey=survey, headings=upload.headings)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        headings=upload.headings,
        examples=upload.examples,
        choices=target_choices(
            questions, language=language, default=survey.questionnaire.default_language
        ),
        columns=columns if columns is not None else guess_columns(upload.headings, questions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            column_mapping_save(
                by=request.user, survey=survey, headings=upload.headings, columns=form.columns
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:response_import_check", pk=survey.pk, token=upload.token)
    context = {
        "survey": survey,
        "upload": upload,
        "form": form,
        "remembered": columns is not None,
        "steps": _steps("columns", survey, upload),
    }
    return render(request, "surveys/imports/columns.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def response_import_check(request: AuthenticatedRequest, pk: int, token: str) -> HttpResponse:
    survey, upload = _survey_and_upload(request, pk, token)
    columns = remembered_columns(survey=survey, headings=upload.headings)
    if columns is None:
        return redirect("surveys:response_import_columns", pk=survey.pk, token=upload.token)
    digest = mapping_digest(columns)
    check: ImportCheck | None = None
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if not form.is_valid() or form.cleaned_data["mapping"] != digest:
            messages.warning(request, _("The columns were changed meanwhile. Check again."))
            return redirect("surveys:response_import_check", pk=survey.pk, token=upload.token)
        try:
            result = responses_import(
                by=request.user, survey=survey, rows_source=upload.path, columns=columns
            )
        except ImportFailed as failed:
            check = ImportCheck(0, [], [], failed.problems, failed.more)
        else:
            upload_delete(upload.token)
            messages.success(
                request,
                ngettext(
                    "%(count)s response imported.",
                    "%(count)s responses imported.",
                    result.responses,
                )
                % {"count": result.responses},
            )
            return redirect("surveys:survey_detail", pk=survey.pk)
    if check is None:
        check = responses_import_check(survey=survey, rows_source=upload.path, columns=columns)
    context = {
        "survey": survey,
        "upload": upload,
        "check": check,
        "form": ImportConfirmForm(initial={"mapping": digest}),
        "steps": _steps("check", survey, upload),
    }
    return render(request, "surveys/imports/check.html", context)


@login_required
@require_POST
def response_import_cancel(request: AuthenticatedRequest, pk: int, token: str) -> HttpResponse:
    survey, upload = _survey_and_upload(request, pk, token)
    upload_delete(upload.token)
    messages.info(request, _("The import is cancelled and the uploaded file deleted."))
    return redirect("surveys:survey_detail", pk=survey.pk)
