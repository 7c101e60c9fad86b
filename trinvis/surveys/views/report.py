"""A survey's report: the page, its edit form, and the report as PDF and Excel.

Everyone who reads the survey's results reads its report (access.py); those who manage the
survey choose its tables. The report shows the results page's tables, protected the same way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.surveys import forms_report, report_exports, reports
from trinvis.surveys.access import may_manage_survey, survey_get_for_user
from trinvis.surveys.models import Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data(request: AuthenticatedRequest, pk: int) -> reports.ReportData:
    survey = survey_get_for_user(user=request.user, pk=pk)
    report = reports.report_for(survey=survey)
    return reports.report_data(report=report, items=reports.report_items(report=report))


@login_required
@require_GET
def report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _data(request, pk)
    survey = data.report.survey
    context = {
        "survey": survey,
        "data": data,
        "report": data.report,
        "results": data.results,
        "may_manage": may_manage_survey(user=request.user, survey=survey),
        "respondents_key": reports.RESPONDENTS_KEY,
    }
    return render(request, "surveys/report/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, pk=pk, write=True)
    tables = reports.available_tables(survey=survey)
    conflict = False
    if request.method != "POST":
        report = reports.report_for(survey=survey)
        form, formset = forms_report.forms_for(report, reports.report_items(report=report), tables)
    else:
        form, formset = forms_report.bound_forms(request.POST)
        if request.POST.get("move"):
            form, formset = forms_report.moved(form, formset, request.POST["move"])
        elif form.is_valid() and formset.is_valid():
            try:
                reports.report_save(
                    by=request.user,
                    survey=survey,
                    items=forms_report.chosen_items(formset),
                    **form.cleaned_data,
                )
            except reports.ReportConflict as error:
                conflict = True
                form, formset = forms_report.on_newer_version(request.POST, error.report.version)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The report is saved."))
                return redirect("surveys:report", pk=survey.pk)
    by_key = {table.key: table for table in tables}
    rows = [(row, by_key.get(row["key"].value())) for row in formset]
    context = {
        "survey": survey,
        "form": form,
        "formset": formset,
        "rows": rows,
        "conflict": conflict,
    }
    return render(request, "surveys/report/edit.html", context)


def _filename(survey: Survey, suffix: str) -> str:
    name = slugify(survey.title) or "survey"
    return f'attachment; filename="report-{name}-{survey.pk}{suffix}"'


@login_required
@require_GET
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _data(request, pk)
    response = HttpResponse(report_exports.report_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = _filename(data.report.survey, ".pdf")
    return response


@login_required
@require_GET
def report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _data(request, pk)
    response = HttpResponse(report_exports.report_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = _filename(data.report.survey, ".xlsx")
    return response
