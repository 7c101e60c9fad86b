"""Importing key figures from statistics exports, and the record of the imports (under
/indicators/imports/)."""

from django.urls import path

from trinvis.indicators.views import imports as views

urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<str:token>/columns/", views.import_columns, name="import_columns"),
    path("imports/<str:token>/check/", views.import_check, name="import_check"),
    path("imports/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
]
