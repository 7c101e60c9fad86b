"""The compare page of a survey (leaders against employees, one wave against another) and its
tables as CSV (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import compare as views

urlpatterns = [
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/compare/groups.csv", views.compare_groups_csv, name="compare_groups_csv"),
    path(
        "<int:pk>/compare/waves-<int:other>.csv", views.compare_waves_csv, name="compare_waves_csv"
    ),
]
