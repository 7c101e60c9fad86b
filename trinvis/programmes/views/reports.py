"""The reports as downloads: a programme report (PDF, Excel) for those who run an agency
programme, a course report for those who run a course programme, and a municipality report
for the municipality's leaders, with the page that lists the municipalities a user may
fetch it for (access_reports.py says who gets what)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.programmes import report_exports, report_exports_courses, report_exports_municipality
from trinvis.programmes.access import (
    course_get_for_user,
    course_part_check,
    programme_get_for_user,
    programme_part_check,
)
from trinvis.programmes.access_reports import municipalities_for_reports, municipality_for_report
from trinvis.programmes.report_tables import PDF, XLSX, filename
from trinvis.programmes.selectors_reports import ProgrammeReport, programme_report
from trinvis.programmes.selectors_reports_courses import CourseReport, course_report
from trinvis.programmes.selectors_reports_municipality import (
    MunicipalityReport,
    municipality_report,
)


def _download(content: bytes, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


# --- agency programmes ------------------------------------------------------------------------


def _programme(request: AuthenticatedRequest, pk: int) -> ProgrammeReport:
    programme = programme_get_for_user(user=request.user, pk=pk)
    programme_part_check(user=request.user, programme=programme, running_only=True)
    return programme_report(programme=programme, user=request.user, today=timezone.localdate())


@login_required
@require_GET
def programme_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _programme(request, pk)
    name = filename("programme", report.programme.name, report.programme.pk, ".pdf")
    return _download(report_exports.programme_pdf(report), PDF, name)


@login_required
@require_GET
def programme_report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _programme(request, pk)
    name = filename("programme", report.programme.name, report.programme.pk, ".xlsx")
    return _download(report_exports.programme_xlsx(report), XLSX, name)


# --- course programmes ------------------------------------------------------------------------


def _course(request: AuthenticatedRequest, pk: int) -> CourseReport:
    course = course_get_for_user(user=request.user, pk=pk)
    course_part_check(user=request.user, course=course, running_only=True)
    return course_report(course=course, user=request.user, today=timezone.localdate())


@login_required
@require_GET
def course_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _course(request, pk)
    name = filename("course", report.course.programme.name, report.course.pk, ".pdf")
    return _download(report_exports_courses.course_pdf(report), PDF, name)


@login_required
@require_GET
def course_report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _course(request, pk)
    name = filename("course", report.course.programme.name, report.course.pk, ".xlsx")
    return _download(report_exports_courses.course_xlsx(report), XLSX, name)


# --- municipalities ---------------------------------------------------------------------------


@login_required
@require_GET
def municipality_reports(request: AuthenticatedRequest) -> HttpResponse:
    municipalities = municipalities_for_reports(user=request.user)
    return render(
        request, "programmes/reports/municipalities.html", {"municipalities": municipalities}
    )


def _municipality(request: AuthenticatedRequest, pk: int) -> MunicipalityReport:
    municipality = municipality_for_report(user=request.user, pk=pk)
    return municipality_report(
        municipality=municipality, user=request.user, today=timezone.localdate()
    )


@login_required
@require_GET
def municipality_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _municipality(request, pk)
    name = filename("municipality", report.municipality.name, report.municipality.pk, ".pdf")
    return _download(report_exports_municipality.municipality_pdf(report), PDF, name)


@login_required
@require_GET
def municipality_report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _municipality(request, pk)
    name = filename("municipality", report.municipality.name, report.municipality.pk, ".xlsx")
    return _download(report_exports_municipality.municipality_xlsx(report), XLSX, name)
