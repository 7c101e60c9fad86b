"""URLs of the reports: an agency programme's and a course programme's report for those
who run them, and a municipality's report for its leaders, each as PDF and Excel."""

from django.urls import path

from trinvis.programmes.views import reports

urlpatterns = [
    path("<int:pk>/report.pdf", reports.programme_report_pdf, name="programme_report_pdf"),
    path("<int:pk>/report.xlsx", reports.programme_report_xlsx, name="programme_report_xlsx"),
    path("courses/<int:pk>/report.pdf", reports.course_report_pdf, name="course_report_pdf"),
    path("courses/<int:pk>/report.xlsx", reports.course_report_xlsx, name="course_report_xlsx"),
    path("reports/municipalities/", reports.municipality_reports, name="municipality_reports"),
    path(
        "reports/municipalities/<int:pk>.pdf",
        reports.municipality_report_pdf,
        name="municipality_report_pdf",
    ),
    path(
        "reports/municipalities/<int:pk>.xlsx",
        reports.municipality_report_xlsx,
        name="municipality_report_xlsx",
    ),
]
