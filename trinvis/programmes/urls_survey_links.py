"""URLs of the surveys linked to a programme: choosing an agency programme's surveys and a
course programme's evaluations."""

from django.urls import path

from trinvis.programmes.views import survey_links

urlpatterns = [
    path("<int:pk>/surveys/", survey_links.programme_surveys, name="programme_surveys"),
    path("courses/<int:pk>/surveys/", survey_links.course_surveys, name="course_surveys"),
]
