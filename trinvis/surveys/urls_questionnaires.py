"""The survey module's start page and its questionnaire pages (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import questionnaires as views

urlpatterns = [
    path("", views.index, name="index"),
    path("questionnaires/import/", views.questionnaire_import, name="questionnaire_import"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path(
        "questionnaires/<int:pk>/xlsform/", views.questionnaire_export, name="questionnaire_export"
    ),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
]
