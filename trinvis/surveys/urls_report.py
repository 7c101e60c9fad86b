"""A survey's report, its edit form and its downloads (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import report as views

urlpatterns = [
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
