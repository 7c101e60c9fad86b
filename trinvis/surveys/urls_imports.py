"""Importing responses collected with another tool into a survey (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import imports as views

urlpatterns = [
    path("<int:pk>/import/", views.response_import, name="response_import"),
    path(
        "<int:pk>/import/<str:token>/columns/",
        views.response_import_columns,
        name="response_import_columns",
    ),
    path(
        "<int:pk>/import/<str:token>/check/",
        views.response_import_check,
        name="response_import_check",
    ),
    path(
        "<int:pk>/import/<str:token>/cancel/",
        views.response_import_cancel,
        name="response_import_cancel",
    ),
]
