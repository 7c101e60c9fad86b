"""Opening a survey, its page, invitations, reminders, its settings, closing it and deleting
its answers (under /surveys/)."""

from django.urls import path

from trinvis.surveys.views import distribution as views
from trinvis.surveys.views import own_responses

urlpatterns = [
    path("new/", views.survey_create, name="survey_create"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/invite/", views.survey_invite, name="survey_invite"),
    path("<int:pk>/remind/", views.survey_remind, name="survey_remind"),
    path("<int:pk>/close/", views.survey_close, name="survey_close"),
    path("<int:pk>/settings/", views.survey_settings, name="survey_settings"),
    path("<int:pk>/delete-answers/", views.survey_purge, name="survey_purge"),
    path("my-answers/", own_responses.my_responses, name="my_responses"),
    path(
        "my-answers/<int:pk>/delete/",
        own_responses.my_response_delete,
        name="my_response_delete",
    ),
]
