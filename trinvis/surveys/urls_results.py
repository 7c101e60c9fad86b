"""A survey's results page and its downloads (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import results as views

urlpatterns = [
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/csv/<path:key>", views.results_csv, name="results_csv"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/results.pdf", views.results_pdf, name="results_pdf"),
]
