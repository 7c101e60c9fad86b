"""The questionnaire builder (under /surveys/): a new questionnaire, the builder page, the
editor of a question or a section, moving and deleting, title and languages."""

from django.urls import path

from trinvis.surveys.views import builder as views

urlpatterns = [
    path("questionnaires/new/", views.questionnaire_new, name="builder_new"),
    path("questionnaires/<int:pk>/builder/", views.builder_page, name="builder"),
    path(
        "questionnaires/<int:pk>/builder/settings/",
        views.builder_settings,
        name="builder_settings",
    ),
    path("questionnaires/<int:pk>/builder/add/", views.builder_add, name="builder_add"),
    path(
        "questionnaires/<int:pk>/builder/items/<str:name>/",
        views.builder_edit,
        name="builder_edit",
    ),
    path(
        "questionnaires/<int:pk>/builder/items/<str:name>/move/",
        views.builder_move,
        name="builder_move",
    ),
    path(
        "questionnaires/<int:pk>/builder/items/<str:name>/delete/",
        views.builder_delete,
        name="builder_delete",
    ),
]
